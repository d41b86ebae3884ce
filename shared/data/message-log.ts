import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { epochSeconds, queryAll, type Table } from './dynamo.js';
import { keys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// The messages a patient was sent, or not sent, and what became of them (issue 13, items 4 and
// 6): the staff patient page's "Messages" table. One entry per attempt, whatever its kind
// (reminder, welcome, ...), written in the transaction that records the attempt; a delivery event
// (an SES bounce or complaint, an SMS that did not arrive) marks the entry later, found through
// the provider's message id. Entries hold ids, kinds and outcomes: never a text, number or address.

export const messageOutcomes = ['sent', 'not-sent', 'failed'] as const;
export type MessageOutcome = (typeof messageOutcomes)[number];

/** What the provider reported after sending: an email bounce or complaint, a text not delivered. */
export const deliveryProblems = ['bounced', 'complaint', 'failed'] as const;
export type DeliveryProblem = (typeof deliveryProblems)[number];

const Entry = lazy(() =>
  z.object({
    id: z.string(),
    patientId: z.string(),
    at: z.string(),
    /** reminder, welcome, ...: open, so each kind of message adds itself without a schema change. */
    kind: z.string(),
    outcome: z.enum(messageOutcomes),
    channel: z.optional(z.enum(['sms', 'email'])),
    /** Why it was not sent (opted-out, email-bounced, no-contact), or the error's name. */
    reason: z.optional(z.string()),
    /** What it was about (the appointment of a reminder). */
    ref: z.optional(z.string()),
    providerMessageId: z.optional(z.string()),
    delivery: z.optional(z.enum(deliveryProblems)),
    deliveryAt: z.optional(z.string()),
    /** The provider's category (e.g. "Permanent/General"), never its free text. */
    deliveryDetail: z.optional(z.string()),
  }),
);
export type MessageLogEntry = z.infer<ReturnType<typeof Entry>>;

const ProviderMessage = lazy(() =>
  z.object({ patientId: z.string(), at: z.string(), entryId: z.string(), channel: z.enum(['sms', 'email']) }),
);
export type ProviderMessage = z.infer<ReturnType<typeof ProviderMessage>>;

/**
 * How long a provider's id leads back to its message. SES reports bounces within minutes to a
 * few days and complaints within days; a month covers both. Not a security state, so TTL's lag
 * does no harm.
 */
export const PROVIDER_MESSAGE_DAYS = 30;

export const messageLog = ({ db, name }: Table) => ({
  /**
   * The entry, plus the provider-id item when the message went out, for the transaction that
   * records the attempt (shared/data/reminders.ts `recordAttempt`).
   */
  entryItems(entry: MessageLogEntry): TransactItem[] {
    const put: TransactItem = {
      Put: {
        TableName: name,
        Item: { ...keys.messageLogEntry(entry.patientId, entry.at, entry.id), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    if (!entry.providerMessageId || !entry.channel) return [put];
    const expiresAt = epochSeconds(new Date(Date.parse(entry.at) + PROVIDER_MESSAGE_DAYS * 86_400_000));
    return [
      put,
      {
        Put: {
          TableName: name,
          Item: {
            ...keys.providerMessage(entry.providerMessageId),
            patientId: entry.patientId,
            at: entry.at,
            entryId: entry.id,
            channel: entry.channel,
            expiresAt,
          },
        },
      },
    ];
  },

  /** The patient's latest entries, newest first. */
  async recent(patientId: string, limit = 20): Promise<MessageLogEntry[]> {
    const { pk, skPrefix } = keys.messageLogOf(patientId);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => Entry().parse(i));
  },

  /** Every entry of the patient, oldest first: subject access (F27) lists them all. */
  async all(patientId: string): Promise<MessageLogEntry[]> {
    const { pk, skPrefix } = keys.messageLogOf(patientId);
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map((i) => Entry().parse(i));
  },

  /** Whose message a provider's id was, or undefined (not ours, or expired). */
  async byProviderMessageId(providerMessageId: string): Promise<ProviderMessage | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.providerMessage(providerMessageId) }),
    );
    return Item ? ProviderMessage().parse(Item) : undefined;
  },

  /** Marks the entry with what the provider reported, for the transaction that records it. */
  deliveryUpdate(
    message: ProviderMessage,
    problem: DeliveryProblem,
    detail: string | undefined,
    now: Date,
  ): TransactItem {
    return {
      Update: {
        TableName: name,
        Key: keys.messageLogEntry(message.patientId, message.at, message.entryId),
        UpdateExpression: `SET delivery = :problem, deliveryAt = :at${detail ? ', deliveryDetail = :detail' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':problem': problem,
          ':at': now.toISOString(),
          ...(detail ? { ':detail': detail } : {}),
        },
      },
    };
  },
});
export type MessageLog = ReturnType<typeof messageLog>;
