import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { loadTracing, traceAwsClient, traceInvocations } from '../../shared/observability/tracing.js';

// The library floor: the SDK floor (sdk-floor.ts) plus the libraries every portal Lambda loads by
// the project's own rules, and nothing of the portal's: Powertools Logger, the Powertools tracer
// (issue 15; the same tracer file beside the bundle, loaded the same way), middy, zod, and the
// Secrets Manager client that fetches the HMAC secret in Lambda. Built with the same esbuild
// options. The bench reports each Lambda's import time against it too: what the portal's own code
// adds, apart from what its libraries cost.

await loadTracing();
const logger = new Logger({ serviceName: 'library-floor' });
const db = DynamoDBDocumentClient.from(
  traceAwsClient(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT })),
);
const event = z.object({ body: z.optional(z.string()) });

/** Referenced, so the client is bundled as in every Lambda; the bench gives the secret inline. */
export const fetchSecret = (arn: string) =>
  new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));

export const handler = traceInvocations(
  middy(async (input: unknown) => {
    event.parse(input);
    const { Item } = await db.send(
      new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'SDK-FLOOR', sk: 'SDK-FLOOR' } }),
    );
    logger.info('read', { found: !!Item });
    return { statusCode: Item ? 200 : 404 };
  }),
);
