import * as z from 'zod/mini';
import { staffConsents, staffRecordConsent, staffWithdrawConsent } from '../../consents/staff-consents.js';
import type { Deps } from '../../deps.js';
import { checkConsentDraft } from '../../domain/consent.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { consentMessages, staffConsentMessages } from '../../web/messages.js';
import { type StaffConsentFormErrors, StaffConsentsPage } from '../../web/pages/staff/consents.js';
import { type CsrfToken, csrfToken } from '../csrf.js';
import type { PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import {
  staffFormRoute,
  staffNoAccess,
  staffNotFound,
  staffPage,
  staffPageHeaders,
} from '../staff-access.js';
import { consentProblemText } from './consent-fields.js';

// Staff record and withdraw a patient's consent to share (F25) on its own page. Post/Redirect/Get
// back to the page with a confirmation; a bad form is shown again with the error by the field and
// what was typed kept, and nothing is stored.

const PatientId = z.uuid();

const banners = {
  recorded: consentMessages.staffRecorded,
  withdrawn: consentMessages.staffWithdrawn,
  'already-withdrawn': staffConsentMessages.alreadyWithdrawn,
} as const;

export const staffConsentsPages = (deps: Deps) => {
  const page = staffPage(deps);
  const form = staffFormRoute(deps);
  const notFound = (title?: string) => staffNotFound(deps, title);
  /** An id that cannot be a patient's is "not found" before the form's token is looked at. */
  const patientPath = {
    before: (req: PortalRequest) =>
      PatientId.safeParse(req.pathParameters.id).success ? undefined : notFound(),
  };

  const show = async (
    req: PortalRequest,
    principal: StaffPrincipal,
    csrf: CsrfToken,
    patientId: string,
    options: {
      status?: number;
      errors?: StaffConsentFormErrors;
      values?: { party: string; purpose: string };
      banner?: string | undefined;
    } = {},
  ): Promise<PortalResponse> => {
    const outcome = await staffConsents(deps, { principal, requestId: req.requestId }, patientId);
    if (!outcome.ok) return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
    return htmlPage(
      options.status ?? 200,
      StaffConsentsPage({
        service: deps.service,
        principal,
        csrfToken: csrf.token,
        patientId,
        history: outcome.history,
        ...(options.values ? { values: options.values } : {}),
        ...(options.errors ? { errors: options.errors } : {}),
        banner: options.banner,
      }),
      { cookies: csrf.cookies, headers: staffPageHeaders(deps) },
    );
  };

  const view = page(async (req, principal) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const done = req.query.done;
    return show(req, principal, csrfToken(req, deps.cookieSecure), id.data, {
      banner: done && done in banners ? banners[done as keyof typeof banners] : undefined,
    });
  });

  const record = form(async (req, principal, fields, csrf) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const values = { party: fields.party ?? '', purpose: fields.purpose ?? '' };
    const draft = checkConsentDraft(values);
    if (!draft.ok)
      // The form route sets the cookie if the token is new.
      return show(req, principal, { token: csrf, cookies: [] }, id.data, {
        status: 400,
        values,
        errors: {
          party: draft.problems.party && consentProblemText[draft.problems.party],
          purpose: draft.problems.purpose && consentProblemText[draft.problems.purpose],
        },
      });
    const outcome = await staffRecordConsent(
      deps,
      { principal, requestId: req.requestId },
      id.data,
      draft.value,
    );
    if (!outcome.ok) return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
    return seeOther(`/staff/patients/${id.data}/consents?done=recorded`);
  }, patientPath);

  const withdraw = form(async (req, principal) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const outcome = await staffWithdrawConsent(
      deps,
      { principal, requestId: req.requestId },
      id.data,
      req.pathParameters.consentId ?? '',
    );
    if (!outcome.ok) return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
    if (outcome.outcome === 'not-found') return notFound(staffConsentMessages.notFound);
    return seeOther(`/staff/patients/${id.data}/consents?done=${outcome.outcome}`);
  }, patientPath);

  return { view, record, withdraw };
};
