import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import type { ShownCount, ShownDerived } from '../../domain/outcomes/suppression.js';
import { reportCounts, reportDerived, type ServiceReport } from '../../domain/outcomes/service-report.js';
import { viewServiceReport, type ViewServiceReportDeps } from '../../outcomes/view-service-report.js';
import { messages, outcomeReportMessages } from '../../web/messages.js';
import { integrationAuthWithKey } from '../integration-auth.js';
import { logger } from '../logger.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';
import { reportCsvDownload, reportRangeErrors } from './outcomes-report-fields.js';

// GET /api/v1/reports/outcomes?from=&to=[&format=csv] (docs/API.md): the suppressed service
// report for an EPR or a commissioner's system, with the `reports:read` scope. JSON gives every
// figure as published, with its kind (a rounded count, hidden, a value, not applicable), never a
// number that suppression hid; CSV is the staff page's download.

const Format = z._default(z.enum(['json', 'csv']), 'json');

/** A published count: its rounded value, or null when hidden (`suppressed` says why). */
const countJson = (c: ShownCount) =>
  c.kind === 'count' ? { value: c.value, suppressed: false } : { value: null, suppressed: true };

/** A rate (0–100, one decimal place) or mean: null when hidden or not applicable. */
const derivedJson = (d: ShownDerived) =>
  d.kind === 'value'
    ? { value: Math.round(d.value * 10) / 10, suppressed: false, notApplicable: false }
    : { value: null, suppressed: d.kind === 'suppressed', notApplicable: d.kind === 'not-applicable' };

export const reportJson = (report: ServiceReport) => ({
  period: report.period,
  threshold: report.figures.threshold,
  roundedIndependently: report.figures.roundedIndependently,
  note: outcomeReportMessages.roundedIndependently(report.figures.threshold),
  counts: Object.fromEntries(reportCounts.map((id) => [id, countJson(report.figures.counts[id])])),
  derived: Object.fromEntries(reportDerived.map((id) => [id, derivedJson(report.figures.derived[id])])),
});

export const outcomesReportApi = (deps: Deps, reportDeps: ViewServiceReportDeps) => {
  const outcomes = async (req: PortalRequest, keyId: string): Promise<PortalResponse> => {
    const format = Format.safeParse(req.query.format);
    if (!format.success) {
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        format: messages.fields.invalidChoice(['json', 'csv']),
      });
    }
    const outcome = await viewServiceReport(
      reportDeps,
      { kind: 'integration', keyId },
      { from: req.query.from, to: req.query.to, format: format.data, requestId: req.requestId },
    );
    logger.info('Service report asked for', {
      format: format.data,
      outcome: outcome.ok ? 'shown' : outcome.reason,
    });
    if (!outcome.ok) {
      const fields = outcome.reason === 'invalid-range' ? reportRangeErrors(outcome.problems) : {};
      return apiError(400, 'invalid_request', messages.api.invalidRequest, fields);
    }
    const { report } = outcome;
    if (format.data === 'json') return json(200, reportJson(report));
    return reportCsvDownload(deps.service.id, report);
  };
  return { outcomes: integrationAuthWithKey(deps)(outcomes) };
};
