import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
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
import { queryAll, type Table } from './dynamo.js';
import { publicRequestKeys } from './keys.js';

// The public request form's rate limits (docs/appointments.md, "The public request form"): how
// many requests one email address, and one network, sent in the sliding window. The buckets and
// the sliding count are sign-in's (shared/domain/client-limit.ts), so a window's edge never lets
// twice the limit through. A count is written in the transaction that stores the request, so a
// refused or failed submission counts nothing; the counters expire (TTL): they are a brake on
// spam, not a security state of anyone.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const Bucket = lazy(() => z.object({ sk: z.string(), count: z.number() }));

export const publicRequestLimits = ({ db, name }: Table) => ({
  /** The subject's requests in the window against its limit: one Query of at most 11 buckets. */
  async state(subjectHash: string, now: number, limit: ClientLimit): Promise<ClientLimitState> {
    const range = publicRequestKeys.publicRequestCountsFrom(
      subjectHash,
      earliestCountedBucket(now, limit.windowSeconds),
    );
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
      ConsistentRead: true,
    });
    const buckets = items.map((item) => {
      const bucket = Bucket().parse(item);
      return { start: Number(bucket.sk.slice('COUNT#'.length)), failures: bucket.count };
    });
    return clientLimitState(buckets, now, limit);
  },

  /** The update that counts one request against the subject, for the request's own transaction. */
  countItem(subjectHash: string, now: number, windowSeconds: number): TransactItem {
    const start = bucketStartOf(now, windowSeconds);
    return {
      Update: {
        TableName: name,
        Key: publicRequestKeys.publicRequestCount(subjectHash, start),
        UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':expiresAt': start + bucketSeconds(windowSeconds) + windowSeconds,
        },
      },
    };
  },
});
export type PublicRequestLimits = ReturnType<typeof publicRequestLimits>;
