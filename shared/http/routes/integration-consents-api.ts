import * as z from 'zod/mini';
import { integrationActing, recordConsent, withdrawConsent } from '../../consents/manage-consents.js';
import type { Deps } from '../../deps.js';
import { messages } from '../../web/messages.js';
import { integrationAuthWithKey } from '../integration-auth.js';
import { apiError, json } from '../responses.js';
import { consentDraftFromJson, withdrawalAnswer } from './consent-json.js';

// Consent recorded and withdrawn by the EPR (docs/API.md; F25): the same use cases as the
// patient's page, audited under the integration key's id.

const PatientId = z.uuid();
export const integrationConsentsApi = (deps: Deps) => {
  const authorised = integrationAuthWithKey(deps);

  const record = authorised(async (req, keyId) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    const patient = id.success ? await deps.patients.get(id.data) : undefined;
    if (!patient) return apiError(404, 'not_found', messages.api.patientNotFound);
    const draft = consentDraftFromJson(req);
    if (!draft.ok) return draft.response;
    const consent = await recordConsent(
      deps,
      patient.id,
      draft.value,
      integrationActing(keyId, req.requestId),
    );
    return json(201, { id: consent.id });
  });

  const withdraw = authorised(async (req, keyId) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    const patient = id.success ? await deps.patients.get(id.data) : undefined;
    if (!patient) return apiError(404, 'not_found', messages.api.patientNotFound);
    const outcome = await withdrawConsent(
      deps,
      patient.id,
      req.pathParameters.consentId ?? '',
      integrationActing(keyId, req.requestId),
    );
    return withdrawalAnswer(outcome);
  });

  return { record, withdraw };
};
