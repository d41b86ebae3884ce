import * as z from 'zod/mini';
import {
  cancelAppointmentAsStaff,
  moveAppointmentAsStaff,
  viewCalendar,
} from '../../appointments/staff-calendar.js';
import type { Deps } from '../../deps.js';
import { isoWithOffset } from '../../domain/appointments.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import type { StaffContext } from '../../staff/console.js';
import { messages, staffCalendarMessages } from '../../web/messages.js';
import { parseJsonBody } from '../json-body.js';
import { logger } from '../logger.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';
import { staffApi, staffApiForbidden } from '../staff-access.js';

// The staff calendar as JSON (additive to API.md's staff API): a clinician's week, and cancelling
// and moving an appointment, on the same use cases as the pages. Times are instants with the
// service's offset, dates the service's.

const Text = () => z.string(messages.fields.notText);
const CancelBody = z.strictObject({ reason: z.optional(Text()) });
const MoveBody = z.strictObject({ clinicianId: z.optional(Text()), start: Text() });

/** An instant with its offset (Z or ±hh:mm), as API.md writes times. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const staffCalendarApi = (deps: Deps) => {
  const api = staffApi(deps);
  const { timeZone } = deps.service;
  const at = (instant: string) => isoWithOffset(instant, timeZone);
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });
  const notFound = () => apiError(404, 'not_found', staffCalendarMessages.notFound);

  const calendar = api(async (req, principal) => {
    const outcome = await viewCalendar(deps, principal, {
      clinicianId: req.query.clinicianId,
      week: req.query.week,
    });
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'forbidden':
        case 'not-linked':
          return staffApiForbidden();
        case 'unknown-clinician':
          return apiError(404, 'not_found', staffCalendarMessages.unknownClinician);
        default:
          return apiError(400, 'invalid_request', messages.api.invalidRequest, {
            week: staffCalendarMessages.invalidWeek,
          });
      }
    }
    const { view } = outcome;
    return json(200, {
      clinicianId: view.clinician.id,
      week: view.monday,
      timeZone,
      days: view.days.map((day) => ({
        date: day.date,
        work: day.work.map((w) => ({ start: at(w.start), end: at(w.end), locationId: w.locationId })),
        items: day.entries.map((e) => {
          const base = { kind: e.kind, id: e.id, start: at(e.start), end: at(e.end) };
          if (e.kind === 'appointment' || e.kind === 'request') {
            const name = view.names.get(e.patientId ?? e.id);
            return {
              ...base,
              serviceType: e.serviceType,
              ...(e.locationId ? { locationId: e.locationId } : {}),
              ...(e.patientId ? { patientId: e.patientId } : {}),
              ...(name ? { patientName: name } : {}),
              ...(e.kind === 'request' ? { tentative: true } : {}),
            };
          }
          return base;
        }),
      })),
    });
  });

  const cancel = api(async (req, principal) => {
    const body = parseJsonBody(req, CancelBody);
    if (!body.ok) return body.response;
    const outcome = await cancelAppointmentAsStaff(
      deps,
      context(req, principal),
      req.pathParameters.id ?? '',
      {
        given: body.value.reason,
        noneGiven: staffCalendarMessages.noReasonGiven,
      },
    );
    logger.info('Appointment cancelled by staff', {
      appointmentId: req.pathParameters.id,
      outcome: outcome.ok ? 'cancelled' : outcome.reason,
    });
    if (outcome.ok) return json(200, { id: outcome.appointment.id, status: 'cancelled' });
    switch (outcome.reason) {
      case 'forbidden':
        return staffApiForbidden();
      case 'not-found':
        return notFound();
      case 'already-cancelled':
        return apiError(409, 'already_cancelled', staffCalendarMessages.notBooked);
      case 'attendance-recorded':
        return apiError(409, 'attendance_recorded', staffCalendarMessages.attendanceRecorded);
      default:
        return apiError(400, 'invalid_request', messages.api.invalidRequest, {
          reason: staffCalendarMessages.reasonTooLong,
        });
    }
  });

  const move = api(async (req, principal): Promise<PortalResponse> => {
    const body = parseJsonBody(req, MoveBody);
    if (!body.ok) return body.response;
    const start = new Date(body.value.start);
    if (!ISO_INSTANT.test(body.value.start) || Number.isNaN(start.getTime()))
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        start: staffCalendarMessages.startRequired,
      });
    const id = req.pathParameters.id ?? '';
    const outcome = await moveAppointmentAsStaff(deps, context(req, principal), id, {
      clinicianId: body.value.clinicianId,
      start,
    });
    logger.info('Appointment moved by staff', {
      appointmentId: id,
      outcome: outcome.ok ? 'moved' : outcome.reason,
    });
    if (outcome.ok) {
      const a = outcome.appointment;
      return json(200, {
        id: a.id,
        clinicianId: a.clinicianId,
        start: at(a.start),
        end: at(a.end),
        ...(a.locationId ? { locationId: a.locationId } : {}),
        status: 'booked',
      });
    }
    switch (outcome.reason) {
      case 'forbidden':
        return staffApiForbidden();
      case 'not-found':
        return notFound();
      case 'unknown-clinician':
        return apiError(400, 'invalid_request', messages.api.invalidRequest, {
          clinicianId: staffCalendarMessages.unknownClinician,
        });
      case 'not-booked':
        return apiError(409, 'not_booked', staffCalendarMessages.notBooked);
      case 'changed':
        return apiError(409, 'changed', staffCalendarMessages.changed);
      default:
        // Not free now (slot-unavailable), or taken meanwhile (slot-taken): nothing changed.
        return apiError(409, 'slot_unavailable', staffCalendarMessages.slotTaken);
    }
  });

  return { calendar, cancel, move };
};
