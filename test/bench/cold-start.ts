import { reminderFunctionEntries } from '../../infra/constructs/reminders.js';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { lambdaNodeMajor } from '../../infra/bundling.js';
import { BASELINE, type BuiltBundle, LIBRARY_FLOOR, SDK_FLOOR } from './bundles.js';
import { type NodeBinary, thisNode } from './lambda-node.js';
import { mib, ms, summarise, table } from './report.js';

// Cold starts: a fresh `node` per run imports a built bundle (its top-level await builds the Deps)
// and handles one event that needs no database. Timed from just before spawn() to the child's
// report arriving, and inside the child (import alone, first handler call). The empty-handler
// baseline, built the same way, shows what Node itself costs; the SDK floor (sdk-floor.ts) is the
// least a DynamoDB Lambda imports, and each Lambda's import time is reported as a ratio to it
// (goal: at most IMPORT_RATIO_GOAL), and to the library floor (library-floor.ts: the SDK floor with
// the libraries every Lambda loads), which shows what the portal's own code adds to what its
// libraries cost. The floors' GetItem goes to a stub endpoint in this process
// that answers "no such item", with credentials the SDK finds in the environment, as in Lambda.
// The environment is Lambda's as far as the tracer looks (it loads, in X-Ray's Lambda mode). Each
// bundle runs on Lambda's Node major (test/bench/lambda-node.ts) as deployed (NODE_OPTIONS=
// --enable-source-maps, set by infra/constructs/portal-function.ts), without source maps, and as
// deployed with the tracer off; and as deployed on this machine's Node, when that is another
// major. Runs are interleaved across bundles and ways, so drift in machine load is shared out; one
// discarded round first warms the file cache.

export const COLD_START_RUNS = 10;
export const IMPORT_RATIO_GOAL = 1.25;
const CHILD_TIMEOUT_MS = 15_000;
const childScript = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));

interface Probe {
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly expectedStatus: number;
}

/** Events that reach the handler's routes without touching DynamoDB. */
const probes: Record<string, Probe> = {
  [BASELINE]: { routeKey: 'GET /sign-in', method: 'GET', path: '/sign-in', expectedStatus: 200 },
  // Any event: it reads one item, which the stub endpoint does not have.
  [SDK_FLOOR]: { routeKey: 'GET /sign-in', method: 'GET', path: '/sign-in', expectedStatus: 404 },
  [LIBRARY_FLOOR]: { routeKey: 'GET /sign-in', method: 'GET', path: '/sign-in', expectedStatus: 404 },
  'patient-session': { routeKey: 'GET /sign-in', method: 'GET', path: '/sign-in', expectedStatus: 200 },
  // No session cookie: refused before any session lookup.
  questionnaires: {
    routeKey: 'GET /api/patient/questionnaires',
    method: 'GET',
    path: '/api/patient/questionnaires',
    expectedStatus: 401,
  },
  // No Authorization header: refused before any key lookup.
  integration: {
    routeKey: 'POST /api/v1/patients',
    method: 'POST',
    path: '/api/v1/patients',
    body: '{}',
    expectedStatus: 401,
  },
  // The signed-out page: no session, no identity provider contacted.
  'staff-auth': {
    routeKey: 'GET /staff/signed-out',
    method: 'GET',
    path: '/staff/signed-out',
    expectedStatus: 200,
  },
  // No staff session cookie: refused before any session lookup.
  staff: { routeKey: 'GET /api/staff/me', method: 'GET', path: '/api/staff/me', expectedStatus: 401 },
  // No session cookie: refused before any session lookup.
  appointments: {
    routeKey: 'GET /api/patient/appointments',
    method: 'GET',
    path: '/api/patient/appointments',
    expectedStatus: 401,
  },
  'staff-calendar': {
    routeKey: 'GET /api/staff/calendar',
    method: 'GET',
    path: '/api/staff/calendar',
    expectedStatus: 401,
  },
  'staff-setup': {
    routeKey: 'GET /api/staff/setup',
    method: 'GET',
    path: '/api/staff/setup',
    expectedStatus: 401,
  },
  // No staff session cookie: refused before any session lookup.
  'staff-appointments': {
    routeKey: 'GET /api/staff/appointment-requests',
    method: 'GET',
    path: '/api/staff/appointment-requests',
    expectedStatus: 401,
  },
  // No staff session cookie: sent to sign in before any session lookup.
  'staff-records': {
    routeKey: 'POST /staff/patients/{id}/discharge',
    method: 'POST',
    path: '/staff/patients/00000000-0000-4000-8000-000000000000/discharge',
    expectedStatus: 303,
  },
  // No Authorization header: refused before any key lookup.
  'integration-records': {
    routeKey: 'POST /api/v1/patients/{id}/discharge',
    method: 'POST',
    path: '/api/v1/patients/00000000-0000-4000-8000-000000000000/discharge',
    expectedStatus: 401,
  },
  // No session cookie: refused before any session lookup.
  records: {
    routeKey: 'GET /api/patient/consents',
    method: 'GET',
    path: '/api/patient/consents',
    expectedStatus: 401,
  },
  // The page after the form: rendered without any table read.
  'public-requests': {
    routeKey: 'GET /request-an-appointment/check-email',
    method: 'GET',
    path: '/request-an-appointment/check-email',
    expectedStatus: 200,
  },
  // No staff session cookie: sent to sign in before any session lookup.
  'staff-reports': {
    routeKey: 'GET /staff/reports/outcomes',
    method: 'GET',
    path: '/staff/reports/outcomes',
    expectedStatus: 303,
  },
  // No Authorization header: refused before any key lookup.
  'integration-reports': {
    routeKey: 'GET /api/v1/reports/outcomes',
    method: 'GET',
    path: '/api/v1/reports/outcomes',
    expectedStatus: 401,
  },
};

