import type { ShownCount, ShownDerived } from '../../domain/outcomes/suppression.js';
import { reportCounts, reportDerived, type ServiceReport } from '../../domain/outcomes/service-report.js';
import { outcomeReportMessages } from '../messages.js';

// The service report as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote
// or line break). One figure a row under a header row, the period first and the note that figures
// are rounded independently last, so the note travels with the numbers into any spreadsheet.

const m = outcomeReportMessages;

/** Quotes a field when it needs it, and defuses text a spreadsheet would run as a formula. */
export const csvField = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const shownCount = (c: ShownCount): string => (c.kind === 'count' ? String(c.value) : m.suppressedMark);

/** Rates and means to one decimal place: computed from exact counts, shown as a reader needs. */
const shownDerived = (d: ShownDerived): string =>
  d.kind === 'value' ? d.value.toFixed(1) : d.kind === 'suppressed' ? m.suppressedMark : m.notApplicable;

export const outcomesReportCsv = (report: ServiceReport): string => {
  const { figures, period } = report;
  const rows: [string, string][] = [
    [m.figureHeader, m.valueHeader],
    [m.periodLabel, m.period(period.from, period.to)],
    ...reportCounts.map((id): [string, string] => [m.counts[id], shownCount(figures.counts[id])]),
    ...reportDerived.map((id): [string, string] => [m.derived[id], shownDerived(figures.derived[id])]),
    [m.noteLabel, m.roundedIndependently(figures.threshold)],
  ];
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
};
