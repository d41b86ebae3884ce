import * as z from 'zod/mini';
import { signedInPatient } from '../../auth/patient-session.js';
import { patientActing, recordConsent, withdrawConsent } from '../../consents/manage-consents.js';
import type { Deps } from '../../deps.js';
import { checkConsentDraft, type Consent } from '../../domain/consent.js';
import { consentMessages, messages, sessionMessages } from '../../web/messages.js';
import { sessionToken } from '../cookies.js';
import { parseJsonBody } from '../json-body.js';
import { apiError, json, noContent } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { consentFieldErrors } from './consent-fields.js';

// The patient's consents as JSON (API.md, patient API; F25): the same use cases as the page.

const ConsentBody = z.strictObject({
  party: z.string(messages.fields.notText),
  purpose: z.string(messages.fields.notText),
});

/** A consent as the patient and the integration API see it. */
export const consentView = (c: Consent) => ({
  id: c.id,
  party: c.party,
  purpose: c.purpose,
  recordedAt: c.recordedAt,
  recordedBy: c.recordedBy.kind,
  withdrawnAt: c.withdrawnAt,
  withdrawnBy: c.withdrawnBy?.kind ?? null,
});

export const consentsApi = (deps: Deps) => {
  const unauthenticated = () => apiError(401, 'unauthenticated', sessionMessages.unauthenticated);

  const list: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, deps.cookieSecure));
    if (!patient) return unauthenticated();
    return json(200, { items: (await deps.consents.ofPatient(patient.id)).map(consentView) });
  };

  const record: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, deps.cookieSecure));
    if (!patient) return unauthenticated();
    const body = parseJsonBody(req, ConsentBody);
    if (!body.ok) return body.response;
    const draft = checkConsentDraft(body.value);
    if (!draft.ok)
      return apiError(
        400,
        'invalid_request',
        messages.api.invalidRequest,
        consentFieldErrors(draft.problems),
      );
    const consent = await recordConsent(deps, patient.id, draft.value, patientActing(req.requestId));
    return json(201, consentView(consent));
  };

  const withdraw: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, deps.cookieSecure));
    if (!patient) return unauthenticated();
    const outcome = await withdrawConsent(
      deps,
      patient.id,
      req.pathParameters.id ?? '',
      patientActing(req.requestId),
    );
    if (outcome === 'not-found') return apiError(404, 'not_found', consentMessages.notFound);
    if (outcome === 'already-withdrawn')
      return apiError(409, 'already_withdrawn', consentMessages.alreadyWithdrawn);
    return noContent();
  };

  return { list, record, withdraw };
};
