import { randomUUID } from 'node:crypto';
import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalServer, type Handlers } from '../../local/http-server.js';
import { startLocalReminders } from '../../local/reminders.js';
import { type LocalReminderQueue, localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import type { Patient } from '../../shared/domain/patient.js';
import { notifyHandler, reminderScanHandler } from '../../shared/messages/handlers.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { snsSmsSender } from '../../shared/notify/sms.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Hazard H6 (a reminder missed or sent twice), end to end on DynamoDB Local: the scan Queries the
// reminder index and queues, the local queue (SQS's retry-then-dead-letter semantics) hands
// batches to the notify handler, which claims, then sends by SNS (aws-sdk-client-mock) or SES
// (aws-ses-v2-local). The clock is the test's.

const sns = mockClient(SNSClient);
let ses: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  ses = await startSesLocal(0);
});
afterAll(async () => {
  await ses.stop();
  sns.restore();
});

interface Rig {
  readonly f: Fixture;
  readonly queue: LocalReminderQueue;
  readonly notify: ReturnType<typeof notifyHandler>;
  /** One scan, then every message visible now through the notify handler. */
  scanAndDeliver(): Promise<void>;
  readonly scan: () => Promise<unknown>;
  book(patient: Patient, start: string, bookedAt?: Date): Promise<string>;
}

const rig = async (start: string): Promise<Rig> => {
  const f = await createFixture({
    start: new Date(start),
    service: testService({
      // One clinician per booking, so test appointments never compete for a slot.
      clinicians: Array.from({ length: 12 }, (_, n) => ({
        id: `clin-${n}`,
        name: `Clinician ${n}`,
        visible: true,
      })),
      portalUrl: 'https://portal.test',
      messages: {
        smsSenderId: 'TestTT',
        emailFrom: 'reminders@test.example.com',
        reminderLeadHours: 48,
        lateBookingMinimumHours: 2,
      },
    }),
  });
  const senders = {
    sms: snsSmsSender(new SNSClient({ region: 'eu-west-2' })),
    email: sesEmailSender(localSesClient(ses.url)),
  };
  const notify = notifyHandler({ ...f.deps, ...senders });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  const scan = reminderScanHandler({ ...f.deps, queue });
  let bookings = 0;
  return {
    f,
    queue,
    notify,
    scan,
    async scanAndDeliver() {
      await scan();
      await queue.drain();
    },
    async book(patient, appointmentStart, bookedAt = f.clock.now()) {
      const id = randomUUID();
      const end = new Date(Date.parse(appointmentStart) + 50 * 60_000).toISOString();
      const result = await f.deps.appointments.book(
        {
          id,
          patientId: patient.id,
          clinicianId: `clin-${bookings++}`,
          start: appointmentStart,
          end,
          serviceType: 'session',
        },
        0,
        bookedAt,
      );
      expect(result).toEqual({ ok: true });
      return id;
    },
  };
};

const published = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

const sesEmails = async (): Promise<{ destination: { to: string[] }; subject: string; from: string }[]> => {
  const res = await fetch(`${ses.url}/store`);
  return (
    (await res.json()) as { emails: { destination: { to: string[] }; subject: string; from: string }[] }
  ).emails;
};

/**
 * The message names the appointment's local date and time. Checked piece by piece, not as a
 * sentence: the wording belongs to the templates (shared/notify/render.ts).
 */
const expectNamesTime = (text: string | undefined, pieces: readonly string[]) => {
  for (const piece of pieces) expect(text).toContain(piece);
};

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });

beforeEach(() => {
  sns.reset();
  sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: false });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

const MINUTE = 60;
const HOUR = 3600;

