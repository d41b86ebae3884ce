// Dates a person types in the NHS date-input pattern (day, month, year boxes). A date of birth is
// a calendar date, not an instant: it is kept as `YYYY-MM-DD` and never passed through a Date
// with a time zone, so it cannot shift by a day.

export type CalendarDateProblem =
  | 'missing' // all three boxes empty
  | 'incomplete' // some boxes empty
  | 'not-a-number'
  | 'impossible' // 30 February, month 13
  | 'year-too-short' // "85"
  | 'in-the-future'
  | 'too-long-ago';

export type CalendarDateResult = { ok: true; value: string } | { ok: false; problem: CalendarDateProblem };

export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

const daysInMonth = (year: number, month: number): number =>
  [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][month - 1] ?? 0;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const isoDate = (year: number, month: number, day: number): string =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

/** Checks that y-m-d names a real day of the Gregorian calendar. */
export const isRealDate = (year: number, month: number, day: number): boolean =>
  Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

const OLDEST_BIRTH_YEAR = 1900;

/**
 * A date of birth from the three boxes. `today` is the service's calendar date (YYYY-MM-DD),
 * passed in so the rule stays pure: born today is allowed, tomorrow is not.
 */
export const parseDateOfBirth = (parts: DateParts, today: string): CalendarDateResult => {
  const fields = [parts.day.trim(), parts.month.trim(), parts.year.trim()];
  if (fields.every((f) => f === '')) return { ok: false, problem: 'missing' };
  if (fields.some((f) => f === '')) return { ok: false, problem: 'incomplete' };
  if (!fields.every((f) => /^\d{1,4}$/.test(f))) return { ok: false, problem: 'not-a-number' };
  const [day, month, year] = fields.map(Number) as [number, number, number];
  if ((fields[2] as string).length !== 4) return { ok: false, problem: 'year-too-short' };
  if (!isRealDate(year, month, day)) return { ok: false, problem: 'impossible' };
  if (year < OLDEST_BIRTH_YEAR) return { ok: false, problem: 'too-long-ago' };
  const value = isoDate(year, month, day);
  if (value > today) return { ok: false, problem: 'in-the-future' };
  return { ok: true, value };
};

/** A date of birth given as one `YYYY-MM-DD` string (the JSON API). */
export const parseIsoDateOfBirth = (text: string, today: string): CalendarDateResult => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return { ok: false, problem: 'not-a-number' };
  const [, year, month, day] = match as unknown as [string, string, string, string];
  return parseDateOfBirth({ day, month, year }, today);
};

/** The calendar date at `instant` in `timeZone`, as YYYY-MM-DD. */
export const calendarDateIn = (instant: Date, timeZone: string): string => {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
};
