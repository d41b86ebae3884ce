import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../local/seed.js';
import { integrationKeyKeys } from '../../shared/data/keys.js';
import { type IntegrationScope, integrationScopes } from '../../shared/domain/integration-scopes.js';
import { integrationRouteScopes } from '../../shared/http/route-table.js';
import { randomToken, sha256 } from '../../shared/security/keyed-hash.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// Integration keys are scoped and revocable (docs/API.md): the route table gives each /api/v1
// route its scope; a revoked or unknown key is 401, a key without the route's scope 403.

interface ErrorBody {
  error: { code: string; message: string };
}

/** Every integration route, with ids filled in: the key check runs before anything is looked up. */
const everyRoute = Object.entries(integrationRouteScopes).map(([key, scope]) => {
  const [method = '', path = ''] = key.split(' ');
  return { method, path: path.replace('{id}', randomUUID()), scope: scope as IntegrationScope };
});

describe('integration key scopes and revocation', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await createFixture();
  });

  it('answers 403 forbidden to a key without the route’s scope, for a route of each scope', async () => {
    for (const { method, path, scope } of everyRoute) {
      const key = await f.addIntegrationKey(integrationScopes.filter((s) => s !== scope));
      const res = await f.api(key)(method, path, {});
      expect(res.status, `${method} ${path} without ${scope}`).toBe(403);
      const body = res.json<ErrorBody>();
      expect(body).toEqual({ error: { code: 'forbidden', message: expect.stringContaining(scope) } });
      expect(res.headers['www-authenticate']).toContain('insufficient_scope');
    }
  });

  it('lets a key with only the route’s scope through, for every route', async () => {
    for (const { method, path, scope } of everyRoute) {
      const key = await f.addIntegrationKey([scope]);
      const res = await f.api(key)(method, path, {});
      // Past the key check: the route answers (400 for the empty body, 404 for the made-up id, 200).
      expect([200, 400, 404], `${method} ${path} with ${scope}: ${res.body}`).toContain(res.status);
    }
  });

  it('books with an appointments:write key and creates with a patients:write key, but not crosswise', async () => {
    const patientsKey = await f.addIntegrationKey(['patients:write']);
    const bookingKey = await f.addIntegrationKey(['appointments:write']);
    const patient = {
      givenName: 'Sam',
      familyName: 'Example',
      dateOfBirth: '1990-06-15',
      phone: '07911 123456',
      contactPreference: 'sms',
      stage: 'assessment',
    };
    expect((await f.api(bookingKey)('POST', '/api/v1/patients', patient)).status).toBe(403);
    const created = await f.api(patientsKey)('POST', '/api/v1/patients', patient);
    expect(created.status).toBe(201);
    const booking = {
      patientId: created.json<{ id: string }>().id,
      clinicianId: 'clin-a',
      start: '2026-11-25T10:00:00Z',
      serviceType: 'session',
    };
    expect((await f.api(patientsKey)('POST', '/api/v1/appointments', booking)).status).toBe(403);
    expect((await f.api(bookingKey)('POST', '/api/v1/appointments', booking)).status).toBe(201);
  });

  it('answers 401 unauthorized to a revoked key, on every route, and stores nothing', async () => {
    const key = await f.addIntegrationKey();
    expect((await f.api(key)('GET', '/api/v1/clinicians')).status).toBe(200);
    expect(await f.deps.integrationKeys.revoke(sha256(key), f.clock.now())).toBe('revoked');
    const before = await f.itemCount();
    for (const { method, path } of everyRoute) {
      const res = await f.api(key)(method, path, {});
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.json<ErrorBody>()).toEqual({
        error: { code: 'unauthorized', message: expect.any(String) },
      });
    }
    expect(await f.itemCount()).toBe(before);
  });

  it('gives a key stored before scopes existed no scope at all: 403 on every route', async () => {
    const key = randomToken();
    await f.deps.table.db.send(
      new PutCommand({
        TableName: f.tableName,
        Item: {
          ...integrationKeyKeys.integrationKey(sha256(key)),
          label: 'old',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    );
    for (const { method, path } of everyRoute) {
      expect((await f.api(key)(method, path, {})).status, `${method} ${path}`).toBe(403);
    }
  });

  it('gives the local portal’s printed key every scope, upgrading one kept from before scopes', async () => {
    const secrets = {
      hmacSecret: 'x'.repeat(43),
      demoSecureId: 'ABCDEFGHJKMNP',
      integrationKey: randomToken(),
      staffPasswords: { admin: 'a'.repeat(20), clinician: 'c'.repeat(20), scheduler: 's'.repeat(20) },
    };
    await f.deps.table.db.send(
      new PutCommand({
        TableName: f.tableName,
        Item: {
          ...integrationKeyKeys.integrationKey(sha256(secrets.integrationKey)),
          label: 'local',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    );
    expect((await f.api(secrets.integrationKey)('GET', '/api/v1/clinicians')).status).toBe(403);

    await seedDemo(f.deps, secrets);

    for (const { method, path } of everyRoute) {
      const res = await f.api(secrets.integrationKey)(method, path, {});
      expect([200, 400, 404], `${method} ${path}`).toContain(res.status);
    }
    expect((await f.deps.integrationKeys.find(sha256(secrets.integrationKey)))?.scopes).toEqual([
      ...integrationScopes,
    ]);
  });

  it('gives a freshly seeded local key every scope', async () => {
    const secrets = {
      hmacSecret: 'x'.repeat(43),
      demoSecureId: 'ABCDEFGHJKMNP',
      integrationKey: randomToken(),
      staffPasswords: { admin: 'a'.repeat(20), clinician: 'c'.repeat(20), scheduler: 's'.repeat(20) },
    };
    await seedDemo(f.deps, secrets);
    expect((await f.deps.integrationKeys.find(sha256(secrets.integrationKey)))?.scopes).toEqual([
      ...integrationScopes,
    ]);
  });
});
