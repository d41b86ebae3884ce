// What a service sets up so that patients can see free times (F12, F16): locations, service types,
// clinicians' weekly work schedules and blackouts. Admin pages will store these per service; the
// availability rules (slots.ts) and the set-up checks (setup-validation.ts) read them.
//
// Weekly times are local times of the service's time zone ("09:00" is nine on the clinic's clock,
// in winter and in summer); one-off blackouts are instants, as appointments are, because a person
// enters them once, for a known day, and the lock cells that will guard them are instants too
// (DESIGN.md, "No double booking").

/** ISO weekdays: 1 is Monday, 7 is Sunday. */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof weekdays)[number];

/** A local time on the 24-hour clock, `HH:MM`, e.g. `09:00` or `13:30`. */
export type LocalTime = string;

/** A date of the service's calendar, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface Location {
  readonly id: string;
  readonly name: string;
}

/**
 * Who may ask for an appointment of this type from the portal (F10, F11): new patients ask for
 * intakes, existing patients for sessions; `nobody` keeps a type for staff bookings only.
 */
export const requesters = ['new-patients', 'existing-patients', 'nobody'] as const;
export type Requester = (typeof requesters)[number];

export interface ServiceType {
  readonly id: string;
  readonly name: string;
  readonly durationMinutes: number;
  /** Kept free after the appointment (notes, a break): it occupies the clinician's time too. */
  readonly bufferMinutes: number;
  readonly requestableBy: Requester;
}

/** One stretch of a clinician's week at one location, e.g. Monday 09:00 to 12:30 at Riverside. */
export interface WorkPeriod {
  readonly weekday: Weekday;
  readonly start: LocalTime;
  readonly end: LocalTime;
  readonly locationId: string;
}

/** A clinician's usual week: several periods a day are fine, overlapping ones are not. */
export interface WorkSchedule {
  readonly clinicianId: string;
  readonly periods: readonly WorkPeriod[];
}

/** Time off on given dates: leave, training, a closure. UTC ISO instants, end excluded. */
export interface OneOffBlackout {
  readonly clinicianId: string;
  readonly start: string;
  readonly end: string;
}

/**
 * Time off every week, such as lunch on weekdays 12:30 to 13:30, in local time. `from` and
 * `until` (both included) limit it to a stretch of dates; without them it always applies.
 */
export interface WeeklyBlackout {
  readonly clinicianId: string;
  readonly weekdays: readonly Weekday[];
  readonly start: LocalTime;
  readonly end: LocalTime;
  readonly from?: LocalDate | undefined;
  readonly until?: LocalDate | undefined;
}

export interface Blackouts {
  readonly oneOff: readonly OneOffBlackout[];
  readonly weekly: readonly WeeklyBlackout[];
}

/**
 * Something that holds a clinician's time: a booked appointment or a pending request (F12, F13).
 * It occupies [start, end + bufferMinutes), the buffer of its own service type.
 */
export interface Hold {
  readonly clinicianId: string;
  /** UTC ISO instant. */
  readonly start: string;
  /** UTC ISO instant: start + duration, the buffer not included. */
  readonly end: string;
  readonly bufferMinutes: number;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of a `HH:MM` time, or undefined when it is not one. */
export const minutesOfLocalTime = (time: string): number | undefined => {
  const match = LOCAL_TIME.exec(time);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
};

/**
 * A clinician of the service (F11): hidden ones keep their appointments and stay bookable by the
 * EPR, but patients never see or pick them. `staffEmail` links a clinician-role sign-in to them.
 */
export interface Clinician {
  readonly id: string;
  readonly name: string;
  readonly visible: boolean;
  readonly staffEmail?: string | undefined;
}

/** A stored blackout, with the id staff remove it by. */
export type StoredOneOffBlackout = OneOffBlackout & { readonly id: string };
export type StoredWeeklyBlackout = WeeklyBlackout & { readonly id: string };

/** Ids of set-up things: lower-case letters, digits and hyphens (the service config's rule). */
export const SETUP_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
