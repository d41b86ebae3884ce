import * as z from 'zod/mini';
import {
  cancelOwnAppointment,
  cancelRequest,
  findFreeTimes,
  listPatientAppointments,
  type PatientAppointments,
  prereadForRequest,
  readPatientSetup,
  requestAppointment,
} from '../../appointments/patient-booking.js';
import { signedInPatient, signedInPatientWith } from '../../auth/patient-session.js';
import type { Deps } from '../../deps.js';
import { isoWithOffset } from '../../domain/appointments.js';
import { addDays } from '../../domain/availability/wall-clock.js';
import { calendarDateIn } from '../../domain/calendar-date.js';
import { bookingMessages, messages, sessionMessages } from '../../web/messages.js';
import { sessionToken } from '../cookies.js';
import { parseJsonBody } from '../json-body.js';
import { logger } from '../logger.js';
import { apiError, json, noContent } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The patient's appointments as JSON (API.md, patient API; F10, F11, F15): free times, requests,
// and cancelling. The pages use the same use cases (shared/appointments/patient-booking.ts).

export const COMMENT_MAX = 500;
/** The most days one availability answer covers: it bounds the cells read. */
export const MAX_RANGE_DAYS = 62;

const LocalDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, bookingMessages.invalidDate));

export const RequestBody = z.strictObject({
  clinicianId: z.string(messages.fields.notText).check(z.minLength(1, bookingMessages.unknownClinician)),
  start: z.pipe(
    z.iso.datetime({ offset: true, error: bookingMessages.invalidStart }),
    z.transform((v: string) => new Date(v)),
  ),
  serviceType: z.string(messages.fields.notText).check(z.minLength(1, bookingMessages.unknownServiceType)),
  locationId: z.optional(z.string(messages.fields.notText)),
  comment: z.optional(
    z
      .string(messages.fields.notText)
      .check(z.trim(), z.maxLength(COMMENT_MAX, bookingMessages.commentTooLong(COMMENT_MAX))),
  ),
});

const RequestId = z.uuid();

const closed = () => apiError(403, 'forbidden', bookingMessages.closed);

/** The appointments and requests as API.md shapes them; a hidden clinician is not named. */
export const appointmentsView = (list: PatientAppointments, timeZone: string) => {
  const clinician = (id: string) => {
    const c = list.clinicians.find((x) => x.id === id);
    return { id, name: c?.visible ? c.name : bookingMessages.hiddenClinician };
  };
  const location = (id: string | undefined) => {
    const l = id === undefined ? undefined : list.locations.find((x) => x.id === id);
    return l ? { location: { id: l.id, name: l.name } } : {};
  };
  const typeName = (id: string) => list.serviceTypes.find((t) => t.id === id)?.name ?? id;
  const item = (
    x: {
      id: string;
      start: string;
      end: string;
      clinicianId: string;
      serviceType: string;
      locationId?: string | undefined;
    },
    status: string,
  ) => ({
    id: x.id,
    start: isoWithOffset(x.start, timeZone),
    end: isoWithOffset(x.end, timeZone),
    clinician: clinician(x.clinicianId),
    serviceType: x.serviceType,
    serviceTypeName: typeName(x.serviceType),
    ...location(x.locationId),
    status,
  });
  return {
    upcoming: list.upcoming.map((a) => item(a, 'booked')),
    pending: list.pending.map((r) => item(r, 'pending')),
  };
};

