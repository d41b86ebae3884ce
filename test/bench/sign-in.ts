import { performance } from 'node:perf_hooks';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import { documentClient } from '../../shared/data/dynamo.js';
import { tableSchema } from '../../shared/data/table-schema.js';
import { formatSecureId } from '../../shared/domain/secure-id.js';
import { newSecureId } from '../../shared/security/keyed-hash.js';
import type { DynamoCounts } from './dynamo-proxy.js';
import type { BenchPortal } from './portal.js';
import { ms, summarise, table } from './report.js';

// Sign-in through the local HTTP server (the Lambda handler, DynamoDB Local behind it): latency
// per outcome, and the DynamoDB requests each outcome makes, counted by a proxy in between.
//
// Failures are rationed by the portal's own limits: a Secure ID locks at its 5th failure, and one
// client address (all of ours are 127.0.0.1) may fail `clientFailureLimit` times (20) per window.
// So: 4 wrong dates on each of a few fresh patients, one 5th failure that locks a Secure ID, one
// unknown Secure ID. Attempts on a locked Secure ID are refused by the gate's transaction, which
// then counts nothing, so those can be timed in bulk.

export const SIGN_IN_COUNTS = {
  warmUp: 30,
  success: 300,
  wrongDatePatients: 4,
  wrongDatesPerPatient: 4,
  locked: 100,
  proxyCalibration: 200,
} as const;

interface Attempt {
  readonly status: number;
  readonly ms: number;
  readonly cookie: boolean;
  readonly counts: DynamoCounts;
}

interface PathResult {
  readonly name: string;
  readonly expectedStatus: number;
  readonly attempts: Attempt[];
}

const BENCH_PATIENT = {
  givenName: 'Bench',
  familyName: 'Patient',
  dateOfBirth: '1980-01-01',
  phone: '07911 123456',
  contactPreference: 'sms',
  stage: 'assessment',
};