describe('reminder pipeline', () => {
  it('sends a reminder once, at its time: not a minute before remindAt, once after', async () => {
    // Appointment Thursday 10 June 2027 10:00 BST (09:00Z); remindAt 8 June 09:00Z.
    const r = await rig('2027-06-01T09:00:00Z');
    const { patient } = await r.f.addPatient({ phone: '+447700900111' });
    const id = await r.book(patient, '2027-06-10T09:00:00.000Z');

    r.f.clock.advanceSeconds(7 * 24 * HOUR - MINUTE); // 2027-06-08T08:59Z
    await r.scanAndDeliver();
    expect(published()).toHaveLength(0);

    r.f.clock.advanceSeconds(5 * MINUTE); // 09:04Z, the next 5-minute scan
    await r.scanAndDeliver();
    for (let i = 0; i < 3; i++) {
      r.f.clock.advanceSeconds(5 * MINUTE);
      await r.scanAndDeliver();
    }

    expect(published()).toHaveLength(1);
    const [sms] = published();
    expect(sms?.PhoneNumber).toBe('+447700900111');
    expectNamesTime(sms?.Message, ['Thursday', '10 June', '10am']);
    expect(sms?.MessageAttributes?.['AWS.SNS.SMS.SenderID']?.StringValue).toBe('TestTT');
    expect(sms?.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
    const attempts = await r.f.deps.reminders.attempts(id, '2027-06-10T09:00:00.000Z');
    expect(attempts.map((a) => a.outcome)).toEqual(['sent']);
    expect(r.f.metrics.sum('RemindersDue')).toBe(1);
    expect(r.f.metrics.sum('RemindersSent')).toBe(1);
  });

  it('sends once when the same queue message is delivered twice, together or one after the other', async () => {
    const r = await rig('2027-06-08T09:01:00Z');
    const { patient } = await r.f.addPatient();
    const start = '2027-06-10T09:00:00.000Z';
    const id = await r.book(patient, start, new Date('2027-06-01T00:00:00Z'));
    const record = (messageId: string) => ({
      messageId,
      body: JSON.stringify({ appointmentId: id, start }),
      attributes: { ApproximateReceiveCount: '1' },
    });
    const event = { Records: [record('m-1'), record('m-2')] } as unknown as SQSEvent;

    const first = await r.notify(event);
    // One of the two held the claim while the other looked: that one is retried, not dropped.
    expect(first.batchItemFailures.length).toBeLessThanOrEqual(1);
    const again = await r.notify({ Records: [record('m-3')] } as unknown as SQSEvent);

    expect(again.batchItemFailures).toEqual([]);
    expect(published()).toHaveLength(1);
  });

  it('sends once when two scans overlap', async () => {
    const r = await rig('2027-06-08T08:00:00Z');
    const { patient } = await r.f.addPatient();
    await r.book(patient, '2027-06-10T08:30:00.000Z');
    await r.book(patient, '2027-06-10T08:45:00.000Z');
    r.f.clock.advanceSeconds(HOUR);

    await Promise.all([r.scan(), r.scan(), r.scan()]);
    await r.queue.drain();
    // Deliveries that found a claim held come back later, see it sent, and are done.
    r.f.clock.advanceSeconds(10 * MINUTE);
    await r.queue.drain();

    expect(published()).toHaveLength(2);
    expect(r.queue.waiting()).toBe(0);
    expect(r.queue.deadLetters).toEqual([]);
  });

  it('retries an SNS throttling error with backoff, then puts the message in the dead-letter queue', async () => {
    const r = await rig('2027-06-08T09:01:00Z');
    sns.on(PublishCommand).rejects(throttled());
    const { patient } = await r.f.addPatient();
    const start = '2027-06-10T09:00:00.000Z';
    const id = await r.book(patient, start, new Date('2027-06-01T00:00:00Z'));

    // The handler reports the one failed message, so SQS retries it alone.
    const direct = await r.notify({
      Records: [{ messageId: 'm-1', body: JSON.stringify({ appointmentId: id, start }), attributes: {} }],
    } as unknown as SQSEvent);
    expect(direct.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);

    await r.scanAndDeliver(); // receive 1
    expect(r.queue.waiting()).toBe(1);
    r.f.clock.advanceSeconds(59);
    await r.queue.drain(); // still invisible: the first backoff is 60 s
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    r.f.clock.advanceSeconds(1);
    await r.queue.drain(); // receive 2
    r.f.clock.advanceSeconds(2 * MINUTE);
    await r.queue.drain(); // receive 3: the last

    expect(r.queue.waiting()).toBe(0);
    expect(r.queue.deadLetters.map((d) => d.body)).toEqual([{ appointmentId: id, start }]);
    const attempts = await r.f.deps.reminders.attempts(id, start);
    expect(attempts.map((a) => [a.outcome, a.reason])).toEqual(
      Array.from({ length: 4 }, () => ['failed', 'ThrottledException']),
    );
    expect(r.f.metrics.sum('RemindersFailed')).toBe(4);
    expect(r.f.metrics.sum('RemindersSent')).toBe(0);
  });

  it('sends on a retry once SNS stops throttling', async () => {
    const r = await rig('2027-06-08T09:01:00Z');
    sns.on(PublishCommand).rejectsOnce(throttled()).resolves({ MessageId: 'sns-2' });
    const { patient } = await r.f.addPatient();
    await r.book(patient, '2027-06-10T09:00:00.000Z', new Date('2027-06-01T00:00:00Z'));

    await r.scanAndDeliver();
    r.f.clock.advanceSeconds(MINUTE);
    await r.scanAndDeliver();
    r.f.clock.advanceSeconds(10 * MINUTE);
    await r.scanAndDeliver();

    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(r.queue.deadLetters).toEqual([]);
  });

  it('catches up once after a 6-hour scan outage, reading only what is due', async () => {
    const r = await rig('2027-06-01T00:00:00Z');
    const { patient } = await r.f.addPatient();
    // Reminders due at 06:30, 07:30 ... 11:30 on 8 June, and one at 12:30 (after the outage).
    for (let h = 6; h <= 12; h++)
      await r.book(patient, `2027-06-10T${String(h).padStart(2, '0')}:30:00.000Z`);
    r.f.clock.advanceSeconds(7 * 24 * HOUR + 6 * HOUR); // 2027-06-08T06:00Z
    await r.scanAndDeliver();
    expect(published()).toHaveLength(0);

    r.f.clock.advanceSeconds(6 * HOUR); // 12:00Z: no scan ran for 6 hours
    const report = (await r.scan()) as { itemsRead: number; queued: number };
    await r.queue.drain();
    r.f.clock.advanceSeconds(5 * MINUTE);
    await r.scanAndDeliver();

    expect(report).toMatchObject({ itemsRead: 6, queued: 6 });
    expect(published()).toHaveLength(6);
  });

  it('does not remind a cancelled appointment, whether cancelled before the scan or after it queued', async () => {
    const r = await rig('2027-06-08T08:00:00Z');
    const { patient } = await r.f.addPatient();
    const early = await r.book(patient, '2027-06-10T08:30:00.000Z');
    const late = await r.book(patient, '2027-06-10T08:40:00.000Z');
    await r.f.deps.appointments.cancel(early);
    r.f.clock.advanceSeconds(HOUR);

    await r.scan();
    await r.f.deps.appointments.cancel(late); // queued, not yet delivered
    await r.queue.drain();

    expect(published()).toHaveLength(0);
    const attempts = await r.f.deps.reminders.attempts(late, '2027-06-10T08:40:00.000Z');
    expect(attempts.map((a) => [a.outcome, a.reason])).toEqual([['not-sent', 'cancelled']]);
  });

  it('reminds a moved appointment (cancel and book) for its new time only', async () => {
    const r = await rig('2027-06-01T00:00:00Z');
    const { patient } = await r.f.addPatient();
    const old = await r.book(patient, '2027-06-10T09:00:00.000Z');
    await r.f.deps.appointments.cancel(old);
    await r.book(patient, '2027-06-12T13:00:00.000Z');

    r.f.clock.advanceSeconds(7 * 24 * HOUR + 9 * HOUR + MINUTE); // past the old time's reminder
    await r.scanAndDeliver();
    expect(published()).toHaveLength(0);
    r.f.clock.advanceSeconds(2 * 24 * HOUR + 4 * HOUR); // 2027-06-10T13:01Z
    await r.scanAndDeliver();

    expect(published()).toHaveLength(1);
    expectNamesTime(published()[0]?.Message, ['Saturday', '12 June', '2pm']);
  });

  it('keys the claim by appointment and start, so a new time is a new reminder', async () => {
    const r = await rig('2027-06-01T00:00:00Z');
    const now = r.f.clock.now();
    const first = await r.f.deps.reminders.claim('a-1', '2027-06-10T09:00:00.000Z', now, 300);
    const sameAgain = await r.f.deps.reminders.claim('a-1', '2027-06-10T09:00:00.000Z', now, 300);
    const newTime = await r.f.deps.reminders.claim('a-1', '2027-06-11T09:00:00.000Z', now, 300);
    expect([first.claimed, sameAgain.claimed, newTime.claimed]).toEqual([true, false, true]);
  });

  it('reminds a late booking at the next scan when it is at least 2 hours away, and not when closer', async () => {
    const r = await rig('2027-06-10T08:00:00Z');
    const { patient } = await r.f.addPatient();
    await r.book(patient, '2027-06-10T18:00:00.000Z'); // 10 hours away
    await r.book(patient, '2027-06-10T09:30:00.000Z'); // 90 minutes away

    r.f.clock.advanceSeconds(5 * MINUTE);
    await r.scanAndDeliver();
    r.f.clock.advanceSeconds(5 * MINUTE);
    await r.scanAndDeliver();

    expect(published()).toHaveLength(1);
    expectNamesTime(published()[0]?.Message, ['7pm']);
  });

  it('emails an opted-out SMS patient who has an address; records "opted out" for one who has none', async () => {
    const r = await rig('2027-06-08T08:00:00Z');
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: true });
    const email = `opted-out-${randomUUID()}@example.com`;
    const { patient: withEmail } = await r.f.addPatient({ phone: '+447700900222', email });
    const { patient: withoutEmail } = await r.f.addPatient({ phone: '+447700900333' });
    await r.book(withEmail, '2027-06-10T08:30:00.000Z');
    const noEmailId = await r.book(withoutEmail, '2027-06-10T08:45:00.000Z');
    r.f.clock.advanceSeconds(HOUR);

    await r.scanAndDeliver();

    expect(published()).toHaveLength(0);
    const landed = (await sesEmails()).filter((e) => e.destination.to.includes(email));
    expect(landed).toHaveLength(1);
    expect(landed[0]?.from).toBe('reminders@test.example.com');
    expectNamesTime(landed[0]?.subject, ['Thursday', '10 June', '9:30am']);
    const attempts = await r.f.deps.reminders.attempts(noEmailId, '2027-06-10T08:45:00.000Z');
    expect(attempts.map((a) => [a.outcome, a.reason])).toEqual([['not-sent', 'opted-out']]);
    expect(r.f.metrics.sum('RemindersOptedOut')).toBe(1);
    expect(r.f.metrics.sum('RemindersSent')).toBe(1);
  });

  describe('48 hours before, across the 2027 Europe/London clock changes', () => {
    it('spring (28 March): an appointment at 10:00 BST on Monday 29 March is reminded at 09:00 GMT on Saturday 27 March', async () => {
      const r = await rig('2027-03-27T08:00:00Z');
      const { patient } = await r.f.addPatient();
      await r.book(patient, '2027-03-29T09:00:00.000Z', new Date('2027-03-01T00:00:00Z'));

      r.f.clock.advanceSeconds(HOUR - MINUTE); // 08:59Z = 08:59 GMT
      await r.scanAndDeliver();
      expect(published()).toHaveLength(0);
      r.f.clock.advanceSeconds(5 * MINUTE); // 09:04 GMT
      await r.scanAndDeliver();

      expect(published()).toHaveLength(1);
      expectNamesTime(published()[0]?.Message, ['Monday', '29 March', '10am']);
    });

    it('autumn (31 October): an appointment at 10:00 GMT on Monday 1 November is reminded at 11:00 BST on Saturday 30 October', async () => {
      const r = await rig('2027-10-30T09:00:00Z');
      const { patient } = await r.f.addPatient();
      await r.book(patient, '2027-11-01T10:00:00.000Z', new Date('2027-10-01T00:00:00Z'));

      r.f.clock.advanceSeconds(HOUR - MINUTE); // 09:59Z = 10:59 BST
      await r.scanAndDeliver();
      expect(published()).toHaveLength(0);
      r.f.clock.advanceSeconds(5 * MINUTE); // 10:04Z = 11:04 BST
      await r.scanAndDeliver();

      expect(published()).toHaveLength(1);
      expectNamesTime(published()[0]?.Message, ['Monday', '1 November', '10am']);
    });
  });

  it('lets another delivery take over a claim whose sender died, after the lease, and records both attempts', async () => {
    const r = await rig('2027-06-08T09:01:00Z');
    const { patient } = await r.f.addPatient();
    const start = '2027-06-10T09:00:00.000Z';
    const id = await r.book(patient, start, new Date('2027-06-01T00:00:00Z'));
    // A sender that claimed, then died before recording anything.
    expect(await r.f.deps.reminders.claim(id, start, r.f.clock.now(), 300)).toMatchObject({ claimed: true });
    const record = { messageId: 'm-1', body: JSON.stringify({ appointmentId: id, start }), attributes: {} };

    const during = await r.notify({ Records: [record] } as unknown as SQSEvent);
    r.f.clock.advanceSeconds(301);
    const after = await r.notify({ Records: [record] } as unknown as SQSEvent);

    expect(during.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(after.batchItemFailures).toEqual([]);
    expect(published()).toHaveLength(1);
  });

  it('logs no phone number, email address, name or message text (hazard H4)', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const r = await rig('2027-06-08T08:00:00Z');
      sns.on(PublishCommand).rejectsOnce(throttled()).resolves({ MessageId: 'sns-3' });
      const { patient: texted } = await r.f.addPatient({ givenName: 'Zebedee', phone: '+447700900444' });
      const { patient: emailed } = await r.f.addPatient({
        familyName: 'Quixote',
        contactPreference: 'email',
        email: 'zebedee.quixote@example.com',
      });
      await r.book(texted, '2027-06-10T08:30:00.000Z');
      await r.book(emailed, '2027-06-10T08:45:00.000Z');
      r.f.clock.advanceSeconds(HOUR);
      await r.scanAndDeliver();
      r.f.clock.advanceSeconds(5 * MINUTE);
      await r.scanAndDeliver();
      expect(published().length).toBeGreaterThan(0);
    } finally {
      vi.restoreAllMocks();
    }
    const logs = written.join('');
    expect(logs).toContain('Reminder');
    for (const secret of [
      '+447700900444',
      '7700900444',
      'zebedee.quixote@example.com',
      'Zebedee',
      'Quixote',
      'reminder of',
    ])
      expect(logs).not.toContain(secret);
  });
});

describe('the local runtime', () => {
  it('sends through the same handlers to the SMS outbox, served as a page and as JSON outside the route table', async () => {
    const r = await rig('2027-06-08T08:00:00Z');
    const { patient } = await r.f.addPatient({ phone: '+447700900555' });
    await r.book(patient, '2027-06-09T08:30:00.000Z'); // inside the lead time: due now
    const local = startLocalReminders(r.f.deps, { sesUrl: ses.url, scanEveryMs: 3_600_000 });
    const server: Server = createLocalServer({} as Handlers, '.', { serve: local.serve });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      await local.tick();
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const json = (await (await fetch(`${base}/local/sms-outbox.json`)).json()) as {
        messages: { to: string; senderId: string; text: string }[];
      };
      const page = await fetch(`${base}/local/sms-outbox`);

      expect(json.messages.map((m) => [m.to, m.senderId])).toEqual([['+447700900555', 'TestTT']]);
      expectNamesTime(json.messages[0]?.text, ['Wednesday', '9 June', '9:30am']);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('+447700900555');
      expect(published()).toHaveLength(0); // the outbox, not SNS
    } finally {
      local.stop();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
