import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reminderScanHandler } from '../../shared/messages/handlers.js';
import { businessMetricNames, businessNamespaceOf } from '../../shared/observability/business-metrics.js';
import { powertoolsMetrics } from '../../shared/observability/powertools-metrics.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Issue 15, item 1: the business metrics, emitted once per event by the real handlers on
// DynamoDB Local, and never with personal data (what Powertools writes, read back from stdout).

const DOB = '1985-03-27';
const MINUTE = 60;

const signIn = (f: Fixture, secureId: string, dateOfBirth: string, sourceIp?: string) =>
  f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth },
    ...(sourceIp ? { sourceIp } : {}),
  });

const bookWithClinicianA = (f: Fixture, patientId: string) =>
  f.deps.appointments.book(
    {
      id: randomUUID(),
      patientId,
      clinicianId: 'clin-a',
      start: '2026-11-24T10:00:00.000Z',
      end: '2026-11-24T10:50:00.000Z',
      serviceType: 'session',
    },
    0,
  );

/** PHQ-9 with its last item (the risk item) at `risk`. */
const phq9 = (risk: number) =>
  Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? risk : 1]));

const submitPhq9 = async (f: Fixture, secureId: string, risk: number) => {
  const session = await signIn(f, secureId, DOB);
  return f.call({
    method: 'POST',
    path: '/api/patient/questionnaires/phq-9/responses',
    body: { answers: phq9(risk) },
    cookies: { '__Host-session': cookieValue(session.cookies, '__Host-session') as string },
  });
};

const scan = (f: Fixture) => reminderScanHandler({ ...f.deps, queue: { enqueue: async () => undefined } })();

describe('business metrics: once per event', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture();
  });

  it('counts sign-ins and failed sign-ins', async () => {
    const { secureId } = await f.addPatient();
    expect((await signIn(f, secureId, DOB)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn(f, secureId, '1985-03-28')).status).toBe(401);

    expect(f.metrics.sum('SignIns')).toBe(1);
    expect(f.metrics.sum('FailedSignIns')).toBe(3);
    expect(f.metrics.times('LockOuts')).toBe(0);
  });

  it('counts the failure that locks a Secure ID once, not the attempts the lock refuses', async () => {
    const { secureId } = await f.addPatient();
    for (let i = 0; i < 5; i++) await signIn(f, secureId, '1985-03-28');
    expect(f.metrics.sum('LockOuts')).toBe(1);
    expect(f.metrics.sum('FailedSignIns')).toBe(5);

    // Locked: refused before any comparison, so neither a failure nor another lock-out.
    const refused = await signIn(f, secureId, DOB);
    expect(refused.status).toBe(429);
    expect(f.metrics.sum('LockOuts')).toBe(1);
    expect(f.metrics.sum('FailedSignIns')).toBe(5);
    expect(f.metrics.times('SignIns')).toBe(0);
  });

  it('counts a Secure ID disabled at 20 failures once', async () => {
    const { secureId } = await f.addPatient();
    // Through every tier: each lock is waited out before the next failures.
    for (const wait of [15 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE, 0]) {
      for (let i = 0; i < 5; i++) await signIn(f, secureId, '1985-03-28');
      f.clock.advanceSeconds(wait + 1);
    }
    expect(f.metrics.sum('SecureIdsDisabled')).toBe(1);
    expect(f.metrics.sum('LockOuts')).toBe(3);
    await signIn(f, secureId, '1985-03-28');
    expect(f.metrics.sum('SecureIdsDisabled')).toBe(1);
  });

  it('counts the sign-ins a client network limit refuses', async () => {
    f = await createFixture({ service: testService({ signIn: { clientFailureLimit: 5 } }) });
    const { secureId } = await f.addPatient();
    // Five wrong Secure IDs from one network, then the right one is refused.
    for (let i = 0; i < 5; i++) await signIn(f, `${secureId.slice(0, -1)}X`, DOB, '198.51.100.7');
    const limited = await signIn(f, secureId, DOB, '198.51.100.7');
    expect(limited.status).toBe(429);
    expect(f.metrics.sum('ClientLimitsReached')).toBe(1);
    expect(f.metrics.times('SignIns')).toBe(0);
  });

  it('counts a completed questionnaire and its risk flag once, however often the answer is sent', async () => {
    const { patient, secureId } = await f.addPatient();
    await bookWithClinicianA(f, patient.id);
    expect((await submitPhq9(f, secureId, 2)).status).toBe(201);
    expect(f.metrics.sum('QuestionnairesCompleted')).toBe(1);
    expect(f.metrics.sum('RiskFlagsRaised')).toBe(1);

    // The same answer again: refused (done today), and its to-do is filed already.
    expect((await submitPhq9(f, secureId, 2)).status).toBe(409);
    expect(f.metrics.sum('QuestionnairesCompleted')).toBe(1);
    expect(f.metrics.sum('RiskFlagsRaised')).toBe(1);
  });

  it('counts a risk to-do acknowledged by staff', async () => {
    const { patient, secureId } = await f.addPatient();
    await bookWithClinicianA(f, patient.id);
    await submitPhq9(f, secureId, 2);
    const [todo] = await f.deps.todos.listOpen();
    const clinician = await f.addStaffSession({
      email: 'alex@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
    const acknowledge = () =>
      f.call({
        method: 'POST',
        path: `/api/staff/todos/${todo?.id}/acknowledge`,
        body: { note: 'Called the patient' },
        cookies: clinician,
      });
    expect((await acknowledge()).status).toBe(200);
    expect(f.metrics.sum('RiskFlagsAcknowledged')).toBe(1);
    expect((await acknowledge()).status).not.toBe(200);
    expect(f.metrics.sum('RiskFlagsAcknowledged')).toBe(1);
  });

  it("reports the oldest open risk to-do's age on every scan, 0 when none is open", async () => {
    await scan(f);
    expect(f.metrics.last('OldestOpenRiskTodoAgeMinutes')).toBe(0);
    expect(f.metrics.last('OldestPendingRequestAgeMinutes')).toBe(0);

    const { patient, secureId } = await f.addPatient();
    await bookWithClinicianA(f, patient.id);
    await submitPhq9(f, secureId, 2);
    f.clock.advanceSeconds(90 * MINUTE);
    await scan(f);
    expect(f.metrics.last('OldestOpenRiskTodoAgeMinutes')).toBe(90);
    expect(f.metrics.times('OldestOpenRiskTodoAgeMinutes')).toBe(2);
  });

  it('finds the oldest open risk to-do behind open to-dos of another kind', async () => {
    // A disabled Secure ID files its own to-do first.
    const { secureId: disabled } = await f.addPatient();
    for (const wait of [15 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE, 0]) {
      for (let i = 0; i < 5; i++) await signIn(f, disabled, '1985-03-28');
      f.clock.advanceSeconds(wait + 1);
    }
    f.clock.advanceSeconds(30 * MINUTE);
    const { patient, secureId } = await f.addPatient();
    await bookWithClinicianA(f, patient.id);
    await submitPhq9(f, secureId, 2);
    f.clock.advanceSeconds(10 * MINUTE);
    await scan(f);
    expect(f.metrics.last('OldestOpenRiskTodoAgeMinutes')).toBe(10);
  });
});

