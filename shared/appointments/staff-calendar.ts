import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Appointment } from '../domain/appointments.js';
import { calendarDateIn } from '../domain/calendar-date.js';
import { availabilityWindow, availableSlots, type Slot } from '../domain/availability/slots.js';
import type {
  Clinician,
  LocalDate,
  Location,
  ServiceType,
  StoredWeeklyBlackout,
  WorkSchedule,
} from '../domain/availability/setup.js';
import { REASON_MAX_LENGTH } from '../domain/messages/templates.js';
import { allows } from '../domain/staff-access.js';
import type { StaffPrincipal } from '../domain/staff.js';
import {
  buildWeek,
  type CalendarDay,
  type CalendarOneOffBlackout,
  currentWeek,
  weekStartingFrom,
  weekWindow,
} from '../domain/staff-calendar.js';
import { prepareNotice } from '../messages/prepare-notice.js';
import { type StaffContext, staffAuditEvent } from '../staff/staff-audit.js';
import { holdsFromCells } from './patient-booking.js';

// The staff calendar, and staff cancelling and moving appointments (issue 14, "Calendar" and
// "Cancel and move"; docs/appointments.md, "Staff calendar, cancel and move"). Use cases: Deps
// and values in, outcomes out; the pages and the JSON share them.
//
// Who: a clinician sees and changes their own calendar only (the clinician whose staffEmail is
// theirs); schedulers and admins every clinician's (shared/domain/staff-access.ts).
//
// What a week reads: the set-up (one Query of the SETUP# items) and the clinician's cell locks
// over the week (one Query), at once; then the appointments and requests those cells name (one
// BatchGetItem each, at once), then the patients they name (one BatchGetItem). One-off blackouts
// need no read of their own: each lock of one carries its whole range. Nothing outside the week
// is read, whatever the history holds.

export interface CalendarView {
  readonly clinician: Clinician;
  /** Every clinician the person may open: one for a clinician, all for schedulers and admins. */
  readonly clinicians: readonly Clinician[];
  readonly monday: LocalDate;
  readonly days: readonly CalendarDay[];
  readonly serviceTypes: readonly ServiceType[];
  readonly locations: readonly Location[];
  /** Patient names by id, for roles that may see contact details; new requesters' names by request id. */
  readonly names: ReadonlyMap<string, string>;
}

export type CalendarOutcome =
  | { readonly ok: true; readonly view: CalendarView }
  | {
      readonly ok: false;
      readonly reason: 'forbidden' | 'unknown-clinician' | 'invalid-week' | 'not-linked';
    };

interface StaffSetup {
  readonly clinicians: readonly Clinician[];
  readonly locations: readonly Location[];
  readonly serviceTypes: readonly ServiceType[];
  readonly schedules: readonly WorkSchedule[];
  readonly weeklyBlackouts: ReadonlyMap<string, readonly StoredWeeklyBlackout[]>;
}

/** The set-up as staff see it: every clinician, hidden ones too (staff book and move them). */
const readStaffSetup = async (deps: Deps): Promise<StaffSetup> => {
  const setup = await deps.serviceSetup.read();
  return {
    clinicians: setup.clinicians?.value ?? deps.service.clinicians,
    locations: setup.locations?.value ?? [],
    serviceTypes: setup.serviceTypes?.value ?? deps.service.serviceTypes,
    schedules: [...setup.schedules].map(([clinicianId, periods]) => ({
      clinicianId,
      periods: periods.value,
    })),
    weeklyBlackouts: new Map([...setup.weeklyBlackouts].map(([id, list]) => [id, list.value])),
  };
};

const isOwnCalendar = (principal: StaffPrincipal, clinicianId: string): boolean =>
  principal.clinicianId !== undefined && principal.clinicianId === clinicianId;

/** The clinicians whose calendar the person may open. */
const openable = (principal: StaffPrincipal, clinicians: readonly Clinician[]): Clinician[] =>
  clinicians.filter((c) => allows(principal, 'see the calendar', isOwnCalendar(principal, c.id)));

export interface CalendarQuery {
  /** Absent: the person's own (a clinician), or the first clinician. */
  readonly clinicianId?: string | undefined;
  /** Any date of the week (`YYYY-MM-DD`); absent: this week. */
  readonly week?: string | undefined;
}

