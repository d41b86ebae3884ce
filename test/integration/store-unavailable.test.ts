import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, matchRoute, toEvent } from '../../local/http-server.js';
import { DYNAMODB_TIMEOUTS, documentClient } from '../../shared/data/dynamo.js';
import { buildDeps, type Deps } from '../../shared/deps.js';
import { handlerFactories } from '../../shared/http/lambdas/index.js';
import { messages, unavailablePageMessages } from '../../shared/web/messages.js';
import { createFixture, type Fixture, TEST_PORTAL_ORIGIN } from '../support/portal-fixture.js';

// When the table does not answer (DynamoDB down, unreachable or paused), a request gets a clear
// "try again": 503 `service_unavailable` with the error shape and a reference (JSON), or a page
// saying so with the reference (pages). Never a 500, never a stack or the SDK's error text, and
// never a request held until the Lambda's own timeout: the client's timeouts end it first
// (shared/data/dynamo.ts, DYNAMODB_TIMEOUTS, the deployed limits, which these tables use). The bench's fault run (test/bench/load.ts) measures
// the same against a paused DynamoDB Local under load.

const listening = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
};

/** A local port with nothing listening: connections to it are refused. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  const port = await listening(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const REQUEST_ID = 'req-unavailable-0001';

/** The route's real Lambda handler over `deps`, called as API Gateway calls it. */
const call = async (
  deps: Deps,
  request: { method: string; path: string; body?: object; cookie?: string; accept?: string },
) => {
  const url = new URL(request.path, TEST_PORTAL_ORIGIN);
  const headers: Record<string, string> = {
    ...(request.body ? { 'content-type': 'application/json' } : {}),
    ...(request.cookie ? { cookie: request.cookie } : {}),
  };
  const matched = matchRoute(request.method, url.pathname);
  const event = toEvent(
    {
      method: request.method,
      url,
      headers,
      body: Buffer.from(request.body ? JSON.stringify(request.body) : ''),
      sourceIp: '192.0.2.1',
    },
    matched,
  );
  event.requestContext.requestId = REQUEST_ID;
  const result = await handlerFactories[matched.lambda](deps)(
    event,
    lambdaContext(matched.lambda, REQUEST_ID),
  );
  return {
    status: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: result.body ?? '',
  };
};

/** What none of the answers may show: the SDK's and node's words for the failure, or a stack. */
const hidden = (port: number, tableName: string) => [
  'ECONNREFUSED',
  'TimeoutError',
  'Error:',
  '    at ',
  '127.0.0.1',
  String(port),
  tableName,
  'DynamoDB',
];

describe('the table unreachable', () => {
  let f: Fixture;
  let port: number;
  let deps: Deps;
  let cookie: string;

  beforeAll(async () => {
    f = await createFixture();
    // A real session, made while the table answers; the handlers below then find the table gone.
    const { secureId, patient } = await f.addPatient();
    const signedIn = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: patient.dateOfBirth },
    });
    expect(signedIn.status).toBe(200);
    cookie = signedIn.cookies.map((c) => c.split(';')[0]).join('; ');
    port = await closedPort();
    deps = buildDeps({
      service: f.deps.service,
      questionnaires: f.deps.questionnaires,
      table: { db: documentClient(`http://127.0.0.1:${port}`, DYNAMODB_TIMEOUTS), name: f.tableName },
      hmacSecret: 'a-store-unavailable-test-key-of-32-chars',
      clock: f.clock.now,
    });
  });

  it('answers a JSON sign-in 503 service_unavailable with the error shape and the reference', async () => {
    const res = await call(deps, {
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId: '7KQ2M9XD4TRBW', dateOfBirth: '1985-03-27' },
    });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'service_unavailable', message: `${messages.api.unavailable} Reference: ${REQUEST_ID}` },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers a patient JSON route 503 too: the due list with a session cookie', async () => {
    const res = await call(deps, { method: 'GET', path: '/api/patient/questionnaires', cookie });
    expect(res.status).toBe(503);
    expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('service_unavailable');
  });

  it('answers a page with the "try again" page, the reference, and the security headers', async () => {
    const res = await call(deps, { method: 'GET', path: '/questionnaires', cookie });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(unavailablePageMessages.title);
    expect(res.body).toContain(unavailablePageMessages.body);
    expect(res.body).toContain(`Reference: ${REQUEST_ID}`);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('shows no stack, error name, address or table in any of those answers', async () => {
    const answers = await Promise.all([
      call(deps, { method: 'POST', path: '/api/patient/session', body: { secureId: 'x', dateOfBirth: 'y' } }),
      call(deps, { method: 'GET', path: '/api/patient/questionnaires', cookie }),
      call(deps, { method: 'GET', path: '/questionnaires', cookie }),
    ]);
    for (const res of answers)
      for (const detail of hidden(port, f.tableName)) expect(res.body).not.toContain(detail);
  });
});

describe('the table accepting connections but never answering (paused)', () => {
  let f: Fixture;
  let server: Server;
  const sockets: Socket[] = [];
  let deps: Deps;
  let port: number;

  beforeAll(async () => {
    f = await createFixture();
    // Accepts and reads, never answers: what a paused DynamoDB Local or a lost network looks like.
    server = createServer((socket) => {
      sockets.push(socket);
      socket.resume();
    });
    port = await listening(server);
    deps = buildDeps({
      service: f.deps.service,
      questionnaires: f.deps.questionnaires,
      table: { db: documentClient(`http://127.0.0.1:${port}`, DYNAMODB_TIMEOUTS), name: f.tableName },
      hmacSecret: 'a-store-unavailable-test-key-of-32-chars',
      clock: f.clock.now,
    });
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // Without the client's request timeout this request would wait for ever (the SDK's default), and
  // the test would fail on vitest's limit; with it, the SDK gives up after its retries.
  it('answers 503 service_unavailable once the client gives up, not a hung request', async () => {
    const res = await call(deps, {
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId: '7KQ2M9XD4TRBW', dateOfBirth: '1985-03-27' },
    });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'service_unavailable', message: `${messages.api.unavailable} Reference: ${REQUEST_ID}` },
    });
    for (const detail of hidden(port, f.tableName)) expect(res.body).not.toContain(detail);
  }, 30_000);
});
