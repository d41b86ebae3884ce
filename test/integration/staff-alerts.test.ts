import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalReminderQueue, localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import type { MessageSettings } from '../../shared/config/service-config.js';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import type { Patient } from '../../shared/domain/patient.js';
import { notifyHandler, reminderScanHandler } from '../../shared/messages/handlers.js';
import { EnqueueFailedError, type ReminderQueue } from '../../shared/messages/reminder-queue.js';
import type { ScanReport } from '../../shared/messages/scan-reminders.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { smsOutbox } from '../../shared/notify/sms-outbox.js';
import { messageTemplateDefaults } from '../../shared/web/messages.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Hazard H5 (a risk flag does not reach a clinician): a new risk to-do, and a Secure ID disabled
// after 20 failures, email the service's duty address through the outbox (docs/messages.md). The
// to-do's transaction leaves a pending alert; the scan queues it; notify claims it, sends it to
// aws-ses-v2-local, and records the outcome. On DynamoDB Local, the clock is the test's.

let ses: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  ses = await startSesLocal(0);
});
afterAll(async () => {
  await ses.stop();
});

interface StoredEmail {
  readonly destination: { to: string[] };
  readonly from: string;
  readonly subject: string;
  readonly body: { text?: string; html?: string };
}
const storedEmails = async (): Promise<StoredEmail[]> =>
  ((await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredEmail[] }).emails;

const PORTAL = 'https://portal.test';
const SERVICE_NAME = 'Test Talking Therapies';
const PHQ9 = (item9: number, others = 1) => ({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`phq9_${i + 1}`, others])),
  phq9_9: item9,
});

interface Rig {
  readonly f: Fixture;
  /** Each rig's own duty address, so its emails are told apart in the shared SES store. */
  readonly duty: string;
  readonly queue: LocalReminderQueue;
  readonly notify: ReturnType<typeof notifyHandler>;
  /** One scan through `queue` (the local queue unless given), then delivery of what is visible. */
  scanAndDeliver(queue?: ReminderQueue): Promise<ScanReport>;
  /** The emails the duty address has received. */
  inbox(): Promise<StoredEmail[]>;
  /** A signed-in patient with an appointment tomorrow with clin-a (their PHQ-9 is due). */
  patient(overrides?: Partial<Patient>): Promise<{ patient: Patient; secureId: string; session: string }>;
  submitPhq9(session: string, answers: Record<string, unknown>): ReturnType<Fixture['call']>;
}

const rig = async (messageSettings: Partial<MessageSettings> = {}): Promise<Rig> => {
  const duty = `duty-${randomUUID()}@test.example.com`;
  const f = await createFixture({
    start: new Date('2026-11-23T10:00:00Z'),
    service: testService({
      portalUrl: PORTAL,
      messages: {
        emailFrom: 'reminders@test.example.com',
        dutyEmail: duty,
        reminderLeadHours: 48,
        lateBookingMinimumHours: 2,
        ...messageSettings,
      },
    }),
  });
  const email = sesEmailSender(localSesClient(ses.url));
  const notify = notifyHandler({ ...f.deps, sms: smsOutbox(f.clock.now), email });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  return {
    f,
    duty,
    queue,
    notify,
    async scanAndDeliver(through = queue) {
      const report = await reminderScanHandler({ ...f.deps, queue: through })();
      await queue.drain();
      return report;
    },
    inbox: async () => (await storedEmails()).filter((e) => e.destination.to.includes(duty)),
    async patient(overrides = {}) {
      const { patient, secureId } = await f.addPatient({
        dateOfBirth: '1985-03-27',
        stage: 'treatment',
        ...overrides,
      });
      const start = '2026-11-24T10:00:00.000Z';
      const booked = await f.deps.appointments.book(
        {
          id: randomUUID(),
          patientId: patient.id,
          clinicianId: 'clin-a',
          start,
          end: appointmentEnd(start, { durationMinutes: 50 }),
          serviceType: 'session',
        },
        0,
      );
      expect(booked.ok).toBe(true);
      const signIn = await f.call({
        method: 'POST',
        path: '/api/patient/session',
        body: { secureId, dateOfBirth: '1985-03-27' },
      });
      return { patient, secureId, session: cookieValue(signIn.cookies, '__Host-session') as string };
    },
    submitPhq9: (session, answers) =>
      f.call({
        method: 'POST',
        path: '/api/patient/questionnaires/phq-9/responses',
        body: { answers },
        cookies: { '__Host-session': session },
      }),
  };
};

