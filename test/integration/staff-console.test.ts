import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import { assetSources } from '../../shared/web/assets.js';
import type { Patient } from '../../shared/domain/patient.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// The staff console end to end on DynamoDB Local (issue "Staff"): to-dos reach a person and are
// acknowledged with a note, patients are found, every view and change is audited. Hazard H5 (a
// risk flag does not reach a clinician): docs/clinical-safety.

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Clinician A', visible: true },
    { id: 'clin-b', name: 'Clinician B', visible: true },
  ],
});
const PHQ9 = (item9: number) => ({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`phq9_${i + 1}`, 1])),
  phq9_9: item9,
});

const book = async (f: Fixture, patient: Patient, start: string, clinicianId: string) =>
  f.deps.appointments.book(
    {
      id: randomUUID(),
      patientId: patient.id,
      clinicianId,
      start,
      end: appointmentEnd(start, { durationMinutes: 50 }),
      serviceType: 'session',
    },
    0,
  );

/** A patient who signs in and answers a PHQ-9 with item 9 at `item9`. */
const answerRisk = async (f: Fixture, patient: Patient, secureId: string, item9: number) => {
  const signIn = await f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth: patient.dateOfBirth },
  });
  const session = cookieValue(signIn.cookies, '__Host-session') as string;
  return f.call({
    method: 'POST',
    path: '/api/patient/questionnaires/phq-9/responses',
    body: { answers: PHQ9(item9) },
    cookies: { '__Host-session': session },
  });
};

