import { BatchGetCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Appointment, occupiedCells } from '../domain/appointments.js';
import { reminderBucket, reminderDueAt } from '../domain/reminders/schedule.js';
import {
  type AppointmentOptions,
  BookingTooLongError,
  MAX_TRANSACTION_ITEMS,
  parseAppointmentItem,
  toAppointment,
} from './appointments.js';
import { moveCells } from './cell-locks.js';
import { cancelledByCondition, isContention, type Table, withConflictRetries } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './send-claims.js';

// What only staff do with appointments (the staff calendar, issue 14): move one, and read a
// week's worth by id. The same entity and items as appointments.ts, whose layout (the
// appointment, its patient-partition copy, its cell locks, its place in the reminder index) this
// keeps; apart from it because every Lambda that books or cancels carries appointments.ts, and
// the console's and notify's bundles are at their 130 KiB limit (test/infra/bundles.test.ts).

/** Where a move goes: the same or another clinician, a new start and end (the buffer stays the appointment's). */
export interface MoveTarget {
  readonly clinicianId: string;
  /** UTC ISO instants. */
  readonly start: string;
  readonly end: string;
  readonly locationId?: string | undefined;
}
/** The appointment as the mover saw it: a move of a changed appointment is refused, not applied. */
export interface MoveExpected {
  readonly clinicianId: string;
  readonly start: string;
}
export type MoveResult = 'moved' | 'slot-taken' | 'changed' | 'not-found';

export const staffAppointments = (
  { db, name }: Table,
  options: AppointmentOptions = { reminderLeadHours: 48 },
) => ({
  /**
   * Moves a booked appointment to another time, or another clinician, in ONE transaction (H7):
   * the new cells taken and the old ones released (cell-locks.ts, moveCells), the appointment's
   * start, end and clinician changed on condition that it is still booked where the mover saw it,
   * its patient-partition copy moved with it, and its place in the reminder index recomputed
   * from the new start, so the reminder goes at the new time (a reminder already queued for the
   * old start is stale: send-reminder.ts checks the start, and the claim is per start). Two
   * concurrent moves onto the same time share a cell, so exactly one is stored.
   */
  async move(
    appointmentId: string,
    expected: MoveExpected,
    to: MoveTarget,
    movedAt: Date,
    alongside: readonly TransactItem[] = [],
  ): Promise<MoveResult> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.appointment(appointmentId) }));
    if (!Item) return 'not-found';
    const stored = parseAppointmentItem(Item);
    const expectedStart = new Date(expected.start).toISOString();
    if (
      stored.status !== 'booked' ||
      stored.start !== expectedStart ||
      stored.clinicianId !== expected.clinicianId
    )
      return 'changed';
    const start = new Date(to.start).toISOString();
    const end = new Date(to.end).toISOString();
    const oldCells = occupiedCells(stored.start, stored.end, stored.bufferMinutes);
    const newCells = occupiedCells(start, end, stored.bufferMinutes);
    const cellItems = moveCells(
      name,
      { clinicianId: stored.clinicianId, cells: oldCells },
      { clinicianId: to.clinicianId, cells: newCells },
      { appointmentId },
    );
    if (cellItems.length + 3 + alongside.length > MAX_TRANSACTION_ITEMS)
      throw new BookingTooLongError(appointmentId, cellItems.length);
    const remindDueAt = reminderDueAt(start, options.reminderLeadHours, movedAt.toISOString());
    const reminderIndex = keys.reminderIndex(reminderBucket(remindDueAt), remindDueAt, appointmentId);
    const oldCopy = keys.patientAppointment(stored.patientId, stored.start, appointmentId);
    const newCopy = keys.patientAppointment(stored.patientId, start, appointmentId);
    const copyItems: TransactItem[] = [
      // The copy's key holds the start: a new start is a new item (the same start, a put over it).
      ...(oldCopy.sk === newCopy.sk ? [] : [{ Delete: { TableName: name, Key: oldCopy } }]),
      {
        Put: {
          TableName: name,
          Item: {
            ...newCopy,
            id: appointmentId,
            clinicianId: to.clinicianId,
            start,
            end,
            serviceType: stored.serviceType,
            locationId: to.locationId,
          },
        },
      },
    ];
    try {
      await withConflictRetries(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: name,
                  Key: keys.appointment(appointmentId),
                  UpdateExpression:
                    'SET #start = :start, #end = :end, clinicianId = :clinician, remindDueAt = :due, gsi1pk = :gpk, gsi1sk = :gsk' +
                    (to.locationId === undefined ? ' REMOVE locationId' : ', locationId = :location'),
                  // A cancel or another move meanwhile changed what this move was decided on.
                  ConditionExpression: '#status = :booked AND #start = :was AND clinicianId = :wasWith',
                  ExpressionAttributeNames: { '#status': 'status', '#start': 'start', '#end': 'end' },
                  ExpressionAttributeValues: {
                    ':start': start,
                    ':end': end,
                    ':clinician': to.clinicianId,
                    ':due': remindDueAt,
                    ':gpk': reminderIndex.gsi1pk,
                    ':gsk': reminderIndex.gsi1sk,
                    ':booked': 'booked',
                    ':was': stored.start,
                    ':wasWith': stored.clinicianId,
                    ...(to.locationId === undefined ? {} : { ':location': to.locationId }),
                  },
                },
              },
              ...copyItems,
              ...cellItems,
              ...alongside,
            ],
          }),
        ),
      );
      return 'moved';
    } catch (e) {
      const failed = cancelledByCondition(e);
      if (failed?.[0]) return 'changed';
      if (failed?.some(Boolean)) return 'slot-taken';
      // Concurrent moves onto the same cells outlasted the retries: the time is contested.
      if (isContention(e)) return 'slot-taken';
      throw e;
    }
  },

  /** Appointments by id (the calendar's cells name them): one BatchGetItem per 100. */
  async getMany(appointmentIds: readonly string[]): Promise<Map<string, Appointment>> {
    const found = new Map<string, Appointment>();
    const ids = [...new Set(appointmentIds)];
    for (let i = 0; i < ids.length; i += 100) {
      let keysLeft: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => keys.appointment(id));
      while (keysLeft.length > 0) {
        const answer = await db.send(new BatchGetCommand({ RequestItems: { [name]: { Keys: keysLeft } } }));
        for (const item of answer.Responses?.[name] ?? []) {
          const appointment = toAppointment(parseAppointmentItem(item));
          found.set(appointment.id, appointment);
        }
        keysLeft = (answer.UnprocessedKeys?.[name]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return found;
  },
});
export type StaffAppointments = ReturnType<typeof staffAppointments>;
