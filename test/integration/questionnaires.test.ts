import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import type { Patient } from '../../shared/domain/patient.js';
import { cookieValue, createFixture, type Fixture } from '../support/portal-fixture.js';

// Hazard H5 (a risk flag does not reach a clinician) and the F6 to F8 rules: one at a time, in
// order, every item answered, no second response the same day. Times are UTC instants; the
// service's calendar day is Europe/London's.

const CSRF = 'c'.repeat(43);
const allZero = (prefix: string, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, 0]));
const PHQ9_OK = allZero('phq9_', 9);
const GAD7_OK = allZero('gad7_', 7);

interface Signed {
  patient: Patient;
  session: string;
}

const book = async (f: Fixture, patient: Patient, start: string, clinicianId = 'clin-a') => {
  const id = randomUUID();
  const result = await f.deps.appointments.book(
    {
      id,
      patientId: patient.id,
      clinicianId,
      start,
      end: appointmentEnd(start, { durationMinutes: 50 }),
      serviceType: 'session',
    },
    0,
  );
  expect(result.ok).toBe(true);
  return id;
};

const signIn = async (f: Fixture, overrides: Partial<Patient> = {}): Promise<Signed> => {
  const { patient, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27', ...overrides });
  const res = await f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth: '1985-03-27' },
  });
  return { patient, session: cookieValue(res.cookies, '__Host-session') as string };
};

const asPatient = (f: Fixture, s: Signed) => ({
  due: () =>
    f.call({ method: 'GET', path: '/api/patient/questionnaires', cookies: { '__Host-session': s.session } }),
  submit: (id: string, answers: Record<string, unknown>) =>
    f.call({
      method: 'POST',
      path: `/api/patient/questionnaires/${id}/responses`,
      body: { answers },
      cookies: { '__Host-session': s.session },
    }),
  page: (path: string) => f.call({ method: 'GET', path, cookies: { '__Host-session': s.session } }),
  post: (path: string, form: Record<string, string>) =>
    f.call({
      method: 'POST',
      path,
      form: { csrf: CSRF, ...form },
      cookies: { '__Host-session': s.session, '__Host-csrf': CSRF },
    }),
});

type DueBody = {
  date: string;
  items: { id: string; status: string }[];
  next: string | null;
  completedToday: boolean;
};

describe('questionnaires due', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2026-11-23T10:00:00Z') });
  });

  it('opens 72 hours before the next appointment and closes when it starts', async () => {
    const s = await signIn(f, { stage: 'treatment' });
    const p = asPatient(f, s);
    expect((await p.due()).json<DueBody>()).toMatchObject({ items: [], next: null, completedToday: false });

    await book(f, s.patient, '2026-11-27T10:00:00.000Z');
    expect((await p.due()).json<DueBody>().items).toEqual([]); // 96 hours ahead
    f.clock.advanceSeconds(24 * 3600); // 72 hours ahead: open
    const q = asPatient(f, { patient: s.patient, session: await newSession(f, s.patient) });
    expect((await q.due()).json<DueBody>()).toMatchObject({
      date: '2026-11-24',
      items: [
        { id: 'phq-9', status: 'due' },
        { id: 'gad-7', status: 'due' },
      ],
      next: 'phq-9',
    });
    f.clock.advanceSeconds(72 * 3600); // the appointment has started
    const r = asPatient(f, { patient: s.patient, session: await newSession(f, s.patient) });
    expect((await r.due()).json<DueBody>().items).toEqual([]);
  });

  it('asks each stage for its own questionnaires, in the configured order', async () => {
    const s = await signIn(f, { stage: 'assessment' });
    await book(f, s.patient, '2026-11-24T10:00:00.000Z');
    const due = (await asPatient(f, s).due()).json<DueBody>();
    expect(due.items.map((i) => i.id)).toEqual(['phq-9', 'gad-7', 'iapt-phobia', 'wsas']);
  });

  it('says on the home page when questionnaires open, and that nothing is due before then', async () => {
    const s = await signIn(f);
    await book(f, s.patient, '2026-11-30T10:00:00.000Z');
    const home = await asPatient(f, s).page('/home');
    expect(home.body).toContain('You have nothing to do at the moment.');
    expect(home.body).toContain('Your next appointment is on Monday 30 November at 10am');
  });
});

