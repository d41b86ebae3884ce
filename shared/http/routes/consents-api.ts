import { signedInPatient } from '../../auth/patient-session.js';
import { patientActing, recordConsent, withdrawConsent } from '../../consents/manage-consents.js';
import type { Deps } from '../../deps.js';
import type { Consent } from '../../domain/consent.js';
import { sessionMessages } from '../../web/messages.js';
import { sessionToken } from '../cookies.js';
import { apiError, json } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { consentDraftFromJson, withdrawalAnswer } from './consent-json.js';

// The patient's consents as JSON (API.md, patient API; F25): the same use cases as the page.

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
    const draft = consentDraftFromJson(req);
    if (!draft.ok) return draft.response;
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
    return withdrawalAnswer(outcome);
  };

  return { list, record, withdraw };
};
