import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { type Appointment, appointmentStatuses, occupiedCells } from '../domain/appointments.js';
import { reminderBucket, reminderDueAt } from '../domain/reminders/schedule.js';
import { cancelledByCondition, isContention, queryAll, type Table, withConflictRetries } from './dynamo.js';
import { releaseCells, takeCells } from './cell-locks.js';
import type { TransactItem } from './send-claims.js';
import { keys } from './keys.js';

// Appointments and the no-double-booking lock (DESIGN.md, "No double booking"; hazard H7). Three
// kinds of item, always written together in one transaction:
// - the appointment (keys.appointment), found by id, which keeps its status and buffer;
// - a copy in the patient's partition (keys.patientAppointment), sorted by start, while booked:
//   "the patient's next appointment" is one Query;
// - one lock per clinician per 15-minute cell it occupies, buffer included (keys.clinicianCell).

const AppointmentItem = lazy(() =>
  z.object({
    id: z.string(),
    patientId: z.string(),
    clinicianId: z.string(),
    start: z.string(),
    end: z.string(),
    serviceType: z.string(),
    locationId: z.optional(z.string()),
    status: z.enum(appointmentStatuses),
    bufferMinutes: z.int().check(z.minimum(0)),
  }),
);

const PatientAppointmentItem = lazy(() =>
  z.object({
    id: z.string(),
    clinicianId: z.string(),
    start: z.string(),
    end: z.string(),
    serviceType: z.string(),
    locationId: z.optional(z.string()),
    // Written since attendance (issue 16): an older copy is a booked appointment's.
    status: z._default(z.enum(appointmentStatuses), 'booked'),
  }),
);

/** A stored appointment item, parsed (staff-appointments.ts reads them too). */
export const parseAppointmentItem = (item: Record<string, unknown>) => AppointmentItem().parse(item);

export const toAppointment = ({
  bufferMinutes: _,
  ...appointment
}: z.infer<ReturnType<typeof AppointmentItem>>): Appointment => appointment;

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * A booking whose cells would not fit in one transaction. The service config bounds a session at
 * 480 minutes plus a 120-minute buffer (at most 41 cells), so this means a bug, not a request.
 */
export class BookingTooLongError extends Error {
  override name = 'BookingTooLongError';
  constructor(
    readonly appointmentId: string,
    readonly cells: number,
  ) {
    super(`Appointment ${appointmentId} would lock ${cells} cells, more than one transaction holds`);
  }
}

/** A lock of the appointment's cells was missing or held by another appointment when cancelling. */
export class CellLockMismatchError extends Error {
  override name = 'CellLockMismatchError';
  constructor(readonly appointmentId: string) {
    super(`The cell locks of appointment ${appointmentId} are not all held by it`);
  }
}

/** What a booking needs: it is stored as booked. */
export type NewAppointment = Omit<Appointment, 'status'>;
export type BookResult = { ok: true } | { ok: false; reason: 'slot-taken' | 'unknown-patient' };
/** `attendance-recorded`: the appointment took place (or was missed) and is history, not cancellable. */
export type CancelResult = 'cancelled' | 'not-found' | 'already-cancelled' | 'attendance-recorded';

const notCancellable = (status: string): CancelResult =>
  status === 'cancelled' ? 'already-cancelled' : 'attendance-recorded';

export interface AppointmentOptions {
  /** The service's reminder lead time (messages.reminderLeadHours): where bookings sit in the reminder index. */
  readonly reminderLeadHours: number;
}

const bookingItemsIn = (
  name: string,
  options: AppointmentOptions,
  appointment: NewAppointment,
  bufferMinutes: number,
  bookedAt?: Date,
  newPatient?: TransactItem,
): TransactItem[] => {
  const { id, patientId, clinicianId, serviceType, locationId } = appointment;
  // The canonical form (toISOString) in keys and items: the patient's sort key orders by it as text.
  const start = new Date(appointment.start).toISOString();
  const end = new Date(appointment.end).toISOString();
  const remindDueAt = reminderDueAt(start, options.reminderLeadHours, bookedAt?.toISOString());
  const reminderIndex = keys.reminderIndex(reminderBucket(remindDueAt), remindDueAt, id);
  const stored: Appointment = {
    id,
    patientId,
    clinicianId,
    start,
    end,
    serviceType,
    locationId,
    status: 'booked',
  };
  // attribute_not_exists on each item: a cell already locked means another booking holds it.
  const notYetThere = 'attribute_not_exists(pk)';
  const put = (Item: Record<string, unknown>) => ({
    Put: { TableName: name, Item, ConditionExpression: notYetThere },
  });
  return [
    put({ ...keys.appointment(id), ...stored, bufferMinutes, remindDueAt, ...reminderIndex }),
    put({
      ...keys.patientAppointment(patientId, start, id),
      id,
      clinicianId,
      start,
      end,
      serviceType,
      locationId,
    }),
    // The patient's latest clinician: who gets a risk to-do when no appointment names one.
    // The condition also makes "the patient exists" part of the booking.
    newPatient ?? {
      Update: {
        TableName: name,
        Key: keys.patient(patientId),
        UpdateExpression: 'SET lastClinicianId = :clinician',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':clinician': clinicianId },
      },
    },
  ];
};