describe('the questionnaire flow', () => {
  let f: Fixture;
  let s: Signed;
  let p: ReturnType<typeof asPatient>;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2026-11-23T10:00:00Z') });
    s = await signIn(f, { stage: 'treatment' });
    p = asPatient(f, s);
    await book(f, s.patient, '2026-11-24T10:00:00.000Z');
  });

  it('scores a completed questionnaire and moves on to the next', async () => {
    const res = await p.submit('phq-9', { ...PHQ9_OK, phq9_1: 3, phq9_2: 3, phq9_3: 3, phq9_4: 1 });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({
      questionnaireId: 'phq-9',
      total: 10,
      severity: 'Moderate',
      riskFlag: false,
      next: 'gad-7',
    });
    expect((await p.due()).json<DueBody>()).toMatchObject({ next: 'gad-7', completedToday: false });
  });

  it('refuses a questionnaire out of order', async () => {
    const res = await p.submit('gad-7', GAD7_OK);
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'not_next' } });
  });

  it('refuses incomplete or invalid answers with 400 and stores nothing', async () => {
    const { phq9_9: _, ...missingOne } = PHQ9_OK;
    for (const answers of [
      missingOne,
      { ...PHQ9_OK, phq9_3: 4 },
      { ...PHQ9_OK, phq9_3: -1 },
      { ...PHQ9_OK, extra: 1 },
      {},
    ]) {
      const res = await p.submit('phq-9', answers);
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'incomplete' } });
    }
    expect(await f.deps.responses.all(s.patient.id)).toEqual([]);
  });

  it('names each missing item in the error', async () => {
    const { phq9_2: _a, phq9_7: _b, ...rest } = PHQ9_OK;
    const res = await p.submit('phq-9', rest);
    expect(Object.keys(res.json<{ error: { fields: object } }>().error.fields).sort()).toEqual([
      'phq9_2',
      'phq9_7',
    ]);
  });

  it('does not let a patient go back to a questionnaire after Next', async () => {
    expect((await p.submit('phq-9', PHQ9_OK)).status).toBe(201);
    const again = await p.submit('phq-9', { ...PHQ9_OK, phq9_1: 3 });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'already_completed' } });
    const page = await p.page('/questionnaires/phq-9');
    expect(page.status).toBe(200);
    expect(page.body).toContain('You have completed this questionnaire. Your answers are recorded.');
    expect(page.body).toContain('href="/questionnaires/gad-7"');
  });

  it('continues at the first incomplete questionnaire after signing in again', async () => {
    await p.submit('phq-9', PHQ9_OK);
    const again = asPatient(f, { patient: s.patient, session: await newSession(f, s.patient) });
    expect((await again.due()).json<DueBody>().next).toBe('gad-7');
    const start = await again.page('/questionnaires');
    expect(start.body).toContain('href="/questionnaires/gad-7"');
    expect(start.body).toContain('Continue');
  });

  it('says the questionnaires are done for today once all are completed', async () => {
    await p.submit('phq-9', PHQ9_OK);
    await p.submit('gad-7', GAD7_OK);
    expect((await p.due()).json<DueBody>()).toMatchObject({ next: null, completedToday: true });
    const page = await p.page('/questionnaires');
    expect(page.body).toContain('You have already completed your questionnaires for today.');
  });

  it('stores exactly one response from 10 simultaneous submissions', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => p.submit('phq-9', PHQ9_OK)));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(await f.deps.responses.all(s.patient.id)).toHaveLength(1);
  });

  it('re-shows the page with the NHS error summary when an item is left out', async () => {
    const { phq9_9: _, ...rest } = PHQ9_OK;
    const res = await p.post(
      '/questionnaires/phq-9',
      Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)])),
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain('class="nhsuk-error-summary"');
    expect(res.body).toContain('href="#phq9_9"');
    expect(res.body).toContain('id="phq9_9-error"');
    expect(res.body).toMatch(/id="phq9_1"[^>]*value="0"[^>]*checked|checked[^>]*id="phq9_1"/);
    expect(await f.deps.responses.all(s.patient.id)).toEqual([]);
  });
});

const newSession = async (f: Fixture, patient: Patient): Promise<string> => {
  // A fresh session for the same patient, as after a broken connection and a new sign-in.
  const token = randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '').slice(0, 11);
  const { sha256 } = await import('../../shared/security/keyed-hash.js');
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  await f.deps.table.db.send(
    new TransactWriteCommand({
      TransactItems: [
        f.deps.sessions.createItem(
          sha256(token),
          patient.id,
          (await f.deps.patients.get(patient.id))?.secureIdGeneration ?? 0,
          Math.floor(f.clock.now().getTime() / 1000),
        ),
      ],
    }),
  );
  return token;
};

