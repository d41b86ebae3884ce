import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { traceAwsClient } from '../observability/tracing.js';

export interface Table {
  readonly db: DynamoDBDocumentClient;
  readonly name: string;
}

/**
 * How long one DynamoDB request may take, and how often it is tried. The SDK sets no time limit,
 * so a table that stops answering (a network fault, DynamoDB Local paused) would hold every
 * request until the Lambda's own timeout (10 s), and API Gateway would answer a bare 503 without
 * the error shape or a reference. DynamoDB answers in milliseconds; 3 attempts of at most 2 s
 * with the SDK's backoff give up after about 6.2 s, inside the Lambda's 10 s, and the error mapper
 * answers "try again" (isUnavailable below; shared/http/middlewares.ts). The client's own default
 * is 4 attempts, 8.3 s on a silent table: too close to the 10 s.
 */
export const DYNAMODB_TIMEOUTS = {
  maxAttempts: 3,
  requestHandler: {
    connectionTimeout: 1000,
    requestTimeout: 2000,
    // Without it the SDK only logs a warning when requestTimeout passes (@smithy/node-http-handler).
    throwOnRequestTimeout: true,
  },
} as const;

/**
 * DynamoDB Local on a busy laptop or CI machine (a JVM on shared cores) can take seconds to answer
 * under load, and a timed-out write that DynamoDB Local then commits would make its retry fail its
 * condition: local runs and tests wait longer. DYNAMODB_TIMEOUTS=deployed gives a local portal the
 * deployed limits (the bench's fault run, test/bench/load.ts).
 */
export const DYNAMODB_LOCAL_TIMEOUTS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 5000, requestTimeout: 15_000, throwOnRequestTimeout: true },
} as const;

export const documentClient = (
  endpoint?: string,
  timeouts: typeof DYNAMODB_TIMEOUTS | typeof DYNAMODB_LOCAL_TIMEOUTS = endpoint &&
  process.env.DYNAMODB_TIMEOUTS !== 'deployed'
    ? DYNAMODB_LOCAL_TIMEOUTS
    : DYNAMODB_TIMEOUTS,
): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    traceAwsClient(
      new DynamoDBClient({
        ...timeouts,
        // DynamoDB Local accepts any credentials; only set them when pointing at it, so the real
        // client keeps the Lambda role's.
        ...(endpoint
          ? {
              endpoint,
              region: process.env.AWS_REGION ?? 'eu-west-2',
              credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            }
          : {}),
      }),
    ),
    { marshallOptions: { removeUndefinedValues: true } },
  );

const hasName = (e: unknown): e is { name: string } =>
  typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string';

export const isConditionFailure = (e: unknown): boolean =>
  hasName(e) && e.name === 'ConditionalCheckFailedException';

/** Which items of a cancelled transaction failed their condition, by position. */
export const cancelledByCondition = (e: unknown): boolean[] | undefined => {
  if (!hasName(e) || e.name !== 'TransactionCanceledException') return undefined;
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
};

export const epochSeconds = (instant: Date): number => Math.floor(instant.getTime() / 1000);

/** The reason code of each item of a cancelled transaction, by position. */
export const cancellationCodes = (e: unknown): (string | undefined)[] =>
  hasName(e) && e.name === 'TransactionCanceledException'
    ? ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code)
    : [];

/**
 * A write that still lost to concurrent writers after its retries: busy, not broken. Callers
 * answer it as an expected outcome (409 slot taken, 429 try again), never as a 500.
 */
export const isContention = (e: unknown): boolean =>
  cancellationCodes(e).includes('TransactionConflict') ||
  (hasName(e) && e.name === 'TransactionConflictException');

const CONFLICT_ATTEMPTS = 6;

/**
 * DynamoDB cancels a transaction that touches an item another transaction is writing
 * (`TransactionConflict`) without evaluating our conditions, so the answer is not known yet:
 * retry a few times with jittered backoff. Once the concurrent winner has written, our conditions
 * give the real answer (slot taken, already completed, locked).
 */
export const withConflictRetries = async <T>(attempt: () => Promise<T>): Promise<T> => {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      const codes = cancellationCodes(e);
      const conflictOnly = codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      if (!conflictOnly || tries >= CONFLICT_ATTEMPTS) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** tries));
    }
  }
};

/** Every item a Query matches, page after page (DynamoDB answers 1 MB at a time). */
export const queryAll = async (
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/**
 * The store did not answer, or answered "not now", and the SDK's retries ran out: a timeout, a
 * refused or broken connection, throttling, or anything else the SDK retried (a 5xx). Nothing was
 * decided, so the request may be sent again: the edge answers 503 "try again" rather than 500.
 * By name too, not only by the retries: once the SDK's retry quota is spent (a long outage), it
 * stops retrying, and the timeouts come one attempt each.
 */
const PASSING =
  /^(TimeoutError|ECONNRE|EPIPE|ETIMEDOUT|Throttling|ProvisionedThroughput|RequestLimit|ServiceUnavailable)/;

export const isUnavailable = (e: unknown): boolean => {
  const error = e as { name?: unknown; code?: unknown; $metadata?: { attempts?: number } } | undefined;
  return (
    (error?.$metadata?.attempts ?? 0) > 1 ||
    PASSING.test(String(error?.name)) ||
    PASSING.test(String(error?.code))
  );
};
