import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { QuestionnaireResponse } from '../../shared/domain/questionnaires/types.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// The service outcomes report (F26) on DynamoDB Local, through the staff page, its CSV and the
// integration API: seeded courses cross the suppression threshold, an opted-out patient is absent
// (the figures are exactly those of a service without them), the API needs `reports:read`, the
// CSV carries its header and note, and a bad range is a 400 with nothing read.

const PERIOD = 'from=2026-01-01&to=2026-03-31';

interface Course {
  readonly phq: readonly [number, number];
  readonly gad: readonly [number, number];
  readonly sessions: number;
  readonly optedOut?: boolean;
}

/** A reliably recovered course: at caseness at the start, below it at the end, both measures better. */
const RECOVERED: Course = { phq: [16, 5], gad: [12, 3], sessions: 4 };
/** A reliably deteriorated course. */
const WORSE: Course = { phq: [11, 20], gad: [9, 15], sessions: 4 };

const response = (
  patientId: string,
  questionnaireId: string,
  date: string,
  total: number,
): QuestionnaireResponse => ({
  patientId,
  questionnaireId,
  date,
  submittedAt: `${date}T09:00:00.000Z`,
  answers: {},
  total,
  severity: null,
  riskFlag: false,
});

interface World {
  readonly f: Fixture;
  readonly key: string;
  readonly api: (path: string, key?: string) => ReturnType<ReturnType<Fixture['api']>>;
}

/**
 * A patient referred on 5 January 2026 (the fixture's clock), with first scores on 6 January,
 * attended sessions in February, last scores on 25 February and a discharge on 2 March. In two
 * steps, because the EPR can send a session as history only once its start has passed: the
 * patients and their scores first, then (the clock in March) their sessions and discharges.
 */
const referCourse = async (w: World, course: Course): Promise<string> => {
  const { f } = w;
  const { patient } = await f.addPatient();
  const put = async (r: QuestionnaireResponse) => {
    const { Put } = f.deps.responses.saveItem(r);
    if (Put) await f.deps.table.db.send(new PutCommand(Put));
  };
  await put(response(patient.id, 'phq-9', '2026-01-06', course.phq[0]));
  await put(response(patient.id, 'gad-7', '2026-01-06', course.gad[0]));
  await put(response(patient.id, 'phq-9', '2026-02-25', course.phq[1]));
  await put(response(patient.id, 'gad-7', '2026-02-25', course.gad[1]));
  return patient.id;
};

const finishCourse = async (w: World, patientId: string, course: Course): Promise<void> => {
  const { f } = w;
  await attendSessions(w, patientId, course.sessions);
  const discharged = await w.f.deps.episodes.discharge(patientId, new Date('2026-03-02T12:00:00.000Z'), {
    kind: 'integration',
    keyId: 'test',
  });
  expect(discharged.ok).toBe(true);
  if (course.optedOut) {
    const res = await f.api(w.key)('PATCH', `/api/v1/patients/${patientId}`, { nationalDataOptOut: true });
    expect(res.status).toBe(200);
  }
};

/** Sessions the EPR reports as attended, on Mondays in February. */
const attendSessions = async (w: World, patientId: string, sessions: number): Promise<void> => {
  for (let i = 0; i < sessions; i++) {
    const start = new Date(Date.UTC(2026, 1, 2 + 7 * i, 10)).toISOString();
    const res = await w.f.api(w.key)('POST', '/api/v1/appointments', {
      patientId,
      clinicianId: 'clin-a',
      start,
      serviceType: 'session',
      status: 'attended',
    });
    expect(res.status, res.body).toBe(201);
  }
};

const newWorld = async (): Promise<World> => {
  const f = await createFixture({ start: new Date('2026-01-05T10:00:00.000Z') });
  const key = await f.addIntegrationKey();
  return { f, key, api: (path, k = key) => f.api(k)('GET', path) };
};

const seedAll = async (w: World, courses: readonly Course[]) => {
  const patientIds: string[] = [];
  for (const course of courses) patientIds.push(await referCourse(w, course));
  w.f.clock.advanceSeconds((Date.parse('2026-03-02T12:00:00.000Z') - w.f.clock.now().getTime()) / 1000);
  for (const [i, course] of courses.entries()) await finishCourse(w, patientIds[i] ?? '', course);
  // Reports are asked for after the courses, as a commissioner would.
  w.f.clock.advanceSeconds(120 * 24 * 3600);
};

const times = (n: number, course: Course): Course[] => Array.from({ length: n }, () => course);

interface ReportBody {
  period: { from: string; to: string };
  threshold: number;
  roundedIndependently: boolean;
  counts: Record<string, { value: number | null; suppressed: boolean }>;
  derived: Record<string, { value: number | null; suppressed: boolean; notApplicable: boolean }>;
}

