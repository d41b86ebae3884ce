import type { AttendanceResult } from '../data/attendance.js';
import type { Deps } from '../deps.js';
import type { AttendanceStatus } from '../domain/appointments.js';
import { staffMay } from './episodes.js';
import { type StaffContext, staffAuditEvent } from '../staff/staff-audit.js';

// Attendance (issue 16): whether the patient came to an appointment that has started, as the EPR
// or staff report it. An attended appointment is a session of the patient's episode
// (episode-input.ts); a correction (attended, then did not attend) is allowed.

export type StaffAttendanceResult = AttendanceResult | 'forbidden';

/** The EPR records attendance. */
export const recordAttendanceByIntegration = (
  deps: Deps,
  appointmentId: string,
  status: AttendanceStatus,
): Promise<AttendanceResult> => deps.attendance.recordAttendance(appointmentId, status, deps.clock());

/** Staff record attendance: the patient's clinician, a scheduler or an admin; audited. */
export const recordAttendanceByStaff = async (
  deps: Deps,
  actor: StaffContext,
  appointmentId: string,
  status: AttendanceStatus,
): Promise<{ readonly result: StaffAttendanceResult; readonly patientId?: string }> => {
  const appointment = await deps.appointments.get(appointmentId);
  if (!appointment) return { result: 'not-found' };
  const { patientId } = appointment;
  const may = await staffMay(deps, actor.principal, patientId, 'record attendance');
  if (may !== 'yes') return { result: may, patientId };
  const result = await deps.attendance.recordAttendance(appointmentId, status, deps.clock(), () => [
    deps.auditLog.appendItem(
      staffAuditEvent(
        deps,
        actor,
        patientId,
        'recorded-attendance',
        `appointment ${appointmentId}: ${status}`,
      ),
    ),
  ]);
  return { result, patientId };
};
