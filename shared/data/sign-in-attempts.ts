import {
  GetCommand,
  QueryCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import {
  bucketSeconds,
  bucketStartOf,
  type ClientLimit,
  type ClientLimitState,
  clientLimitState,
  earliestCountedBucket,
} from '../domain/client-limit.js';
import { DISABLED_AT_FAILURES, LOCKOUT_TIERS, type LockState, lockStateAt } from '../domain/lockout.js';
import { isConditionFailure, type Table } from './dynamo.js';
import { signInKeys } from './keys.js';

// The two sign-in gates (DESIGN.md, "Lock-out").
// - Per Secure ID: one conditional UpdateItem checks the lock and counts the attempt BEFORE the
//   date of birth is compared, so 20 concurrent guesses cannot all be compared while a lock is
//   still being written: DynamoDB serialises the increments, and the condition refuses every
//   attempt past a tier. The counter exists even when no patient has the ID (with a TTL), so a
//   wrong ID and a wrong date of birth travel the same path and get the same answer.
// - Per client network: a read before the compare, and a count AFTER a failure. Counting
//   attempts in flight would refuse good sign-ins whenever a clinic's patients sign in at once.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type IdGate =
  | { readonly ok: true; readonly failures: number }
  | { readonly ok: false; readonly reason: 'locked'; readonly retryAt: number }
  | { readonly ok: false; readonly reason: 'disabled' };

const Attempts = lazy(() => z.object({ failures: z.number(), lastFailureAt: z.number() }));
const Bucket = lazy(() => z.object({ sk: z.string(), failures: z.number() }));

/**
 * A counter only needs to outlive the longest lock. A Secure ID that reaches the disable mark is
 * disabled on its owner's lookup item, which has no TTL (shared/data/patients.ts): a TTL is a
 * deletion, and the lock must not go with it.
 */
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

  return {
    /**
     * Counts one attempt against the Secure ID if its gate is open, and says how many attempts
     * are now counted. Called before the date of birth is compared; a success deletes the count.
     * A refusal reads the lock from the item as it was (ReturnValuesOnConditionCheckFailure), so
     * a locked ID costs no second request.
     */
    async countAttempt(secureIdHash: string, now: number): Promise<IdGate> {
      const unlockedBefore = Object.fromEntries(
        LOCKOUT_TIERS.map((tier, i) => [`:unlockedBefore${i}`, now - tier.lockSeconds]),
      );
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: name,
            Key: signInKeys.signInAttempts(secureIdHash),
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
            ReturnValues: 'UPDATED_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { ok: true, failures: Number(Attributes?.failures ?? 1) };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        // The document client does not unmarshall the item a refusal carries.
        const old = (e as { Item?: Parameters<typeof unmarshall>[0] }).Item;
        const state = old
          ? lockOf(Attempts().parse(unmarshall(old)), now)
          : await this.lockState(secureIdHash, now);
        if (state.locked)
          return state.reason === 'locked'
            ? { ok: false, reason: 'locked', retryAt: state.retryAt }
            : { ok: false, reason: 'disabled' };
        // The lock ran out between the update and the read: let the person try again.
        return { ok: false, reason: 'locked', retryAt: now + 1 };
      }
    },

    /**
     * Gives back an attempt that was counted but never compared (the client gate refused it), so
     * a patient behind a busy network does not creep towards their own lock by retrying.
     */
    async takeBack(secureIdHash: string): Promise<void> {
      try {
        await db.send(
          new UpdateCommand({
            TableName: name,
            Key: signInKeys.signInAttempts(secureIdHash),
            UpdateExpression: 'ADD failures :minusOne',
            ConditionExpression: 'failures > :zero',
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    /** The client network's failures in the sliding window: one Query of at most 11 buckets. */
    async clientState(networkHash: string, now: number): Promise<ClientLimitState> {
      const range = signInKeys.clientFailuresFrom(
        networkHash,
        earliestCountedBucket(now, limit.windowSeconds),
      );
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: name,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
          ConsistentRead: true,
        }),
      );
      const buckets = Items.map((item) => {
        const bucket = Bucket().parse(item);
        return { start: Number(bucket.sk.slice('FAILURES#'.length)), failures: bucket.failures };
      });
      return clientLimitState(buckets, now, limit);
    },

    /** Counts a failure that has happened against the client network. */
    async recordClientFailure(networkHash: string, now: number): Promise<void> {
      const start = bucketStartOf(now, limit.windowSeconds);
      await db.send(
        new UpdateCommand({
          TableName: name,
          Key: signInKeys.clientFailures(networkHash, start),
          UpdateExpression: 'ADD failures :one SET expiresAt = :expiresAt',
          ExpressionAttributeValues: {
            ':one': 1,
            ':expiresAt': start + bucketSeconds(limit.windowSeconds) + limit.windowSeconds,
          },
        }),
      );
    },

    /** The item for the success transaction: the Secure ID's count starts again. */
    succeededItem(secureIdHash: string): TransactItem {
      return { Delete: { TableName: name, Key: signInKeys.signInAttempts(secureIdHash) } };
    },

    async lockState(secureIdHash: string, now: number): Promise<LockState> {
      const { Item } = await db.send(
        new GetCommand({
          TableName: name,
          Key: signInKeys.signInAttempts(secureIdHash),
          ConsistentRead: true,
        }),
      );
      return Item ? lockOf(Attempts().parse(Item), now) : { locked: false };
    },

    async failures(secureIdHash: string): Promise<number> {
      const { Item } = await db.send(
        new GetCommand({
          TableName: name,
          Key: signInKeys.signInAttempts(secureIdHash),
          ConsistentRead: true,
        }),
      );
      return Item ? Attempts().parse(Item).failures : 0;
    },
  };
};
export type SignInAttempts = ReturnType<typeof signInAttempts>;

const lockOf = (attempts: z.infer<ReturnType<typeof Attempts>>, now: number): LockState =>
  lockStateAt(attempts.failures, attempts.lastFailureAt, now);
