import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTracerFile } from '../../infra/bundling.js';
import { TRACER_FILE } from '../../shared/observability/tracing.js';
import { lambdaTracingEnv, startXrayDaemon } from '../support/xray-daemon.js';

// The tracer file exactly as PortalFunction ships it beside every bundle (infra/bundling.ts
// buildTracerFile), imported and run in X-Ray's Lambda mode. test/integration/tracing.test.ts runs
// the tracer from its package; this runs what is built from it, with the modules the build swaps
// for lighter ones (node:http taken with require(), semver left out), and reads what it sends to
// the daemon, here a socket of this test's.

const root = fileURLToPath(new URL('../..', import.meta.url));

type TracerFile = typeof import('../../shared/observability/powertools-tracer.js');

describe('the tracer file', () => {
  let dir: string;
  let metafile: Metafile;
  let daemon: Awaited<ReturnType<typeof startXrayDaemon>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracer-file-'));
    metafile = buildTracerFile(root, join(dir, TRACER_FILE));
    daemon = await startXrayDaemon();
    // Before the file is imported: the X-Ray SDK reads it as it loads.
    Object.assign(process.env, lambdaTracingEnv(daemon.port, 'tracer-file-test'));
  });

  afterAll(() => {
    daemon?.close();
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  const load = async (): Promise<TracerFile> =>
    (await import(pathToFileURL(join(dir, TRACER_FILE)).href)) as TracerFile;

  it('leaves semver out: the stand-in is imported by the X-Ray SDK v2 patcher alone', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((input) => input.includes('aws-xray-sdk-core/'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/semver/'))).toEqual([]);
    const importers = Object.entries(metafile.inputs)
      .filter(([, input]) =>
        input.imports.some((i) => i.path.endsWith('shared/observability/semver-for-sdk-v2-patcher.ts')),
      )
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(importers).toEqual(['aws-xray-sdk-core/dist/lib/patchers/aws_p.js']);
  });

  // On Node 22, Lambda's runtime, an ES-module import of node:http loads Node's fetch with it
  // (shared/observability/node-http-required.ts); Node 20 does not, so the imports are read.
  it('takes node:http with require(), not as an ES module', () => {
    const moduleImports = Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
    );
    // It still imports other built-ins as modules, so the check below reads real imports.
    expect(moduleImports).toContain('node:https');
    expect(moduleImports.filter((path) => path === 'node:http' || path === 'http')).toEqual([]);
  });

  it('traces an invocation and an SDK v3 call, in Lambda mode', async () => {
    const { Tracer, captureLambdaHandler } = await load();
    const tracer = new Tracer({ captureHTTPsRequests: true });
    // Nothing listens on port 1: the call fails at once, and its subsegment is still sent.
    const client = tracer.captureAWSv3Client(
      new DynamoDBClient({
        endpoint: 'http://127.0.0.1:1',
        region: 'eu-west-2',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
    );
    const handler = middy(async () => {
      await client
        .send(new GetItemCommand({ TableName: 'tracer-file', Key: { pk: { S: 'x' } } }))
        .catch(() => {});
      return 'done';
    }).use(captureLambdaHandler(tracer, { captureResponse: false }));

    const { result, sent } = await daemon.traced(() => handler({}, { functionName: 'tracer-file' } as never));
    expect(result).toBe('done');
    const invocation = sent.find((s) => s.name === '## index.handler');
    expect(invocation?.annotations).toMatchObject({ ColdStart: true, Service: 'tracer-file-test' });
    const call = sent.find((s) => s.namespace === 'aws' && s.name === 'DynamoDB');
    expect(call?.aws).toMatchObject({ operation: 'GetItem', table_name: 'tracer-file' });
    expect(call?.parent_id).toBe(invocation?.id);
  });

  it('refuses the SDK v2 patcher, loudly, rather than patching without its version check', async () => {
    const { Tracer } = await load();
    const tracer = new Tracer();
    const sdkV2 = { VERSION: '2.1692.0', DynamoDB: { serviceIdentifier: 'dynamodb' } };
    expect(() => tracer.provider.captureAWS(sdkV2)).toThrow(/no AWS SDK v2 patcher/);
  });
});
