import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  clientWindowStart,
  DISABLED_AT_FAILURES,
  LOCKOUT_TIERS,
  type LockState,
  lockStateAt,
} from '../domain/lockout.js';
import { cancelledByCondition, type Table, withConflictRetries } from './dynamo.js';
import { keys } from './keys.js';

// The sign-in gate. Both counters are checked and incremented in ONE transaction before the date
// of birth is compared, so 20 concurrent guesses cannot all be compared while a lock is still
// being written: DynamoDB serialises the increments, and the condition refuses every attempt past
// a tier. The counter for a Secure ID exists even when no patient has that ID (with a TTL), so a
// wrong ID and a wrong date of birth travel the same path and get the same answer.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface ClientLimit {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

export type GateResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'locked'; readonly retryAt: number }
  | { readonly ok: false; readonly reason: 'disabled' }
  | { readonly ok: false; readonly reason: 'client-limited'; readonly retryAt: number };

const Attempts = z.object({ failures: z.number(), lastFailureAt: z.number() });

/** A counter with no patient behind it only needs to outlive the longest lock. */
const ATTEMPTS_TTL_SECONDS = 2 * 24 * 60 * 60;

export const signInAttempts = ({ db, name }: Table, limit: ClientLimit) => {
  const idGateCondition = (() => {
    // Allowed when: no failures yet; or the count is below the disable mark and not on a tier;
    // or it is on a tier whose lock has run out. Mirrors lockStateAt (tested against it).
    const values: Record<string, number> = { ':disabledAt': DISABLED_AT_FAILURES };
    const parts = ['attribute_not_exists(failures)'];
    const tierNames = LOCKOUT_TIERS.map((_, i) => `:tier${i}`);
    LOCKOUT_TIERS.forEach((tier, i) => {
      values[`:tier${i}`] = tier.failures;
    });
    parts.push(`(failures < :disabledAt AND NOT failures IN (${tierNames.join(', ')}))`);
    const expiredLocks = LOCKOUT_TIERS.map(
      (_, i) => `(failures = :tier${i} AND lastFailureAt <= :unlockedBefore${i})`,
    );
    return { expression: [...parts, ...expiredLocks].join(' OR '), values };
  })();

  const clientKey = (addressHash: string, now: number) =>
    keys.clientAttempts(addressHash, clientWindowStart(now, limit.windowSeconds));

  return {
    /**
     * Counts one attempt against the Secure ID and the client address, if both gates are open.
     * Called before the date of birth is compared; `succeeded` takes the attempt back.
     */
    async begin(secureIdHash: string, addressHash: string, now: number): Promise<GateResult> {
      const unlockedBefore = Object.fromEntries(
        LOCKOUT_TIERS.map((tier, i) => [`:unlockedBefore${i}`, now - tier.lockSeconds]),
      );
      const items: TransactItem[] = [
        {
          Update: {
            TableName: name,
            Key: keys.signInAttempts(secureIdHash),
            UpdateExpression:
              'SET failures = if_not_exists(failures, :zero) + :one, lastFailureAt = :now, expiresAt = :expiresAt',
            ConditionExpression: idGateCondition.expression,
            ExpressionAttributeValues: {
              ...idGateCondition.values,
              ...unlockedBefore,
              ':zero': 0,
              ':one': 1,
              ':now': now,
              ':expiresAt': now + ATTEMPTS_TTL_SECONDS,
            },
          },
        },
        {
          Update: {
            TableName: name,
            Key: clientKey(addressHash, now),
            UpdateExpression: 'ADD failures :one SET expiresAt = :expiresAt',
            ConditionExpression: 'attribute_not_exists(failures) OR failures < :max',
            ExpressionAttributeValues: {
              ':one': 1,
              ':max': limit.maxFailures,
              ':expiresAt': now + 2 * limit.windowSeconds,
            },
          },
        },
      ];
      try {
        await withConflictRetries(() => db.send(new TransactWriteCommand({ TransactItems: items })));
        return { ok: true };
      } catch (e) {
        const failed = cancelledByCondition(e);
        if (!failed) throw e;
        if (failed[1]) {
          return {
            ok: false,
            reason: 'client-limited',
            retryAt: clientWindowStart(now, limit.windowSeconds) + limit.windowSeconds,
          };
        }
        const state = await this.lockState(secureIdHash, now);
        if (state.locked)
          return state.reason === 'locked'
            ? { ok: false, reason: 'locked', retryAt: state.retryAt }
            : { ok: false, reason: 'disabled' };
        // The lock ran out between the transaction and the read: let the person try again.
        return { ok: false, reason: 'locked', retryAt: now + 1 };
      }
    },

    /**
     * Items for the success transaction: reset the Secure ID's count and take the address's back.
     * `now` must be the one given to `begin`, so both name the same address window.
     */
    succeededItems(secureIdHash: string, addressHash: string, now: number): TransactItem[] {
      return [
        { Delete: { TableName: name, Key: keys.signInAttempts(secureIdHash) } },
        {
          Update: {
            TableName: name,
            Key: clientKey(addressHash, now),
            UpdateExpression: 'ADD failures :minusOne',
            ConditionExpression: 'attribute_exists(failures)',
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        },
      ];
    },

    async lockState(secureIdHash: string, now: number): Promise<LockState> {
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: keys.signInAttempts(secureIdHash), ConsistentRead: true }),
      );
      if (!Item) return { locked: false };
      const attempts = Attempts.parse(Item);
      return lockStateAt(attempts.failures, attempts.lastFailureAt, now);
    },

    async failures(secureIdHash: string): Promise<number> {
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: keys.signInAttempts(secureIdHash), ConsistentRead: true }),
      );
      return Item ? Attempts.parse(Item).failures : 0;
    },
  };
};
export type SignInAttempts = ReturnType<typeof signInAttempts>;
