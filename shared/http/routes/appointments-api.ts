import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import type { Clinician, ServiceType } from '../../domain/availability/setup.js';
import { currentClinicians, currentServiceTypes } from '../../setup/service-setup.js';
import { appointmentEnd, attendanceStatuses, isoWithOffset } from '../../domain/appointments.js';
import { messages, appointmentApiMessages, episodeMessages } from '../../web/messages.js';
import { integrationAuth } from '../integration-auth.js';
import { parseJsonBody } from '../json-body.js';
import { logger } from '../logger.js';
import { apiError, json } from '../responses.js';
import type { RouteHandler } from '../router.js';

// Integration API for EPR systems (API.md): book and cancel appointments, and the service's
// clinicians and service types that a booking names. Times come in as ISO 8601 instants with an
// offset, are stored in UTC and go out with the service's offset at that instant.

/**
 * `now` is the request's instant: a start at or before it is refused. Clinicians and service
 * types are the stored set-up's (shared/setup/service-setup.ts); hidden clinicians can still be
 * booked here (only patients cannot pick them).
 */
export const bookAppointmentBody = (
  service: {
    readonly clinicians: readonly Pick<Clinician, 'id'>[];
    readonly serviceTypes: readonly Pick<ServiceType, 'id' | 'durationMinutes' | 'bufferMinutes'>[];
  },
  now: Date,
) =>
  z
    .strictObject({
      patientId: z.uuid(appointmentApiMessages.unknownPatient),
      clinicianId: z
        .string(messages.fields.notText)
        .check(
          z.refine(
            (id) => service.clinicians.some((c) => c.id === id),
            appointmentApiMessages.unknownClinician,
          ),
        ),
      start: z.pipe(
        z.iso.datetime({ offset: true, error: appointmentApiMessages.invalidStart }),
        z.transform((value: string) => new Date(value)),
      ),
      serviceType: z.pipe(
        z.string(messages.fields.notText),
        z.transform((id: string, ctx) => {
          const type = service.serviceTypes.find((t) => t.id === id);
          if (!type)
            ctx.issues.push({
              code: 'custom',
              message: appointmentApiMessages.unknownServiceType,
              input: id,
            });
          return type ?? z.NEVER;
        }),
      ),
      locationId: z.optional(
        z
          .string(messages.fields.notText)
          .check(
            z.trim(),
            z.minLength(1, messages.fields.required),
            z.maxLength(64, messages.fields.tooLong(64)),
          ),
      ),
      // An appointment that already happened, from the EPR's history (issue 16): past start only.
      status: z.optional(z.enum(attendanceStatuses, episodeMessages.attendanceStatus)),
    })
    .check((ctx) => {
      const { start, status } = ctx.value;
      const past = start <= now;
      if (past === (status !== undefined)) return;
      const message = status ? episodeMessages.statusNeedsPastStart : appointmentApiMessages.startInPast;
      ctx.issues.push({ code: 'custom', message, input: start, path: ['start'] });
    });

const AppointmentId = z.uuid();

export const appointmentsApi = (deps: Deps) => {
  const authorised = integrationAuth(deps);
  const { timeZone } = deps.service;

  const book: RouteHandler = async (req) => {
    // Two GetItems at once: one round trip.
    const [clinicians, serviceTypes] = await Promise.all([
      currentClinicians(deps),
      currentServiceTypes(deps),
    ]);
    const body = parseJsonBody(
      req,
      bookAppointmentBody({ clinicians: clinicians.value, serviceTypes: serviceTypes.value }, deps.clock()),
    );
    if (!body.ok) return body.response;
    const { patientId, clinicianId, serviceType, locationId, status } = body.value;
    const start = body.value.start.toISOString();
    const end = appointmentEnd(start, serviceType);
    const id = randomUUID();
    const appointment = { id, patientId, clinicianId, start, end, serviceType: serviceType.id, locationId };
    // History (a status, a past start) takes no cell locks and makes nothing due (attendance.ts).
    const result = status
      ? await deps.attendance.recordPast({ ...appointment, status }, serviceType.bufferMinutes)
      : await deps.appointments.book(appointment, serviceType.bufferMinutes, deps.clock());
    if (!result.ok && result.reason === 'unknown-patient') {
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        patientId: appointmentApiMessages.unknownPatient,
      });
    }
    if (!result.ok) {
      logger.info('Booking refused', { clinicianId, outcome: result.reason });
      return apiError(409, 'slot_unavailable', appointmentApiMessages.slotUnavailable);
    }
    logger.info('Appointment booked', { appointmentId: id, outcome: 'booked' });
    return json(201, {
      id,
      start: isoWithOffset(start, timeZone),
      end: isoWithOffset(end, timeZone),
      ...(status ? { status } : {}),
    });
  };

  const cancel: RouteHandler = async (req) => {
    const id = AppointmentId.safeParse(req.pathParameters.id);
    const outcome = id.success ? await deps.appointments.cancel(id.data) : 'not-found';
    if (outcome === 'not-found') return apiError(404, 'not_found', appointmentApiMessages.notFound);
    logger.info('Appointment cancel', { appointmentId: id.data, outcome });
    if (outcome === 'already-cancelled') {
      return apiError(409, 'already_cancelled', appointmentApiMessages.alreadyCancelled);
    }
    if (outcome === 'attendance-recorded') {
      return apiError(409, 'attendance_recorded', appointmentApiMessages.attendanceRecorded);
    }
    return json(200, { id: id.data, status: 'cancelled' });
  };

  // The stored set-up, as the console last saved it; hidden clinicians included (visible: false).
  const clinicians: RouteHandler = async () =>
    json(200, {
      items: (await currentClinicians(deps)).value.map(({ id, name, visible }) => ({ id, name, visible })),
    });

  const serviceTypes: RouteHandler = async () =>
    json(200, {
      items: (await currentServiceTypes(deps)).value.map(({ id, name, durationMinutes }) => ({
        id,
        name,
        durationMinutes,
      })),
    });

  return {
    book: authorised(book),
    cancel: authorised(cancel),
    clinicians: authorised(clinicians),
    serviceTypes: authorised(serviceTypes),
  };
};
