import {
  DeleteCommand,
  GetCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  needsTouch,
  type SessionLimits,
  type SessionTimes,
  sessionExpiresAt,
  sessionIsLive,
} from '../domain/session-expiry.js';
import { isConditionFailure, type Table } from './dynamo.js';
import { keys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const SessionItem = z.object({ patientId: z.string(), createdAt: z.number(), lastSeenAt: z.number() });
export type StoredSession = z.infer<typeof SessionItem>;

/** Sessions are found by the hash of their token: the token itself is only ever in the cookie. */
export const sessions = ({ db, name }: Table, limits: SessionLimits) => ({
  createItem(tokenHash: string, patientId: string, now: number): TransactItem {
    const times: SessionTimes = { createdAt: now, lastSeenAt: now };
    return {
      Put: {
        TableName: name,
        Item: { ...keys.session(tokenHash), patientId, ...times, expiresAt: sessionExpiresAt(times, limits) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  },

  /**
   * The session if it is still live at `now`, its idle deadline moved on. The item may outlive
   * its expiry by days (TTL lag), so the rule is applied here, not left to TTL.
   */
  async findLive(tokenHash: string, now: number): Promise<StoredSession | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.session(tokenHash) }));
    const stored = Item ? SessionItem.parse(Item) : undefined;
    if (!stored || !sessionIsLive(stored, limits, now)) return undefined;
    if (needsTouch(stored, now)) await this.touch(tokenHash, stored, now);
    return stored;
  },

  /** Moves the idle deadline; a session ended meanwhile stays ended. */
  async touch(tokenHash: string, session: StoredSession, now: number): Promise<void> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: name,
          Key: keys.session(tokenHash),
          UpdateExpression: 'SET lastSeenAt = :now, expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':now': now,
            ':expiresAt': sessionExpiresAt({ createdAt: session.createdAt, lastSeenAt: now }, limits),
          },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  },

  async end(tokenHash: string): Promise<void> {
    await db.send(new DeleteCommand({ TableName: name, Key: keys.session(tokenHash) }));
  },
});
export type Sessions = ReturnType<typeof sessions>;