const eventFor = (probe: Probe): APIGatewayProxyEventV2 => {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: probe.routeKey,
    rawPath: probe.path,
    rawQueryString: '',
    headers: {
      host: 'portal.example.com',
      'user-agent': 'bench',
      ...(probe.body ? { 'content-type': 'application/json' } : {}),
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'portal.example.com',
      domainPrefix: 'portal',
      http: {
        method: probe.method,
        path: probe.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.10',
        userAgent: 'bench',
      },
      requestId: randomUUID(),
      routeKey: probe.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(probe.body ? { body: probe.body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
};

interface ChildReport {
  readonly status: number;
  readonly startedMs: number;
  readonly importMs: number;
  readonly handlerMs: number;
  readonly rss: number;
  readonly heapUsed: number;
}

interface Run extends ChildReport {
  readonly totalMs: number;
}

const runChild = (
  node: NodeBinary,
  bundle: string,
  event: APIGatewayProxyEventV2,
  env: NodeJS.ProcessEnv,
): Promise<Run> =>
  new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(node.path, [childScript, bundle, JSON.stringify(event)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let report = '';
    let result: Run | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      report += chunk.toString();
      if (!result && report.includes('\n')) {
        const totalMs = performance.now() - started;
        result = { ...(JSON.parse(report) as ChildReport), totalMs };
        // The answer is in; nothing after it is part of the cold start.
        child.kill('SIGKILL');
      }
    });
    child.once('error', fail);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (result) done(result);
      else fail(new Error(`cold-start child exited (${code ?? signal}) without answering: ${stderr}`));
    });
  });

/**
 * Answers every DynamoDB request with an empty object (GetItem: no such item) and counts them,
 * with the access key id they were signed with, so the table can show who called it.
 */
