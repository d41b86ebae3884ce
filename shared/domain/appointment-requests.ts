// Appointment requests as patients make them (F10, F11, F15), and the portal's pure rules about
// them: who may see free times and ask, which service types each kind of patient sees, and
// until when a booked appointment can be cancelled from the portal. No clock here: `now` is an
// argument.

import type { Requester, ServiceType } from './availability/setup.js';

/**
 * A request's life: `unverified` (a public request whose email link is not yet followed: it holds
 * no time and staff do not see it), `pending` (holds its time; staff decide it), then one of
 * `cancelled` (by the patient), `approved` (now an appointment), `denied` (with a reason sent to
 * the patient) or `expired` (not decided within the service's limit). Only `pending` holds cells.
 */
export const appointmentRequestStatuses = [
  'unverified',
  'pending',
  'cancelled',
  'approved',
  'denied',
  'expired',
] as const;
export type AppointmentRequestStatus = (typeof appointmentRequestStatuses)[number];

/** Who a public request (F10, F17) comes from: no patient exists yet; approval matches or creates one. */
export interface NewPatientDetails {
  readonly givenName: string;
  readonly familyName: string;
  /** YYYY-MM-DD */
  readonly dateOfBirth: string;
  readonly email: string;
  /** E.164 */
  readonly phone?: string | undefined;
}

export interface AppointmentRequest {
  readonly id: string;
  /**
   * The signed-in patient who asked. A request from the public form has none until approval
   * matches or creates the patient; it carries `newPatient` instead. Exactly one of the two is set.
   */
  readonly patientId?: string | undefined;
  readonly newPatient?: NewPatientDetails | undefined;
  readonly clinicianId: string;
  /** UTC ISO instants; end is start + duration, the buffer not included. */
  readonly start: string;
  readonly end: string;
  readonly serviceType: string;
  readonly locationId?: string | undefined;
  /** The patient's own words to the clinic; never logged. */
  readonly comment?: string | undefined;
  readonly status: AppointmentRequestStatus;
  readonly createdAt: string;
}

/** Who may see free times and ask for one from the portal (F11; config `appointments.portal`). */
export const portalAudiences = ['everyone', 'existing-patients', 'nobody'] as const;
export type PortalAudience = (typeof portalAudiences)[number];

/** A signed-in patient is an existing patient; someone using the public form is a new one. */
export type PatientKind = 'new' | 'existing';

export const mayUsePortalBooking = (audience: PortalAudience, who: PatientKind): boolean =>
  audience === 'everyone' || (audience === 'existing-patients' && who === 'existing');

const requesterOf: Record<PatientKind, Requester> = { new: 'new-patients', existing: 'existing-patients' };

/** The service types this kind of patient may see and ask for: intakes for new, sessions for existing. */
export const requestableTypes = <T extends Pick<ServiceType, 'requestableBy'>>(
  audience: PortalAudience,
  who: PatientKind,
  types: readonly T[],
): T[] =>
  mayUsePortalBooking(audience, who) ? types.filter((t) => t.requestableBy === requesterOf[who]) : [];

const HOUR_MS = 3600_000;

/**
 * Whether a booked appointment may still be cancelled from the portal: up to the cut-off before
 * its start, the cut-off itself included (F15). After it, the patient calls the service.
 */
export const mayCancelAppointment = (start: string, now: Date, cutoffHours: number): boolean =>
  Date.parse(start) - now.getTime() >= cutoffHours * HOUR_MS;
