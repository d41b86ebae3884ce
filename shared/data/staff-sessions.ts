import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import {
  needsTouch,
  type SessionLimits,
  type SessionTimes,
  sessionExpiresAt,
  sessionIsLive,
} from '../domain/session-expiry.js';
import { type StaffPrincipal, staffRoles } from '../domain/staff.js';
import type { Table } from './dynamo.js';
import { staffSessionKeys } from './keys.js';
import { touchSession } from './session-touch.js';

const StaffSessionItem = lazy(() =>
  z.object({
    sub: z.string(),
    email: z.string(),
    role: z.enum(staffRoles),
    clinicianId: z.optional(z.string()),
    /** Sent back to the provider as id_token_hint when the person signs out. */
    idToken: z.optional(z.string()),
    createdAt: z.number(),
    lastSeenAt: z.number(),
  }),
);
export type StoredStaffSession = z.infer<ReturnType<typeof StaffSessionItem>>;

export const toPrincipal = (s: StoredStaffSession): StaffPrincipal => ({
  sub: s.sub,
  email: s.email,
  role: s.role,
  ...(s.clinicianId !== undefined ? { clinicianId: s.clinicianId } : {}),
});

/**
 * Staff console sessions, found by the SHA-256 of their 256-bit token (the token is only in the
 * cookie). Separate items from patient sessions: neither kind of token opens the other.
 */
export const staffSessions = (table: Table, limits: SessionLimits) => {
  const { db, name } = table;
  return {
    async create(
      tokenHash: string,
      principal: StaffPrincipal,
      idToken: string | undefined,
      now: number,
    ): Promise<void> {
      const times: SessionTimes = { createdAt: now, lastSeenAt: now };
      await db.send(
        new PutCommand({
          TableName: name,
          Item: {
            ...staffSessionKeys.staffSession(tokenHash),
            sub: principal.sub,
            email: principal.email,
            role: principal.role,
            clinicianId: principal.clinicianId,
            idToken,
            ...times,
            expiresAt: sessionExpiresAt(times, limits),
          },
          // A fresh 256-bit token never collides; the condition makes sure one is never overwritten.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    /**
     * The session if it is still live at `now`, its idle deadline moved on. A strongly consistent
     * read, so a sign-out is final at once (an eventually consistent read could still see the item
     * for a moment after the delete). TTL only cleans up, days late at worst: the limits are
     * applied here.
     */
    async findLive(tokenHash: string, now: number): Promise<StoredStaffSession | undefined> {
      const { Item } = await db.send(
        new GetCommand({
          TableName: name,
          Key: staffSessionKeys.staffSession(tokenHash),
          ConsistentRead: true,
        }),
      );
      const stored = Item ? StaffSessionItem().parse(Item) : undefined;
      if (!stored || !sessionIsLive(stored, limits, now)) return undefined;
      if (needsTouch(stored, now)) await this.touch(tokenHash, stored, now);
      return stored;
    },

    /** Moves the idle deadline; a session ended meanwhile stays ended. */
    async touch(tokenHash: string, session: StoredStaffSession, now: number): Promise<void> {
      await touchSession(table, staffSessionKeys.staffSession(tokenHash), session, now, limits);
    },

    /** Ends the session; returns what it held (for the provider's sign-out), if it existed. */
    async end(tokenHash: string): Promise<StoredStaffSession | undefined> {
      const { Attributes } = await db.send(
        new DeleteCommand({
          TableName: name,
          Key: staffSessionKeys.staffSession(tokenHash),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes ? StaffSessionItem().parse(Attributes) : undefined;
    },
  };
};
export type StaffSessions = ReturnType<typeof staffSessions>;
