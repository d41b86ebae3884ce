import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { queryAll, type Table } from './dynamo.js';
import { keys } from './keys.js';
import { sendClaims, sendOutcomes, type TransactItem } from './send-claims.js';

// Notices: the outbox of messages that follow a decision (docs/messages.md, "Notices"): an
// approval's confirmation, a denial's reason, a public requester's email link, a request expired.
// The Lambda that decides renders the message (it has the templates and the set-up at hand) and
// puts the notice in the decision's own transaction, so the message is never lost and never
// exists without its decision; the scan queues it, and notify claims, sends and records it like
// every other message. Notify itself needs no code per kind, so it stays small
// (test/infra/bundles.test.ts).
// Its life: pending (in the gsi1 NOTICES#PENDING index) -> queued -> claimed -> sent or not-sent
// (final), or failed (a queue retry may claim it again).

export const noticeStatuses = ['pending', 'queued', 'claimed', 'sent', 'not-sent', 'failed'] as const;

/** How long a notice's text stays after it was written: long enough for every retry and the DLQ. */
export const NOTICE_KEEP_DAYS = 30;

const Attachment = lazy(() =>
  z.object({ fileName: z.string(), contentType: z.string(), content: z.string() }),
);

const NoticeItem = lazy(() =>
  z.object({
    id: z.string(),
    /** What the notice is, for logs and the patient's message log (e.g. "confirmation"). */
    kind: z.string(),
    /** A patient (their channel rule decides text or email), or an address (a requester, staff). */
    patientId: z.optional(z.string()),
    email: z.optional(z.string()),
    audience: z.enum(['patient', 'staff']),
    sms: z.optional(z.string()),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    attachment: z.optional(Attachment()),
    createdAt: z.string(),
    status: z.enum(noticeStatuses),
  }),
);
export type StoredNotice = z.infer<ReturnType<typeof NoticeItem>>;

/** A notice as its decision writes it: rendered for every channel it may go by. */
export type Notice = Omit<StoredNotice, 'status'>;

const Attempt = lazy(() =>
  z.object({
    noticeId: z.string(),
    at: z.string(),
    outcome: z.enum(sendOutcomes),
    channel: z.optional(z.enum(['sms', 'email'])),
    /** Why it was not sent, or the error's name when it failed: never an address or a message. */
    reason: z.optional(z.string()),
    providerMessageId: z.optional(z.string()),
  }),
);
export type NoticeAttempt = z.infer<ReturnType<typeof Attempt>>;

export type NoticeClaim =
  | { readonly claimed: true; readonly notice: StoredNotice }
  | { readonly claimed: false; readonly status: 'done' | 'in-progress' | 'missing' };

export const notices = (table: Table) => {
  const { db, name } = table;
  const claims = sendClaims(table);
  return {
    /** The put that files a notice; the caller writes it in the transaction of its decision. */
    pendingItem(notice: Notice): TransactItem {
      const expiresAt = Math.floor(Date.parse(notice.createdAt) / 1000) + NOTICE_KEEP_DAYS * 86_400;
      return {
        Put: {
          TableName: name,
          Item: {
            ...keys.notice(notice.id),
            ...keys.pendingNoticesIndex(notice.createdAt, notice.id),
            ...notice,
            status: 'pending',
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    },

    /** The notices not yet queued, oldest first: one Query on the sparse pending index. */
    async pending(): Promise<{ ids: string[]; itemsRead: number }> {
      const items = await queryAll(db, {
        TableName: name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.pendingNotices().gsi1pk },
        ProjectionExpression: 'id',
      });
      return { ids: items.map((i) => z.string().parse(i.id)), itemsRead: items.length };
    },

    /** Takes queued notices out of the pending index, after the queue accepted them (as staff alerts). */
    markQueued: (noticeIds: readonly string[], at: Date): Promise<void> =>
      claims.markQueued(noticeIds.map(keys.notice), at),

    /** Claims a notice before it is sent (shared/data/send-claims.ts), leaving the pending index. */
    async claim(noticeId: string, now: Date, leaseSeconds: number): Promise<NoticeClaim> {
      const claim = await claims.claim(
        { key: keys.notice(noticeId), from: ['pending', 'queued'], remove: ['gsi1pk', 'gsi1sk'] },
        now,
        leaseSeconds,
      );
      return claim.claimed ? { claimed: true, notice: NoticeItem().parse(claim.item) } : claim;
    },

    /** Records an attempt and closes the claim with its outcome, with `alongside` in the same transaction. */
    async recordAttempt(
      attempt: NoticeAttempt,
      attemptId: string,
      alongside: readonly TransactItem[] = [],
    ): Promise<void> {
      await claims.recordAttempt(
        keys.notice(attempt.noticeId),
        { ...keys.noticeAttempt(attempt.noticeId, attempt.at, attemptId), ...attempt },
        alongside,
      );
    },

    async get(noticeId: string): Promise<StoredNotice | undefined> {
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: keys.notice(noticeId), ConsistentRead: true }),
      );
      return Item ? NoticeItem().parse(Item) : undefined;
    },

    async attempts(noticeId: string): Promise<NoticeAttempt[]> {
      const items = await claims.attempts(keys.noticeAttempts(noticeId));
      return items.map((i) => Attempt().parse(i));
    },
  };
};
export type Notices = ReturnType<typeof notices>;
