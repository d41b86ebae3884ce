import { CELL_MINUTES } from '../appointments.js';
import { calendarDateIn } from '../calendar-date.js';
import type { Blackouts, Hold, LocalDate, WeeklyBlackout, WorkSchedule } from './setup.js';
import { minutesOfLocalTime } from './setup.js';
import {
  addDays,
  datesFrom,
  instantOfLocalTime,
  instantsOfLocalRange,
  type ZoneDay,
  zoneDay,
} from './wall-clock.js';

// Free times a patient may ask for (F12): work schedules, minus blackouts (always), minus
// appointments and pending requests, with the service type's duration and buffer, on the
// 15-minute grid of the lock cells (DESIGN.md, "No double booking"), within the service's minimum
// notice and booking horizon. Pure: the clock, the config and everything stored are arguments.
// docs/appointments.md sets the rules out for people; the worked examples are in the tests.

const MINUTE_MS = 60_000;
/** The lock grid, so that a slot never starts part-way through a lock cell. */
const GRID_MS = CELL_MINUTES * MINUTE_MS;

export interface AvailabilityQuery {
  /** The service's time zone (IANA name). */
  readonly timeZone: string;
  /** Now, a UTC ISO instant. */
  readonly now: string;
  /** The dates asked for, `YYYY-MM-DD` in the service's time zone, both included. */
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** `any`: every clinician in `schedules` (the caller leaves hidden clinicians out). */
  readonly clinicianIds: 'any' | readonly string[];
  /** Only periods at this location, when given. */
  readonly locationId?: string | undefined;
  readonly serviceType: { readonly durationMinutes: number; readonly bufferMinutes: number };
  /** No slot starts sooner than this after now (elapsed minutes). */
  readonly minimumNoticeMinutes: number;
  /** No slot on a date later than today plus this many days (the service's dates). */
  readonly horizonDays: number;
}

export interface AvailabilityData {
  readonly schedules: readonly WorkSchedule[];
  readonly blackouts: Blackouts;
  /** Booked appointments and pending requests (cancelled and denied ones left out). */
  readonly holds: readonly Hold[];
}

export interface Slot {
  readonly clinicianId: string;
  /** UTC ISO instant. */
  readonly start: string;
  /** UTC ISO instant: start + duration (the buffer after it is kept free but not shown). */
  readonly end: string;
  readonly locationId: string;
}

/** The dates the query can yield slots on, after today, the horizon and the asked range. */
export const bookableDates = (
  query: AvailabilityQuery,
): { first: LocalDate; last: LocalDate } | undefined => {
  const today = calendarDateIn(new Date(query.now), query.timeZone);
  const first = query.from > today ? query.from : today;
  const horizon = addDays(today, query.horizonDays);
  const last = query.to < horizon ? query.to : horizon;
  return first <= last ? { first, last } : undefined;
};

/**
 * The instants whose holds and blackouts can matter to the query, [from, to): from the first
 * bookable date's midnight to the midnight after the last. The data layer reads what overlaps
 * this and nothing else, so what it reads depends on the range, never on history.
 */
export const availabilityWindow = (query: AvailabilityQuery): { from: string; to: string } | undefined => {
  const dates = bookableDates(query);
  if (!dates) return undefined;
  const from = instantOfLocalTime(zoneDay(dates.first, query.timeZone), 0);
  const to = instantOfLocalTime(zoneDay(addDays(dates.last, 1), query.timeZone), 0, 'last');
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
};

const appliesOn = (blackout: WeeklyBlackout, day: ZoneDay): boolean =>
  blackout.weekdays.includes(day.weekday) &&
  (blackout.from === undefined || day.date >= blackout.from) &&
  (blackout.until === undefined || day.date <= blackout.until);

/** [start, end) in ms. */
type Interval = [number, number];

/** Busy time merged, so that starts and ends both rise along the list. */
const merged = (intervals: Interval[]): Interval[] => {
  intervals.sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [start, end] of intervals) {
    if (end <= start) continue;
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
};

