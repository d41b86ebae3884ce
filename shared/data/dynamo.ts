import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface Table {
  readonly db: DynamoDBDocumentClient;
  readonly name: string;
}

export const documentClient = (endpoint?: string): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient(
      // DynamoDB Local accepts any credentials; only set them when pointing at it, so the real
      // client keeps the Lambda role's.
      endpoint
        ? {
            endpoint,
            region: process.env.AWS_REGION ?? 'eu-west-2',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : {},
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