export const viewCalendar = async (
  deps: Deps,
  principal: StaffPrincipal,
  query: CalendarQuery,
): Promise<CalendarOutcome> => {
  const { timeZone } = deps.service;
  if (allows(principal, 'see the calendar', false) === false && principal.clinicianId === undefined)
    return { ok: false, reason: principal.role === 'clinician' ? 'not-linked' : 'forbidden' };
  const wanted = query.clinicianId ?? principal.clinicianId;
  if (wanted !== undefined && !allows(principal, 'see the calendar', isOwnCalendar(principal, wanted)))
    return { ok: false, reason: 'forbidden' };
  const monday =
    query.week === undefined || query.week === ''
      ? currentWeek(deps.clock(), timeZone)
      : weekStartingFrom(query.week);
  if (monday === undefined) return { ok: false, reason: 'invalid-week' };
  const window = weekWindow(monday, timeZone);
  const [setup, cells] = await Promise.all([
    readStaffSetup(deps),
    wanted === undefined
      ? Promise.resolve(undefined)
      : deps.blackouts.heldCells(wanted, window.from, window.to),
  ]);
  const clinicians = openable(principal, setup.clinicians);
  const clinician = wanted === undefined ? clinicians[0] : setup.clinicians.find((c) => c.id === wanted);
  if (!clinician) return { ok: false, reason: 'unknown-clinician' };
  // Only when no clinician was named: the first one's cells, a second round trip this once.
  const held = cells ?? (await deps.blackouts.heldCells(clinician.id, window.from, window.to));
  const appointmentIds = [...new Set(held.flatMap((c) => (c.appointmentId ? [c.appointmentId] : [])))];
  const requestIds = [...new Set(held.flatMap((c) => (c.requestId ? [c.requestId] : [])))];
  const oneOff = new Map<string, CalendarOneOffBlackout>();
  for (const c of held) {
    if (c.blackoutId && c.blackoutStart && c.blackoutEnd)
      oneOff.set(c.blackoutId, { id: c.blackoutId, start: c.blackoutStart, end: c.blackoutEnd });
  }
  const [appointments, requests] = await Promise.all([
    appointmentIds.length ? deps.staffAppointments.getMany(appointmentIds) : Promise.resolve(new Map()),
    requestIds.length ? deps.appointmentRequests.getMany(requestIds) : Promise.resolve(new Map()),
  ]);
  // What the cells name, and still holds them: an appointment not cancelled (booked, or with its
  // attendance recorded) and a pending request.
  const booked = [...appointments.values()].filter(
    (a: Appointment) => a.status !== 'cancelled' && a.clinicianId === clinician.id,
  );
  const pending = [...requests.values()].filter(
    (r) => r.status === 'pending' && r.clinicianId === clinician.id,
  );
  const names = new Map<string, string>();
  if (allows(principal, 'see contact details', isOwnCalendar(principal, clinician.id))) {
    const patientIds = [
      ...booked.map((a) => a.patientId),
      ...pending.flatMap((r) => (r.patientId ? [r.patientId] : [])),
    ];
    const patients = patientIds.length ? await deps.patients.getMany(patientIds) : new Map();
    for (const [id, p] of patients) names.set(id, `${p.givenName} ${p.familyName}`);
    for (const r of pending) {
      if (r.newPatient) names.set(r.id, `${r.newPatient.givenName} ${r.newPatient.familyName}`);
    }
  }
  const days = buildWeek({
    monday,
    timeZone,
    periods: setup.schedules.find((s) => s.clinicianId === clinician.id)?.periods ?? [],
    weeklyBlackouts: setup.weeklyBlackouts.get(clinician.id) ?? [],
    oneOffBlackouts: [...oneOff.values()],
    appointments: booked,
    requests: pending,
  });
  return {
    ok: true,
    view: {
      clinician,
      clinicians,
      monday,
      days,
      serviceTypes: setup.serviceTypes,
      locations: setup.locations,
      names,
    },
  };
};

const mayChange = (principal: StaffPrincipal, clinicianId: string): boolean =>
  allows(principal, 'cancel and move appointments', isOwnCalendar(principal, clinicianId));

export type StaffCancelOutcome =
  | { readonly ok: true; readonly appointment: Appointment }
  | {
      readonly ok: false;
      readonly reason:
        'forbidden' | 'not-found' | 'already-cancelled' | 'attendance-recorded' | 'reason-too-long';
    };

/**
 * Cancels a booked appointment for staff: any time (no cut-off, as the integration API's), with an
 * optional reason the patient is told by email. The appointment, its cells, the notice to the
 * patient and the audit entry are one transaction (appointments.ts, `cancel`).
 */
