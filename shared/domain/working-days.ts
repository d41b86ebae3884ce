import { offsetMinutesAt } from './appointments.js';
import { addDays, instantOfLocalTime, wallMidnightOf, zoneDay } from './availability/wall-clock.js';

// When a pending request expires (issue 14 item 7; docs/appointments.md, "Expiry"): staff have a
// number of working days to decide it, counted on the service's clock. Working days are Monday to
// Friday; bank holidays are not known here and count as working days (the docs say so), because
// a wrong holiday list would expire requests early or late without anyone noticing.

const MINUTE_MS = 60_000;

/** Saturday and Sunday of a YYYY-MM-DD date, read on the calendar (no zone needed). */
const isWeekend = (date: string): boolean => {
  const day = new Date(wallMidnightOf(date)).getUTCDay();
  return day === 0 || day === 6;
};

/** The date and the minute of the day (with its fraction) the service's clock shows at `instant`. */
const wallClockOf = (instant: number, timeZone: string): { date: string; minuteOfDay: number } => {
  const wall = instant + offsetMinutesAt(instant, timeZone) * MINUTE_MS;
  const date = new Date(wall).toISOString().slice(0, 10);
  return { date, minuteOfDay: (wall - wallMidnightOf(date)) / MINUTE_MS };
};

/**
 * The moment a request made at `createdAt` has had `workingDays` whole working days: the same time
 * on the service's clock that many working days later (made on Friday at 16:00 with 5 days: the
 * next Friday at 16:00, whatever the clocks did between). A request made at a weekend starts its
 * count at 00:00 on Monday, so it gets the same whole working days, and expires at 00:00 on the
 * Monday after them. The deadline never falls on a weekend, and a later request never gets an
 * earlier deadline, so the oldest-first list can stop at the first request not yet due. A time
 * the clocks skip on the deadline's day means the moment they jump past it.
 */
export const requestDeadline = (createdAt: Date, workingDays: number, timeZone: string): Date => {
  let { date, minuteOfDay } = wallClockOf(createdAt.getTime(), timeZone);
  if (isWeekend(date)) {
    while (isWeekend(date)) date = addDays(date, 1);
    minuteOfDay = 0;
  }
  for (let left = workingDays; left > 0;) {
    date = addDays(date, 1);
    if (!isWeekend(date)) left -= 1;
  }
  return new Date(instantOfLocalTime(zoneDay(date, timeZone), minuteOfDay, 'first'));
};

/** Whether a request made at `createdAt` is past its deadline at `now` (the deadline itself is past). */
export const isRequestExpired = (
  createdAt: Date,
  now: Date,
  workingDays: number,
  timeZone: string,
): boolean => now.getTime() >= requestDeadline(createdAt, workingDays, timeZone).getTime();
