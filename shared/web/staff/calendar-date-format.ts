// Calendar dates (YYYY-MM-DD, the service's own date) for staff screens, in the NHS short form
// "24 Nov 2026": clinical screens abbreviate the month to three letters and never follow the
// browser's locale, so every reader sees the same day. No Date with a time zone is involved, so a
// date cannot shift by a day.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAY_MS = 86_400_000;

export class CalendarDateFormatError extends Error {
  override name = 'CalendarDateFormatError';
}

const partsOf = (date: string): [number, number, number] => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const check = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February into March; comparing back catches it.
  if (
    !m ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  )
    throw new CalendarDateFormatError('expected a calendar date as YYYY-MM-DD');
  return [year, month, day];
};

/** "2026-11-24" → "24 Nov 2026". */
export const formatShortDate = (date: string): string => {
  const [year, month, day] = partsOf(date);
  return `${day} ${MONTHS[month - 1] as string} ${year}`;
};

/** Whole days since 1 January 1970: a time axis for calendar dates that has no clock changes. */
export const dayNumber = (date: string): number => {
  const [year, month, day] = partsOf(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
};

/** The inverse of dayNumber. */
export const dateOfDayNumber = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);