export const cancelAppointmentAsStaff = async (
  deps: Deps,
  context: StaffContext,
  appointmentId: string,
  reason: { readonly given?: string | undefined; readonly noneGiven: string },
): Promise<StaffCancelOutcome> => {
  const given = reason.given?.trim() ?? '';
  if (given.length > REASON_MAX_LENGTH) return { ok: false, reason: 'reason-too-long' };
  const appointment = await deps.appointments.get(appointmentId);
  if (!appointment) return { ok: false, reason: 'not-found' };
  if (!mayChange(context.principal, appointment.clinicianId)) return { ok: false, reason: 'forbidden' };
  if (appointment.status !== 'booked')
    return {
      ok: false,
      reason: appointment.status === 'cancelled' ? 'already-cancelled' : 'attendance-recorded',
    };
  const now = deps.clock();
  let done: Appointment = appointment;
  const outcome = await deps.appointments.cancel(appointmentId, (cancelled) => {
    done = cancelled;
    return [
      deps.notices.pendingItem(
        prepareNotice(deps.service, {
          id: randomUUID(),
          kind: 'staffCancelled',
          to: { patientId: cancelled.patientId },
          values: { start: cancelled.start, reason: given === '' ? reason.noneGiven : given },
          createdAt: now,
        }),
      ),
      // Ids and the time only: the reason is free text and stays out of the log.
      deps.auditLog.appendItem(
        staffAuditEvent(
          deps,
          context,
          cancelled.patientId,
          'cancelled-appointment',
          `appointment ${appointmentId} at ${cancelled.start} with ${cancelled.clinicianId}${given === '' ? '' : ', reason given'}`,
        ),
      ),
    ];
  });
  if (outcome === 'cancelled') return { ok: true, appointment: done };
  return { ok: false, reason: outcome };
};

export type StaffAppointmentOutcome =
  | { readonly ok: true; readonly appointment: Appointment }
  | { readonly ok: false; readonly reason: 'forbidden' | 'not-found' | 'not-booked' };

/** A booked appointment the person may cancel or move (one GetItem): the cancel form's check. */
export const appointmentToChange = async (
  deps: Deps,
  principal: StaffPrincipal,
  appointmentId: string,
): Promise<StaffAppointmentOutcome> => {
  const appointment = await deps.appointments.get(appointmentId);
  if (!appointment) return { ok: false, reason: 'not-found' };
  if (!mayChange(principal, appointment.clinicianId)) return { ok: false, reason: 'forbidden' };
  if (appointment.status !== 'booked') return { ok: false, reason: 'not-booked' };
  return { ok: true, appointment };
};

export interface MoveInput {
  /** Absent: the same clinician. */
  readonly clinicianId?: string | undefined;
  /** A UTC instant. */
  readonly start: Date;
}

export type StaffMoveOutcome =
  | { readonly ok: true; readonly appointment: Appointment }
  | {
      readonly ok: false;
      readonly reason:
        | 'forbidden'
        | 'not-found'
        | 'not-booked'
        | 'unknown-clinician'
        | 'slot-unavailable'
        | 'slot-taken'
        | 'changed';
    };

/** The free times an appointment may move to on a day: availability, its own hold left out. */
export interface MoveChoices {
  readonly appointment: Appointment;
  readonly clinicians: readonly Clinician[];
  readonly locations: readonly Location[];
  readonly slots: readonly Slot[];
}

const MINUTE_MS = 60_000;

/** Where a move may go, read and checked: the set-up and the target clinician's cells that day. */
const freeTimesFor = async (
  deps: Deps,
  appointment: Appointment,
  clinicianId: string,
  date: LocalDate,
  setup?: StaffSetup,
): Promise<{ setup: StaffSetup; slots: Slot[] }> => {
  const durationMinutes = (Date.parse(appointment.end) - Date.parse(appointment.start)) / MINUTE_MS;
  const query = (bufferMinutes: number) => ({
    timeZone: deps.service.timeZone,
    now: deps.clock().toISOString(),
    from: date,
    to: date,
    clinicianIds: [clinicianId],
    serviceType: { durationMinutes, bufferMinutes },
    minimumNoticeMinutes: deps.service.appointments.minimumNoticeHours * 60,
    horizonDays: deps.service.appointments.horizonDays,
  });
  const window = availabilityWindow(query(0));
  const [read, cells] = await Promise.all([
    setup ? Promise.resolve(setup) : readStaffSetup(deps),
    window ? deps.blackouts.heldCells(clinicianId, window.from, window.to) : Promise.resolve([]),
  ]);
  const type = read.serviceTypes.find((t) => t.id === appointment.serviceType);
  // The appointment's own cells do not hold it back: it may move onto part of its old time.
  const others = cells.filter((c) => c.appointmentId !== appointment.id);
  const slots = availableSlots(
    {
      schedules: read.schedules,
      blackouts: {
        oneOff: [],
        weekly: [...(read.weeklyBlackouts.get(clinicianId) ?? [])],
      },
      holds: holdsFromCells(clinicianId, others),
    },
    query(type?.bufferMinutes ?? 0),
  );
  return { setup: read, slots };
};

