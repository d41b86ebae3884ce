import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from './dynamo.js';

// The claim that makes one message go out once (DESIGN.md, "Sending once"), shared by reminders,
// welcomes and staff alerts: delivery is at least once everywhere upstream, so notify claims a
// message with a conditional write BEFORE sending and closes the claim with the outcome after.
// Each repository keeps its own keys (from keys.ts), item shapes and methods, and passes its keys
// here as values, so this module spells no key and stores exactly what the repositories stored.

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Key = Readonly<Record<string, string>>;

/** What an attempt ends as: `failed` lets a retry claim it again; `sent` and `not-sent` are final. */
export const sendOutcomes = ['sent', 'not-sent', 'failed'] as const;
export type SendOutcome = (typeof sendOutcomes)[number];

export interface ClaimSpec {
  readonly key: Key;
  /**
   * Where a first claim starts from: no item yet (a reminder, a welcome: the claim creates it), or
   * an item already written in one of these statuses (a staff alert, put by its to-do's
   * transaction; it must exist, so a message for an alert never filed claims nothing).
   */
  readonly from: 'no-item' | readonly [string, ...string[]];
  /** Attributes the claim writes besides its own: the ids, so the item says what it is for. */
  readonly fields?: Readonly<Record<string, string | number>>;
  /** Attributes the claim removes (a pending index, so an overlapping scan does not queue it again). */
  readonly remove?: readonly string[];
}

export type SendClaim =
  | { readonly claimed: true; readonly item: Record<string, unknown> }
  | { readonly claimed: false; readonly status: 'done' | 'in-progress' | 'missing' };

/** An attempt's item, its key from keys.ts spread in: when, and the outcome that closes the claim. */
export type AttemptItem = Readonly<Record<string, unknown>> & {
  readonly at: string;
  readonly outcome: SendOutcome;
};

export const sendClaims = ({ db, name }: Table) => ({
  /**
   * Claims a message before it is sent. It succeeds when nobody has claimed it (or it waits in one
   * of `from`'s statuses), when the last attempt failed (the queue's retry), or when a claim's
   * lease has run out (its sender died between sending and recording: the one way a duplicate can
   * go out, and the attempts show it). One already sent or decided is `done`; one claimed by a
   * live sender is `in-progress`, and the caller tries again later rather than dropping it.
   */
  async claim(spec: ClaimSpec, now: Date, leaseSeconds: number): Promise<SendClaim> {
    const fields = Object.entries(spec.fields ?? {});
    const waiting = spec.from === 'no-item' ? [] : spec.from;
    const neverClaimed = 'attribute_not_exists(pk)';
    const stillWaiting = `#status IN (${waiting.map((_, i) => `:waiting${i}`).join(', ')})`;
    const lastAttemptFailed = '#status = :failed';
    const senderGone = '(#status = :claimed AND leaseUntil < :now)';
    const condition =
      spec.from === 'no-item'
        ? [neverClaimed, lastAttemptFailed, senderGone].join(' OR ')
        : `attribute_exists(pk) AND (${[stillWaiting, lastAttemptFailed, senderGone].join(' OR ')})`;
    const set = [
      '#status = :claimed',
      'leaseUntil = :lease',
      'claimedAt = :now',
      ...fields.map((_, i) => `#field${i} = :field${i}`),
    ];
    const remove = spec.remove?.length ? ` REMOVE ${spec.remove.join(', ')}` : '';
    try {
      const { Attributes = {} } = await db.send(
        new UpdateCommand({
          TableName: name,
          Key: spec.key,
          UpdateExpression: `SET ${set.join(', ')}${remove} ADD attempts :one`,
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            '#status': 'status',
            ...Object.fromEntries(fields.map(([field], i) => [`#field${i}`, field])),
          },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':failed': 'failed',
            ':now': now.toISOString(),
            ':lease': new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
            ':one': 1,
            ...Object.fromEntries(waiting.map((status, i) => [`:waiting${i}`, status])),
            ...Object.fromEntries(fields.map(([, value], i) => [`:field${i}`, value])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { claimed: true, item: Attributes };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: spec.key, ConsistentRead: true }),
      );
      if (!Item) return { claimed: false, status: 'missing' };
      return { claimed: false, status: Item.status === 'claimed' ? 'in-progress' : 'done' };
    }
  },

  /**
   * Records an attempt and closes the claim with its outcome in one transaction, so a claim is
   * never closed without its attempt nor an attempt left beside a live claim. `alongside` goes in
   * the same transaction: the patient's message log entry (shared/data/message-log.ts).
   */
  async recordAttempt(
    claimKey: Key,
    attempt: AttemptItem,
    alongside: readonly TransactItem[] = [],
  ): Promise<void> {
    const { at, outcome } = attempt;
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: name, Item: attempt } },
          {
            Update: {
              TableName: name,
              Key: claimKey,
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

  /** Records an attempt that took no claim (what it was for was cancelled or replaced meanwhile). */
  async recordSkipped(attempt: AttemptItem): Promise<void> {
    await db.send(new PutCommand({ TableName: name, Item: attempt }));
  },

  /**
   * Takes outbox items (staff alerts, notices) out of their pending index once the queue accepted
   * them: pending -> queued. Only a pending item moves: one notify has claimed meanwhile keeps its
   * status, and a failed condition is that, not an error.
   */
  async markQueued(itemKeys: readonly Key[], at: Date): Promise<void> {
    await Promise.all(
      itemKeys.map(async (Key) => {
        try {
          await db.send(
            new UpdateCommand({
              TableName: name,
              Key,
              UpdateExpression: 'SET #status = :queued, queuedAt = :at REMOVE gsi1pk, gsi1sk',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':queued': 'queued',
                ':pending': 'pending',
                ':at': at.toISOString(),
              },
            }),
          );
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
      }),
    );
  },

  /** The items of every attempt under one claim, oldest first; the repository parses them. */
  async attempts(range: { readonly pk: string; readonly skPrefix: string }) {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix },
        ConsistentRead: true,
      }),
    );
    return Items;
  },
});
export type SendClaims = ReturnType<typeof sendClaims>;
