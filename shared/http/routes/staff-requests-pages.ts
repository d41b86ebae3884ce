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
import { RequestPage, type RequestPageErrors, RequestsPage } from '../../web/pages/staff/requests.js';
import { logger } from '../logger.js';
import { logWelcome } from '../log-welcome.js';
import type { PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import { staffFormRoute, staffNoAccess, staffNotFound, staffPageWithCsrf } from '../staff-access.js';

// The requests pages (F13, F14): the list at /staff/requests, one request with its approve and
// deny forms, and the two posts, which answer with a redirect to the list and its banner
// (Post/Redirect/Get). Each form carries the CSRF token.

const banners: Record<string, string> = {
  approved: m.approvedBanner,
  'approved-new': m.approvedWithWelcome,
  denied: m.deniedBanner,
};

export const staffRequestsPages = (deps: Deps) => {
  const page = staffPageWithCsrf(deps);
  const form = staffFormRoute(deps);
  const idOf = (req: PortalRequest) => req.pathParameters.id ?? '';
  const notFound = () => staffNotFound(deps, m.notFound);
  const refused = (reason: Extract<DecisionOutcome<unknown>, { ok: false }>['reason']): PortalResponse =>
    reason === 'forbidden' ? staffNoAccess(deps) : notFound();

  const signed = async (principal: StaffPrincipal, csrf: string) => ({
    service: deps.service,
    principal,
    csrfToken: csrf,
    now: deps.clock(),
    names: await readSetupNames(deps),
  });

  const list = page(async (req, principal, csrf) => {
    const items = await pendingRequestsFor(deps, principal);
    const banner = banners[req.query.done ?? ''];
    return htmlPage(200, RequestsPage({ ...(await signed(principal, csrf)), items, banner }));
  });

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

  const detail = page(async (req, principal, csrf) => showRequest(req, principal, csrf));

  const approve = form(async (req, principal, fields, csrf) => {
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
  });

  const deny = form(async (req, principal, fields, csrf) => {
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
  });

  return { list, detail, approve, deny };
};