export const appointments = (
  { db, name }: Table,
  options: AppointmentOptions = { reminderLeadHours: 48 },
) => ({
  /**
   * The items of a booking but its cell locks, for a transaction: the appointment (in the reminder
   * index), its copy in the patient's partition, and the patient's latest clinician. An approval
   * writes these beside the request's cells handed over (appointment-requests.ts); `book` beside
   * new locks. `newPatient` is a patient put in the same transaction: the put already carries the
   * latest clinician, and one transaction cannot touch an item twice.
   */
  bookingItems(
    appointment: NewAppointment,
    bufferMinutes: number,
    bookedAt?: Date,
    newPatient?: TransactItem,
  ): TransactItem[] {
    return bookingItemsIn(name, options, appointment, bufferMinutes, bookedAt, newPatient);
  },

  /**
   * Books the appointment, or answers slot-taken if any cell it needs (buffer included) is
   * already locked for that clinician. One transaction: the appointment, its patient-partition
   * copy and the cell locks exist together or not at all, so two concurrent bookings of
   * overlapping times cannot both succeed (H7).
   *
   * The appointment item joins the reminder index (keys.reminderIndex) in the same write, due
   * at start minus the lead time, or at `bookedAt` when that is later: a booking inside the lead
   * time is picked up by the next scan (shared/domain/reminders/schedule.ts). Pass `bookedAt`.
   */
  async book(appointment: NewAppointment, bufferMinutes: number, bookedAt?: Date): Promise<BookResult> {
    const { id, clinicianId } = appointment;
    const start = new Date(appointment.start).toISOString();
    const end = new Date(appointment.end).toISOString();
    const cells = occupiedCells(start, end, bufferMinutes);
    if (cells.length + 3 > MAX_TRANSACTION_ITEMS) throw new BookingTooLongError(id, cells.length);
    try {
      await withConflictRetries(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              ...bookingItemsIn(name, options, appointment, bufferMinutes, bookedAt),
              ...takeCells(name, clinicianId, cells, { appointmentId: id }),
            ],
          }),
        ),
      );
      return { ok: true };
    } catch (e) {
      const failed = cancelledByCondition(e);
      if (failed?.[2]) return { ok: false, reason: 'unknown-patient' };
      if (failed?.some(Boolean)) return { ok: false, reason: 'slot-taken' };
      // Concurrent bookings of the same cells outlasted the retries: the slot is contested, and
      // the caller is told it is not available rather than given a 500.
      if (isContention(e)) return { ok: false, reason: 'slot-taken' };
      throw e;
    }
  },

  async get(appointmentId: string): Promise<Appointment | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.appointment(appointmentId) }));
    return Item ? toAppointment(AppointmentItem().parse(Item)) : undefined;
  },

  /**
   * Cancels a booked appointment and frees its cells, in one transaction. The cells are worked
   * out again from the stored start, end and buffer, so they are the ones the booking locked.
   */
  async cancel(
    appointmentId: string,
    // What the cancelling decision writes beside it (a notice to the patient, an audit entry),
    // given the appointment as cancelled, so they exist exactly when the cancellation does.
    alongside: (cancelled: Appointment) => readonly TransactItem[] = () => [],
  ): Promise<CancelResult> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.appointment(appointmentId) }));
    if (!Item) return 'not-found';
    const stored = AppointmentItem().parse(Item);
    if (stored.status !== 'booked') return notCancellable(stored.status);
    const extra = alongside({ ...toAppointment(stored), status: 'cancelled' });
    const cells = occupiedCells(stored.start, stored.end, stored.bufferMinutes);
    try {
      await withConflictRetries(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: name,
                  Key: keys.appointment(appointmentId),
                  // Leaving the reminder index in the same write: a cancelled appointment is never
                  // found by the scan (the notify step checks the status again all the same).
                  UpdateExpression: 'SET #status = :cancelled REMOVE gsi1pk, gsi1sk',
                  // Two concurrent cancels: only the first frees the cells, the second is told so.
                  ConditionExpression: '#status = :booked',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':cancelled': 'cancelled', ':booked': 'booked' },
                },
              },
              {
                Delete: {
                  TableName: name,
                  Key: keys.patientAppointment(stored.patientId, stored.start, appointmentId),
                },
              },
              ...releaseCells(name, stored.clinicianId, cells, { appointmentId }),
              ...extra,
            ],
          }),
        ),
      );
      return 'cancelled';
    } catch (e) {
      const failed = cancelledByCondition(e);
      if (failed?.[0]) {
        // Changed meanwhile: cancelled by someone else, or its attendance recorded.
        const { Item: now } = await db.send(
          new GetCommand({ TableName: name, Key: keys.appointment(appointmentId), ConsistentRead: true }),
        );
        return notCancellable(now ? AppointmentItem().parse(now).status : 'cancelled');
      }
      if (failed?.some(Boolean)) throw new CellLockMismatchError(appointmentId);
      throw e;
    }
  },

  /**
   * The patient's booked (not cancelled) appointments, past and future, oldest first: one Query
   * of their partition. The console lists the upcoming ones, and a clinician's "own patients"
   * are those with an appointment with them.
   */
  async forPatient(patientId: string): Promise<Appointment[]> {
    const { pk, skPrefix } = keys.patientAppointments(patientId);
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map((i) => ({ ...PatientAppointmentItem().parse(i), patientId }));
  },

  /**
   * The patient's booked appointment with the earliest start strictly after `now`, or undefined:
   * one Query on the patient's partition (cancelled appointments have left it).
   */
  async nextForPatient(patientId: string, now: Date): Promise<Appointment | undefined> {
    // Starts are stored to the millisecond, so "after now" is "from now + 1 ms"; the range would
    // otherwise include an appointment starting at this very instant.
    const range = keys.patientAppointmentsFrom(patientId, new Date(now.getTime() + 1).toISOString());
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
        ScanIndexForward: true,
        Limit: 1,
      }),
    );
    const [first] = Items;
    if (!first) return undefined;
    return { ...PatientAppointmentItem().parse(first), patientId };
  },
});
export type Appointments = ReturnType<typeof appointments>;