describe('business metrics: no personal data', () => {
  let written: string[];
  afterEach(() => vi.restoreAllMocks());

  it('the EMF a sign-in and a risk answer write names only known metrics, and only the service', async () => {
    written = [];
    const f = await createFixture({ metrics: powertoolsMetrics('test') });
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    const { patient, secureId } = await f.addPatient({
      givenName: 'Zebedee',
      familyName: 'Quixote',
      dateOfBirth: DOB,
      phone: '+447911654321',
      email: 'zebedee@example.com',
    });
    await bookWithClinicianA(f, patient.id);
    await signIn(f, secureId, '1985-03-28');
    await signIn(f, `${secureId.slice(0, -1)}X`, DOB);
    expect((await submitPhq9(f, secureId, 3)).status).toBe(201);
    const todo = (await f.deps.todos.listOpen())[0];
    const clinician = await f.addStaffSession({
      email: 'alex@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
    await f.call({
      method: 'POST',
      path: `/api/staff/todos/${todo?.id}/acknowledge`,
      body: { note: 'Called Zebedee on 07911 654321' },
      cookies: clinician,
    });
    vi.restoreAllMocks();

    const emf = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // What was emitted: a failed sign-in twice, a sign-in, a questionnaire, a flag and its
    // acknowledgement, each request's in its own flush.
    expect(emf.length).toBeGreaterThanOrEqual(4);
    const text = emf.map((e) => JSON.stringify(e)).join('\n');
    for (const secret of [
      secureId,
      secureId.replaceAll('-', ''),
      patient.id,
      'Zebedee',
      'Quixote',
      DOB,
      '7911654321',
      '07911 654321',
      'zebedee@example.com',
      todo?.id as string,
      'Called',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    for (const record of emf) {
      const aws = record._aws as {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
      const names = aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => m.Name));
      const known = new Set<string>(businessMetricNames);
      // Every key besides _aws is a metric's value or a dimension's: nothing else rides along.
      expect(Object.keys(record).sort()).toEqual(['_aws', 'service', ...names].sort());
      expect(
        names.every((n) => known.has(n)),
        names.join(),
      ).toBe(true);
      expect(record.service).toBe('test');
      for (const directive of aws.CloudWatchMetrics) {
        expect(directive.Namespace).toBe(businessNamespaceOf('test'));
        expect(directive.Dimensions).toEqual([['service']]);
      }
    }
    const all = emf.flatMap((e) => Object.keys(e));
    for (const name of [
      'SignIns',
      'FailedSignIns',
      'QuestionnairesCompleted',
      'RiskFlagsRaised',
      'RiskFlagsAcknowledged',
    ])
      expect(all, name).toContain(name);
  });
});
