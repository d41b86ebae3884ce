import { randomUUID } from 'node:crypto';
import type { HeldCell } from '../data/blackouts.js';
import type { Deps } from '../deps.js';
import { newRequestNoticeItems } from './new-request-notices.js';
import {
  type AppointmentRequest,
  mayCancelAppointment,
  type PatientKind,
  requestableTypes,
} from '../domain/appointment-requests.js';
import { type Appointment, appointmentEnd, CELL_MINUTES } from '../domain/appointments.js';
import { calendarDateIn } from '../domain/calendar-date.js';
import {
  type AvailabilityQuery,
  availabilityWindow,
  availableSlots,
  type Slot,
} from '../domain/availability/slots.js';
import type {
  Clinician,
  Hold,
  LocalDate,
  Location,
  ServiceType,
  WeeklyBlackout,
  WorkSchedule,
} from '../domain/availability/setup.js';

// What a signed-in (existing) patient does with appointments (F10, F11, F15): see free times, ask
// for one, see and cancel what they have. Use cases: Deps and values in, outcomes out.
//
// Reads are bounded by the range asked: the set-up is one Query of its SETUP# items, and what
// already holds a clinician's time (appointments, pending requests, one-off blackouts) is their
// cell locks in the window (one Query per clinician, sent together). One-off blackouts need no
// Query of their own here: their cells are among those locks.

const MINUTE_MS = 60_000;
const CELL_MS = CELL_MINUTES * MINUTE_MS;

/** The set-up as a patient may see it: visible clinicians and the types they may ask for. */
export interface PatientSetup {
  readonly clinicians: readonly Clinician[];
  readonly locations: readonly Location[];
  readonly serviceTypes: readonly ServiceType[];
  readonly schedules: readonly WorkSchedule[];
  readonly weeklyBlackouts: readonly WeeklyBlackout[];
}

/**
 * The set-up for an existing patient, in one Query. Hidden clinicians are left out here, once,
 * so no page or JSON built from this can show them. Empty when the service takes no requests.
 */
export const readPatientSetup = async (deps: Deps, who: PatientKind = 'existing'): Promise<PatientSetup> => {
  const setup = await deps.serviceSetup.read();
  const clinicians = (setup.clinicians?.value ?? deps.service.clinicians).filter((c) => c.visible);
  const types = setup.serviceTypes?.value ?? deps.service.serviceTypes;
  const visible = new Set(clinicians.map((c) => c.id));
  return {
    clinicians,
    locations: setup.locations?.value ?? [],
    serviceTypes: requestableTypes(deps.service.appointments.portal, who, types),
    schedules: [...setup.schedules]
      .filter(([id]) => visible.has(id))
      .map(([clinicianId, periods]) => ({ clinicianId, periods: periods.value })),
    weeklyBlackouts: [...setup.weeklyBlackouts]
      .filter(([id]) => visible.has(id))
      .flatMap(([, list]) => list.value),
  };
};

/** Consecutive held cells as holds: the cells already include each booking's buffer. */
export const holdsFromCells = (clinicianId: string, cells: readonly HeldCell[]): Hold[] => {
  const holds: Hold[] = [];
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run)
      holds.push({
        clinicianId,
        start: new Date(run.start).toISOString(),
        end: new Date(run.end).toISOString(),
        bufferMinutes: 0,
      });
  };
  for (const at of cells.map((c) => Date.parse(c.cell)).sort((a, b) => a - b)) {
    if (run && at === run.end) run.end = at + CELL_MS;
    else {
      flush();
      run = { start: at, end: at + CELL_MS };
    }
  }
  flush();
  return holds;
};

const readHolds = async (
  deps: Deps,
  clinicianIds: readonly string[],
  window: { from: string; to: string },
): Promise<Hold[]> =>
  (
    await Promise.all(
      clinicianIds.map(async (id) =>
        holdsFromCells(id, await deps.blackouts.heldCells(id, window.from, window.to)),
      ),
    )
  ).flat();

export interface FreeTimesQuery {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly serviceTypeId: string;
  readonly clinicianId: string | 'any';
  readonly locationId?: string | undefined;
}

export type FreeTimesOutcome =
  | { readonly ok: true; readonly slots: readonly Slot[]; readonly setup: PatientSetup }
  | {
      readonly ok: false;
      readonly reason: 'closed' | 'unknown-service-type' | 'unknown-clinician' | 'unknown-location';
    };

