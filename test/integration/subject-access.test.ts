import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import type { RiskTodo } from '../../shared/domain/todo.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';
import { type SignedInPatient, signedInPatient } from '../support/patient-sign-in.js';
import { seedLetter } from '../support/seed-letter.js';

// F27: everything held about one patient, as a page and as one JSON download. Two patients share
// a clinician and each has something in every section; the copy of one holds all of theirs and
// nothing of the other's (their ids and values are absent from the whole JSON text).

const service = testService({ clinicians: [{ id: 'clin-shared', name: 'Clinician Shared', visible: true }] });

interface Seeded {
  readonly s: SignedInPatient;
  readonly markers: string[];
}

const seedEverything = async (
  f: Fixture,
  s: SignedInPatient,
  tag: string,
  start: string,
): Promise<Seeded> => {
  const patientId = s.patient.id;
  const appointmentId = randomUUID();
  await f.deps.appointments.book(
    {
      id: appointmentId,
      patientId,
      clinicianId: 'clin-shared',
      start,
      end: appointmentEnd(start, { durationMinutes: 50 }),
      serviceType: 'session',
    },
    0,
  );
  const submittedAt = '2027-06-01T09:00:00.000Z';
  const todo: RiskTodo = {
    id: randomUUID(),
    kind: 'risk',
    status: 'open',
    patientId,
    createdAt: submittedAt,
    clinicianId: 'clin-shared',
    questionnaireId: 'phq-9',
    responseDate: '2027-06-01',
    riskItemValue: 2,
    previousRiskItemValue: null,
    total: 12,
    reviewPolicy: 'Review within 1 working day',
    responseOutcome: 'stored',
  };
  const messageId = randomUUID();
  await f.deps.table.db.send(
    new TransactWriteCommand({
      TransactItems: [
        f.deps.responses.saveItem({
          patientId,
          questionnaireId: 'phq-9',
          date: '2027-06-01',
          submittedAt,
          appointmentId,
          answers: { q1: 2 },
          total: 12,
          severity: 'moderate',
          riskFlag: true,
          riskItemValue: 2,
        }),
        ...f.deps.todos.openItems(todo, f.deps.staffAlerts),
        ...f.deps.messageLog.entryItems({
          id: messageId,
          patientId,
          at: submittedAt,
          kind: 'reminder',
          outcome: 'sent',
          channel: 'sms',
          ref: appointmentId,
        }),
      ],
    }),
  );
  const consent = (
    await f.call({
      method: 'POST',
      path: '/api/patient/consents',
      body: { party: `Party of ${tag}`, purpose: `Purpose of ${tag}` },
      cookies: { '__Host-session': s.session },
    })
  ).json<{ id: string }>();
  const letter = await seedLetter(f, patientId, { createdAt: submittedAt, title: `Letter of ${tag}` });
  // A staff view of this patient's record, so the audit has staff access in it.
  const staff = await f.addStaffSession({ email: `admin.${tag.toLowerCase()}@example.com`, role: 'admin' });
  expect((await f.call({ method: 'GET', path: `/staff/patients/${patientId}`, cookies: staff })).status).toBe(
    200,
  );
  return {
    s,
    markers: [
      patientId,
      appointmentId,
      todo.id,
      messageId,
      consent.id,
      `Party of ${tag}`,
      letter.id,
      `Letter of ${tag}`,
      `admin.${tag.toLowerCase()}@example.com`,
    ],
  };
};

