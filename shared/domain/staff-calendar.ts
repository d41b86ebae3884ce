import { calendarDateIn } from './calendar-date.js';
import {
  type LocalDate,
  minutesOfLocalTime,
  type StoredWeeklyBlackout,
  type WorkPeriod,
} from './availability/setup.js';
import {
  addDays,
  datesFrom,
  instantOfLocalTime,
  instantsOfLocalRange,
  wallMidnightOf,
  zoneDay,
} from './availability/wall-clock.js';

// A clinician's week as the staff calendar shows it (issue 14, "Calendar"): per day of the
// service's calendar, the work periods (so free time shows), the appointments, the pending
// requests (tentative) and the blackouts, one-off and weekly. Pure: what is stored, the week and
// the time zone are arguments. Days are the service's local days, so a week that spans a clock
// change still has seven of them, one of 23 hours (28 March 2027 in London) or 25.

/** A week starts on Monday (ISO 8601), the way NHS clinics plan theirs. */
export const mondayOf = (date: LocalDate): LocalDate => {
  const utcDay = new Date(wallMidnightOf(date)).getUTCDay();
  return addDays(date, -((utcDay + 6) % 7));
};

/** The Monday of the week a `YYYY-MM-DD` names, or undefined when it is not a real date. */
export const weekStartingFrom = (text: string): LocalDate | undefined =>
  Number.isNaN(wallMidnightOf(text)) ? undefined : mondayOf(text);

/** The Monday of the week that holds `now` in the service's time zone. */
export const currentWeek = (now: Date, timeZone: string): LocalDate =>
  mondayOf(calendarDateIn(now, timeZone));

/** [from, to) of the week: from Monday's local midnight to the next Monday's. */
export const weekWindow = (monday: LocalDate, timeZone: string): { from: string; to: string } => ({
  from: new Date(instantOfLocalTime(zoneDay(monday, timeZone), 0)).toISOString(),
  to: new Date(instantOfLocalTime(zoneDay(addDays(monday, 7), timeZone), 0, 'last')).toISOString(),
});

export interface CalendarAppointment {
  readonly id: string;
  readonly patientId: string;
  readonly start: string;
  readonly end: string;
  readonly serviceType: string;
  readonly locationId?: string | undefined;
}

export interface CalendarRequest {
  readonly id: string;
  readonly patientId?: string | undefined;
  readonly start: string;
  readonly end: string;
  readonly serviceType: string;
  readonly locationId?: string | undefined;
}

export interface CalendarOneOffBlackout {
  readonly id: string;
  readonly start: string;
  readonly end: string;
}

/** What one day holds, each thing as UTC ISO instants [start, end). */
export type CalendarEntry =
  | ({ readonly kind: 'appointment' } & CalendarAppointment)
  | ({ readonly kind: 'request' } & CalendarRequest)
  | { readonly kind: 'blackout'; readonly id: string; readonly start: string; readonly end: string }
  | { readonly kind: 'weekly-blackout'; readonly id: string; readonly start: string; readonly end: string };

export interface CalendarWorkPeriod {
  readonly start: string;
  readonly end: string;
  readonly locationId: string;
}

export interface CalendarDay {
  readonly date: LocalDate;
  readonly work: readonly CalendarWorkPeriod[];
  /** Sorted by start. */
  readonly entries: readonly CalendarEntry[];
}

export interface WeekInput {
  readonly monday: LocalDate;
  readonly timeZone: string;
  readonly periods: readonly WorkPeriod[];
  readonly weeklyBlackouts: readonly StoredWeeklyBlackout[];
  readonly oneOffBlackouts: readonly CalendarOneOffBlackout[];
  readonly appointments: readonly CalendarAppointment[];
  readonly requests: readonly CalendarRequest[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Pieces of a local `HH:MM`–`HH:MM` range on a day (two on the night the clocks go back). */
const localPieces = (date: LocalDate, timeZone: string, start: string, end: string): [number, number][] => {
  const from = minutesOfLocalTime(start);
  const until = minutesOfLocalTime(end);
  if (from === undefined || until === undefined) return [];
  return instantsOfLocalRange(zoneDay(date, timeZone), from, until);
};

/**
 * The seven days of the week. An appointment or a request belongs to the day it starts on; a
 * one-off blackout is shown on every day it touches, cut to that day (leave from Friday to
 * Monday is on each of those days). Weekly blackouts and work periods are the local times of
 * each day they apply to, as availability reads them (wall-clock.ts).
 */
export const buildWeek = (input: WeekInput): CalendarDay[] => {
  const { monday, timeZone } = input;
  return datesFrom(monday, addDays(monday, 6)).map((date) => {
    const day = zoneDay(date, timeZone);
    const dayStart = instantOfLocalTime(day, 0);
    const dayEnd = instantOfLocalTime(zoneDay(addDays(date, 1), timeZone), 0, 'last');
    const onThisDay = (start: string) => calendarDateIn(new Date(start), timeZone) === date;
    const work = input.periods
      .filter((p) => p.weekday === day.weekday)
      .flatMap((p) =>
        localPieces(date, timeZone, p.start, p.end).map(([s, e]) => ({
          start: iso(s),
          end: iso(e),
          locationId: p.locationId,
        })),
      )
      .sort((a, b) => a.start.localeCompare(b.start));
    const weekly: CalendarEntry[] = input.weeklyBlackouts
      .filter(
        (b) =>
          b.weekdays.includes(day.weekday) &&
          (b.from === undefined || date >= b.from) &&
          (b.until === undefined || date <= b.until),
      )
      .flatMap((b) =>
        localPieces(date, timeZone, b.start, b.end).map(([s, e]) => ({
          kind: 'weekly-blackout' as const,
          id: b.id,
          start: iso(s),
          end: iso(e),
        })),
      );
    const oneOff: CalendarEntry[] = input.oneOffBlackouts
      .filter((b) => Date.parse(b.start) < dayEnd && Date.parse(b.end) > dayStart)
      .map((b) => ({
        kind: 'blackout' as const,
        id: b.id,
        start: iso(Math.max(Date.parse(b.start), dayStart)),
        end: iso(Math.min(Date.parse(b.end), dayEnd)),
      }));
    const entries: CalendarEntry[] = [
      ...input.appointments
        .filter((a) => onThisDay(a.start))
        .map((a) => ({ kind: 'appointment' as const, ...a })),
      ...input.requests.filter((r) => onThisDay(r.start)).map((r) => ({ kind: 'request' as const, ...r })),
      ...oneOff,
      ...weekly,
    ].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
    return { date, work, entries };
  });
};
