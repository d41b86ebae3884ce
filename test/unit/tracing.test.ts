import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  loadTracing,
  traceAwsClient,
  traceInvocations,
  tracingWanted,
} from '../../shared/observability/tracing.js';

// Where the tracer is not wanted (the local portal, tests, POWERTOOLS_TRACE_ENABLED=false) it is
// not imported, and clients and handlers are left as they are. What it does in Lambda:
// test/integration/tracing.test.ts.

describe('tracing', () => {
  it('is wanted in Lambda only, unless turned off', () => {
    const lambda = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', LAMBDA_TASK_ROOT: '/var/task' };
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted(lambda)).toBe(true);
    expect(tracingWanted({ ...lambda, POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
    expect(tracingWanted({ ...lambda, POWERTOOLS_TRACE_ENABLED: 'FALSE' })).toBe(false);
    // CloudShell and ECS set AWS_EXECUTION_ENV too: a local portal run there is not traced.
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'CloudShell' })).toBe(false);
    expect(tracingWanted({ ...lambda, AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE' })).toBe(false);
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(false);
  });

  it('outside Lambda, loads nothing and leaves clients and handlers untouched', async () => {
    expect(await loadTracing({})).toBe(false);
    const client = new DynamoDBClient({ region: 'eu-west-2' });
    const before = client.middlewareStack.identify();
    expect(traceAwsClient(client)).toBe(client);
    expect(client.middlewareStack.identify()).toEqual(before);
    const handler = traceInvocations(async (event: { n: number }, _context: unknown) => event.n + 1);
    expect(await handler({ n: 41 }, {})).toBe(42);
    client.destroy();
  });
});