describe('risk flag', () => {
  let f: Fixture;
  let s: Signed;
  let p: ReturnType<typeof asPatient>;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2026-11-23T10:00:00Z') });
    s = await signIn(f, { stage: 'treatment' });
    p = asPatient(f, s);
    await book(f, s.patient, '2026-11-24T10:00:00.000Z', 'clin-a');
  });

  it('files one open to-do for the appointment’s clinician, with the item 9 answer, whatever the total', async () => {
    const res = await p.submit('phq-9', { ...PHQ9_OK, phq9_9: 1 });
    expect(res.json()).toMatchObject({ total: 1, riskFlag: true });
    const todos = (await f.deps.todos.listOpen()).filter((t) => t.clinicianId === 'clin-a');
    expect(todos).toHaveLength(1);
    expect(todos[0]).toMatchObject({
      kind: 'risk',
      status: 'open',
      patientId: s.patient.id,
      riskItemValue: 1,
      total: 1,
      reviewPolicy: 'Review within 1 working day',
    });
  });

  it('files no to-do when item 9 is 0', async () => {
    await p.submit('phq-9', { ...PHQ9_OK, phq9_1: 3, phq9_2: 3 });
    expect((await f.deps.todos.listOpen()).filter((t) => t.clinicianId === 'clin-a')).toEqual([]);
  });

  it('files exactly one to-do from simultaneous risk submissions', async () => {
    await Promise.all(Array.from({ length: 10 }, () => p.submit('phq-9', { ...PHQ9_OK, phq9_9: 3 })));
    expect((await f.deps.todos.listOpen()).filter((t) => t.clinicianId === 'clin-a')).toHaveLength(1);
  });

  it('shows the patient where to get urgent help right after the questionnaire', async () => {
    const form = Object.fromEntries(
      Object.entries({ ...PHQ9_OK, phq9_9: 2 }).map(([k, v]) => [k, String(v)]),
    );
    const res = await p.post('/questionnaires/phq-9', form);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/urgent-help');
    const help = await p.page('/urgent-help');
    for (const text of ['999', 'NHS 111', '116 123', '01632 960 001', 'GP'])
      expect(help.body).toContain(text);
    expect(help.body).not.toMatch(/score|severe|total/i);
  });
});

describe('risk flag: computed first, never lost on a refusal (hazard H5)', () => {
  let f: Fixture;
  let s: Signed;
  let p: ReturnType<typeof asPatient>;
  const openRisk = async () => (await f.deps.todos.listOpen()).filter((t) => t.kind === 'risk');
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2026-11-23T10:00:00Z') });
    s = await signIn(f, { stage: 'treatment' });
    p = asPatient(f, s);
  });

  it('files the to-do and gives urgent help when the answer comes just after the appointment started', async () => {
    await book(f, s.patient, '2026-11-23T10:15:00.000Z', 'clin-a');
    f.clock.advanceSeconds(16 * 60); // the page was opened before 10:15, sent at 10:16
    const res = await p.submit('phq-9', { ...PHQ9_OK, phq9_9: 2 });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({
      error: { code: 'not_due' },
      urgentHelp: { contacts: expect.arrayContaining([expect.stringContaining('116 123')]) },
    });
    expect(await openRisk()).toEqual([
      expect.objectContaining({
        riskItemValue: 2,
        clinicianId: 'clin-a',
        responseOutcome: 'not-due',
        total: 2,
      }),
    ]);
    expect(await f.deps.responses.all(s.patient.id)).toEqual([]);
  });

  it('files the to-do and gives urgent help when a second tab answers after the PHQ-9 was done', async () => {
    await book(f, s.patient, '2026-11-24T10:00:00.000Z', 'clin-a');
    expect((await p.submit('phq-9', PHQ9_OK)).status).toBe(201);
    const second = await p.submit('phq-9', { ...PHQ9_OK, phq9_9: 3 });
    expect(second.status).toBe(409);
    expect(second.json()).toMatchObject({
      error: { code: 'already_completed' },
      urgentHelp: expect.any(Object),
    });
    expect(await openRisk()).toEqual([
      expect.objectContaining({
        riskItemValue: 3,
        previousRiskItemValue: 0,
        responseOutcome: 'already-completed',
      }),
    ]);
    // The page sends the patient to urgent help too.
    const form = Object.fromEntries(
      Object.entries({ ...PHQ9_OK, phq9_9: 1 }).map(([k, v]) => [k, String(v)]),
    );
    const page = await p.post('/questionnaires/phq-9', form);
    expect(page.headers.location).toBe('/urgent-help');
    expect(await openRisk()).toHaveLength(2);
  });

  it('files the to-do from an incomplete PHQ-9 whose item 9 is answered, and stores nothing else', async () => {
    await book(f, s.patient, '2026-11-24T10:00:00.000Z', 'clin-a');
    const res = await p.submit('phq-9', { phq9_9: 1 });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'incomplete' }, urgentHelp: expect.any(Object) });
    expect(await openRisk()).toEqual([
      expect.objectContaining({ total: null, responseOutcome: 'incomplete' }),
    ]);
    expect(await f.deps.responses.all(s.patient.id)).toEqual([]);
    // Completing it stores the response; the same answer does not file a second to-do.
    expect((await p.submit('phq-9', { ...PHQ9_OK, phq9_9: 1 })).status).toBe(201);
    expect(await openRisk()).toHaveLength(1);
    expect(await f.deps.responses.all(s.patient.id)).toHaveLength(1);
  });

  it('shows the previous PHQ-9’s item 9 answer, so a rise shows', async () => {
    await book(f, s.patient, '2026-11-24T10:00:00.000Z', 'clin-a');
    expect((await p.submit('phq-9', { ...PHQ9_OK, phq9_9: 1 })).status).toBe(201);
    await book(f, s.patient, '2026-12-01T10:00:00.000Z', 'clin-a');
    f.clock.advanceSeconds(6 * 24 * 3600);
    const later = asPatient(f, { patient: s.patient, session: await newSession(f, s.patient) });
    expect((await later.submit('phq-9', { ...PHQ9_OK, phq9_9: 3 })).status).toBe(201);
    const todos = (await openRisk()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(todos.map((t) => [t.previousRiskItemValue, t.riskItemValue])).toEqual([
      [null, 1],
      [1, 3],
    ]);
  });

  it('goes to the patient’s last clinician when no appointment names one, else to the duty list', async () => {
    expect((await p.submit('phq-9', { ...PHQ9_OK, phq9_9: 1 })).status).toBe(409);
    const [duty] = await openRisk();
    expect(duty?.clinicianId).toBeUndefined();
    await book(f, s.patient, '2026-11-23T09:00:00.000Z', 'clin-b');
    expect((await p.submit('phq-9', { ...PHQ9_OK, phq9_9: 2 })).status).toBe(409);
    expect((await openRisk()).find((t) => t.kind === 'risk' && t.riskItemValue === 2)).toMatchObject({
      clinicianId: 'clin-b',
    });
  });
});

