import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './dynamo.js';
import { healthKeys } from './keys.js';

// What the health check asks the table: one GetItem of a key nobody writes. An eventually
// consistent read, because the question is "does the table answer?", not "what is the latest
// value?": any replica's answer proves it, at half the read cost of a consistent one, and the
// item never changes anyway.

/** Long enough for a healthy table (single-digit milliseconds), short enough for the canary. */
export const HEALTH_PROBE_TIMEOUT_MS = 2000;

export const healthProbe = (table: Table) => ({
  /** Resolves when the table answers; rejects when it does not, or not in time. */
  async tableAnswers(): Promise<void> {
    await table.db.send(
      new GetCommand({
        TableName: table.name,
        Key: healthKeys.healthProbe(),
        ConsistentRead: false,
        ProjectionExpression: 'pk',
      }),
      { abortSignal: AbortSignal.timeout(HEALTH_PROBE_TIMEOUT_MS) },
    );
  },
});

export type HealthProbe = ReturnType<typeof healthProbe>;
