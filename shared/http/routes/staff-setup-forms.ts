import type { Requester, WeeklyBlackout, Weekday, WorkPeriod } from '../../domain/availability/setup.js';
import type { OneOffBlackoutForm, SetupProblem } from '../../domain/availability/setup-validation.js';
import type { Clash } from '../../setup/service-setup.js';
import { formatDateTimeShort, formatTime } from '../../web/format.js';
import { setupPageMessages, setupValidationMessages } from '../../web/messages.js';
import type { FormErrors, PeriodRow } from '../../web/pages/staff/setup.js';

// Turning the set-up forms (and JSON bodies) into the use cases' values, and their answers back
// into field errors. Shapes only: the rules are the domain's (setup-validation.ts), so a value
// that is not a number or a day is passed on as one that fails there, with its field named.

/** One message per field, the first problem found for it. */
export const fieldErrorsOf = (problems: readonly SetupProblem[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] ??= setupValidationMessages[p.problem];
  return out;
};

/** Whole minutes typed as digits, else NaN (which the domain refuses as out of range). */
export const wholeNumber = (typed: string | undefined): number =>
  /^\s*\d{1,4}\s*$/.test(typed ?? '') ? Number(typed) : Number.NaN;

/** A date from the nhsuk date input's three boxes; blank is undefined, anything else unparsed. */
export const dateFromParts = (fields: Readonly<Record<string, string>>, id: string): string | undefined => {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => (fields[`${id}-${p}`] ?? '').trim());
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day ?? '') || !/^\d{1,2}$/.test(month ?? '') || !/^\d{4}$/.test(year ?? ''))
    return 'not-a-date';
  return `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
};

const MAX_ROWS = 70;

const isBlank = (row: PeriodRow) => !row.weekday && !row.start && !row.end && !row.locationId;

/** The working-week form's rows as typed (up to the last one with anything in it). */
export const periodRowsFromForm = (fields: Readonly<Record<string, string>>): PeriodRow[] => {
  const rows: PeriodRow[] = [];
  for (let i = 0; i < MAX_ROWS && `periods-${i}-weekday` in fields; i++) {
    const at = (f: string) => (fields[`periods-${i}-${f}`] ?? '').trim();
    rows.push({ weekday: at('weekday'), start: at('start'), end: at('end'), locationId: at('locationId') });
  }
  // Trailing empty rows go: the page adds its own empty rows after these when shown again.
  while (rows.length > 0 && isBlank(rows[rows.length - 1] as PeriodRow)) rows.pop();
  return rows;
};

/**
 * The periods of the non-empty rows, and a map back from each period's index to its row, so a
 * problem with `periods.1.end` lands on the row the person typed it in.
 */
export const periodsFromRows = (rows: readonly PeriodRow[]) => {
  const rowOf: number[] = [];
  const periods: WorkPeriod[] = [];
  rows.forEach((row, i) => {
    if (isBlank(row)) return;
    rowOf.push(i);
    periods.push({
      weekday: Number(row.weekday || Number.NaN) as Weekday,
      start: row.start,
      end: row.end,
      locationId: row.locationId,
    });
  });
  const toRows = (problems: readonly SetupProblem[]): SetupProblem[] =>
    problems.map((p) => {
      const match = /^periods\.(\d+)\.(.+)$/.exec(p.field);
      return match ? { ...p, field: `periods.${rowOf[Number(match[1])] ?? match[1]}.${match[2]}` } : p;
    });
  return { periods, toRows };
};

export const oneOffFromForm = (fields: Readonly<Record<string, string>>): OneOffBlackoutForm => ({
  startDate: dateFromParts(fields, 'startDate') ?? '',
  startTime: (fields.startTime ?? '').trim(),
  endDate: dateFromParts(fields, 'endDate') ?? '',
  endTime: (fields.endTime ?? '').trim(),
});

export const weeklyFromForm = (
  fields: Readonly<Record<string, string>>,
): Omit<WeeklyBlackout, 'clinicianId'> => ({
  weekdays: ([1, 2, 3, 4, 5, 6, 7] as const).filter((d) => fields[`weekday-${d}`] === 'yes'),
  start: (fields.start ?? '').trim(),
  end: (fields.end ?? '').trim(),
  from: dateFromParts(fields, 'from'),
  until: dateFromParts(fields, 'until'),
});

export const requesterOf = (typed: string | undefined): Requester => (typed ?? '') as Requester;

/** "Monday 30 November, 10am to 10:50am" style, in the service's zone; no patient details. */
export const describeClash = (clash: Clash, timeZone: string): string => {
  const start = new Date(clash.start);
  const end = new Date(clash.end);
  const when = `${formatDateTimeShort(start, timeZone)} to ${
    end.getTime() - start.getTime() < 86_400_000
      ? formatTime(end, timeZone)
      : formatDateTimeShort(end, timeZone)
  }`;
  return clash.kind === 'appointment'
    ? setupPageMessages.clashWithAppointment(when)
    : setupPageMessages.clashWithBlackout(when);
};

export type { FormErrors };