// Seeded courses: attended sessions sent as history (POST /api/v1/appointments with a status),
// scores, discharge, and the opt-out flag set by the EPR.
describe('the service outcomes report of seeded courses', () => {
  it('counts seeded courses, rounded, once they cross the threshold', async () => {
    const w = await newWorld();
    await seedAll(w, times(9, RECOVERED));
    const res = await w.api(`/api/v1/reports/outcomes?${PERIOD}`);
    expect(res.status, res.body).toBe(200);
    const body = res.json<ReportBody>();
    expect(body.period).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(body.threshold).toBe(7);
    expect(body.roundedIndependently).toBe(true);
    // 9 referrals and 9 finished, reliably recovered courses: shown as 10.
    expect(body.counts.referrals).toEqual({ value: 10, suppressed: false });
    expect(body.counts.finishedCourses).toEqual({ value: 10, suppressed: false });
    expect(body.counts.reliablyRecovered).toEqual({ value: 10, suppressed: false });
    // Nothing finished without paired scores: a shown 0.
    expect(body.counts.finishedWithoutPairedScores).toEqual({ value: 0, suppressed: false });
    expect(body.derived.reliableRecoveryRate).toEqual({
      value: 100,
      suppressed: false,
      notApplicable: false,
    });
    expect(body.derived.meanFirstPhq9).toEqual({ value: 16, suppressed: false, notApplicable: false });
  });
  it('hides the same courses below the threshold', async () => {
    const w = await newWorld();
    await seedAll(w, times(7, RECOVERED));
    const body = (await w.api(`/api/v1/reports/outcomes?${PERIOD}`)).json<ReportBody>();
    expect(body.counts.finishedCourses).toEqual({ value: null, suppressed: true });
    expect(body.derived.meanFirstPhq9).toEqual({ value: null, suppressed: true, notApplicable: false });
  });

  it('leaves out an opted-out patient: the figures are those of a service without them', async () => {
    const others = [...times(9, RECOVERED), ...times(8, WORSE)];
    const withThem = await newWorld();
    await seedAll(withThem, [...others, { ...WORSE, optedOut: true }, { ...WORSE, optedOut: true }]);
    const without = await newWorld();
    await seedAll(without, others);
    const counted = await newWorld();
    await seedAll(counted, [...others, WORSE, WORSE]);

    const report = async (w: World) => (await w.api(`/api/v1/reports/outcomes?${PERIOD}`)).json<ReportBody>();
    const [a, b, c] = await Promise.all([report(withThem), report(without), report(counted)]);
    expect(a).toEqual(b);
    // Had they not opted out, 10 deteriorated courses (not 8) would show as 10 and the rates move.
    expect(b.counts.reliablyDeteriorated).toEqual({ value: 10, suppressed: false });
    expect(c.derived.reliableDeteriorationRate).not.toEqual(b.derived.reliableDeteriorationRate);
    expect(c.counts.finishedCourses).toEqual({ value: 20, suppressed: false });
    expect(b.counts.finishedCourses).toEqual({ value: 15, suppressed: false });
  });

  it('shows the staff page with every figure as published and the note', async () => {
    const w = await newWorld();
    await seedAll(w, times(7, RECOVERED));
    const admin = await w.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    const res = await w.f.call({ method: 'GET', path: `/staff/reports/outcomes?${PERIOD}`, cookies: admin });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Outcomes from 2026-01-01 to 2026-03-31');
    expect(res.body).toContain('rounded to the nearest 5, each on its own');
    // 7 courses: hidden, with words for screen readers.
    expect(res.body).toMatch(
      /Finished courses of treatment<\/th><td[^>]*>\*<span class="nhsuk-u-visually-hidden">/,
    );
    expect(res.body).toContain('/staff/reports/outcomes.csv?from=2026-01-01&amp;to=2026-03-31');
  });
});

