import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { type GpReport, gpReportForIntegration } from '../../outcomes/gp-report.js';
import { gpReportMessages, messages } from '../../web/messages.js';
import { integrationAuthWithKey } from '../integration-auth.js';
import { logger } from '../logger.js';
import { apiError, fileDownload, json } from '../responses.js';

// GET /api/v1/patients/{id}/gp-report?format=json|pdf (docs/API.md): the GP report of the last
// ended episode, produced by the first fetch if no clinician has produced it yet. The PDF is the
// stored bytes, the very ones the patient's Letters page serves.

const Format = z._default(z.enum(['json', 'pdf']), 'json');
const PatientId = z.uuid();

export const gpReportJson = (report: GpReport) => ({
  letterId: report.letter.id,
  createdAt: report.letter.createdAt,
  ...report.json,
});

export const gpReportApi = (deps: Deps) => {
  const get = integrationAuthWithKey(deps)(async (req, keyId) => {
    const format = Format.safeParse(req.query.format);
    if (!format.success)
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        format: messages.fields.invalidChoice(['json', 'pdf']),
      });
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return apiError(404, 'not_found', messages.api.patientNotFound);
    // For the GP unless `recipient` names another party, which needs the patient's consent (F25).
    const outcome = await gpReportForIntegration(
      deps,
      id.data,
      { kind: 'integration', keyId, requestId: req.requestId },
      format.data,
      req.query.recipient,
    );
    logger.info('GP report', {
      patientId: id.data,
      format: format.data,
      outcome: outcome.ok ? (outcome.created ? 'produced' : 'served') : outcome.reason,
    });
    if (!outcome.ok) {
      if (outcome.reason === 'consent-required')
        return apiError(403, 'consent_required', gpReportMessages.apiConsentRequired);
      return outcome.reason === 'no-ended-episode'
        ? apiError(404, 'no_ended_episode', gpReportMessages.apiNoEndedEpisode)
        : apiError(404, 'not_found', messages.api.patientNotFound);
    }
    if (format.data === 'pdf')
      return fileDownload(outcome.report.letter.pdf, {
        contentType: 'application/pdf',
        fileName: 'gp-report.pdf',
      });
    return json(200, gpReportJson(outcome.report), { headers: { 'cache-control': 'no-store' } });
  });
  return { get };
};
