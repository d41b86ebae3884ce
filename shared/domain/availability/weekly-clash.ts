import { calendarDateIn } from '../calendar-date.js';
import { minutesOfLocalTime, type WeeklyBlackout } from './setup.js';
import { instantsOfLocalRange, zoneDay } from './wall-clock.js';

// Whether a weekly blackout would cover a booked cell: a weekly blackout holds no lock cells (it
// repeats without end), so when one is saved the clinician's booked cells in the coming months
// are checked against it instead (docs/appointments.md, "Storage").

const CELL_MS = 15 * 60_000;

/**
 * Whether the blackout covers any moment of the 15-minute cell starting at `cellStart` (UTC ms),
 * on the service's clock: lunch on weekdays 12:30 to 13:30 in London covers the cell 11:30Z on a
 * summer Monday (12:30 BST) and 12:30Z on a winter Monday, and no cell of a Saturday.
 */
export const weeklyBlackoutCovers = (
  blackout: WeeklyBlackout,
  cellStart: number,
  timeZone: string,
): boolean => {
  const from = minutesOfLocalTime(blackout.start);
  const until = minutesOfLocalTime(blackout.end);
  if (from === undefined || until === undefined) return false;
  // A cell sits inside one local date: every zone's offset is a multiple of 15 minutes.
  const date = calendarDateIn(new Date(cellStart), timeZone);
  if (blackout.from !== undefined && date < blackout.from) return false;
  if (blackout.until !== undefined && date > blackout.until) return false;
  const day = zoneDay(date, timeZone);
  if (!blackout.weekdays.includes(day.weekday)) return false;
  return instantsOfLocalRange(day, from, until).some(
    ([start, end]) => start < cellStart + CELL_MS && cellStart < end,
  );
};