export type MoveChoicesOutcome =
  | { readonly ok: true; readonly choices: MoveChoices }
  | { readonly ok: false; readonly reason: 'forbidden' | 'not-found' | 'not-booked' | 'unknown-clinician' };

/** The free times on a date for the move form (or the JSON): the same check a move makes. */
export const moveChoices = async (
  deps: Deps,
  principal: StaffPrincipal,
  appointmentId: string,
  to: { readonly clinicianId?: string | undefined; readonly date?: LocalDate | undefined },
): Promise<MoveChoicesOutcome> => {
  const appointment = await deps.appointments.get(appointmentId);
  if (!appointment) return { ok: false, reason: 'not-found' };
  if (!mayChange(principal, appointment.clinicianId)) return { ok: false, reason: 'forbidden' };
  if (appointment.status !== 'booked') return { ok: false, reason: 'not-booked' };
  const clinicianId = to.clinicianId ?? appointment.clinicianId;
  if (!mayChange(principal, clinicianId)) return { ok: false, reason: 'forbidden' };
  const date = to.date ?? calendarDateIn(new Date(appointment.start), deps.service.timeZone);
  const { setup, slots } = await freeTimesFor(deps, appointment, clinicianId, date);
  if (!setup.clinicians.some((c) => c.id === clinicianId)) return { ok: false, reason: 'unknown-clinician' };
  const clinicians = setup.clinicians.filter((c) => mayChange(principal, c.id));
  return { ok: true, choices: { appointment, clinicians, locations: setup.locations, slots } };
};

/**
 * Moves a booked appointment to a free time (the same or another clinician). The time must be
 * one availability offers now with the appointment's own hold left out, so it may overlap its old
 * time; then ONE transaction takes the new cells, releases the old, changes the appointment and
 * its reminder, files the notice to the patient and the audit entry (appointments.ts, `move`). A
 * time taken meanwhile is `slot-taken`, and nothing changes.
 */
export const moveAppointmentAsStaff = async (
  deps: Deps,
  context: StaffContext,
  appointmentId: string,
  input: MoveInput,
): Promise<StaffMoveOutcome> => {
  const { principal } = context;
  const appointment = await deps.appointments.get(appointmentId);
  if (!appointment) return { ok: false, reason: 'not-found' };
  if (!mayChange(principal, appointment.clinicianId)) return { ok: false, reason: 'forbidden' };
  if (appointment.status !== 'booked') return { ok: false, reason: 'not-booked' };
  const clinicianId = input.clinicianId ?? appointment.clinicianId;
  if (!mayChange(principal, clinicianId)) return { ok: false, reason: 'forbidden' };
  const start = input.start.toISOString();
  const date = calendarDateIn(input.start, deps.service.timeZone);
  const { setup, slots } = await freeTimesFor(deps, appointment, clinicianId, date);
  if (!setup.clinicians.some((c) => c.id === clinicianId)) return { ok: false, reason: 'unknown-clinician' };
  const slot = slots.find((s) => s.clinicianId === clinicianId && s.start === start);
  if (!slot) return { ok: false, reason: 'slot-unavailable' };
  const now = deps.clock();
  const notice = prepareNotice(deps.service, {
    id: randomUUID(),
    kind: 'appointmentMoved',
    to: { patientId: appointment.patientId },
    values: { start: slot.start, previousStart: appointment.start },
    createdAt: now,
  });
  const audit = staffAuditEvent(
    deps,
    context,
    appointment.patientId,
    'moved-appointment',
    `appointment ${appointmentId} from ${appointment.start} with ${appointment.clinicianId} to ${slot.start} with ${slot.clinicianId}`,
  );
  const result = await deps.staffAppointments.move(
    appointmentId,
    { clinicianId: appointment.clinicianId, start: appointment.start },
    { clinicianId: slot.clinicianId, start: slot.start, end: slot.end, locationId: slot.locationId },
    now,
    [deps.notices.pendingItem(notice), deps.auditLog.appendItem(audit)],
  );
  if (result === 'moved')
    return {
      ok: true,
      appointment: {
        ...appointment,
        clinicianId: slot.clinicianId,
        start: slot.start,
        end: slot.end,
        locationId: slot.locationId,
      },
    };
  return { ok: false, reason: result };
};
