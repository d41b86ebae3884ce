import { CELL_MINUTES } from '../appointments.js';
import {
  type Clinician,
  type LocalDate,
  type Location,
  type OneOffBlackout,
  minutesOfLocalTime,
  requesters,
  type ServiceType,
  type WeeklyBlackout,
  weekdays,
  type WorkSchedule,
} from './setup.js';
import { instantOfLocalTime, wallMidnightOf, zoneDay } from './wall-clock.js';

// The checks a set-up change must pass before it is stored (issue: "no overlapping periods, no end
// before start, on the 15-minute grid"). Each problem names the field it belongs to, as a dotted
// path like the JSON API's `fields` (`periods.2.end`), so an NHS error summary can link to it; the
// sentence for each problem is in shared/web/messages.ts (`setupValidationMessages`). Nothing here stores.

export const setupProblems = [
  'name-missing',
  'name-too-long',
  'not-a-time',
  'off-grid',
  'end-not-after-start',
  'unknown-location',
  'unknown-weekday',
  'no-weekdays',
  'period-overlap',
  'not-a-date',
  'until-before-from',
  'duration-out-of-range',
  'buffer-out-of-range',
  'unknown-requester',
  'not-an-email',
  'blackout-too-long',
] as const;
export type SetupProblemCode = (typeof setupProblems)[number];

export interface SetupProblem {
  /** Dotted path of the field, e.g. `periods.2.end`. */
  readonly field: string;
  readonly problem: SetupProblemCode;
}

/** Longest name a location or service type may have; the pages show it in full. */
export const NAME_MAX_LENGTH = 100;
export const DURATION_MINUTES = { min: 5, max: 480 } as const;
export const BUFFER_MINUTES = { min: 0, max: 120 } as const;

const isWeekday = (value: unknown): boolean => weekdays.includes(value as never);

/** A `HH:MM` time on the quarter hour, or why not. */
export const localTimeProblem = (time: string): 'not-a-time' | 'off-grid' | undefined => {
  const minutes = minutesOfLocalTime(time);
  if (minutes === undefined) return 'not-a-time';
  return minutes % CELL_MINUTES === 0 ? undefined : 'off-grid';
};

/** Problems of a start and end time pair, e.g. a period or a weekly blackout. */
const timeRangeProblems = (start: string, end: string, at: string): SetupProblem[] => {
  const problems: SetupProblem[] = [];
  const startProblem = localTimeProblem(start);
  const endProblem = localTimeProblem(end);
  if (startProblem) problems.push({ field: `${at}start`, problem: startProblem });
  if (endProblem) problems.push({ field: `${at}end`, problem: endProblem });
  // Only when both are times: "end before start" about a time that is not one would mislead.
  const from = minutesOfLocalTime(start);
  const until = minutesOfLocalTime(end);
  if (from !== undefined && until !== undefined && until <= from) {
    problems.push({ field: `${at}end`, problem: 'end-not-after-start' });
  }
  return problems;
};

const nameProblems = (name: string): SetupProblem[] => {
  const trimmed = name.trim();
  if (trimmed === '') return [{ field: 'name', problem: 'name-missing' }];
  return trimmed.length > NAME_MAX_LENGTH ? [{ field: 'name', problem: 'name-too-long' }] : [];
};

export const validateLocation = (location: Location): SetupProblem[] => nameProblems(location.name);

// Enough to catch a slip (a missing @ or domain); the provider checks the address itself.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A clinician: a name, and a staff sign-in email when one is given. */
export const validateClinician = (clinician: Omit<Clinician, 'id'>): SetupProblem[] => {
  const problems = nameProblems(clinician.name);
  const email = clinician.staffEmail;
  if (email !== undefined && (!EMAIL.test(email) || email.length > 254)) {
    problems.push({ field: 'staffEmail', problem: 'not-an-email' });
  }
  return problems;
};

export const validateServiceType = (serviceType: ServiceType): SetupProblem[] => {
  const problems = nameProblems(serviceType.name);
  const { durationMinutes: duration, bufferMinutes: buffer } = serviceType;
  if (!Number.isInteger(duration) || duration < DURATION_MINUTES.min || duration > DURATION_MINUTES.max) {
    problems.push({ field: 'durationMinutes', problem: 'duration-out-of-range' });
  }
  if (!Number.isInteger(buffer) || buffer < BUFFER_MINUTES.min || buffer > BUFFER_MINUTES.max) {
    problems.push({ field: 'bufferMinutes', problem: 'buffer-out-of-range' });
  }
  if (!requesters.includes(serviceType.requestableBy)) {
    problems.push({ field: 'requestableBy', problem: 'unknown-requester' });
  }
  return problems;
};

/**
 * A clinician's week: each period a weekday, times on the grid with the end after the start, a
 * location of the service; and no two periods of one day overlapping (touching is fine: 09:00 to
 * 12:00 at one place and 12:00 to 17:00 at another). An overlap is reported on the later period
 * of the two, in the order given, so the summary names each clash once.
 */