describe('subject access (patient)', () => {
  let f: Fixture;
  let a: Seeded;
  let b: Seeded;
  beforeEach(async () => {
    f = await createFixture({ service, start: new Date('2027-06-01T09:00:00Z') });
    const sa = await signedInPatient(f, { givenName: 'Ada', familyName: 'Alpha', phone: '+447700900111' });
    const sb = await signedInPatient(f, {
      givenName: 'Bea',
      familyName: 'Beta',
      dateOfBirth: '1990-01-01',
      phone: '+447700900222',
    });
    a = await seedEverything(f, sa, 'A', '2027-06-03T10:00:00.000Z');
    b = await seedEverything(f, sb, 'B', '2027-06-03T12:00:00.000Z');
  });
  const download = (s: SignedInPatient) =>
    f.call({ method: 'GET', path: '/api/patient/my-data', cookies: { '__Host-session': s.session } });

  it('is complete: every section, with what was stored about the patient', async () => {
    const res = await download(a.s);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-data.json"');
    const data = res.json<Record<string, unknown[] | Record<string, unknown>>>();
    expect(Object.keys(data).sort()).toEqual(
      [
        'generatedAt',
        'service',
        'details',
        'appointments',
        'requests',
        'responses',
        'todos',
        'consents',
        'letters',
        'messages',
        'episodes',
        'audit',
      ].sort(),
    );
    expect(data.details).toMatchObject({ id: a.s.patient.id, givenName: 'Ada', phone: '+447700900111' });
    for (const section of [
      'appointments',
      'responses',
      'todos',
      'consents',
      'letters',
      'messages',
      'episodes',
    ])
      expect(data[section], section).toHaveLength(1);
    expect(data.responses).toEqual([
      expect.objectContaining({ total: 12, severity: 'moderate', answers: { q1: 2 } }),
    ]);
    expect(data.consents).toEqual([expect.objectContaining({ party: 'Party of A', withdrawnAt: null })]);
    expect(data.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'viewed-record', actor: 'admin.a@example.com' }),
      ]),
    );
    const text = res.body;
    for (const marker of a.markers) expect(text, marker).toContain(marker);
    // The letter is listed, not carried: no PDF bytes in the JSON.
    expect(text).not.toContain('"pdf"');
  });

  it('is isolated: nothing of the other patient, who shares the clinician, is in it', async () => {
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      const text = (await download(mine.s)).body;
      for (const marker of theirs.markers) expect(text, marker).not.toContain(marker);
      for (const value of [
        theirs.s.patient.givenName,
        theirs.s.patient.familyName,
        theirs.s.patient.phone ?? '',
      ])
        expect(text).not.toContain(value);
      const page = await f.call({
        method: 'GET',
        path: '/my-data',
        cookies: { '__Host-session': mine.s.session },
      });
      for (const marker of theirs.markers) expect(page.body, marker).not.toContain(marker);
    }
  });

  it('holds no secrets: no Secure ID, no hash, no table keys', async () => {
    const text = (await download(a.s)).body;
    expect(text).not.toMatch(/hash|"pk"|"sk"|gsi1|gsi2/i);
  });

  it('the page shows every section under its heading, and links the download', async () => {
    const page = await f.call({
      method: 'GET',
      path: '/my-data',
      cookies: { '__Host-session': a.s.session },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="/api/patient/my-data"');
    for (const heading of [
      'Your details',
      'Appointments: 1',
      'Letters: 1',
      'Who looked at or changed your record',
    ])
      expect(page.body).toContain(heading);
    for (const marker of a.markers) expect(page.body, marker).toContain(marker);
  });

  it('staff produce the same copy, page and JSON, isolated and audited', async () => {
    const staff = await f.addStaffSession({ email: 'sar.admin@example.com', role: 'admin' });
    const res = await f.call({
      method: 'GET',
      path: `/staff/patients/${a.s.patient.id}/my-data.json`,
      cookies: staff,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-data.json"');
    for (const marker of a.markers) expect(res.body, marker).toContain(marker);
    for (const marker of b.markers) expect(res.body, marker).not.toContain(marker);
    const page = await f.call({
      method: 'GET',
      path: `/staff/patients/${a.s.patient.id}/my-data`,
      cookies: staff,
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`href="/staff/patients/${a.s.patient.id}/my-data.json"`);
    const audited = (await f.deps.auditLog.forPatient(a.s.patient.id)).filter(
      (e) => e.actor === 'sar.admin@example.com',
    );
    expect(audited).toEqual([
      expect.objectContaining({ action: 'viewed-record', detail: 'subject access' }),
      expect.objectContaining({ action: 'viewed-record', detail: 'subject access' }),
    ]);
  });

  it('needs a session', async () => {
    expect((await f.call({ method: 'GET', path: '/api/patient/my-data' })).status).toBe(401);
    const page = await f.call({ method: 'GET', path: '/my-data' });
    expect([page.status, page.headers.location]).toEqual([303, '/sign-in']);
  });
});

describe('subject access: requests whatever became of them', () => {
  it('lists a request the patient cancelled, and one still pending, with their status', async () => {
    const f = await createFixture({ service, start: new Date('2027-06-01T09:00:00Z') });
    const s = await signedInPatient(f, { givenName: 'Cy', familyName: 'Gamma' });
    const request = (start: string) => ({
      id: randomUUID(),
      patientId: s.patient.id,
      clinicianId: 'clin-shared',
      start,
      end: appointmentEnd(start, { durationMinutes: 50 }),
      serviceType: 'session',
    });
    const cancelled = request('2027-06-07T10:00:00.000Z');
    const pending = request('2027-06-08T10:00:00.000Z');
    expect(await f.deps.appointmentRequests.submit(cancelled, 0, f.clock.now())).toEqual({ ok: true });
    expect(await f.deps.appointmentRequests.submit(pending, 0, f.clock.now())).toEqual({ ok: true });
    expect(await f.deps.appointmentRequests.cancel(cancelled.id, s.patient.id)).toBe('cancelled');

    const res = await f.call({
      method: 'GET',
      path: '/api/patient/my-data',
      cookies: { '__Host-session': s.session },
    });
    const requests = res.json<{ requests: { id: string; status: string }[] }>().requests;
    expect(requests.map(({ id, status }) => ({ id, status }))).toEqual(
      expect.arrayContaining([
        { id: cancelled.id, status: 'cancelled' },
        { id: pending.id, status: 'pending' },
      ]),
    );
    expect(requests).toHaveLength(2);
  });
});