const availabilityQuery = (
  deps: Deps,
  serviceType: ServiceType,
  clinicianIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
  locationId: string | undefined,
): AvailabilityQuery => ({
  timeZone: deps.service.timeZone,
  now: deps.clock().toISOString(),
  from,
  to,
  clinicianIds,
  locationId,
  serviceType,
  minimumNoticeMinutes: deps.service.appointments.minimumNoticeHours * 60,
  horizonDays: deps.service.appointments.horizonDays,
});

const dataFor = (setup: PatientSetup, holds: readonly Hold[]) => ({
  schedules: setup.schedules,
  blackouts: { oneOff: [], weekly: setup.weeklyBlackouts },
  holds,
});

/** The free times for an existing patient: two round trips (the set-up, then the clinicians' cells). */
export const findFreeTimes = async (
  deps: Deps,
  query: FreeTimesQuery,
  preread?: PatientSetup,
): Promise<FreeTimesOutcome> => {
  if (deps.service.appointments.portal === 'nobody') return { ok: false, reason: 'closed' };
  const setup = preread ?? (await readPatientSetup(deps));
  const serviceType = setup.serviceTypes.find((t) => t.id === query.serviceTypeId);
  if (!serviceType) return { ok: false, reason: 'unknown-service-type' };
  if (query.locationId !== undefined && !setup.locations.some((l) => l.id === query.locationId))
    return { ok: false, reason: 'unknown-location' };
  const clinicianIds =
    query.clinicianId === 'any'
      ? setup.clinicians.map((c) => c.id)
      : setup.clinicians.some((c) => c.id === query.clinicianId)
        ? [query.clinicianId]
        : undefined;
  if (!clinicianIds) return { ok: false, reason: 'unknown-clinician' };
  const aq = availabilityQuery(deps, serviceType, clinicianIds, query.from, query.to, query.locationId);
  const window = availabilityWindow(aq);
  if (!window) return { ok: true, slots: [], setup };
  const holds = await readHolds(deps, clinicianIds, window);
  return { ok: true, slots: availableSlots(dataFor(setup, holds), aq), setup };
};

export interface RequestInput {
  readonly clinicianId: string;
  /** A UTC instant. */
  readonly start: Date;
  readonly serviceTypeId: string;
  readonly locationId?: string | undefined;
  readonly comment?: string | undefined;
}

/** What a request submission reads beside the patient, in the same round trip. */
export interface RequestPreread {
  readonly setup: PatientSetup;
  readonly holds: readonly Hold[];
  readonly query: (serviceType: ServiceType) => AvailabilityQuery;
}

/**
 * Reads what checking a request needs: the set-up and the clinician's cells on the requested
 * day. Neither depends on the other, so both go at once (and beside the patient's GetItem).
 */
export const prereadForRequest = async (
  deps: Deps,
  input: RequestInput,
  who: PatientKind = 'existing',
): Promise<RequestPreread> => {
  const date = calendarDateIn(input.start, deps.service.timeZone);
  const query = (serviceType: ServiceType) =>
    availabilityQuery(deps, serviceType, [input.clinicianId], date, date, input.locationId);
  // The window does not depend on the service type: any one will do to work it out.
  const window = availabilityWindow(
    query({ id: '', name: '', durationMinutes: 1, bufferMinutes: 0, requestableBy: 'nobody' }),
  );
  const [setup, holds] = await Promise.all([
    readPatientSetup(deps, who),
    window ? readHolds(deps, [input.clinicianId], window) : Promise.resolve([]),
  ]);
  return { setup, holds, query };
};

export type OfferedSlot =
  | { readonly ok: true; readonly serviceType: ServiceType; readonly slot: Slot }
  | {
      readonly ok: false;
      readonly reason: 'unknown-service-type' | 'unknown-clinician' | 'slot-unavailable';
    };

/** The slot availability offers now for this input, or why there is none (shared with the public form). */
export const offeredSlot = (input: RequestInput, pre: RequestPreread): OfferedSlot => {
  const serviceType = pre.setup.serviceTypes.find((t) => t.id === input.serviceTypeId);
  if (!serviceType) return { ok: false, reason: 'unknown-service-type' };
  if (!pre.setup.clinicians.some((c) => c.id === input.clinicianId))
    return { ok: false, reason: 'unknown-clinician' };
  const start = input.start.toISOString();
  const slot = availableSlots(dataFor(pre.setup, pre.holds), pre.query(serviceType)).find(
    (s) =>
      s.clinicianId === input.clinicianId &&
      s.start === start &&
      (input.locationId === undefined || s.locationId === input.locationId),
  );
  return slot ? { ok: true, serviceType, slot } : { ok: false, reason: 'slot-unavailable' };
};