export const validateWorkSchedule = (
  schedule: WorkSchedule,
  locationIds: ReadonlySet<string>,
): SetupProblem[] => {
  const problems: SetupProblem[] = [];
  const checked: { weekday: unknown; from: number; until: number }[] = [];
  schedule.periods.forEach((period, i) => {
    const at = `periods.${i}.`;
    if (!isWeekday(period.weekday)) problems.push({ field: `${at}weekday`, problem: 'unknown-weekday' });
    const own = timeRangeProblems(period.start, period.end, at);
    problems.push(...own);
    if (!locationIds.has(period.locationId)) {
      problems.push({ field: `${at}locationId`, problem: 'unknown-location' });
    }
    if (own.length > 0 || !isWeekday(period.weekday)) return;
    const from = minutesOfLocalTime(period.start) as number;
    const until = minutesOfLocalTime(period.end) as number;
    if (checked.some((o) => o.weekday === period.weekday && o.from < until && from < o.until)) {
      problems.push({ field: `${at}start`, problem: 'period-overlap' });
    }
    checked.push({ weekday: period.weekday, from, until });
  });
  return problems;
};

const isLocalDate = (date: LocalDate): boolean => !Number.isNaN(wallMidnightOf(date));

/** Lunch and the like: at least one weekday, times on the grid, end after start, sane dates. */
export const validateWeeklyBlackout = (blackout: WeeklyBlackout): SetupProblem[] => {
  const problems: SetupProblem[] = [];
  if (blackout.weekdays.length === 0) problems.push({ field: 'weekdays', problem: 'no-weekdays' });
  else if (!blackout.weekdays.every(isWeekday))
    problems.push({ field: 'weekdays', problem: 'unknown-weekday' });
  problems.push(...timeRangeProblems(blackout.start, blackout.end, ''));
  const fromOk = blackout.from === undefined || isLocalDate(blackout.from);
  const untilOk = blackout.until === undefined || isLocalDate(blackout.until);
  if (!fromOk) problems.push({ field: 'from', problem: 'not-a-date' });
  if (!untilOk) problems.push({ field: 'until', problem: 'not-a-date' });
  if (
    fromOk &&
    untilOk &&
    blackout.from !== undefined &&
    blackout.until !== undefined &&
    blackout.until < blackout.from
  ) {
    problems.push({ field: 'until', problem: 'until-before-from' });
  }
  return problems;
};

/** The longest one-off blackout, in days; longer absences are weekly blackouts between dates. */
export const ONE_OFF_BLACKOUT_MAX_DAYS = 14;

/** A one-off blackout as staff enter it: a date and time at each end, in the service's time. */
export interface OneOffBlackoutForm {
  readonly startDate: LocalDate;
  readonly startTime: string;
  readonly endDate: LocalDate;
  readonly endTime: string;
}

/**
 * Leave or training from one local date and time to another: real dates, times on the grid, the
 * end after the start. `oneOffBlackoutFromForm` then turns it into instants.
 */
export const validateOneOffBlackout = (form: OneOffBlackoutForm): SetupProblem[] => {
  const problems: SetupProblem[] = [];
  const startDateOk = isLocalDate(form.startDate);
  const endDateOk = isLocalDate(form.endDate);
  if (!startDateOk) problems.push({ field: 'startDate', problem: 'not-a-date' });
  const startTimeProblem = localTimeProblem(form.startTime);
  if (startTimeProblem) problems.push({ field: 'startTime', problem: startTimeProblem });
  if (!endDateOk) problems.push({ field: 'endDate', problem: 'not-a-date' });
  const endTimeProblem = localTimeProblem(form.endTime);
  if (endTimeProblem) problems.push({ field: 'endTime', problem: endTimeProblem });
  if (problems.length === 0 && `${form.endDate}T${form.endTime}` <= `${form.startDate}T${form.startTime}`) {
    problems.push({ field: 'endTime', problem: 'end-not-after-start' });
  }
  // Each day of it locks its 15-minute cells in a transaction of its own (docs/appointments.md);
  // a longer absence is a weekly blackout on every day, between two dates.
  if (
    problems.length === 0 &&
    wallMidnightOf(form.endDate) - wallMidnightOf(form.startDate) > ONE_OFF_BLACKOUT_MAX_DAYS * 86_400_000
  ) {
    problems.push({ field: 'endDate', problem: 'blackout-too-long' });
  }
  return problems;
};

/**
 * A valid form's blackout as instants (wall-clock.ts): from the first time the clock shows its
 * start to the last time it shows its end, so it holds every moment that reads as inside it.
 * Leave "from 28 March 2027 01:30" starts when the clocks jump to 02:00 BST; leave "until
 * 31 October 2027 01:30" lasts until 01:30 GMT, the second time the clock shows 01:30.
 */
export const oneOffBlackoutFromForm = (
  clinicianId: string,
  form: OneOffBlackoutForm,
  timeZone: string,
): OneOffBlackout => {
  const at = (date: LocalDate, time: string, occurrence: 'first' | 'last') =>
    new Date(
      instantOfLocalTime(zoneDay(date, timeZone), minutesOfLocalTime(time) as number, occurrence),
    ).toISOString();
  return {
    clinicianId,
    start: at(form.startDate, form.startTime, 'first'),
    end: at(form.endDate, form.endTime, 'last'),
  };
};