describe('once a day, by the service’s calendar', () => {
  const run = async (first: string, firstAppointment: string, second: string, secondAppointment: string) => {
    const f = await createFixture({ start: new Date(first) });
    const s = await signIn(f, { stage: 'treatment' });
    const p = asPatient(f, s);
    await book(f, s.patient, firstAppointment);
    await book(f, s.patient, secondAppointment);
    expect((await p.submit('phq-9', PHQ9_OK)).status).toBe(201);
    f.clock.advanceSeconds((new Date(second).getTime() - new Date(first).getTime()) / 1000);
    // A fresh session: the first has long expired.
    const later = asPatient(f, { patient: s.patient, session: await newSession(f, s.patient) });
    return { f, s, later, firstDate: (await f.deps.responses.all(s.patient.id))[0]?.date };
  };

  it('dates a response by London’s day, not UTC’s: 00:30 BST on 1 July is 1 July', async () => {
    const { later, firstDate } = await run(
      '2026-06-30T23:30:00Z',
      '2026-07-01T08:00:00.000Z',
      '2026-07-01T09:00:00Z',
      '2026-07-01T14:00:00.000Z',
    );
    expect(firstDate).toBe('2026-07-01');
    // After the first appointment, the second one the same day asks nothing new.
    expect((await later.due()).json<DueBody>().items.find((i) => i.id === 'phq-9')?.status).toBe('completed');
    expect((await later.submit('phq-9', PHQ9_OK)).status).toBe(409);
  });

  it('asks again after midnight for the next appointment', async () => {
    const { later } = await run(
      '2026-11-23T22:00:00Z',
      '2026-11-23T23:00:00.000Z',
      '2026-11-24T00:30:00Z',
      '2026-11-24T14:00:00.000Z',
    );
    expect((await later.submit('phq-9', PHQ9_OK)).status).toBe(201);
  });

  it('treats 00:30 BST and 23:30 GMT on Sunday 25 October as one day, 24 hours apart', async () => {
    const { later, firstDate } = await run(
      '2026-10-24T23:30:00Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-25T23:30:00Z',
      '2026-10-26T09:00:00.000Z',
    );
    expect(firstDate).toBe('2026-10-25');
    expect((await later.submit('phq-9', PHQ9_OK)).status).toBe(409);
    expect((await later.submit('gad-7', GAD7_OK)).status).toBe(201);
  });

  it('starts a new day at midnight BST after the clocks go forward on 29 March', async () => {
    const { later, firstDate } = await run(
      '2026-03-28T23:30:00Z',
      '2026-03-29T09:00:00.000Z',
      '2026-03-29T23:30:00Z',
      '2026-03-30T09:00:00.000Z',
    );
    expect(firstDate).toBe('2026-03-28');
    // 23:30 UTC on 29 March is 00:30 BST on 30 March: a new day, so PHQ-9 is due again.
    expect((await later.submit('phq-9', PHQ9_OK)).status).toBe(201);
    expect((await later.due()).json<DueBody>().date).toBe('2026-03-30');
  });
});

