import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { todoKinds } from '../domain/todo.js';
import { queryAll, type Table } from './dynamo.js';
import { keys } from './keys.js';
import { sendClaims, sendOutcomes, type TransactItem } from './send-claims.js';

// Staff alerts: the outbox of the duty emails (docs/messages.md). One item per to-do, put in the
// transaction that files the to-do (shared/data/todos.ts), so an alert is never lost and never
// exists without its to-do, and the patient-facing Lambdas that file to-dos need no queue client.
// Its life: pending (in the gsi1 ALERTS#PENDING index) -> queued by the scan -> claimed by notify
// before it sends -> sent or not-sent (final), or failed (a queue retry may claim it again).
// It holds the to-do's id and kind only: never a name, an answer or a score.

export const staffAlertStatuses = ['pending', 'queued', 'claimed', 'sent', 'not-sent', 'failed'] as const;
export type StaffAlertStatus = (typeof staffAlertStatuses)[number];

const Alert = lazy(() =>
  z.object({
    todoId: z.string(),
    kind: z.enum(todoKinds),
    createdAt: z.string(),
    status: z.enum(staffAlertStatuses),
    attempts: z.optional(z.number()),
  }),
);
export type StaffAlert = z.infer<ReturnType<typeof Alert>>;

const Attempt = lazy(() =>
  z.object({
    todoId: z.string(),
    at: z.string(),
    outcome: z.enum(sendOutcomes),
    /** Why it was not sent, or the error's name when it failed: never an address or a message. */
    reason: z.optional(z.string()),
    providerMessageId: z.optional(z.string()),
  }),
);
export type StaffAlertAttempt = z.infer<ReturnType<typeof Attempt>>;

export type StaffAlertClaim =
  | { readonly claimed: true; readonly alert: StaffAlert }
  | { readonly claimed: false; readonly status: 'done' | 'in-progress' | 'missing' };

export const staffAlerts = (table: Table) => {
  const { db, name } = table;
  const claims = sendClaims(table);
  return {
    /**
     * The put that files the alert of a new to-do; the caller writes it in the to-do's transaction,
     * after the to-do's own put. Its condition keeps a sent alert from ever being filed again.
     */
    pendingItem(alert: {
      readonly todoId: string;
      readonly kind: StaffAlert['kind'];
      readonly createdAt: string;
    }) {
      const item: TransactItem = {
        Put: {
          TableName: name,
          Item: {
            ...keys.staffAlert(alert.todoId),
            ...keys.pendingAlertsIndex(alert.createdAt, alert.todoId),
            todoId: alert.todoId,
            kind: alert.kind,
            createdAt: alert.createdAt,
            status: 'pending',
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      return item;
    },

    /**
     * The alerts not yet queued, oldest first: one Query on the sparse pending index, which holds
     * only these. `itemsRead` is what DynamoDB returned (for the scan's report and the benchmark).
     */
    async pending(): Promise<{ alerts: StaffAlert[]; itemsRead: number }> {
      const items = await queryAll(db, {
        TableName: name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.pendingAlerts().gsi1pk },
      });
      return { alerts: items.map((i) => Alert().parse(i)), itemsRead: items.length };
    },

    /**
     * Takes queued alerts out of the pending index. Called only after the queue accepted them, so
     * an enqueue that fails leaves them pending for the next scan. Only a pending alert moves: one
     * that notify has claimed meanwhile keeps its status.
     */
    markQueued: (todoIds: readonly string[], at: Date): Promise<void> =>
      claims.markQueued(todoIds.map(keys.staffAlert), at),

    /**
     * Claims an alert before its email is sent (shared/data/send-claims.ts), as reminders are
     * claimed: it succeeds when the alert is waiting (pending or queued), when the last attempt
     * failed (a queue retry), or when a claim's lease ran out (its sender died before recording).
     * It also leaves the pending index, so a scan that has not marked it queued yet does not
     * queue it again.
     */
    async claim(todoId: string, now: Date, leaseSeconds: number): Promise<StaffAlertClaim> {
      const claim = await claims.claim(
        { key: keys.staffAlert(todoId), from: ['pending', 'queued'], remove: ['gsi1pk', 'gsi1sk'] },
        now,
        leaseSeconds,
      );
      return claim.claimed ? { claimed: true, alert: Alert().parse(claim.item) } : claim;
    },

    /**
     * Records an attempt and closes the claim with its outcome in one transaction: `failed` lets a
     * retry claim it again; `sent` and `not-sent` are final.
     */
    async recordAttempt(attempt: StaffAlertAttempt, attemptId: string): Promise<void> {
      await claims.recordAttempt(keys.staffAlert(attempt.todoId), {
        ...keys.staffAlertAttempt(attempt.todoId, attempt.at, attemptId),
        ...attempt,
      });
    },

    async get(todoId: string): Promise<StaffAlert | undefined> {
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: keys.staffAlert(todoId), ConsistentRead: true }),
      );
      return Item ? Alert().parse(Item) : undefined;
    },

    /** Every attempt at one alert, oldest first. */
    async attempts(todoId: string): Promise<StaffAlertAttempt[]> {
      const items = await claims.attempts(keys.staffAlertAttempts(todoId));
      return items.map((i) => Attempt().parse(i));
    },
  };
};
export type StaffAlerts = ReturnType<typeof staffAlerts>;
