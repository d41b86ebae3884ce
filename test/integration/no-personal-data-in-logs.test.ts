import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieValue, createFixture, type Fixture } from '../support/portal-fixture.js';

// Hazard H4. Logs leave the service (CloudWatch, support tickets): they carry ids and outcomes, never what a
// patient typed or what the portal holds about them.

describe('logs', () => {
  let f: Fixture;
  let written: string[];
  beforeEach(async () => {
    f = await createFixture();
    written = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  });
  afterEach(() => vi.restoreAllMocks());

  it('hold no Secure ID, date of birth, name or phone number through sign-in, errors and the API', async () => {
    const key = await f.addIntegrationKey();
    const { patient, secureId } = await f.addPatient({
      givenName: 'Zebedee',
      familyName: 'Quixote',
      dateOfBirth: '1971-08-19',
    });
    const first = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1971-08-19' },
    });
    await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1971-08-20' },
    });
    await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId: `${secureId}!`, dateOfBirth: '1971-13-19' },
    });
    await f.call({
      method: 'POST',
      path: '/api/v1/patients',
      headers: { authorization: `Bearer ${key}` },
      body: {
        givenName: 'Zebedee',
        familyName: 'Quixote',
        dateOfBirth: '1971-08-19',
        phone: '07911 654321',
        contactPreference: 'sms',
        stage: 'treatment',
      },
    });
    // A questionnaire with a risk answer: neither answers, scores nor the flag may be logged.
    await f.deps.appointments.book(
      {
        id: randomUUID(),
        patientId: patient.id,
        clinicianId: 'clin-a',
        start: '2026-11-24T10:00:00.000Z',
        end: '2026-11-24T10:50:00.000Z',
        serviceType: 'session',
      },
      0,
    );
    const answers = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 3 : 2]),
    );
    const submitted = await f.call({
      method: 'POST',
      path: '/api/patient/questionnaires/phq-9/responses',
      body: { answers },
      cookies: { '__Host-session': cookieValue(first.cookies, '__Host-session') as string },
    });
    expect(submitted.status).toBe(201);

    // An unexpected failure: a stored profile no longer parses, so the home page fails and logs it.
    const signedIn = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1971-08-19' },
    });
    const session = cookieValue(signedIn.cookies, '__Host-session') as string;
    await f.deps.table.db.send(
      new UpdateCommand({
        TableName: f.tableName,
        Key: { pk: `PATIENT#${patient.id}`, sk: 'PROFILE' },
        UpdateExpression: 'SET stage = :bad',
        ExpressionAttributeValues: { ':bad': 'Zebedee Quixote 1971-08-19' },
      }),
    );
    const failed = await f.call({ method: 'GET', path: '/home', cookies: { '__Host-session': session } });
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain('Zebedee');

    const logs = written.join('\n');
    expect(logs).toContain('Unhandled error'); // the capture works: the failure was logged
    for (const secret of [
      secureId,
      'Zebedee',
      'Quixote',
      '1971-08-19',
      '1971-08-20',
      '7911654321',
      '7911123456',
    ]) {
      expect(logs).not.toContain(secret);
    }
    for (const clinical of ['phq9_', 'riskFlag', 'riskItemValue', 'severity', 'Moderately severe']) {
      expect(logs).not.toContain(clinical);
    }
  });

  it('carry the request id as correlationId: the reference the error page shows the patient', async () => {
    const { patient, secureId } = await f.addPatient({ dateOfBirth: '1980-01-01' });
    const signedIn = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1980-01-01' },
    });
    await f.deps.table.db.send(
      new UpdateCommand({
        TableName: f.tableName,
        Key: { pk: `PATIENT#${patient.id}`, sk: 'PROFILE' },
        UpdateExpression: 'SET stage = :bad',
        ExpressionAttributeValues: { ':bad': 'not a stage' },
      }),
    );
    written.length = 0;
    const home = await f.call({
      method: 'GET',
      path: '/home',
      cookies: { '__Host-session': cookieValue(signedIn.cookies, '__Host-session') as string },
    });
    expect(home.status).toBe(500);
    const lines = written.flatMap((chunk) => chunk.split('\n')).filter((l) => l.startsWith('{'));
    const logged = lines.map((l) => JSON.parse(l) as { message: string; correlationId?: string });
    const failure = logged.find((l) => l.message === 'Unhandled error');
    expect(failure?.correlationId).toMatch(/\S{8,}/);
    // Every line of the request carries the same id, and the error page shows it as the reference.
    expect(new Set(logged.map((l) => l.correlationId))).toEqual(new Set([failure?.correlationId]));
    expect(home.body).toContain(failure?.correlationId);
  });
});
