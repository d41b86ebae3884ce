import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { isConditionFailure, type Table } from './dynamo.js';
import { keys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// Welcome messages (F1): the claim that makes each Secure ID's welcome go out once, and one item
// per attempt. As reminders (shared/data/reminders.ts, DESIGN.md "Sending once"), the claim is a
// conditional write taken BEFORE sending; here it is keyed by patient and Secure ID generation.
// Nothing here holds the Secure ID, the message or the address: ids, outcomes, error names.

export const welcomeOutcomes = ['sent', 'not-sent', 'failed'] as const;

const Attempt = z.object({
  patientId: z.string(),
  generation: z.number(),
  at: z.string(),
  outcome: z.enum(welcomeOutcomes),
  /** Why it was not sent (superseded, no contact), or the error's name when it failed. */
  reason: z.optional(z.string()),
  channel: z.optional(z.enum(['sms', 'email'])),
  providerMessageId: z.optional(z.string()),
});
export type WelcomeAttempt = z.infer<typeof Attempt>;

export type WelcomeClaim =
  { readonly claimed: true } | { readonly claimed: false; readonly status: 'done' | 'in-progress' };

export const welcomes = ({ db, name }: Table) => ({
  /**
   * Claims one welcome before it is sent. It succeeds when nobody has claimed it, when the last
   * attempt failed (the queue's retry), or when a claim's lease has run out (its sender died
   * between sending and recording: the one way a duplicate can go out, and the attempts show it).
   */
  async claim(patientId: string, generation: number, now: Date, leaseSeconds: number): Promise<WelcomeClaim> {
    const neverClaimed = 'attribute_not_exists(pk)';
    const lastAttemptFailed = '#status = :failed';
    const senderGone = '(#status = :claimed AND leaseUntil < :now)';
    try {
      await db.send(
        new UpdateCommand({
          TableName: name,
          Key: keys.welcomeClaim(patientId, generation),
          UpdateExpression:
            'SET #status = :claimed, leaseUntil = :lease, claimedAt = :now, patientId = :id, generation = :generation ADD attempts :one',
          ConditionExpression: [neverClaimed, lastAttemptFailed, senderGone].join(' OR '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':failed': 'failed',
            ':now': now.toISOString(),
            ':lease': new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
            ':id': patientId,
            ':generation': generation,
            ':one': 1,
          },
        }),
      );
      return { claimed: true };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const { Item } = await db.send(
        new GetCommand({
          TableName: name,
          Key: keys.welcomeClaim(patientId, generation),
          ConsistentRead: true,
        }),
      );
      return { claimed: false, status: Item?.status === 'claimed' ? 'in-progress' : 'done' };
    }
  },

  /** Records an attempt and closes the claim with its outcome: `failed` lets a retry claim it again. */
  async recordAttempt(
    attempt: WelcomeAttempt,
    attemptId: string,
    alongside: readonly TransactItem[] = [],
  ): Promise<void> {
    const { patientId, generation, at, outcome } = attempt;
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: name,
              Item: { ...keys.welcomeAttempt(patientId, generation, at, attemptId), ...attempt },
            },
          },
          {
            Update: {
              TableName: name,
              Key: keys.welcomeClaim(patientId, generation),
              UpdateExpression: 'SET #status = :status, decidedAt = :at REMOVE leaseUntil',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': outcome, ':at': at },
            },
          },
          ...alongside,
        ],
      }),
    );
  },

  /** Records an attempt that took no claim: a newer Secure ID superseded this one's welcome. */
  async recordSkipped(attempt: WelcomeAttempt, attemptId: string): Promise<void> {
    const { patientId, generation, at } = attempt;
    await db.send(
      new PutCommand({
        TableName: name,
        Item: { ...keys.welcomeAttempt(patientId, generation, at, attemptId), ...attempt },
      }),
    );
  },

  /** Every attempt at one generation's welcome, oldest first. */
  async attempts(patientId: string, generation: number): Promise<WelcomeAttempt[]> {
    const { pk, skPrefix } = keys.welcomeAttempts(patientId, generation);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => Attempt.parse(i));
  },
});
export type Welcomes = ReturnType<typeof welcomes>;