describe('the service outcomes report', () => {
  // Patients referred on 5 January and discharged on 2 March with no sessions: referrals only.
  const referOnly = async (w: World, n: number) => {
    for (let i = 0; i < n; i++) {
      const { patient } = await w.f.addPatient();
      const discharged = await w.f.deps.episodes.discharge(patient.id, new Date('2026-03-02T12:00:00.000Z'), {
        kind: 'integration',
        keyId: 'test',
      });
      expect(discharged.ok).toBe(true);
    }
  };

  it('counts referrals in the range from the stored episodes, and courses without sessions as unfinished', async () => {
    const w = await newWorld();
    await referOnly(w, 9);
    const inRange = (await w.api(`/api/v1/reports/outcomes?${PERIOD}`)).json<ReportBody>();
    expect(inRange.counts.referrals).toEqual({ value: 10, suppressed: false });
    expect(inRange.counts.finishedCourses).toEqual({ value: 0, suppressed: false });
    expect(inRange.derived.recoveryRate).toEqual({ value: null, suppressed: false, notApplicable: true });
    const before = (await w.api('/api/v1/reports/outcomes?from=2025-01-01&to=2026-01-04')).json<ReportBody>();
    expect(before.counts.referrals).toEqual({ value: 0, suppressed: false });
  });

  it('gives CSV with its header, period and note, from the API and the staff page alike', async () => {
    const w = await newWorld();
    await referOnly(w, 9);
    const api = await w.api(`/api/v1/reports/outcomes?${PERIOD}&format=csv`);
    const admin = await w.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    const page = await w.f.call({
      method: 'GET',
      path: `/staff/reports/outcomes.csv?${PERIOD}`,
      cookies: admin,
    });
    for (const res of [api, page]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="test-outcomes-2026-01-01-to-2026-03-31.csv"',
      );
      const lines = res.body.split('\r\n');
      expect(lines[0]).toBe('Figure,Value');
      expect(lines[1]).toBe('Period,2026-01-01 to 2026-03-31');
      expect(lines).toContain('Referrals received,10');
      expect(lines.at(-2)).toMatch(/^Note,"Counts are rounded to the nearest 5, each on its own,/);
    }
    expect(page.body).toBe(api.body);
  });

  it('needs the reports:read scope', async () => {
    const w = await newWorld();
    const booking = await w.f.addIntegrationKey(['appointments:write', 'patients:write']);
    const refused = await w.api(`/api/v1/reports/outcomes?${PERIOD}`, booking);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(refused.headers['www-authenticate']).toContain('scope="reports:read"');
    const reader = await w.f.addIntegrationKey(['reports:read']);
    expect((await w.api(`/api/v1/reports/outcomes?${PERIOD}`, reader)).status).toBe(200);
    expect((await w.f.call({ method: 'GET', path: `/api/v1/reports/outcomes?${PERIOD}` })).status).toBe(401);
  });

  it('refuses a bad range with 400 and the field, on the API and the page', async () => {
    const w = await newWorld();
    const cases: [string, string, string][] = [
      ['from=2026-03-01&to=2026-02-01', 'to', 'The last date must be the same as or after the first date'],
      ['from=2026-02-30&to=2026-03-01', 'from', 'The first date must be a real date'],
      ['to=2026-03-01', 'from', 'Enter the first date of the period'],
      ['from=2026-01-01&to=2028-01-02', 'to', 'The period must be 731 days (2 years) or shorter'],
    ];
    const admin = await w.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    for (const [query, field, message] of cases) {
      const api = await w.api(`/api/v1/reports/outcomes?${query}`);
      expect(api.status, query).toBe(400);
      expect(api.json<{ error: { code: string; fields: Record<string, string> } }>().error).toMatchObject({
        code: 'invalid_request',
        fields: { [field]: expect.stringContaining(message) },
      });
      const page = await w.f.call({
        method: 'GET',
        path: `/staff/reports/outcomes?${query}`,
        cookies: admin,
      });
      expect(page.status, query).toBe(400);
      expect(page.body).toContain('nhsuk-error-summary');
      expect(page.body).toContain(`href="#${field}"`);
    }
    const format = await w.api(`/api/v1/reports/outcomes?${PERIOD}&format=xml`);
    expect(format.status).toBe(400);
    expect(format.json()).toMatchObject({ error: { fields: { format: expect.any(String) } } });
    // Refusals are not views: nothing audited.
    expect(await w.f.deps.reportViews.latest()).toEqual([]);
  });

  it('shows the form alone on a first visit, and refuses clinicians and schedulers', async () => {
    const w = await newWorld();
    const admin = await w.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    const first = await w.f.call({ method: 'GET', path: '/staff/reports/outcomes', cookies: admin });
    expect(first.status).toBe(200);
    expect(first.body).toContain('Show report');
    expect(first.body).not.toContain('nhsuk-error-summary');
    expect(first.body).not.toContain('<table');
    for (const role of ['clinician', 'scheduler'] as const) {
      const cookies = await w.f.addStaffSession({ email: `${role}@example.com`, role });
      for (const path of [
        '/staff/reports/outcomes',
        `/staff/reports/outcomes?${PERIOD}`,
        `/staff/reports/outcomes.csv?${PERIOD}`,
      ]) {
        const res = await w.f.call({ method: 'GET', path, cookies });
        expect(res.status, `${role} ${path}`).toBe(403);
        expect(res.body).toContain('You do not have access');
      }
    }
  });

  it('audits each view in the report partition: who, the period and the format', async () => {
    const w = await newWorld();
    const admin = await w.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    await w.f.call({ method: 'GET', path: `/staff/reports/outcomes?${PERIOD}`, cookies: admin });
    w.f.clock.advanceSeconds(60);
    await w.api(`/api/v1/reports/outcomes?${PERIOD}&format=csv`);
    const views = await w.f.deps.reportViews.latest();
    expect(views.map(({ actor, role, action, detail }) => ({ actor, role, action, detail }))).toEqual([
      {
        actor: expect.stringMatching(/^integration key /),
        role: 'integration',
        action: 'viewed-service-report',
        detail: '2026-01-01 to 2026-03-31 as csv',
      },
      {
        actor: 'admin@example.com',
        role: 'admin',
        action: 'viewed-service-report',
        detail: '2026-01-01 to 2026-03-31 as html',
      },
    ]);
  });
});
