import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { normaliseSecureId } from '../../shared/domain/secure-id.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

const newPatient = {
  givenName: 'Sam',
  familyName: 'Example',
  dateOfBirth: '1990-06-15',
  phone: '07911 123456',
  contactPreference: 'sms',
  stage: 'assessment',
  externalId: 'EPR-42',
};

describe('integration API', () => {
  let f: Fixture;
  let key: string;
  const api = (method: string, path: string, body?: unknown, auth?: string) =>
    f.api(key)(method, path, body, auth);
  const itemCount = () => f.itemCount();

  beforeEach(async () => {
    f = await createFixture();
    key = await f.addIntegrationKey();
  });

  it('requires a valid integration key on every route', async () => {
    const { patient } = await f.addPatient();
    const calls: [string, string][] = [
      ['POST', '/api/v1/patients'],
      ['PATCH', `/api/v1/patients/${patient.id}`],
      ['POST', `/api/v1/patients/${patient.id}/secure-id`],
    ];
    for (const [method, path] of calls) {
      for (const auth of ['', 'Bearer', `Bearer ${'x'.repeat(43)}`, `Basic ${key}`]) {
        const res = await api(method, path, { stage: 'treatment' }, auth);
        expect(res.status, `${method} ${path} with "${auth.slice(0, 6)}"`).toBe(401);
        expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
  });

  it('creates a patient whose Secure ID works for sign-in and is stored only as a keyed hash', async () => {
    const res = await api('POST', '/api/v1/patients', newPatient);
    expect(res.status).toBe(201);
    const { id, secureId } = res.json<{ id: string; secureId: string }>();
    expect(secureId).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    const stored = await f.deps.patients.get(id);
    expect(stored).toMatchObject({
      givenName: 'Sam',
      phone: '+447911123456',
      stage: 'assessment',
      externalId: 'EPR-42',
    });

    const canonical = (normaliseSecureId(secureId) as { value: string }).value;
    const { Items = [] } = await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }));
    expect(JSON.stringify(Items)).not.toContain(canonical);
    expect(JSON.stringify(Items)).not.toContain(secureId);

    const signIn = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1990-06-15' },
    });
    expect(signIn.status).toBe(200);
  });

  it('refuses bad patients with 400, a message per field, and stores nothing', async () => {
    const before = await itemCount();
    const cases: [unknown, string[]][] = [
      [{ ...newPatient, dateOfBirth: '2023-02-30' }, ['dateOfBirth']],
      [{ ...newPatient, dateOfBirth: '2099-01-01' }, ['dateOfBirth']],
      [{ ...newPatient, givenName: 'x'.repeat(101) }, ['givenName']],
      [{ ...newPatient, givenName: 42 }, ['givenName']],
      [{ ...newPatient, phone: '12345' }, ['phone']],
      [{ ...newPatient, contactPreference: 'pigeon' }, ['contactPreference']],
      [{ ...newPatient, stage: 'finished' }, ['stage']],
      [{ ...newPatient, nhsNumber: '9434765919' }, ['nhsNumber']],
      [{ ...newPatient, phone: undefined }, ['contactPreference']],
      [{ ...newPatient, contactPreference: 'email' }, ['contactPreference']],
      [{ givenName: 'A' }, ['familyName', 'dateOfBirth', 'contactPreference', 'stage']],
    ];
    for (const [body, fields] of cases) {
      const res = await api('POST', '/api/v1/patients', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = res.json<{ error: { code: string; fields: Record<string, string> } }>().error;
      expect(error.code).toBe('invalid_request');
      for (const field of fields) expect(error.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    const malformed = await f.call({
      method: 'POST',
      path: '/api/v1/patients',
      body: '{"givenName":',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(malformed.status).toBe(400);
    expect(await itemCount()).toBe(before);
  });

  it('changes a patient’s stage and contact details, keeping them reachable', async () => {
    const { patient } = await f.addPatient({ email: undefined, contactPreference: 'sms' });
    const moved = await api('PATCH', `/api/v1/patients/${patient.id}`, {
      stage: 'treatment',
      email: 'sam@example.com',
    });
    expect(moved.status).toBe(200);
    expect(await f.deps.patients.get(patient.id)).toMatchObject({
      stage: 'treatment',
      email: 'sam@example.com',
      contactPreference: 'sms',
    });

    const toEmail = await api('PATCH', `/api/v1/patients/${patient.id}`, { contactPreference: 'email' });
    expect(toEmail.status).toBe(200);

    const noPhone = await f.addPatient({
      phone: undefined,
      email: 'x@example.com',
      contactPreference: 'email',
    });
    const unreachable = await api('PATCH', `/api/v1/patients/${noPhone.patient.id}`, {
      contactPreference: 'sms',
    });
    expect(unreachable.status).toBe(400);
    expect(await f.deps.patients.get(noPhone.patient.id)).toMatchObject({ contactPreference: 'email' });
  });

  it('refuses an empty change, an unknown field and an unknown patient', async () => {
    const { patient } = await f.addPatient();
    expect((await api('PATCH', `/api/v1/patients/${patient.id}`, {})).status).toBe(400);
    expect((await api('PATCH', `/api/v1/patients/${patient.id}`, { givenName: 'New' })).status).toBe(400);
    expect(
      (await api('PATCH', '/api/v1/patients/00000000-0000-4000-8000-00000000ffff', { stage: 'treatment' }))
        .status,
    ).toBe(404);
    expect((await api('PATCH', '/api/v1/patients/not-a-uuid', { stage: 'treatment' })).status).toBe(404);
  });

  it('issues a new Secure ID: the old one stops working at once, the new one works', async () => {
    const { patient, secureId: oldId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const res = await api('POST', `/api/v1/patients/${patient.id}/secure-id`);
    expect(res.status).toBe(200);
    const { secureId: newId } = res.json<{ secureId: string }>();
    const signIn = (secureId: string) =>
      f.call({ method: 'POST', path: '/api/patient/session', body: { secureId, dateOfBirth: '1985-03-27' } });
    expect((await signIn(oldId)).status).toBe(401);
    expect((await signIn(newId)).status).toBe(200);
  });

  it('gives a disabled patient a way back: a new Secure ID after 20 failures', async () => {
    const { patient, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const attempt = (id: string, dob: string) =>
      f.call({ method: 'POST', path: '/api/patient/session', body: { secureId: id, dateOfBirth: dob } });
    for (const wait of [0, 15 * 60, 3600, 24 * 3600]) {
      f.clock.advanceSeconds(wait);
      for (let i = 0; i < 5; i++) await attempt(secureId, '2000-01-01');
    }
    expect((await attempt(secureId, '1985-03-27')).status).toBe(429);
    const { secureId: fresh } = (await api('POST', `/api/v1/patients/${patient.id}/secure-id`)).json<{
      secureId: string;
    }>();
    expect((await attempt(fresh, '1985-03-27')).status).toBe(200);
  });

  it('leaves exactly one working Secure ID after concurrent reissues', async () => {
    const { patient } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => api('POST', `/api/v1/patients/${patient.id}/secure-id`)),
    );
    // Each answers 200 (it won, or ran after the others) or 409 (it lost a race): never an error.
    for (const r of results) expect([200, 409]).toContain(r.status);
    const issued = results
      .filter((r) => r.status === 200)
      .map((r) => r.json<{ secureId: string }>().secureId);
    expect(issued.length).toBeGreaterThan(0);
    const working = [];
    for (const secureId of issued) {
      const res = await f.call({
        method: 'POST',
        path: '/api/patient/session',
        body: { secureId, dateOfBirth: '1985-03-27' },
      });
      if (res.status === 200) working.push(secureId);
    }
    expect(working).toHaveLength(1);
  });
});
