import {
  approveRequest,
  type DecisionOutcome,
  denialReason,
  denyRequest,
  pendingRequestsFor,
  readSetupNames,
  requestDetail,
} from '../../appointments/decide-request.js';
import type { Deps } from '../../deps.js';
import { REASON_MAX_LENGTH } from '../../domain/messages/templates.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { requestDecisionMessages as m } from '../../web/messages.js';
import { StaffFormExpiredPage, StaffNotFoundPage } from '../../web/pages/staff/notices.js';
import { RequestPage, type RequestPageErrors, RequestsPage } from '../../web/pages/staff/requests.js';
import { csrfMatches, csrfToken } from '../csrf.js';
import { logger } from '../logger.js';
import { logWelcome } from '../log-welcome.js';
import { formFields, type PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import { type StaffRoute, staffNoAccess, staffPage, staffPageHeaders } from '../staff-access.js';

// The requests pages (F13, F14): the list at /staff/requests, one request with its approve and
// deny forms, and the two posts, which answer with a redirect to the list and its banner
// (Post/Redirect/Get). Each form carries the CSRF token.

const banners: Record<string, string> = {
  approved: m.approvedBanner,
  'approved-new': m.approvedWithWelcome,
  denied: m.deniedBanner,
};

export const staffRequestsPages = (deps: Deps) => {
  const secure = deps.cookieSecure;
  const page = staffPage(deps);
  const idOf = (req: PortalRequest) => req.pathParameters.id ?? '';
  const notFound = () =>
    htmlPage(404, StaffNotFoundPage({ service: deps.service, title: m.notFound }), {
      headers: staffPageHeaders(deps),
    });
  const refused = (reason: Extract<DecisionOutcome<unknown>, { ok: false }>['reason']): PortalResponse =>
    reason === 'forbidden' ? staffNoAccess(deps) : notFound();

  const withCsrf =
    (
      route: (req: PortalRequest, principal: StaffPrincipal, csrf: string) => Promise<PortalResponse>,
    ): StaffRoute =>
    async (req, principal) => {
      const csrf = csrfToken(req, secure);
      const response = await route(req, principal, csrf.token);
      return { ...response, cookies: [...(response.cookies ?? []), ...csrf.cookies] };
    };

  /** A form post: refused with the "page expired" page when its CSRF token does not match. */
  const form =
    (
      route: (
        req: PortalRequest,
        principal: StaffPrincipal,
        fields: Record<string, string>,
        csrf: string,
      ) => Promise<PortalResponse>,
    ): StaffRoute =>
    async (req, principal) => {
      const { csrf: submitted, ...fields } = formFields(req);
      if (!csrfMatches(req, submitted, secure))
        return htmlPage(400, StaffFormExpiredPage({ service: deps.service }));
      return route(req, principal, fields, csrfToken(req, secure).token);
    };

  const signed = async (principal: StaffPrincipal, csrf: string) => ({
    service: deps.service,
    principal,
    csrfToken: csrf,
    now: deps.clock(),
    names: await readSetupNames(deps),
  });

  const list = page(
    withCsrf(async (req, principal, csrf) => {
      const items = await pendingRequestsFor(deps, principal);
      const banner = banners[req.query.done ?? ''];
      return htmlPage(200, RequestsPage({ ...(await signed(principal, csrf)), items, banner }));
    }),
  );

  const showRequest = async (
    req: PortalRequest,
    principal: StaffPrincipal,
    csrf: string,
    errors?: RequestPageErrors,
    reason?: string,
  ) => {
    const outcome = await requestDetail(deps, principal, idOf(req));
    if (!outcome.ok) return refused(outcome.reason);
    return htmlPage(
      errors ? 400 : 200,
      RequestPage({
        ...(await signed(principal, csrf)),
        detail: outcome.value,
        ...(errors ? { errors } : {}),
        ...(reason === undefined ? {} : { reason }),
      }),
    );
  };

  const detail = page(withCsrf(async (req, principal, csrf) => showRequest(req, principal, csrf)));

  const approve = page(
    form(async (req, principal, fields, csrf) => {
      const chosen = fields.patient ?? '';
      const choice =
        chosen === 'new' ? ({ createPatient: true } as const) : chosen ? { patientId: chosen } : undefined;
      const outcome = await approveRequest(deps, { principal, requestId: req.requestId }, idOf(req), choice);
      if (outcome.ok) {
        const { appointmentId, patientId, welcome, welcomeError } = outcome.value;
        logger.info('Request approved', { appointmentRequestId: idOf(req), appointmentId });
        if (welcome) logWelcome(patientId, { welcome, error: welcomeError });
        return seeOther(`/staff/requests?done=${welcome ? 'approved-new' : 'approved'}`);
      }
      if (outcome.reason === 'choose-patient' || outcome.reason === 'unknown-patient')
        return showRequest(req, principal, csrf, { patient: m.chooseRequired });
      // Decided meanwhile by someone else: the request's page says so.
      if (outcome.reason === 'not-pending') return seeOther(`/staff/requests/${idOf(req)}`);
      return refused(outcome.reason);
    }),
  );

  const deny = page(
    form(async (req, principal, fields, csrf) => {
      const text = fields.reason ?? '';
      if (denialReason(text) === undefined) {
        const problem = text.trim() ? m.reasonTooLong(REASON_MAX_LENGTH) : m.reasonRequired;
        return showRequest(req, principal, csrf, { reason: problem }, text);
      }
      const outcome = await denyRequest(deps, { principal, requestId: req.requestId }, idOf(req), text);
      if (outcome.ok) {
        logger.info('Request denied', { appointmentRequestId: idOf(req) });
        return seeOther('/staff/requests?done=denied');
      }
      if (outcome.reason === 'not-pending') return seeOther(`/staff/requests/${idOf(req)}`);
      if (outcome.reason === 'invalid-reason')
        return showRequest(req, principal, csrf, { reason: m.reasonRequired }, text);
      return refused(outcome.reason);
    }),
  );

  return { list, detail, approve, deny };
};