const startDynamoStub = async () => {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    calls.push(/Credential=([^/]+)\//.exec(auth)?.[1] ?? '(unsigned)');
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** The access key ids of the requests since the last call. */
    take: () => calls.splice(0),
    stop: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
};

interface Way {
  readonly name: string;
  readonly label: string;
  readonly node: NodeBinary;
  readonly nodeOptions: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * On Lambda's Node: as deployed, without source maps, and with the tracer off
 * (POWERTOOLS_TRACE_ENABLED=false: shared/observability/tracing.ts then imports nothing), which
 * shows what each costs. Where this machine's Node is another major, it runs as deployed too, so
 * the tables can be compared with runs made before the cold starts moved to Lambda's major.
 */
const waysOf = (lambdaNode: NodeBinary | undefined): Way[] => {
  const on = lambdaNode ?? thisNode;
  const node = `Node ${on.version}`;
  const ways: Way[] = [
    {
      name: 'as deployed',
      label: `${node}, as deployed`,
      node: on,
      nodeOptions: '--enable-source-maps',
      env: {},
    },
    { name: 'no source maps', label: `${node}, no source maps`, node: on, nodeOptions: '', env: {} },
    {
      name: 'tracer off',
      label: `${node}, tracer off`,
      node: on,
      nodeOptions: '--enable-source-maps',
      env: { POWERTOOLS_TRACE_ENABLED: 'false' },
    },
  ];
  if (on !== thisNode)
    ways.push({
      name: 'this machine',
      label: `Node ${thisNode.version} (here), as deployed`,
      node: thisNode,
      nodeOptions: '--enable-source-maps',
      env: {},
    });
  return ways;
};

export const runColdStarts = async (
  built: readonly BuiltBundle[],
  serviceConfigPath: string,
  log: (line: string) => void,
  lambdaNode: NodeBinary | undefined,
): Promise<string> => {
  const variants = waysOf(lambdaNode);
  // The reminder functions answer queue and schedule events, not HTTP: the size table has them,
  // the cold-start tables do not.
  const bundles = built.filter((b) => !(b.name in reminderFunctionEntries));
  const stub = await startDynamoStub();
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TABLE_NAME: 'therapy-portal-bench',
    SERVICE_CONFIG_PATH: serviceConfigPath,
    HMAC_SECRET: 'bench-hmac-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    COOKIE_SECURE: 'false',
    // Only the floors call it: a portal bundle that does is reported below.
    DYNAMODB_ENDPOINT: stub.endpoint,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    // As Lambda sets them, so each bundle loads the tracer beside it (shared/observability/
    // tracing.ts) and the X-Ray SDK starts in Lambda mode, as deployed. Its segments go to a port
    // nobody listens on.
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${lambdaNodeMajor}.x`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: 'index.handler',
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    _X_AMZN_TRACE_ID: 'Root=1-6b0bb26f-75dd8094192723f74bf068a3;Parent=53995c3f42cd8ad8;Sampled=1',
    POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
  };
  const results = new Map<string, Run[]>();
  const problems: string[] = [];
  log(`cold starts: ${COLD_START_RUNS} runs x ${bundles.length} bundles x ${variants.length} ways`);
  for (let run = -1; run < COLD_START_RUNS; run++) {
    for (const variant of variants) {
      const env = { ...baseEnv, ...variant.env, NODE_OPTIONS: variant.nodeOptions };
      for (const b of bundles) {
        const probe = probes[b.name];
        if (!probe) throw new Error(`no cold-start event for ${b.name}`);
        const r = await runChild(variant.node, b.file, eventFor(probe), env);
        if (r.status !== probe.expectedStatus)
          problems.push(`UNEXPECTED: ${b.name} answered ${r.status}, expected ${probe.expectedStatus}`);
        const calls = stub.take();
        const expectedCalls = b.name === SDK_FLOOR || b.name === LIBRARY_FLOOR ? ['bench'] : [];
        if (calls.join() !== expectedCalls.join())
          problems.push(
            `UNEXPECTED: ${b.name} made ${calls.length} DynamoDB request(s) signed as [${calls.join(', ')}], expected ${expectedCalls.length}`,
          );
        if (run < 0) continue;
        const key = `${b.name}\u0000${variant.name}`;
        results.set(key, [...(results.get(key) ?? []), r]);
      }
    }
  }

  await stub.stop();

  const rows = variants.flatMap((variant) =>
    bundles.map((b) => ({ b, variant, runs: results.get(`${b.name}\u0000${variant.name}`) ?? [] })),
  );
  const baselineOf = (variantName: string) =>
    summarise((results.get(`${BASELINE}\u0000${variantName}`) ?? []).map((r) => r.totalMs));
  const coldTable = table(
    `7. Cold start: fresh node process, import the bundle, handle one event (ms; ${COLD_START_RUNS} runs each, median and p95)`,
    [
      'bundle',
      'run as',
      'event',
      'status',
      'spawn->answer p50',
      'p95',
      'vs baseline',
      'node boot p50',
      'import p50',
      'p95',
      'handler p50',
      'p95',
    ],
    rows.map(({ b, variant, runs }) => {
      const total = summarise(runs.map((r) => r.totalMs));
      const imp = summarise(runs.map((r) => r.importMs));
      const handle = summarise(runs.map((r) => r.handlerMs));
      const boot = summarise(runs.map((r) => r.startedMs));
      const probe = probes[b.name];
      return [
        b.name,
        variant.label,
        probe?.routeKey ?? '',
        [...new Set(runs.map((r) => r.status))].join('/'),
        ms(total.p50),
        ms(total.p95),
        b.name === BASELINE ? '' : `+${ms(total.p50 - baselineOf(variant.name).p50)}`,
        ms(boot.p50),
        ms(imp.p50),
        ms(imp.p95),
        ms(handle.p50),
        ms(handle.p95),
      ];
    }),
  );
  const memoryTable = table(
    '8. Memory of the cold-start process after its one event (process.memoryUsage(); median and max over the runs)',
    ['bundle', 'run as', 'RSS p50', 'RSS max', 'vs baseline', 'heap used p50'],
    rows.map(({ b, variant, runs }) => {
      const rss = summarise(runs.map((r) => r.rss));
      const heap = summarise(runs.map((r) => r.heapUsed));
      const base = summarise((results.get(`${BASELINE}\u0000${variant.name}`) ?? []).map((r) => r.rss));
      return [
        b.name,
        variant.label,
        mib(rss.p50),
        mib(rss.max),
        b.name === BASELINE ? '' : `+${mib(rss.p50 - base.p50)}`,
        mib(heap.p50),
      ];
    }),
  );
  const importOf = (name: string, variantName: string) =>
    summarise((results.get(`${name}\u0000${variantName}`) ?? []).map((r) => r.importMs));
  const ratioTable = table(
    `9. Import time against the SDK floor (import p50 / the floor's import p50; goal at most ${IMPORT_RATIO_GOAL}x), and against the library floor`,
    [
      'bundle',
      'run as',
      'import p50',
      'SDK floor p50',
      'ratio',
      'goal',
      'library floor p50',
      'ratio to it',
      'over empty handler',
    ],
    variants.flatMap((variant) =>
      bundles
        .filter((b) => b.name !== BASELINE && b.name !== SDK_FLOOR)
        .map((b) => {
          const imp = importOf(b.name, variant.name).p50;
          const floor = importOf(SDK_FLOOR, variant.name).p50;
          const libraries = importOf(LIBRARY_FLOOR, variant.name).p50;
          const ratio = imp / floor;
          return [
            b.name,
            variant.label,
            ms(imp),
            ms(floor),
            `${ratio.toFixed(2)}x`,
            ratio <= IMPORT_RATIO_GOAL ? 'within' : 'over',
            b.name === LIBRARY_FLOOR ? '' : ms(libraries),
            b.name === LIBRARY_FLOOR ? '' : `${(imp / libraries).toFixed(2)}x`,
            `+${ms(imp - importOf(BASELINE, variant.name).p50)}`,
          ];
        }),
    ),
  );
  const notes = [
    `   note: spawn->answer includes Node's boot ("node boot" = the child's performance.now() when its script starts);`,
    `         import includes the bundle's top-level await (environment parsed, Deps built); Lambda runs Node ${lambdaNodeMajor}.`,
    `   note: the library floor is the SDK floor with Powertools Logger, the tracer file, middy, zod and the Secrets Manager client (test/bench/library-floor.ts).`,
    ...(lambdaNode
      ? []
      : [
          `   note: Node ${lambdaNodeMajor} could not be fetched (test/bench/lambda-node.ts): these ran on this machine's ${thisNode.version}.`,
        ]),
    ...[...new Set(problems)].map((p) => `   note: ${p}`),
  ];
  return `${coldTable}\n${notes.join('\n')}\n\n${memoryTable}\n\n${ratioTable}`;
};
