import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { toFhirQuestionnaire, toFhirResponseBundle } from '../../domain/questionnaires/fhir.js';
import { consentMessages, messages } from '../../web/messages.js';
import { requireConsent } from '../../consents/require-consent.js';
import { integrationAuth, integrationAuthWithKey } from '../integration-auth.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';
import type { RouteHandler } from '../router.js';

// GET /api/v1/patients/{id}/questionnaire-responses: a patient's completed questionnaires for an
// EPR, as the portal's JSON or (?format=fhir) a FHIR R4 Bundle of QuestionnaireResponses, each
// with the version and wording it was answered with (docs/fhir-export.md).
// GET /api/v1/questionnaires/{id}?format=fhir: the Questionnaire a response's canonical URL names.

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
      items: responses.map((r) => ({
        questionnaireId: r.questionnaireId,
        date: r.date,
        answers: r.answers,
        total: r.total,
        severity: r.severity,
        riskFlag: r.riskFlag,
        // Null on responses stored before the portal kept them.
        version: r.asAnswered?.version ?? null,
        maxTotal: r.maxTotal ?? null,
      })),
    });
  };

  const questionnaire: RouteHandler = (req) => {
    // Only the FHIR form exists: the parameter is required so a later JSON form can be added.
    if (req.query.format !== 'fhir') {
      return Promise.resolve(
        apiError(400, 'invalid_request', messages.api.invalidRequest, {
          format: messages.fields.invalidChoice(['fhir']),
        }),
      );
    }
    const definition = deps.questionnaires.get(req.pathParameters.id ?? '');
    if (!definition) return Promise.resolve(apiError(404, 'not_found', messages.api.questionnaireNotFound));
    return Promise.resolve(
      json(200, toFhirQuestionnaire(definition, fhirCanonicalBase(deps)), {
        headers: { 'content-type': 'application/fhir+json' },
      }),
    );
  };
  return { list: integrationAuthWithKey(deps)(list), questionnaire: integrationAuth(deps)(questionnaire) };
};