/** Index of the first interval that ends after `t`. */
const firstEndingAfter = (busy: readonly Interval[], t: number): number => {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((busy[mid] as Interval)[1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * The free slots for the query, sorted by start, then clinician.
 *
 * A slot occupies [start, end + buffer) of its clinician's time, and all of that must lie inside
 * one work period (on the night the clocks go back, inside one of its pieces: wall-clock.ts) and
 * overlap no blackout and no hold's own [start, end + its buffer).
 *
 * Within a period, slots follow each other every duration + buffer, rounded up to the grid,
 * starting at the period's start; something in the way moves the next slot to the first grid
 * time where it fits, and the rhythm goes on from there. Worked example: work 09:00 to 12:00,
 * 50-minute sessions with a 10-minute buffer, a pending request 09:30 to 10:20 (+10): 09:00 would
 * run into it, so the first slot is 10:30 and the next 11:30 would end after 12:00: offer 10:30
 * only. With nothing booked: 09:00, 10:00 and 11:00, not every quarter hour, so that one booking
 * does not strand 15 minutes on either side of it.
 *
 * Minimum notice, the horizon and the asked range only leave slots out: the rhythm does not move
 * with the clock, so a time offered in the morning is still the same time in the afternoon.
 */
export const availableSlots = (data: AvailabilityData, query: AvailabilityQuery): Slot[] => {
  const dates = bookableDates(query);
  if (!dates) return [];
  const { durationMinutes, bufferMinutes } = query.serviceType;
  const durationMs = durationMinutes * MINUTE_MS;
  const occupiesMs = (durationMinutes + bufferMinutes) * MINUTE_MS;
  const stepMs = Math.ceil(occupiesMs / GRID_MS) * GRID_MS;
  const earliest = Date.parse(query.now) + query.minimumNoticeMinutes * MINUTE_MS;
  const wanted = query.clinicianIds === 'any' ? undefined : new Set(query.clinicianIds);
  const isWanted = (clinicianId: string) => wanted === undefined || wanted.has(clinicianId);

  // The time zone is asked once per day; everything after is arithmetic.
  const days: ZoneDay[] = datesFrom(dates.first, dates.last).map((date) => zoneDay(date, query.timeZone));

  const busyOf = new Map<string, Interval[]>();
  const addBusy = (clinicianId: string, start: number, end: number) => {
    let list = busyOf.get(clinicianId);
    if (!list) busyOf.set(clinicianId, (list = []));
    list.push([start, end]);
  };
  for (const hold of data.holds) {
    if (isWanted(hold.clinicianId)) {
      addBusy(
        hold.clinicianId,
        Date.parse(hold.start),
        Date.parse(hold.end) + hold.bufferMinutes * MINUTE_MS,
      );
    }
  }
  for (const blackout of data.blackouts.oneOff) {
    if (isWanted(blackout.clinicianId)) {
      addBusy(blackout.clinicianId, Date.parse(blackout.start), Date.parse(blackout.end));
    }
  }
  for (const blackout of data.blackouts.weekly) {
    if (!isWanted(blackout.clinicianId)) continue;
    const start = minutesOfLocalTime(blackout.start) as number;
    const end = minutesOfLocalTime(blackout.end) as number;
    for (const day of days) {
      if (!appliesOn(blackout, day)) continue;
      for (const [from, until] of instantsOfLocalRange(day, start, end)) {
        addBusy(blackout.clinicianId, from, until);
      }
    }
  }

  const found: { clinicianId: string; start: number; locationId: string }[] = [];
  for (const schedule of data.schedules) {
    if (!isWanted(schedule.clinicianId)) continue;
    const busy = merged(busyOf.get(schedule.clinicianId) ?? []);
    const periods = schedule.periods
      .filter((p) => query.locationId === undefined || p.locationId === query.locationId)
      .map((p) => ({
        ...p,
        from: minutesOfLocalTime(p.start) as number,
        until: minutesOfLocalTime(p.end) as number,
      }));
    for (const day of days) {
      for (const period of periods) {
        if (period.weekday !== day.weekday) continue;
        // One piece, or two on the night the clocks go back (wall-clock.ts).
        for (const [periodStart, periodEnd] of instantsOfLocalRange(day, period.from, period.until)) {
          let t = Math.ceil(periodStart / GRID_MS) * GRID_MS;
          let next = firstEndingAfter(busy, t);
          while (t + occupiesMs <= periodEnd) {
            while (next < busy.length && (busy[next] as Interval)[1] <= t) next++;
            const blocker = busy[next];
            if (blocker && blocker[0] < t + occupiesMs) {
              t = Math.ceil(blocker[1] / GRID_MS) * GRID_MS;
              continue;
            }
            if (t >= earliest) {
              found.push({ clinicianId: schedule.clinicianId, start: t, locationId: period.locationId });
            }
            t += stepMs;
          }
        }
      }
    }
  }

  found.sort(
    (a, b) =>
      a.start - b.start || (a.clinicianId < b.clinicianId ? -1 : a.clinicianId > b.clinicianId ? 1 : 0),
  );
  return found.map((slot) => ({
    clinicianId: slot.clinicianId,
    start: new Date(slot.start).toISOString(),
    end: new Date(slot.start + durationMs).toISOString(),
    locationId: slot.locationId,
  }));
};