describe('export of questionnaire responses', () => {
  it('gives an EPR the responses as JSON, and as a FHIR R4 Bundle with LOINC codes', async () => {
    const f = await createFixture({ start: new Date('2026-11-23T10:00:00Z') });
    const key = await f.addIntegrationKey();
    const s = await signIn(f, { stage: 'treatment', externalId: 'EPR-7' });
    await book(f, s.patient, '2026-11-24T10:00:00.000Z');
    await asPatient(f, s).submit('phq-9', { ...PHQ9_OK, phq9_1: 2, phq9_9: 1 });
    const get = (query = '', auth = `Bearer ${key}`) =>
      f.call({
        method: 'GET',
        path: `/api/v1/patients/${s.patient.id}/questionnaire-responses${query}`,
        headers: { authorization: auth },
      });

    expect((await get('', 'Bearer nope-nope-nope-nope-nope')).status).toBe(401);
    const plain = await get();
    expect(plain.json()).toEqual({
      items: [
        {
          questionnaireId: 'phq-9',
          date: '2026-11-23',
          answers: { ...PHQ9_OK, phq9_1: 2, phq9_9: 1 },
          total: 3,
          severity: 'None–minimal',
          riskFlag: true,
          version: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown,
          maxTotal: 27,
        },
      ],
    });

    const res = await get('?format=fhir');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json');
    const bundle = res.json<{ resourceType: string; entry: { resource: Record<string, unknown> }[] }>();
    expect(bundle.resourceType).toBe('Bundle');
    const qr = bundle.entry[0]?.resource as {
      status: string;
      subject: { reference: string };
      authored: string;
      item: {
        linkId: string;
        answer: { valueCoding?: { code: string; system: string }; valueInteger?: number }[];
      }[];
    };
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      subject: { reference: `Patient/${s.patient.id}` },
    });
    expect(qr.authored).toBe('2026-11-23T10:00:00+00:00');
    const item9 = qr.item.find((i) => i.linkId === 'phq9_9');
    expect(item9?.answer[0]?.valueCoding).toMatchObject({ system: 'http://loinc.org', code: 'LA6569-3' });
    expect(qr.item.find((i) => i.answer[0]?.valueInteger !== undefined)?.answer[0]?.valueInteger).toBe(3);
    expect((await get('?format=xml')).status).toBe(400);
  });
});

describe('risk flag when the store stays busy (hazard H5)', () => {
  it('files the to-do as not stored when every retry of the response meets a write conflict', async () => {
    const f = await createFixture({ start: new Date('2026-11-23T10:00:00Z') });
    const s = await signIn(f, { stage: 'treatment' });
    await book(f, s.patient, '2026-11-24T10:00:00.000Z', 'clin-a');
    // DynamoDB cancels a transaction that meets another one writing the same item with
    // TransactionConflict; here every transaction that writes a response meets one, so the
    // retries run out. The to-do's own transaction (no response in it) goes through.
    f.deps.table.db.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { TransactItems?: unknown };
        if (input.TransactItems && JSON.stringify(input.TransactItems).includes('RESPONSE#')) {
          throw new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict' }],
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'alwaysConflictingResponses' },
    );
    const res = await asPatient(f, s).submit('phq-9', { ...PHQ9_OK, phq9_9: 2 });
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'try_again' }, urgentHelp: expect.any(Object) });
    expect((await f.deps.todos.listOpen()).filter((t) => t.kind === 'risk')).toEqual([
      expect.objectContaining({ riskItemValue: 2, responseOutcome: 'busy' }),
    ]);
    f.deps.table.db.middlewareStack.remove('alwaysConflictingResponses');
    expect(await f.deps.responses.all(s.patient.id)).toEqual([]);
  });
});