/** The template as messages.ts words it, filled in as the renderer must fill it. */
const expectedEmail = (kind: 'staffAlertRisk' | 'staffAlertSecureIdDisabled', todoId: string) => {
  const fill = (template: string) =>
    template
      .replaceAll('{serviceName}', SERVICE_NAME)
      .replaceAll('{consoleUrl}', `${PORTAL}/staff/todos#todo-${todoId}`);
  const template = messageTemplateDefaults[kind].email;
  return { subject: fill(template.subject), text: fill(template.text) };
};

const openTodoIds = async (f: Fixture, kind: string) =>
  (await f.deps.todos.listOpen()).filter((t) => t.kind === kind).map((t) => t.id);

const MINUTE = 60;

describe('staff alert emails (hazard H5)', () => {
  it('emails the duty address at the next scan about a PHQ-9 item 9 above 0: the template and the console link, no answers, name or "risk"', async () => {
    const r = await rig();
    const { session } = await r.patient({ givenName: 'Zebedee', familyName: 'Quixote' });
    expect((await r.submitPhq9(session, PHQ9(3, 2))).status).toBe(201);
    const [todoId] = await openTodoIds(r.f, 'risk');

    // The to-do is in the console at once; the email waits for the scan.
    expect(await r.inbox()).toEqual([]);
    r.f.clock.advanceSeconds(5 * MINUTE);
    const report = await r.scanAndDeliver();

    expect(report.alertsQueued).toBe(1);
    const inbox = await r.inbox();
    expect(inbox).toHaveLength(1);
    const [email] = inbox;
    const expected = expectedEmail('staffAlertRisk', todoId as string);
    expect(email?.destination.to).toEqual([r.duty]);
    expect(email?.from).toBe('reminders@test.example.com');
    expect(email?.subject).toBe(expected.subject);
    expect(email?.body.text).toBe(expected.text);
    const everything = `${email?.subject}\n${email?.body.text}\n${email?.body.html}`;
    for (const leak of ['Zebedee', 'Quixote', 'Nearly every day', 'More than half the days', 'Item 9'])
      expect(everything).not.toContain(leak);
    expect(everything).not.toMatch(/risk/i);
    expect(email?.body.html).toContain(`href="${PORTAL}/staff/todos#todo-${todoId}"`);
    expect(await r.f.deps.staffAlerts.attempts(todoId as string)).toEqual([
      expect.objectContaining({ outcome: 'sent', providerMessageId: expect.any(String) }),
    ]);

    // The link lands on the to-do: its card carries the fragment's id.
    const clinician = await r.f.addStaffSession({
      email: 'alex@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
    const page = await r.f.call({ method: 'GET', path: '/staff/todos', cookies: clinician });
    expect(page.body).toContain(`id="todo-${todoId}"`);

    // The next scans find nothing pending and send nothing more.
    r.f.clock.advanceSeconds(5 * MINUTE);
    expect((await r.scanAndDeliver()).alertsQueued).toBe(0);
    expect(await r.inbox()).toHaveLength(1);
  });

  it('sends one email when the same risk answer is sent twice, and another for a different answer', async () => {
    const r = await rig();
    const { session } = await r.patient();
    expect((await r.submitPhq9(session, PHQ9(2))).status).toBe(201);
    await r.scanAndDeliver();
    // A second tab sends the same answer: refused, and its to-do already stands.
    expect((await r.submitPhq9(session, PHQ9(2))).status).toBe(409);
    r.f.clock.advanceSeconds(5 * MINUTE);
    await r.scanAndDeliver();
    expect(await openTodoIds(r.f, 'risk')).toHaveLength(1);
    expect(await r.inbox()).toHaveLength(1);

    // A different answer is a new to-do, and so a new email.
    expect((await r.submitPhq9(session, PHQ9(3))).status).toBe(409);
    r.f.clock.advanceSeconds(5 * MINUTE);
    await r.scanAndDeliver();
    expect(await openTodoIds(r.f, 'risk')).toHaveLength(2);
    expect(await r.inbox()).toHaveLength(2);
  });

  it('alerts for the to-do of an incomplete answer and of a refused one, whose responses are not stored', async () => {
    const r = await rig();
    const incomplete = await r.patient();
    expect((await r.submitPhq9(incomplete.session, { phq9_9: 1 })).status).toBe(400);
    // No appointment: the PHQ-9 is not due, the answer is refused, the flag is kept.
    const { patient, secureId } = await r.f.addPatient({ dateOfBirth: '1985-03-27', stage: 'treatment' });
    const signIn = await r.f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1985-03-27' },
    });
    const refused = await r.submitPhq9(cookieValue(signIn.cookies, '__Host-session') as string, PHQ9(2));
    expect(refused.status).toBe(409);
    expect(await r.f.deps.responses.all(patient.id)).toEqual([]);

    await r.scanAndDeliver();

    const todoIds = await openTodoIds(r.f, 'risk');
    expect(todoIds).toHaveLength(2);
    const inbox = await r.inbox();
    expect(inbox.map((e) => e.body.text).sort()).toEqual(
      todoIds.map((id) => expectedEmail('staffAlertRisk', id).text).sort(),
    );
  });

  it('emails once when 20 failed sign-ins disable a Secure ID, however many attempts follow', async () => {
    const r = await rig();
    const { secureId } = await r.f.addPatient({ dateOfBirth: '1985-03-27' });
    const fail = () =>
      r.f.call({
        method: 'POST',
        path: '/api/patient/session',
        body: { secureId, dateOfBirth: '2000-01-01' },
      });
    for (const wait of [15 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE, 0]) {
      for (let i = 0; i < 5; i++) expect((await fail()).status).toBe(401);
      r.f.clock.advanceSeconds(wait);
    }
    const [todoId] = await openTodoIds(r.f, 'secure_id_disabled');
    expect(todoId).toBeDefined();

    await r.scanAndDeliver();
    for (let i = 0; i < 3; i++) expect((await fail()).status).toBe(429);
    r.f.clock.advanceSeconds(5 * MINUTE);
    await r.scanAndDeliver();

    const inbox = await r.inbox();
    expect(inbox).toHaveLength(1);
    const expected = expectedEmail('staffAlertSecureIdDisabled', todoId as string);
    expect([inbox[0]?.subject, inbox[0]?.body.text]).toEqual([expected.subject, expected.text]);
  });

  it('sends once when the same alert message is delivered twice, together or one after the other', async () => {
    const r = await rig();
    const { session } = await r.patient();
    await r.submitPhq9(session, PHQ9(1));
    const [todoId] = await openTodoIds(r.f, 'risk');
    const record = (messageId: string) => ({
      messageId,
      body: JSON.stringify({ kind: 'staff-alert', todoId }),
      attributes: { ApproximateReceiveCount: '1' },
    });

    const first = await r.notify({ Records: [record('m-1'), record('m-2')] } as unknown as SQSEvent);
    // One of the two held the claim while the other looked: that one is retried, not dropped.
    expect(first.batchItemFailures.length).toBeLessThanOrEqual(1);
    const again = await r.notify({ Records: [record('m-3')] } as unknown as SQSEvent);
    // The claim took the alert out of the pending index: the scan does not queue it again.
    const report = await r.scanAndDeliver();

    expect(again.batchItemFailures).toEqual([]);
    expect(report.alertsQueued).toBe(0);
    expect(await r.inbox()).toHaveLength(1);
    expect((await r.f.deps.staffAlerts.attempts(todoId as string)).map((a) => a.outcome)).toEqual(['sent']);
  });

  it('leaves the alert pending when the queue refuses it, and the next scan sends it', async () => {
    const r = await rig();
    const { session } = await r.patient();
    await r.submitPhq9(session, PHQ9(2));
    const [todoId] = await openTodoIds(r.f, 'risk');
    const refusing: ReminderQueue = {
      enqueue: async () => {
        throw new EnqueueFailedError(1);
      },
    };

    await expect(r.scanAndDeliver(refusing)).rejects.toThrow(EnqueueFailedError);
    expect((await r.f.deps.staffAlerts.get(todoId as string))?.status).toBe('pending');
    expect(await r.inbox()).toEqual([]);

    r.f.clock.advanceSeconds(5 * MINUTE);
    const report = await r.scanAndDeliver();
    expect(report.alertsQueued).toBe(1);
    expect(await r.inbox()).toHaveLength(1);
    expect((await r.f.deps.staffAlerts.get(todoId as string))?.status).toBe('sent');
  });

  it('records "not sent: no duty address" and sends nothing when the service has none', async () => {
    const r = await rig({ dutyEmail: undefined });
    const { session } = await r.patient();
    await r.submitPhq9(session, PHQ9(2));
    const [todoId] = await openTodoIds(r.f, 'risk');
    const before = (await storedEmails()).length;

    await r.scanAndDeliver();

    expect((await storedEmails()).length).toBe(before);
    expect(await r.f.deps.staffAlerts.attempts(todoId as string)).toEqual([
      expect.objectContaining({ outcome: 'not-sent', reason: 'no-duty-address' }),
    ]);
    expect((await r.f.deps.staffAlerts.get(todoId as string))?.status).toBe('not-sent');
    expect(r.queue.deadLetters).toEqual([]);
  });
});
