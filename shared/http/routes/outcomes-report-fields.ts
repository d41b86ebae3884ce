import type { ReportRangeResult } from '../../outcomes/service-report-for-range.js';
import { MAX_REPORT_DAYS } from '../../outcomes/service-report-for-range.js';
import type { ServiceReport } from '../../domain/outcomes/service-report.js';
import { serviceReportMessages as text } from '../../web/messages.js';
import { outcomesReportCsv } from '../../web/staff/outcomes-report-csv.js';
import type { PortalResponse } from '../responses.js';

// What the staff page and the JSON API answer alike. The report range's problems as messages by
// field: the page shows them by its `from` and `to` boxes, and the JSON API returns them as
// `fields`. A range problem belongs to `to`: it is the date to change once `from` is right.

export const reportRangeErrors = (
  problems: Extract<ReportRangeResult, { ok: false }>,
): { from?: string; to?: string } => {
  const errors: { from?: string; to?: string } = {};
  if (problems.from === 'missing') errors.from = text.fromMissing;
  if (problems.from === 'not-a-date') errors.from = text.fromNotADate;
  if (problems.to === 'missing') errors.to = text.toMissing;
  if (problems.to === 'not-a-date') errors.to = text.toNotADate;
  if (problems.range === 'to-before-from') errors.to = text.toBeforeFrom;
  if (problems.range === 'too-long') errors.to = text.tooLong(MAX_REPORT_DAYS);
  return errors;
};

/** The report as a CSV download, its file named by the service and the period, nothing else. */
export const reportCsvDownload = (serviceId: string, report: ServiceReport): PortalResponse => {
  const { from, to } = report.period;
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${serviceId.replace(/[^A-Za-z0-9-]/g, '')}-outcomes-${from}-to-${to}.csv"`,
    },
    cookies: [],
    body: outcomesReportCsv(report),
  };
};