export const runSignInBench = async (
  bench: BenchPortal,
  serviceConfigPath: string,
  log: (line: string) => void,
) => {
  const limit = loadServiceConfig(serviceConfigPath).signIn.clientFailureLimit;
  const { portal, proxy, proxied, base } = bench;
  const output: string[] = [];
  const signIn = async (secureId: string, dateOfBirth: string): Promise<Attempt> => {
    proxy.take();
    const started = performance.now();
    const res = await fetch(`${base}/api/patient/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secureId, dateOfBirth }),
    });
    await res.arrayBuffer();
    const elapsed = performance.now() - started;
    return {
      status: res.status,
      ms: elapsed,
      cookie: res.headers.getSetCookie().some((c) => c.startsWith('session=')),
      counts: proxy.take(),
    };
  };

  const createPatient = async (): Promise<string> => {
    const res = await fetch(`${base}/api/v1/patients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${portal.integrationKey}` },
      body: JSON.stringify(BENCH_PATIENT),
    });
    const body = (await res.json()) as { secureId?: string };
    if (res.status !== 201 || !body.secureId) throw new Error(`creating a patient answered ${res.status}`);
    return body.secureId;
  };

  const { secureId, dateOfBirth } = portal.demo;
  log(`sign-in: warming up (${SIGN_IN_COUNTS.warmUp})`);
  for (let i = 0; i < SIGN_IN_COUNTS.warmUp; i++) await signIn(secureId, dateOfBirth);

  const paths: PathResult[] = [];
  const success: PathResult = { name: 'success', expectedStatus: 200, attempts: [] };
  paths.push(success);
  log(`sign-in: ${SIGN_IN_COUNTS.success} successful sign-ins`);
  for (let i = 0; i < SIGN_IN_COUNTS.success; i++) success.attempts.push(await signIn(secureId, dateOfBirth));

  // Every failure below counts against 127.0.0.1's window, except those on a locked Secure ID.
  const plannedFailures = SIGN_IN_COUNTS.wrongDatePatients * SIGN_IN_COUNTS.wrongDatesPerPatient + 2;
  const notes: string[] = [];
  if (plannedFailures >= limit) {
    notes.push(
      `failure paths skipped: ${plannedFailures} planned failures would reach the client limit (${limit})`,
    );
  } else {
    log('sign-in: failure paths');
    const fresh: string[] = [];
    for (let i = 0; i < SIGN_IN_COUNTS.wrongDatePatients; i++) fresh.push(await createPatient());
    const wrongDate: PathResult = { name: 'wrong date of birth', expectedStatus: 401, attempts: [] };
    const locking: PathResult = { name: 'wrong date, 5th (locks)', expectedStatus: 401, attempts: [] };
    const locked: PathResult = { name: 'Secure ID locked', expectedStatus: 429, attempts: [] };
    const unknown: PathResult = { name: 'unknown Secure ID', expectedStatus: 401, attempts: [] };
    for (let round = 0; round < SIGN_IN_COUNTS.wrongDatesPerPatient; round++)
      for (const id of fresh) wrongDate.attempts.push(await signIn(id, '1980-01-02'));
    const victim = fresh[0] as string;
    locking.attempts.push(await signIn(victim, '1980-01-02'));
    for (let i = 0; i < SIGN_IN_COUNTS.locked; i++) locked.attempts.push(await signIn(victim, '1980-01-02'));
    unknown.attempts.push(await signIn(formatSecureId(newSecureId()), '1980-01-01'));
    paths.push(wrongDate, locking, locked, unknown);
    notes.push(
      `failed sign-ins counted against the client address: ${plannedFailures} of ${limit} per window`,
    );
  }

  // What the counting proxy adds: the same GetItem direct and through the proxy, interleaved.
  log('sign-in: proxy overhead');
  const clients = { direct: documentClient(portal.dynamoDbEndpoint), proxied: documentClient(proxied) };
  const get = new GetCommand({
    TableName: portal.tableName,
    Key: { [tableSchema.partitionKey]: 'BENCH', [tableSchema.sortKey]: 'BENCH' },
  });
  const overhead = { direct: [] as number[], proxied: [] as number[] };
  for (let i = 0; i < SIGN_IN_COUNTS.proxyCalibration + 20; i++) {
    for (const via of ['direct', 'proxied'] as const) {
      const started = performance.now();
      await clients[via].send(get);
      if (i >= 20) overhead[via].push(performance.now() - started);
    }
  }
  clients.direct.destroy();
  clients.proxied.destroy();
  proxy.take();

  // Tables
  for (const p of paths) {
    if (p.attempts.every((a) => a.status === p.expectedStatus)) continue;
    const statuses = [...new Set(p.attempts.map((a) => a.status))].join(', ');
    notes.push(`UNEXPECTED: "${p.name}" expected ${p.expectedStatus}, got ${statuses}`);
  }
  if (success.attempts.some((a) => !a.cookie))
    notes.push('UNEXPECTED: a successful sign-in set no session cookie');

  output.push(
    table(
      `1. Sign-in latency, POST /api/patient/session via the local HTTP server (ms; ${SIGN_IN_COUNTS.warmUp} warm-up sign-ins first)`,
      ['outcome', 'status', 'n', 'mean', 'min', 'p50', 'p95', 'max'],
      paths.map((p) => {
        const s = summarise(p.attempts.map((a) => a.ms));
        const statuses = [...new Set(p.attempts.map((a) => a.status))].join('/');
        return [p.name, statuses, s.n, ms(s.mean), ms(s.min), ms(s.p50), ms(s.p95), ms(s.max)];
      }),
    ),
  );
  const d = summarise(overhead.direct);
  const x = summarise(overhead.proxied);
  output.push(
    table(
      `   The counting proxy sits in every DynamoDB call above; its cost per call (GetItem, n=${d.n} each, ms):`,
      ['path', 'p50', 'p95', 'mean'],
      [
        ['direct to DynamoDB Local', ms(d.p50, 2), ms(d.p95, 2), ms(d.mean, 2)],
        ['through the proxy', ms(x.p50, 2), ms(x.p95, 2), ms(x.mean, 2)],
      ],
    ),
  );
  if (notes.length) output.push(notes.map((n) => `   note: ${n}`).join('\n'));

  const operations = [
    ...new Set(paths.flatMap((p) => p.attempts.flatMap((a) => [...a.counts.byOperation.keys()]))),
  ]
    .sort()
    .reverse();
  const range = (values: number[]) => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return lo === hi ? String(lo) : `${lo}-${hi}`;
  };
  output.push(
    table(
      '2. DynamoDB requests per sign-in (counted at the proxy by X-Amz-Target; "a-b" = varied between attempts)',
      ['outcome', 'n', ...operations, 'total', 'round trips'],
      paths.map((p) => [
        p.name,
        p.attempts.length,
        ...operations.map((op) => range(p.attempts.map((a) => a.counts.byOperation.get(op) ?? 0))),
        range(p.attempts.map((a) => [...a.counts.byOperation.values()].reduce((s, v) => s + v, 0))),
        range(p.attempts.map((a) => a.counts.roundTrips)),
      ]),
    ),
  );
  output.push(
    table(
      '   Time per DynamoDB request at the proxy (ms, all requests of the outcome): DynamoDB Local plus the proxy hop',
      ['outcome', 'operation', 'n', 'p50', 'p95', 'max'],
      paths.flatMap((p) =>
        operations.flatMap((op) => {
          const s = summarise(p.attempts.flatMap((a) => a.counts.msByOperation.get(op) ?? []));
          return s.n ? [[p.name, op, s.n, ms(s.p50), ms(s.p95), ms(s.max)]] : [];
        }),
      ),
    ),
  );
  return output.join('\n\n');
};
