import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Appointment, AttendanceStatus } from '../domain/appointments.js';
import { type BookResult, type NewAppointment, parseAppointmentItem, toAppointment } from './appointments.js';
import { cancelledByCondition, type Table, withConflictRetries } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './send-claims.js';

// Attendance (issue 16): whether a patient came to an appointment that has started, and the
// appointments an EPR sends as history. The same items as appointments.ts (the appointment and
// its patient-partition copy), apart from it so that the Lambdas that book and move appointments
// do not carry what only the integration API and the staff records forms do.

export type AttendanceResult = 'recorded' | 'not-found' | 'not-started' | 'cancelled';

export const attendance = ({ db, name }: Table) => ({
  /**
   * An appointment that already happened, as an EPR sends the history it holds (issue 16): the
   * appointment with its status and its patient-partition copy, in one transaction. No cell
   * locks (the time is past, and the EPR's diary was the lock then) and no reminder index
   * attributes, so nothing falls due. The patient's latest clinician is set only when none is
   * known: history must not take the place of the clinician of a real booking.
   */
  async recordPast(
    appointment: NewAppointment & { readonly status: AttendanceStatus },
    bufferMinutes: number,
  ): Promise<BookResult> {
    const { id, patientId, clinicianId, serviceType, locationId, status } = appointment;
    const start = new Date(appointment.start).toISOString();
    const end = new Date(appointment.end).toISOString();
    const stored: Appointment = { id, patientId, clinicianId, start, end, serviceType, locationId, status };
    const isNew = 'attribute_not_exists(pk)';
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: name,
                Item: { ...keys.appointment(id), ...stored, bufferMinutes },
                ConditionExpression: isNew,
              },
            },
            {
              Put: {
                TableName: name,
                Item: {
                  ...keys.patientAppointment(patientId, start, id),
                  id,
                  clinicianId,
                  start,
                  end,
                  serviceType,
                  locationId,
                  status,
                },
                ConditionExpression: isNew,
              },
            },
            {
              Update: {
                TableName: name,
                Key: keys.patient(patientId),
                UpdateExpression: 'SET lastClinicianId = if_not_exists(lastClinicianId, :clinician)',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':clinician': clinicianId },
              },
            },
          ],
        }),
      );
      return { ok: true };
    } catch (e) {
      if (cancelledByCondition(e)?.[2]) return { ok: false, reason: 'unknown-patient' };
      throw e;
    }
  },

  /**
   * Records whether the patient came: the appointment and its patient-partition copy together,
   * on condition that it has started by `now` and is not cancelled (a cancel at the same moment
   * wins or loses whole). A recorded one may be corrected. It leaves the reminder index (its
   * time has come) but keeps its cells: the clinician's time was used either way.
   */
  async recordAttendance(
    appointmentId: string,
    status: AttendanceStatus,
    now: Date,
    alongside: (appointment: Appointment) => readonly TransactItem[] = () => [],
  ): Promise<AttendanceResult> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.appointment(appointmentId), ConsistentRead: true }),
    );
    if (!Item) return 'not-found';
    const stored = parseAppointmentItem(Item);
    if (stored.status === 'cancelled') return 'cancelled';
    if (Date.parse(stored.start) > now.getTime()) return 'not-started';
    try {
      await withConflictRetries(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: name,
                  Key: keys.appointment(appointmentId),
                  UpdateExpression: 'SET #status = :status REMOVE gsi1pk, gsi1sk',
                  ConditionExpression: '#status <> :cancelled AND #start = :start',
                  ExpressionAttributeNames: { '#status': 'status', '#start': 'start' },
                  ExpressionAttributeValues: {
                    ':status': status,
                    ':cancelled': 'cancelled',
                    ':start': stored.start,
                  },
                },
              },
              {
                Update: {
                  TableName: name,
                  Key: keys.patientAppointment(stored.patientId, stored.start, appointmentId),
                  UpdateExpression: 'SET #status = :status',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':status': status },
                },
              },
              ...alongside({ ...toAppointment(stored), status }),
            ],
          }),
        ),
      );
      return 'recorded';
    } catch (e) {
      // Cancelled (or moved) between the read and the write: what it is now decides the answer.
      if (cancelledByCondition(e)?.some(Boolean)) {
        const { Item: after } = await db.send(
          new GetCommand({ TableName: name, Key: keys.appointment(appointmentId), ConsistentRead: true }),
        );
        const current = after ? parseAppointmentItem(after) : undefined;
        if (current?.status === 'cancelled') return 'cancelled';
        if (current && Date.parse(current.start) > now.getTime()) return 'not-started';
      }
      throw e;
    }
  },
});
export type Attendance = ReturnType<typeof attendance>;