export type RequestOutcome =
  | { readonly ok: true; readonly id: string }
  | {
      readonly ok: false;
      readonly reason: 'closed' | 'unknown-service-type' | 'unknown-clinician' | 'slot-unavailable';
    };

/**
 * Asks for a time as an existing patient. The time must be one that availability offers now
 * (inside a work period, clear of blackouts and holds, within notice and horizon); then the
 * request and its cells are one conditional transaction, so a time taken meanwhile is refused.
 */
export const requestAppointment = async (
  deps: Deps,
  patientId: string,
  input: RequestInput,
  pre: RequestPreread,
): Promise<RequestOutcome> => {
  if (deps.service.appointments.portal === 'nobody') return { ok: false, reason: 'closed' };
  const checked = offeredSlot(input, pre);
  if (!checked.ok) return checked;
  const { serviceType, slot } = checked;
  const start = slot.start;
  const id = randomUUID();
  const at = deps.clock();
  const result = await deps.appointmentRequests.submit(
    {
      id,
      patientId,
      clinicianId: input.clinicianId,
      start,
      end: appointmentEnd(start, serviceType),
      serviceType: serviceType.id,
      locationId: slot.locationId,
      comment: input.comment,
    },
    serviceType.bufferMinutes,
    at,
    // The clinician and the schedulers hear of it in the same transaction (F14).
    newRequestNoticeItems(deps, { id, clinicianId: input.clinicianId, start }, pre.setup.clinicians, at),
  );
  if (!result.ok) return { ok: false, reason: 'slot-unavailable' };
  deps.metrics.count('RequestsMade');
  return { ok: true, id };
};

export const cancelRequest = (deps: Deps, patientId: string, requestId: string) =>
  deps.appointmentRequests.cancel(requestId, patientId);

export type CancelAppointmentOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'not-found' | 'already-cancelled' | 'too-late' };

/** Cancels the patient's own booked appointment, up to the service's cut-off (F15). */
export const cancelOwnAppointment = async (
  deps: Deps,
  patientId: string,
  appointmentId: string,
): Promise<CancelAppointmentOutcome> => {
  const appointment = await deps.appointments.get(appointmentId);
  if (!appointment || appointment.patientId !== patientId) return { ok: false, reason: 'not-found' };
  if (appointment.status === 'cancelled') return { ok: false, reason: 'already-cancelled' };
  // Attended or missed: in the past, so too late, whatever the cut-off.
  if (appointment.status !== 'booked') return { ok: false, reason: 'too-late' };
  if (!mayCancelAppointment(appointment.start, deps.clock(), deps.service.appointments.cancelCutoffHours))
    return { ok: false, reason: 'too-late' };
  const outcome = await deps.appointments.cancel(appointmentId);
  if (outcome === 'cancelled') return { ok: true };
  return { ok: false, reason: outcome === 'attendance-recorded' ? 'too-late' : outcome };
};

export interface PatientAppointments {
  readonly upcoming: readonly Appointment[];
  readonly pending: readonly AppointmentRequest[];
  /** Every clinician (hidden ones too), to name them; the caller decides what a patient sees. */
  readonly clinicians: readonly Clinician[];
  readonly locations: readonly Location[];
  readonly serviceTypes: readonly ServiceType[];
}

/** The patient's upcoming appointments and pending requests, with the set-up that names them: one round trip. */
export const listPatientAppointments = async (
  deps: Deps,
  patientId: string,
): Promise<PatientAppointments> => {
  const now = deps.clock().toISOString();
  const [booked, pending, setup] = await Promise.all([
    deps.appointments.forPatient(patientId),
    deps.appointmentRequests.pendingForPatient(patientId),
    deps.serviceSetup.read(),
  ]);
  return {
    upcoming: booked.filter((a) => new Date(a.start).toISOString() > now),
    pending,
    clinicians: setup.clinicians?.value ?? deps.service.clinicians,
    locations: setup.locations?.value ?? [],
    serviceTypes: setup.serviceTypes?.value ?? deps.service.serviceTypes,
  };
};