export const patientAppointmentsApi = (deps: Deps) => {
  const unauthenticated = () => apiError(401, 'unauthenticated', sessionMessages.unauthenticated);
  const token = (req: Parameters<RouteHandler>[0]) => sessionToken(req, deps.cookieSecure);

  const availability: RouteHandler = async (req) => {
    // The set-up is read beside the patient: three round trips in all (session, patient and
    // set-up, the clinicians' cells).
    const signed = await signedInPatientWith(deps, token(req), () => readPatientSetup(deps));
    if (!signed) return unauthenticated();
    const today = calendarDateIn(deps.clock(), deps.service.timeZone);
    const from = req.query.from ?? today;
    const to = req.query.to ?? addDays(from, 13);
    const fields: Record<string, string> = {};
    if (!LocalDate.safeParse(from).success || Number.isNaN(Date.parse(from)))
      fields.from = bookingMessages.invalidDate;
    if (!LocalDate.safeParse(to).success || Number.isNaN(Date.parse(to)))
      fields.to = bookingMessages.invalidDate;
    else if (!fields.from && to < from) fields.to = bookingMessages.toBeforeFrom;
    else if (!fields.from && to > addDays(from, MAX_RANGE_DAYS - 1))
      fields.to = bookingMessages.rangeTooLong(MAX_RANGE_DAYS);
    if (!req.query.serviceType) fields.serviceType = bookingMessages.unknownServiceType;
    if (Object.keys(fields).length > 0)
      return apiError(400, 'invalid_request', messages.api.invalidRequest, fields);
    const outcome = await findFreeTimes(
      deps,
      {
        from,
        to,
        serviceTypeId: req.query.serviceType ?? '',
        clinicianId: req.query.clinicianId ?? 'any',
        locationId: req.query.locationId,
      },
      signed.also,
    );
    if (!outcome.ok && outcome.reason === 'closed') return closed();
    if (!outcome.ok) {
      const field: Record<string, string> =
        outcome.reason === 'unknown-service-type'
          ? { serviceType: bookingMessages.unknownServiceType }
          : outcome.reason === 'unknown-clinician'
            ? { clinicianId: bookingMessages.unknownClinician }
            : { locationId: bookingMessages.unknownLocation };
      return apiError(400, 'invalid_request', messages.api.invalidRequest, field);
    }
    const { timeZone } = deps.service;
    return json(200, {
      slots: outcome.slots.map((s) => ({
        clinicianId: s.clinicianId,
        start: isoWithOffset(s.start, timeZone),
        end: isoWithOffset(s.end, timeZone),
        locationId: s.locationId,
      })),
    });
  };

  const submitRequest: RouteHandler = async (req) => {
    const body = parseJsonBody(req, RequestBody);
    // The session first: a visitor without one learns nothing about the body.
    if (!body.ok) return (await signedInPatient(deps, token(req))) ? body.response : unauthenticated();
    const input = {
      clinicianId: body.value.clinicianId,
      start: body.value.start,
      serviceTypeId: body.value.serviceType,
      locationId: body.value.locationId,
      comment: body.value.comment || undefined,
    };
    // Round trip 1: the session; 2: the patient, the set-up and the clinician's cells; 3: the write.
    const signed = await signedInPatientWith(deps, token(req), () => prereadForRequest(deps, input));
    if (!signed) return unauthenticated();
    const outcome = await requestAppointment(deps, signed.patient.id, input, signed.also);
    if (outcome.ok) {
      logger.info('Appointment requested', { requestId: outcome.id, outcome: 'pending' });
      return json(201, { id: outcome.id, status: 'pending' });
    }
    logger.info('Appointment request refused', { outcome: outcome.reason });
    if (outcome.reason === 'closed') return closed();
    if (outcome.reason === 'unknown-service-type')
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        serviceType: bookingMessages.unknownServiceType,
      });
    if (outcome.reason === 'unknown-clinician')
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        clinicianId: bookingMessages.unknownClinician,
      });
    return apiError(409, 'slot_unavailable', bookingMessages.slotUnavailable);
  };

  const deleteRequest: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, token(req));
    if (!patient) return unauthenticated();
    const id = RequestId.safeParse(req.pathParameters.id);
    const outcome = id.success ? await cancelRequest(deps, patient.id, id.data) : 'not-found';
    if (outcome === 'not-found') return apiError(404, 'not_found', bookingMessages.requestNotFound);
    if (outcome === 'not-pending') return apiError(409, 'not_pending', bookingMessages.requestNotPending);
    logger.info('Appointment request cancelled', { requestId: id.data, outcome });
    return noContent();
  };

  const cancelAppointment: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, token(req));
    if (!patient) return unauthenticated();
    const id = RequestId.safeParse(req.pathParameters.id);
    const outcome = id.success
      ? await cancelOwnAppointment(deps, patient.id, id.data)
      : ({ ok: false, reason: 'not-found' } as const);
    if (outcome.ok) {
      logger.info('Appointment cancelled by patient', { appointmentId: id.data, outcome: 'cancelled' });
      return json(200, { id: id.data, status: 'cancelled' });
    }
    if (outcome.reason === 'not-found')
      return apiError(404, 'not_found', bookingMessages.appointmentNotFound);
    if (outcome.reason === 'already-cancelled')
      return apiError(409, 'already_cancelled', bookingMessages.appointmentAlreadyCancelled);
    const { cancelCutoffHours } = deps.service.appointments;
    return apiError(
      409,
      'too_late_to_cancel',
      bookingMessages.tooLateToCancel(cancelCutoffHours, deps.service.phone),
    );
  };

  const list: RouteHandler = async (req) => {
    const signed = await signedInPatientWith(deps, token(req), (patientId) =>
      listPatientAppointments(deps, patientId),
    );
    if (!signed) return unauthenticated();
    return json(200, appointmentsView(signed.also, deps.service.timeZone));
  };

  return { availability, submitRequest, deleteRequest, cancelAppointment, list };
};
