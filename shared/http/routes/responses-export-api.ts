import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { toFhirResponseBundle } from '../../domain/questionnaires/fhir.js';
import { consentMessages, messages } from '../../web/messages.js';
import { requireConsent } from '../../consents/require-consent.js';
import { integrationAuthWithKey } from '../integration-auth.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';

// GET /api/v1/patients/{id}/questionnaire-responses: a patient's completed questionnaires for an
// EPR, as the portal's JSON or (?format=fhir) a FHIR R4 Bundle of QuestionnaireResponses.

const Format = z._default(z.enum(['json', 'fhir']), 'json');

/**
 * The base of the portal's FHIR canonical URLs: the service's portal address when its config
 * gives one; otherwise a name under .invalid (reserved, RFC 2606), which identifies the service
 * without ever pointing at somebody else's server.
 */
export const fhirCanonicalBase = (deps: Deps): string =>
  `${deps.service.portalUrl?.replace(/\/$/, '') ?? `https://${deps.service.id}.therapy-portal.invalid`}/fhir`;

export const responsesExportApi = (deps: Deps) => {
  const list = async (req: PortalRequest, keyId: string): Promise<PortalResponse> => {
    const format = Format.safeParse(req.query.format);
    if (!format.success) {
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        format: messages.fields.invalidChoice(['json', 'fhir']),
      });
    }
    const id = z.uuid().safeParse(req.pathParameters.id);
    const patient = id.success ? await deps.patients.get(id.data) : undefined;
    if (!patient) return apiError(404, 'not_found', messages.api.patientNotFound);
    // For the GP unless another recipient is named; anyone else needs the patient's consent (F25).
    const recipient = req.query.recipient;
    const consent = await requireConsent(deps, patient.id, recipient, {
      export: 'questionnaire-responses',
      actor: `integration key ${keyId}`,
      role: 'integration',
      requestId: req.requestId,
    });
    if (consent === 'consent_required') return apiError(403, 'consent_required', consentMessages.required);
    const responses = await deps.responses.all(patient.id);
    if (format.data === 'fhir') {
      const bundle = toFhirResponseBundle(
        responses,
        deps.questionnaires,
        { id: patient.id, ...(patient.externalId ? { externalId: patient.externalId } : {}) },
        fhirCanonicalBase(deps),
      );
      return json(200, bundle, { headers: { 'content-type': 'application/fhir+json' } });
    }
    return json(200, {
      items: responses.map(({ questionnaireId, date, answers, total, severity, riskFlag }) => ({
        questionnaireId,
        date,
        answers,
        total,
        severity,
        riskFlag,
      })),
    });
  };
  return { list: integrationAuthWithKey(deps)(list) };
};
