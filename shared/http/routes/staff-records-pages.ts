import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { attendanceStatuses } from '../../domain/appointments.js';
import { recordAttendanceByStaff } from '../../outcomes/attendance.js';
import { dischargeByStaff, type EpisodeChange, referByStaff } from '../../outcomes/episodes.js';
import { type PortalResponse, seeOther } from '../responses.js';
import { staffFormRoute, staffNoAccess, staffNotFound } from '../staff-access.js';

// The staff-records Lambda's forms on the patient page (the page itself is the console's):
// discharge, a new referral, attendance. Each carries the CSRF token and answers with a redirect
// back to the patient page (Post/Redirect/Get), where the change shows.

const PatientId = z.uuid();

export const staffRecordsPages = (deps: Deps) => {
  const form = staffFormRoute(deps);
  const notFound = () => staffNotFound(deps);

  /**
   * Back to the patient page: done, or nothing to do (already discharged, already open: the page
   * shows how things stand, as after a double click).
   */
  const answer = (patientId: string, outcome: EpisodeChange): PortalResponse => {
    if (outcome.ok || outcome.reason === 'no-open-episode' || outcome.reason === 'episode-open')
      return seeOther(`/staff/patients/${patientId}`);
    return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
  };

  const episodeChange = (change: typeof dischargeByStaff) =>
    form(async (req, principal) => {
      const id = PatientId.safeParse(req.pathParameters.id);
      if (!id.success) return notFound();
      return answer(id.data, await change(deps, { principal, requestId: req.requestId }, id.data));
    });

  const AppointmentId = z.uuid();
  const Status = z.enum(attendanceStatuses);

  /**
   * Back to the patient page whatever became of it (recorded, not started, cancelled meanwhile):
   * the page lists the appointment as it now stands. A form without a status changes nothing.
   */
  const attendance = form(async (req, principal, fields) => {
    const id = AppointmentId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const status = Status.safeParse(fields.status);
    if (!status.success) {
      const appointment = await deps.appointments.get(id.data);
      return appointment ? seeOther(`/staff/patients/${appointment.patientId}`) : notFound();
    }
    const outcome = await recordAttendanceByStaff(
      deps,
      { principal, requestId: req.requestId },
      id.data,
      status.data,
    );
    if (outcome.result === 'forbidden') return staffNoAccess(deps);
    if (!outcome.patientId) return notFound();
    return seeOther(`/staff/patients/${outcome.patientId}`);
  });

  return {
    discharge: episodeChange(dischargeByStaff),
    referral: episodeChange(referByStaff),
    attendance,
  };
};
