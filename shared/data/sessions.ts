import { DeleteCommand, GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import {
  needsTouch,
  type SessionLimits,
  type SessionTimes,
  sessionExpiresAt,
  sessionIsLive,
} from '../domain/session-expiry.js';
import type { Table } from './dynamo.js';
import { keys } from './keys.js';
import { touchSession } from './session-touch.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const SessionItem = lazy(() =>
  z.object({
    patientId: z.string(),
    createdAt: z.number(),
    lastSeenAt: z.number(),
    /**
     * The patient's Secure ID generation at sign-in. Reissuing a Secure ID moves the patient's on,
     * and every session of an older generation stops working (shared/auth/patient-session.ts).
     */
    generation: z._default(z.number(), 0),
  }),
);
export type StoredSession = z.infer<ReturnType<typeof SessionItem>>;

/** Sessions are found by the hash of their token: the token itself is only ever in the cookie. */
export const sessions = (table: Table, limits: SessionLimits) => {
  const { db, name } = table;
  return {
    createItem(tokenHash: string, patientId: string, generation: number, now: number): TransactItem {
      const times: SessionTimes = { createdAt: now, lastSeenAt: now };
      return {
        Put: {
          TableName: name,
          Item: {
            ...keys.session(tokenHash),
            patientId,
            generation,
            ...times,
            expiresAt: sessionExpiresAt(times, limits),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    },

    /** Deletes another session in the same transaction as a new sign-in (one browser, one session). */
    endItem(tokenHash: string): TransactItem {
      return { Delete: { TableName: name, Key: keys.session(tokenHash) } };
    },

    /**
     * The session if it is still live at `now`. The item may outlive its expiry by days (TTL lag),
     * so the rule is applied here, not left to TTL. A strongly consistent read: a session ended a
     * moment ago (sign-out, a new sign-in) must not open a page.
     */
    async findLive(tokenHash: string, now: number): Promise<StoredSession | undefined> {
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: keys.session(tokenHash), ConsistentRead: true }),
      );
      const stored = Item ? SessionItem().parse(Item) : undefined;
      return stored && sessionIsLive(stored, limits, now) ? stored : undefined;
    },

    /**
     * Moves the idle deadline when it is due (once a minute at most), so the caller can run it
     * beside its other reads instead of before them.
     */
    async touchIfDue(tokenHash: string, session: StoredSession, now: number): Promise<void> {
      if (needsTouch(session, now)) await this.touch(tokenHash, session, now);
    },

    /** Moves the idle deadline; a session ended meanwhile stays ended. */
    async touch(tokenHash: string, session: StoredSession, now: number): Promise<void> {
      await touchSession(table, keys.session(tokenHash), session, now, limits);
    },

    async end(tokenHash: string): Promise<void> {
      await db.send(new DeleteCommand({ TableName: name, Key: keys.session(tokenHash) }));
    },
  };
};
export type Sessions = ReturnType<typeof sessions>;