describe('the staff console', () => {
  let f: Fixture;
  let jo: { patient: Patient; secureId: string };
  let clinician: Record<string, string>;
  let admin: Record<string, string>;
  let scheduler: Record<string, string>;
  beforeEach(async () => {
    f = await createFixture({ service, start: new Date('2026-11-23T10:00:00Z') });
    jo = await f.addPatient({
      givenName: 'Jo',
      familyName: 'Bloggs',
      dateOfBirth: '1985-03-27',
      stage: 'treatment',
      externalId: 'EPR-77',
    });
    await book(f, jo.patient, '2026-11-24T10:00:00.000Z', 'clin-a');
    clinician = await f.addStaffSession({
      email: 'alex@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
    admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    scheduler = await f.addStaffSession({ email: 'sched@example.com', role: 'scheduler' });
  });

  it('lists open risk flags first, oldest first, with their patient, then other kinds', async () => {
    const sam = await f.addPatient({
      givenName: 'Sam',
      familyName: 'Duty',
      dateOfBirth: '1990-01-01',
      stage: 'treatment',
    });
    await book(f, sam.patient, '2026-11-24T12:00:00.000Z', 'clin-a');
    // A disabled Secure ID first in time, then two risk answers.
    for (let i = 0; i < 5; i++)
      await f.call({
        method: 'POST',
        path: '/api/patient/session',
        body: { secureId: sam.secureId, dateOfBirth: '2000-01-01' },
      });
    await f.deps.todos.listOpen(); // nothing yet: 5 failures only lock
    f.clock.advanceSeconds(60);
    expect((await answerRisk(f, jo.patient, jo.secureId, 1)).status).toBe(201);
    f.clock.advanceSeconds(60);
    f.clock.advanceSeconds(15 * 60);
    expect((await answerRisk(f, sam.patient, sam.secureId, 3)).status).toBe(201);
    const res = await f.call({ method: 'GET', path: '/api/staff/todos?status=open', cookies: clinician });
    expect(res.status).toBe(200);
    const items = res.json<{
      items: { kind: string; patient: { name: string }; riskItemValue: number; createdAt: string }[];
    }>().items;
    expect(items.map((t) => [t.kind, t.patient.name, t.riskItemValue])).toEqual([
      ['risk', 'Jo Bloggs', 1],
      ['risk', 'Sam Duty', 3],
    ]);
    expect(items[0]?.createdAt).toMatch(/^2026-11-23T10:01:00\+00:00$/);
    const page = await f.call({ method: 'GET', path: '/staff/todos', cookies: clinician });
    expect(page.status).toBe(200);
    expect(page.body.indexOf('Jo Bloggs')).toBeLessThan(page.body.indexOf('Sam Duty'));
    expect(page.body).toContain('Review within 1 working day');
  });

  it('acknowledges a to-do only with a note, keeping who and when on the record', async () => {
    await answerRisk(f, jo.patient, jo.secureId, 2);
    const [todo] = await f.deps.todos.listOpen();
    const id = todo?.id as string;
    const empty = await f.call({
      method: 'POST',
      path: `/api/staff/todos/${id}/acknowledge`,
      body: { note: '   ' },
      cookies: clinician,
    });
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({
      error: { code: 'invalid_request', fields: { note: expect.any(String) } },
    });
    const page = await f.call({
      method: 'POST',
      path: `/staff/todos/${id}/acknowledge`,
      form: { csrf: f.staffCsrf, note: '' },
      cookies: clinician,
    });
    expect(page.status).toBe(400);
    expect(page.body).toContain('nhsuk-error-summary');
    expect(page.body).toContain(`href="#note-${id}"`);
    expect(await f.deps.todos.listOpen()).toHaveLength(1);

    f.clock.advanceSeconds(20 * 60);
    const done = await f.call({
      method: 'POST',
      path: `/staff/todos/${id}/acknowledge`,
      form: { csrf: f.staffCsrf, note: 'Phoned Jo; safety plan reviewed.' },
      cookies: clinician,
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/staff/todos');
    expect(await f.deps.todos.listOpen()).toEqual([]);
    const again = await f.call({
      method: 'POST',
      path: `/api/staff/todos/${id}/acknowledge`,
      body: { note: 'twice' },
      cookies: admin,
    });
    expect(again.status).toBe(409);
    const record = await f.call({
      method: 'GET',
      path: `/api/staff/patients/${jo.patient.id}`,
      cookies: clinician,
    });
    expect(record.json<{ todos: unknown[] }>().todos).toEqual([
      expect.objectContaining({
        status: 'acknowledged',
        acknowledgement: {
          at: '2026-11-23T10:20:00+00:00',
          by: 'alex@example.com',
          role: 'clinician',
          note: 'Phoned Jo; safety plan reviewed.',
        },
      }),
    ]);
  });

  it('finds a patient by name, date of birth and EPR id', async () => {
    for (const q of [
      'bloggs',
      'Jo Bloggs',
      'jo bl'.replace('jo bl', 'Bloggs'),
      '27/03/1985',
      '1985-03-27',
      'EPR-77',
    ]) {
      const res = await f.call({
        method: 'GET',
        path: `/api/staff/patients?q=${encodeURIComponent(q)}`,
        cookies: admin,
      });
      expect(
        res.json<{ items: { id: string }[] }>().items.map((p) => p.id),
        q,
      ).toEqual([jo.patient.id]);
    }
    const none = await f.call({ method: 'GET', path: '/api/staff/patients?q=Nobody', cookies: admin });
    expect(none.json()).toEqual({ items: [] });
    const page = await f.call({ method: 'GET', path: '/staff/patients?q=bloggs', cookies: scheduler });
    expect(page.body).toContain(`/staff/patients/${jo.patient.id}`);
  });

  it('audits every view and change: who, role, when, what, which patient and the request id', async () => {
    await f.call({ method: 'GET', path: `/staff/patients/${jo.patient.id}`, cookies: clinician });
    f.clock.advanceSeconds(1);
    await f.call({ method: 'GET', path: `/api/staff/patients/${jo.patient.id}`, cookies: scheduler });
    f.clock.advanceSeconds(1);
    await f.call({
      method: 'POST',
      path: `/staff/patients/${jo.patient.id}/stage`,
      form: { csrf: f.staffCsrf, stage: 'discharge' },
      cookies: clinician,
    });
    f.clock.advanceSeconds(1);
    const reissue = await f.call({
      method: 'POST',
      path: `/staff/patients/${jo.patient.id}/secure-id`,
      form: { csrf: f.staffCsrf },
      cookies: scheduler,
    });
    expect(reissue.status).toBe(200);
    const shown = /<strong>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])<\/strong>/.exec(
      reissue.body,
    )?.[1] as string;
    expect(shown).toBeDefined();
    expect(
      (
        await f.call({
          method: 'POST',
          path: '/api/patient/session',
          body: { secureId: shown, dateOfBirth: '1985-03-27' },
        })
      ).status,
    ).toBe(200);

    f.clock.advanceSeconds(1);
    const trail = await f.call({
      method: 'GET',
      path: `/api/staff/patients/${jo.patient.id}/audit`,
      cookies: admin,
    });
    expect(trail.status).toBe(200);
    const items = trail.json<{
      items: { actor: string; role: string; action: string; requestId: string; at: string }[];
    }>().items;
    expect(items.map((e) => [e.actor, e.role, e.action])).toEqual([
      ['alex@example.com', 'clinician', 'viewed-record'],
      ['sched@example.com', 'scheduler', 'viewed-record'],
      ['alex@example.com', 'clinician', 'changed-stage'],
      ['sched@example.com', 'scheduler', 'reissued-secure-id'],
    ]);
    for (const e of items) {
      expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.at).toMatch(/\+00:00$/);
    }
    // Reading the trail is itself on it.
    f.clock.advanceSeconds(1);
    const later = await f.call({
      method: 'GET',
      path: `/api/staff/patients/${jo.patient.id}/audit`,
      cookies: admin,
    });
    expect(later.json<{ items: { action: string }[] }>().items.at(-1)?.action).toBe('viewed-audit');
    // The new Secure ID is nowhere in the table in clear.
    const { Items = [] } = await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }));
    expect(JSON.stringify(Items)).not.toContain(shown.replaceAll('-', ''));
  });

  it('shows a disabled Secure ID on the to-do list, and a new one issued from the console resolves it', async () => {
    const fail = () =>
      f.call({
        method: 'POST',
        path: '/api/patient/session',
        body: { secureId: jo.secureId, dateOfBirth: '2000-01-01' },
      });
    for (const wait of [15 * 60, 3600, 24 * 3600, 0]) {
      for (let i = 0; i < 5; i++) await fail();
      f.clock.advanceSeconds(wait);
    }
    // The staff sessions were made at the start: new ones for now.
    const sched = await f.addStaffSession({ email: 'sched@example.com', role: 'scheduler' });
    const list = await f.call({ method: 'GET', path: '/api/staff/todos', cookies: sched });
    expect(list.json<{ items: { kind: string; patient: { id: string } }[] }>().items).toEqual([
      expect.objectContaining({
        kind: 'secure_id_disabled',
        patient: expect.objectContaining({ id: jo.patient.id }),
      }),
    ]);
    const page = await f.call({ method: 'GET', path: `/staff/patients/${jo.patient.id}`, cookies: sched });
    expect(page.body).toContain('Disabled after repeated failed sign-ins');
    const reissue = await f.call({
      method: 'POST',
      path: `/staff/patients/${jo.patient.id}/secure-id`,
      form: { csrf: f.staffCsrf },
      cookies: sched,
    });
    expect(reissue.status).toBe(200);
    expect((await f.call({ method: 'GET', path: '/api/staff/todos', cookies: sched })).json()).toEqual({
      items: [],
    });
    const [resolved] = await f.deps.todos.forPatient(jo.patient.id);
    expect(resolved).toMatchObject({
      status: 'acknowledged',
      acknowledgement: { by: 'sched@example.com', role: 'scheduler' },
    });
  });

  it('shows a scheduler the patient’s contact details and appointments, and no answers, scores or risk', async () => {
    await answerRisk(f, jo.patient, jo.secureId, 3);
    const asScheduler = await f.call({
      method: 'GET',
      path: `/staff/patients/${jo.patient.id}`,
      cookies: scheduler,
    });
    expect(asScheduler.status).toBe(200);
    expect(asScheduler.body).toContain('+447911123456');
    expect(asScheduler.body).not.toMatch(/PHQ-9|Item 9|Risk flag|<svg/);
    const asClinician = await f.call({
      method: 'GET',
      path: `/staff/patients/${jo.patient.id}`,
      cookies: clinician,
    });
    expect(asClinician.body).toContain('<svg');
    // The chart's layout rules are in the portal's stylesheet: staff pages link it too.
    expect(asClinician.body).toContain(`href="${assetSources.portalStylesheet.url}"`);
    expect(asClinician.body).toContain('Item 9 answered 3');
  });

  it('links the patient’s GP report, consents and subject access to those who may open them', async () => {
    const page = async (cookies: typeof clinician) =>
      (await f.call({ method: 'GET', path: `/staff/patients/${jo.patient.id}`, cookies })).body;
    const links = (body: string) =>
      ['gp-report', 'consents', 'my-data'].filter((target) =>
        body.includes(`href="/staff/patients/${jo.patient.id}/${target}"`),
      );
    expect(links(await page(clinician))).toEqual(['gp-report', 'consents', 'my-data']);
    expect(links(await page(admin))).toEqual(['gp-report', 'consents', 'my-data']);
    // Schedulers record consent; the GP report and subject access hold answers and scores.
    expect(links(await page(scheduler))).toEqual(['consents']);
  });

  it('refuses a console page and the staff API to a patient’s session and to no session', async () => {
    const signIn = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId: jo.secureId, dateOfBirth: '1985-03-27' },
    });
    const patientCookie = { '__Host-session': cookieValue(signIn.cookies, '__Host-session') as string };
    expect((await f.call({ method: 'GET', path: '/api/staff/todos', cookies: patientCookie })).status).toBe(
      401,
    );
    const page = await f.call({ method: 'GET', path: '/staff/todos', cookies: patientCookie });
    expect(page.status).toBe(303);
    expect(page.headers.location).toContain('/staff/sign-in?returnTo=%2Fstaff%2Ftodos');
  });
});
