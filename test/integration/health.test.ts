import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, matchRoute, toEvent } from '../../local/http-server.js';
import { documentClient } from '../../shared/data/dynamo.js';
import { buildDeps, type Deps } from '../../shared/deps.js';
import { patientSessionHandler } from '../../shared/http/lambdas/patient-session.js';
import { messages } from '../../shared/web/messages.js';
import { createFixture, type Fixture, TEST_PORTAL_ORIGIN } from '../support/portal-fixture.js';

// GET /api/health (API.md "Operations"), what the synthetic check calls every 5 minutes through
// CloudFront: 200 {"status":"ok"} when the table answers and the HMAC key is loaded, 503 when not,
// never cached, and nothing more in the body for anyone who calls it.

/** A local port with nothing listening: a table endpoint there never answers. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
};

/** The patient-session Lambda's real handler over `deps`, called as API Gateway calls it. */
const callHealth = async (deps: Deps, headers: Record<string, string> = {}) => {
  const url = new URL('/api/health', TEST_PORTAL_ORIGIN);
  const event = toEvent(
    { method: 'GET', url, headers, body: Buffer.alloc(0), sourceIp: '192.0.2.1' },
    matchRoute('GET', url.pathname),
  );
  const result = await patientSessionHandler(deps)(
    event,
    lambdaContext('patient-session', event.requestContext.requestId),
  );
  return {
    status: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: result.body ?? '',
  };
};

describe('GET /api/health', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });

  it('is served by the patient-session Lambda', () => {
    expect(matchRoute('GET', '/api/health').lambda).toBe('patient-session');
  });

  it('answers 200 {"status":"ok"} and nothing else when the table answers', async () => {
    const res = await f.call({ method: 'GET', path: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toBe('{"status":"ok"}');
    expect(res.cookies).toEqual([]);
  });

  it('is never cached: no-store on the answer', async () => {
    const res = await f.call({ method: 'GET', path: '/api/health' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('writes nothing to the table', async () => {
    const before = await f.itemCount();
    await f.call({ method: 'GET', path: '/api/health' });
    expect(await f.itemCount()).toBe(before);
  });

  describe('when DynamoDB is unreachable', () => {
    let deps: Deps;
    let port: number;
    beforeAll(async () => {
      port = await closedPort();
      deps = buildDeps({
        service: f.deps.service,
        questionnaires: f.deps.questionnaires,
        table: { db: documentClient(`http://127.0.0.1:${port}`), name: f.tableName },
        hmacSecret: 'a-health-check-test-key-of-32-characters',
      });
    });

    it('answers 503 with status unavailable and the error shape, no detail', async () => {
      const res = await callHealth(deps);
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toEqual({
        status: 'unavailable',
        error: { code: 'unavailable', message: messages.api.unavailable },
      });
    });

    it('reveals nothing about the failure: no error name, address, port or table', async () => {
      const res = await callHealth(deps);
      for (const detail of ['ECONNREFUSED', 'Error', '127.0.0.1', String(port), f.tableName, 'dynamodb'])
        expect(res.body).not.toContain(detail);
    });

    it('is not cached either', async () => {
      const res = await callHealth(deps);
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  it('answers 503 when the HMAC key cannot be used', async () => {
    const unusable = () => {
      throw new Error('no key');
    };
    const broken: Deps = {
      ...f.deps,
      hasher: {
        secureId: unusable,
        clientAddress: unusable,
        emailAddress: unusable,
        requestToken: unusable,
      },
    };
    const res = await callHealth(broken);
    expect(res.status).toBe(503);
    expect(res.body).not.toContain('no key');
  });

  describe('behind CloudFront', () => {
    const secret = 'origin-verify-secret-for-the-health-test';
    let behind: Fixture;
    beforeAll(async () => {
      behind = await createFixture({ originVerifySecret: secret });
    });

    it('answers the canary, which comes through CloudFront with the origin header', async () => {
      const res = await behind.call({
        method: 'GET',
        path: '/api/health',
        headers: { 'x-origin-verify': secret, 'cloudfront-viewer-address': '198.51.100.7:443' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toBe('{"status":"ok"}');
    });

    it('refuses a call straight to API Gateway, like every other route', async () => {
      const res = await behind.call({ method: 'GET', path: '/api/health' });
      expect(res.status).toBe(403);
      expect(res.body).not.toContain('status');
    });
  });
});
