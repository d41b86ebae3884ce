import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { bucketsBetween, type ScanWindow } from '../domain/reminders/schedule.js';
import { isConditionFailure, type Table } from './dynamo.js';
import { keys } from './keys.js';
import { sendClaims, sendOutcomes, type TransactItem } from './send-claims.js';

// Reminders (F3; DESIGN.md, "Sending once"). Three kinds of item:
// - the reminder index on each booked appointment (gsi1, written by shared/data/appointments.ts),
//   read here by time window, one Query per UTC hour;
// - the claim of one reminder (appointment AND start), taken with a conditional write before the
//   message is sent, and closed after it with the outcome;
// - one item per attempt, sent or not, so staff can see a failure or a duplicate;
// plus the scan's watermark, how far the index has been read.

const IndexedAppointment = z.object({
  id: z.string(),
  patientId: z.string(),
  start: z.string(),
  status: z.string(),
  remindDueAt: z.string(),
});
export type DueReminder = z.infer<typeof IndexedAppointment>;

export const claimStatuses = ['claimed', 'sent', 'not-sent', 'failed'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

const Attempt = z.object({
  appointmentId: z.string(),
  start: z.string(),
  at: z.string(),
  outcome: z.enum(sendOutcomes),
  /** Why it was not sent, or the error's name when it failed: never a message or an address. */
  reason: z.optional(z.string()),
  channel: z.optional(z.enum(['sms', 'email'])),
  providerMessageId: z.optional(z.string()),
});
export type ReminderAttempt = z.infer<typeof Attempt>;

export type ClaimResult =
  | { readonly claimed: true; readonly attempt: number }
  | { readonly claimed: false; readonly status: 'done' | 'in-progress' };

export const reminders = (table: Table) => {
  const { db, name } = table;
  const claims = sendClaims(table);
  return {
    /**
     * The booked appointments whose reminder falls due in the window, oldest first: one Query per
     * UTC hour bucket, each bounded at both ends by the window, so the items read are the ones due
     * whatever the size of the table. `itemsRead` is what DynamoDB returned (for the benchmark).
     */
    async dueIn(window: ScanWindow): Promise<{ due: DueReminder[]; itemsRead: number }> {
      const due: DueReminder[] = [];
      let itemsRead = 0;
      for (const bucket of bucketsBetween(window.from, window.to)) {
        const range = keys.remindersDueBetween(bucket, window.from, window.to);
        let start: Record<string, unknown> | undefined;
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: name,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': range.gsi1pk, ':from': range.skFrom, ':to': range.skTo },
              ExclusiveStartKey: start,
            }),
          );
          itemsRead += page.Items?.length ?? 0;
          due.push(...(page.Items ?? []).map((i) => IndexedAppointment.parse(i)));
          start = page.LastEvaluatedKey;
        } while (start);
      }
      return { due, itemsRead };
    },

    /** The last instant a scan has read through, or undefined before the first scan. */
    async scannedThrough(): Promise<string | undefined> {
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: keys.reminderScanWatermark(), ConsistentRead: true }),
      );
      return Item ? z.object({ scannedThrough: z.string() }).parse(Item).scannedThrough : undefined;
    },

    /**
     * Moves the watermark forward to `through`, never back: of two overlapping scans, the one that
     * read further wins, and the slower one's later write does not undo it.
     */
    async advanceScannedThrough(through: string): Promise<void> {
      try {
        await db.send(
          new UpdateCommand({
            TableName: name,
            Key: keys.reminderScanWatermark(),
            UpdateExpression: 'SET scannedThrough = :through',
            ConditionExpression: 'attribute_not_exists(scannedThrough) OR scannedThrough < :through',
            ExpressionAttributeValues: { ':through': through },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    /**
     * Claims one reminder before it is sent (shared/data/send-claims.ts): by appointment AND start,
     * so a moved appointment is a new reminder. A reminder already sent or decided is `done`; one
     * claimed by a live sender is `in-progress`, and the caller tries again later.
     */
    async claim(appointmentId: string, start: string, now: Date, leaseSeconds: number): Promise<ClaimResult> {
      const claim = await claims.claim(
        { key: keys.reminderClaim(appointmentId, start), from: 'no-item', fields: { appointmentId, start } },
        now,
        leaseSeconds,
      );
      if (claim.claimed) return { claimed: true, attempt: Number(claim.item.attempts ?? 1) };
      return { claimed: false, status: claim.status === 'in-progress' ? 'in-progress' : 'done' };
    },

    /**
     * Records an attempt and closes the claim with its outcome in one transaction: `failed` lets a
     * retry claim it again; `sent` and `not-sent` are final. `alongside` goes in the same
     * transaction: the patient's message log entry (shared/data/message-log.ts).
     */
    async recordAttempt(
      attempt: ReminderAttempt,
      attemptId: string,
      alongside: readonly TransactItem[] = [],
    ): Promise<void> {
      const { appointmentId, start, at } = attempt;
      await claims.recordAttempt(
        keys.reminderClaim(appointmentId, start),
        { ...keys.reminderAttempt(appointmentId, start, at, attemptId), ...attempt },
        alongside,
      );
    },

    /** Records an attempt that took no claim (the appointment was cancelled or moved meanwhile). */
    async recordSkipped(attempt: ReminderAttempt, attemptId: string): Promise<void> {
      const { appointmentId, start, at } = attempt;
      await claims.recordSkipped({
        ...keys.reminderAttempt(appointmentId, start, at, attemptId),
        ...attempt,
      });
    },

    /** Every attempt at one reminder, oldest first. */
    async attempts(appointmentId: string, start: string): Promise<ReminderAttempt[]> {
      const items = await claims.attempts(keys.reminderAttempts(appointmentId, start));
      return items.map((i) => Attempt.parse(i));
    },
  };
};
export type Reminders = ReturnType<typeof reminders>;
