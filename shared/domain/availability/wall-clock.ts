import { offsetMinutesAt } from '../appointments.js';
import type { LocalDate, Weekday } from './setup.js';

// Local times of a given day to instants, for the service's time zone. The zone's offset comes
// from the one Intl-based source in shared/domain/appointments.ts; what is added here is what a
// local time means on the two nights a year when the clocks change (docs/appointments.md).
//
// Work is per day, not per slot: `zoneDay` asks Intl for two offsets a day (and a dozen more on
// the day of a change, to find its minute); turning that day's local times into instants is then
// arithmetic.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// UTC offsets in use lie between −12:00 and +14:00, so a local day lies within these margins of
// the same date's UTC day.
const MARGIN_BEFORE_MS = 15 * HOUR_MS;
const MARGIN_AFTER_MS = 13 * HOUR_MS;

/** A local date with what its zone does that day. Offsets are minutes east of UTC. */
export interface ZoneDay {
  readonly date: LocalDate;
  readonly weekday: Weekday;
  /** The date's midnight read as if it were UTC: wall-clock digits as milliseconds. */
  readonly wallMidnight: number;
  readonly offsetBefore: number;
  readonly offsetAfter: number;
  /** The instant (ms) the offset turns from `offsetBefore` to `offsetAfter`, when it does. */
  readonly change?: number | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight of a `YYYY-MM-DD` date read as UTC, in ms; NaN when it is not such a date. */
export const wallMidnightOf = (date: LocalDate): number => {
  const match = DATE.exec(date);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 31 April over to 1 May: a date that does not exist is not a date.
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day
    ? ms
    : Number.NaN;
};

/** The date `days` after `date` (before, when negative). */
export const addDays = (date: LocalDate, days: number): LocalDate =>
  new Date(wallMidnightOf(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Every date from `first` to `last`, both included. */
export const datesFrom = (first: LocalDate, last: LocalDate): LocalDate[] => {
  const out: LocalDate[] = [];
  for (let ms = wallMidnightOf(first), end = wallMidnightOf(last); ms <= end; ms += DAY_MS) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
};

export const zoneDay = (date: LocalDate, timeZone: string): ZoneDay => {
  const wallMidnight = wallMidnightOf(date);
  const utcDay = new Date(wallMidnight).getUTCDay();
  const weekday = (utcDay === 0 ? 7 : utcDay) as Weekday;
  let lo = wallMidnight - MARGIN_BEFORE_MS;
  let hi = wallMidnight + DAY_MS + MARGIN_AFTER_MS;
  const offsetBefore = offsetMinutesAt(lo, timeZone);
  const offsetAfter = offsetMinutesAt(hi, timeZone);
  // No zone changes its offset twice within two days, so equal ends mean no change between.
  if (offsetBefore === offsetAfter) return { date, weekday, wallMidnight, offsetBefore, offsetAfter };
  // Bisect to the minute: offsets change on whole minutes (on the hour, in practice).
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMinutesAt(mid, timeZone) === offsetBefore) lo = mid;
    else hi = mid;
  }
  return { date, weekday, wallMidnight, offsetBefore, offsetAfter, change: hi };
};

/**
 * The instants (ms) at which the service's clock shows a time in [from, until) of the day,
 * as [start, end) pieces: **a weekly time range covers every moment the clock shows a time in it.**
 * So:
 * - on most days that is one piece, and a 09:00 schedule is 09:00 on the clock in winter and in
 *   summer: in Europe/London 09:00 is 09:00Z on Saturday 27 March 2027 and 08:00Z on Sunday 28;
 * - times the clocks skip (01:00 to 01:59 in London on the last Sunday of March) are covered by
 *   nothing, so they never become slots: "00:00 to 04:00" that night is 00:00 to 00:59 GMT then
 *   02:00 to 03:59 BST, one piece of three hours, and "01:30 to 04:00" starts at 02:00 BST;
 * - times shown twice (01:00 to 01:59 on the last Sunday of October) are covered both times:
 *   "00:00 to 03:00" is four hours that night, and "00:00 to 01:30" is two pieces, 00:00 to
 *   01:30 BST and 01:00 to 01:30 GMT. A lunch or night blackout is thus respected on every pass
 *   of the clock, and a slot never shows a time outside its period.
 * The pieces come in order; touching ones are merged, so a period through the skipped hour keeps
 * one rhythm of slots.
 */
export const instantsOfLocalRange = (day: ZoneDay, from: number, until: number): [number, number][] => {
  const wallFrom = day.wallMidnight + from * MINUTE_MS;
  const wallUntil = day.wallMidnight + until * MINUTE_MS;
  const before = day.offsetBefore * MINUTE_MS;
  if (day.change === undefined) return wallFrom < wallUntil ? [[wallFrom - before, wallUntil - before]] : [];
  const after = day.offsetAfter * MINUTE_MS;
  // Under the old offset, the moments before the change; under the new one, those after it.
  const pieces: [number, number][] = [];
  const early: [number, number] = [wallFrom - before, Math.min(wallUntil - before, day.change)];
  const late: [number, number] = [Math.max(wallFrom - after, day.change), wallUntil - after];
  if (early[0] < early[1]) pieces.push(early);
  if (late[0] < late[1]) {
    const last = pieces[pieces.length - 1];
    if (last && last[1] === late[0]) last[1] = late[1];
    else pieces.push(late);
  }
  return pieces;
};

/**
 * The instant (ms) a local time of the day names, for one-off times such as the ends of leave:
 * a time the clocks skip names the moment they jump past it; a time shown twice names its
 * `first` or its `last` occurrence. Leave is read from the first occurrence of its start to the
 * last of its end, so that it covers every moment the clock shows a time inside it.
 */
export const instantOfLocalTime = (
  day: ZoneDay,
  minuteOfDay: number,
  occurrence: 'first' | 'last' = 'first',
): number => {
  const wall = day.wallMidnight + minuteOfDay * MINUTE_MS;
  const underBefore = wall - day.offsetBefore * MINUTE_MS;
  if (day.change === undefined) return underBefore;
  const underAfter = wall - day.offsetAfter * MINUTE_MS;
  const beforeFits = underBefore < day.change;
  const afterFits = underAfter >= day.change;
  if (beforeFits && afterFits) {
    return occurrence === 'first' ? Math.min(underBefore, underAfter) : Math.max(underBefore, underAfter);
  }
  if (beforeFits) return underBefore;
  if (afterFits) return underAfter;
  return day.change; // skipped: the moment the clocks jump past it
};
