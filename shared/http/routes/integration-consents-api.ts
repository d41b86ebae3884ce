import * as z from 'zod/mini';
import { integrationActing, recordConsent, withdrawConsent } from '../../consents/manage-consents.js';
import type { Deps } from '../../deps.js';
import { checkConsentDraft } from '../../domain/consent.js';
import { consentMessages, messages } from '../../web/messages.js';
import { integrationAuthWithKey } from '../integration-auth.js';
import { parseJsonBody } from '../json-body.js';
import { apiError, json, noContent } from '../responses.js';
import { consentFieldErrors } from './consent-fields.js';

// Consent recorded and withdrawn by the EPR (docs/API.md; F25): the same use cases as the
// patient's page, audited under the integration key's id.

const PatientId = z.uuid();
const ConsentBody = z.strictObject({
  party: z.string(messages.fields.notText),
  purpose: z.string(messages.fields.notText),
});

export const integrationConsentsApi = (deps: Deps) => {
  const authorised = integrationAuthWithKey(deps);

  const record = authorised(async (req, keyId) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    const patient = id.success ? await deps.patients.get(id.data) : undefined;
    if (!patient) return apiError(404, 'not_found', messages.api.patientNotFound);
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
    if (outcome === 'not-found') return apiError(404, 'not_found', consentMessages.notFound);
    if (outcome === 'already-withdrawn')
      return apiError(409, 'already_withdrawn', consentMessages.alreadyWithdrawn);
    return noContent();
  });

  return { record, withdraw };
};
