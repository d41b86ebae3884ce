import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { CloudWatchLogsEvent, SNSEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { changeContactPreferences } from '../../shared/contact-preferences/change-contact-preferences.js';
import type { Patient } from '../../shared/domain/patient.js';
import { deliveryStatusHandler } from '../../shared/messages/delivery-status.js';
import { notifyHandler } from '../../shared/messages/handlers.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { snsSmsSender } from '../../shared/notify/sms.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Issue 13, items 4 and 6, end to end on DynamoDB Local: reminders to patients who stopped texts,
// and what SES (bounces, complaints, through SNS) and SNS (SMS delivery failures, through a
// CloudWatch Logs subscription) report afterwards, recorded against the patient and shown to
// staff. Emails go to aws-ses-v2-local; SNS is aws-sdk-client-mock. Hazard H6 (a reminder missed).

const sns = mockClient(SNSClient);
let ses: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  ses = await startSesLocal(0);
});
afterAll(async () => {
  await ses.stop();
  sns.restore();
});

const PHONE = '+447700900271';
const HOUR = 3600;

interface Rig {
  readonly f: Fixture;
  /** Books an appointment 47 hours ahead and runs its reminder through the notify handler. */
  remind(patient: Patient): Promise<void>;
  readonly status: ReturnType<typeof deliveryStatusHandler>;
  staffPage(patientId: string): Promise<string>;
}

const rig = async (): Promise<Rig> => {
  const f = await createFixture({
    start: new Date('2027-06-01T09:00:00Z'),
    service: testService({
      clinicians: Array.from({ length: 6 }, (_, n) => ({
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
  const notify = notifyHandler({
    ...f.deps,
    sms: snsSmsSender(new SNSClient({ region: 'eu-west-2' })),
    email: sesEmailSender(localSesClient(ses.url)),
  });
  let bookings = 0;
  const admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
  return {
    f,
    status: deliveryStatusHandler(f.deps),
    async remind(patient) {
      const id = randomUUID();
      const start = new Date(f.clock.now().getTime() + 47 * HOUR * 1000).toISOString();
      const booked = await f.deps.appointments.book(
        {
          id,
          patientId: patient.id,
          clinicianId: `clin-${bookings++}`,
          start,
          end: new Date(Date.parse(start) + 50 * 60_000).toISOString(),
          serviceType: 'session',
        },
        0,
        f.clock.now(),
      );
      expect(booked).toEqual({ ok: true });
      const answer = await notify({
        Records: [{ messageId: id, body: JSON.stringify({ appointmentId: id, start }), attributes: {} }],
      } as unknown as SQSEvent);
      expect(answer.batchItemFailures).toEqual([]);
      f.clock.advanceSeconds(60);
    },
    async staffPage(patientId) {
      const res = await f.call({ method: 'GET', path: `/staff/patients/${patientId}`, cookies: admin });
      expect(res.status).toBe(200);
      return res.body;
    },
  };
};

const emailsTo = async (address: string): Promise<number> => {
  const { emails } = (await (await fetch(`${ses.url}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  return emails.filter((e) => e.destination.to.includes(address)).length;
};
const textsTo = (phone: string) =>
  sns.commandCalls(PublishCommand).filter((c) => c.args[0].input.PhoneNumber === phone).length;

/** The JSON SES publishes to the configuration set's SNS topic, as SNS hands it to Lambda. */
const sesThroughSns = (message: object): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-2:123456789012:delivery-events:1',
      Sns: {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: 'arn:aws:sns:eu-west-2:123456789012:delivery-events',
        Subject: '',
        Message: JSON.stringify(message),
        Timestamp: '2027-06-01T09:05:00.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.eu-west-2.amazonaws.com/cert.pem',
        UnsubscribeUrl: 'https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    },
  ],
});

const mail = (messageId: string, address: string) => ({
  timestamp: '2027-06-01T09:00:01.000Z',
  source: 'reminders@test.example.com',
  sourceArn: 'arn:aws:ses:eu-west-2:123456789012:identity/test.example.com',
  sendingAccountId: '123456789012',
  messageId,
  destination: [address],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['therapy-portal-test'] },
});

const bounce = (messageId: string, address: string, bounceType: 'Permanent' | 'Transient') => ({
  eventType: 'Bounce',
  bounce: {
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [
      {
        emailAddress: address,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: `smtp; 550 5.1.1 <${address}>: user unknown`,
      },
    ],
    timestamp: '2027-06-01T09:00:03.000Z',
    feedbackId: randomUUID(),
    reportingMTA: 'dsn; mta.example.com',
  },
  mail: mail(messageId, address),
});

const complaint = (messageId: string, address: string) => ({
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: address }],
    timestamp: '2027-06-01T10:00:00.000Z',
    feedbackId: randomUUID(),
    complaintFeedbackType: 'abuse',
  },
  mail: mail(messageId, address),
});

/** What a CloudWatch Logs subscription hands to Lambda: the batch, gzipped, then base64. */
const smsFailureLog = (messageId: string, phone: string): CloudWatchLogsEvent => ({
  awslogs: {
    data: gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: 'sns/eu-west-2/123456789012/DirectPublishToPhoneNumber/Failure',
        logStream: randomUUID(),
        subscriptionFilters: ['delivery-status'],
        logEvents: [
          {
            id: '1',
            timestamp: 1_811_000_000_000,
            message: JSON.stringify({
              notification: { messageId, timestamp: '2027-06-01 09:00:02.000' },
              delivery: {
                mnc: 10,
                numberOfMessageParts: 1,
                destination: phone,
                priceInUSD: 0.04,
                smsType: 'Transactional',
                mcc: 234,
                providerResponse: 'Phone is currently unreachable/unavailable',
                dwellTimeMs: 1200,
              },
              status: 'FAILURE',
            }),
          },
        ],
      }),
    ).toString('base64'),
  },
});

const latestEntry = async (f: Fixture, patientId: string) => {
  const [entry] = await f.deps.messageLog.recent(patientId, 1);
  if (!entry) throw new Error('no message logged');
  return entry;
};

beforeEach(() => {
  sns.reset();
  sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: false });
  sns.on(PublishCommand).callsFake(async () => ({ MessageId: `sns-${randomUUID()}` }));
});

/** The patient's own "Do not send me text messages", through the use case the page calls. */
const stopTexts = async (f: Fixture, patientId: string) => {
  const patient = await f.deps.patients.get(patientId);
  if (!patient) throw new Error('no patient');
  const next = { contactPreference: patient.email ? 'email' : 'sms', smsStopped: true } as const;
  expect(await changeContactPreferences(f.deps, patient, next, 'test')).toMatchObject({ ok: true });
};

describe('reminders to a patient who stopped texts (F4)', () => {
  it('emails the reminder to a patient who stopped texts and has an address', async () => {
    const r = await rig();
    const email = `stopped-${randomUUID()}@example.com`;
    const { patient } = await r.f.addPatient({ phone: PHONE, email });
    await stopTexts(r.f, patient.id);

    await r.remind(patient);

    expect(textsTo(PHONE)).toBe(0);
    expect(await emailsTo(email)).toBe(1);
    expect(await latestEntry(r.f, patient.id)).toMatchObject({
      kind: 'reminder',
      outcome: 'sent',
      channel: 'email',
    });
  });

  it('sends nothing to one without an address, records "not sent: opted out", and staff see both', async () => {
    const r = await rig();
    const { patient } = await r.f.addPatient({ phone: PHONE });
    await stopTexts(r.f, patient.id);

    await r.remind(patient);

    expect(textsTo(PHONE)).toBe(0);
    expect(sns.commandCalls(CheckIfPhoneNumberIsOptedOutCommand)).toHaveLength(0);
    expect(await latestEntry(r.f, patient.id)).toMatchObject({ outcome: 'not-sent', reason: 'opted-out' });
    const page = await r.staffPage(patient.id);
    expect(page).toContain('Stopped by the patient on');
    expect(page).toContain('Not sent: opted out');
    expect(page).toContain('Appointment reminder');
  });
});

describe('SES bounces and complaints (issue 13, item 6)', () => {
  it('marks a hard bounce against the patient: staff see it, the next reminder goes by SMS, a new email clears it', async () => {
    const r = await rig();
    const email = `bounces-${randomUUID()}@example.com`;
    const { patient } = await r.f.addPatient({ phone: PHONE, email, contactPreference: 'email' });
    await r.remind(patient);
    const sent = await latestEntry(r.f, patient.id);
    expect(sent).toMatchObject({ channel: 'email', outcome: 'sent' });
    expect(sent.providerMessageId).toBeTruthy();

    const result = await r.status(sesThroughSns(bounce(sent.providerMessageId ?? '', email, 'Permanent')));

    expect(result.outcomes).toEqual(['recorded']);
    expect(r.f.metrics.sum('EmailBounces')).toBe(1);
    expect(r.f.metrics.sum('EmailComplaints')).toBe(0);
    expect((await r.f.deps.patients.get(patient.id))?.emailBouncedAt).toBe('2027-06-01T09:01:00.000Z');
    expect(await latestEntry(r.f, patient.id)).toMatchObject({
      delivery: 'bounced',
      deliveryDetail: 'Permanent/General',
    });
    const page = await r.staffPage(patient.id);
    expect(page).toContain('Hard-bounced on');
    expect(page).toContain('Sent, then bounced (Permanent/General)');
    const audit = await r.f.deps.auditLog.forPatient(patient.id);
    expect(audit.filter((e) => e.action === 'email-bounced')).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(email);

    await r.remind(patient);
    expect(textsTo(PHONE)).toBe(1);
    expect(await emailsTo(email)).toBe(1);

    const key = await r.f.addIntegrationKey();
    const newEmail = `fixed-${randomUUID()}@example.com`;
    const patched = await r.f.api(key)('PATCH', `/api/v1/patients/${patient.id}`, { email: newEmail });
    expect(patched.status).toBe(200);
    expect((await r.f.deps.patients.get(patient.id))?.emailBouncedAt).toBeUndefined();
    await r.remind(patient);
    expect(await emailsTo(newEmail)).toBe(1);
    expect(textsTo(PHONE)).toBe(1);
  });

  it('records a repeated hard-bounce event once', async () => {
    const r = await rig();
    const email = `twice-${randomUUID()}@example.com`;
    const { patient } = await r.f.addPatient({ phone: PHONE, email, contactPreference: 'email' });
    await r.remind(patient);
    const { providerMessageId = '' } = await latestEntry(r.f, patient.id);

    await r.status(sesThroughSns(bounce(providerMessageId, email, 'Permanent')));
    r.f.clock.advanceSeconds(HOUR);
    await r.status(sesThroughSns(bounce(providerMessageId, email, 'Permanent')));

    expect((await r.f.deps.patients.get(patient.id))?.emailBouncedAt).toBe('2027-06-01T09:01:00.000Z');
    const audit = await r.f.deps.auditLog.forPatient(patient.id);
    expect(audit.filter((e) => e.action === 'email-bounced')).toHaveLength(1);
  });

  it('does not mark the patient for a soft bounce: the next reminder is still an email', async () => {
    const r = await rig();
    const email = `soft-${randomUUID()}@example.com`;
    const { patient } = await r.f.addPatient({ phone: PHONE, email, contactPreference: 'email' });
    await r.remind(patient);
    const { providerMessageId = '' } = await latestEntry(r.f, patient.id);

    await r.status(sesThroughSns(bounce(providerMessageId, email, 'Transient')));
    await r.remind(patient);

    expect((await r.f.deps.patients.get(patient.id))?.emailBouncedAt).toBeUndefined();
    expect(await emailsTo(email)).toBe(2);
    expect(textsTo(PHONE)).toBe(0);
    expect(await r.staffPage(patient.id)).not.toContain('Hard-bounced on');
  });

  it('does not mark an address the clinic has changed since the message went', async () => {
    const r = await rig();
    const old = `old-${randomUUID()}@example.com`;
    const { patient } = await r.f.addPatient({ phone: PHONE, email: old, contactPreference: 'email' });
    await r.remind(patient);
    const { providerMessageId = '' } = await latestEntry(r.f, patient.id);
    const key = await r.f.addIntegrationKey();
    await r.f.api(key)('PATCH', `/api/v1/patients/${patient.id}`, {
      email: `new-${randomUUID()}@example.com`,
    });

    const result = await r.status(sesThroughSns(bounce(providerMessageId, old, 'Permanent')));

    expect(result.outcomes).toEqual(['recorded-address-unchanged']);
    expect((await r.f.deps.patients.get(patient.id))?.emailBouncedAt).toBeUndefined();
  });

  it('records a complaint against the patient, in the audit trail and on the staff page', async () => {
    const r = await rig();
    const email = `complains-${randomUUID()}@example.com`;
    const { patient } = await r.f.addPatient({ phone: PHONE, email, contactPreference: 'email' });
    await r.remind(patient);
    const { providerMessageId = '' } = await latestEntry(r.f, patient.id);

    const result = await r.status(sesThroughSns(complaint(providerMessageId, email)));

    expect(result.outcomes).toEqual(['recorded']);
    expect(r.f.metrics.sum('EmailComplaints')).toBe(1);
    expect(r.f.metrics.sum('EmailBounces')).toBe(0);
    const stored = await r.f.deps.patients.get(patient.id);
    expect(stored?.emailComplaintAt).toBe('2027-06-01T09:01:00.000Z');
    expect(stored?.emailBouncedAt).toBeUndefined();
    expect((await r.f.deps.auditLog.forPatient(patient.id)).map((e) => e.action)).toContain(
      'email-complaint',
    );
    const page = await r.staffPage(patient.id);
    expect(page).toContain('The patient marked an email as spam on');
    expect(page).toContain('Sent, then marked as spam');
  });
});

describe('SMS delivery failures (issue 13, item 6)', () => {
  it('records a failure from the SNS delivery log against the patient’s message', async () => {
    const r = await rig();
    const { patient } = await r.f.addPatient({ phone: PHONE });
    sns.on(PublishCommand).resolves({ MessageId: 'sns-undelivered-1' });
    await r.remind(patient);

    const result = await r.status(smsFailureLog('sns-undelivered-1', PHONE));

    expect(result.outcomes).toEqual(['recorded']);
    expect(r.f.metrics.sum('SmsFailures')).toBe(1);
    expect(await latestEntry(r.f, patient.id)).toMatchObject({
      channel: 'sms',
      outcome: 'sent',
      providerMessageId: 'sns-undelivered-1',
      delivery: 'failed',
    });
    expect(await r.staffPage(patient.id)).toContain('Sent, but not delivered');
  });
});

describe('events the portal did not cause', () => {
  it('ignores a message id it never sent, from either source, without an error or a write', async () => {
    const r = await rig();
    const before = await r.f.itemCount();

    const email = await r.status(sesThroughSns(bounce('ses-not-ours', 'someone@example.com', 'Permanent')));
    const text = await r.status(smsFailureLog('sns-not-ours', PHONE));

    expect([...email.outcomes, ...text.outcomes]).toEqual(['unknown-message', 'unknown-message']);
    expect(await r.f.itemCount()).toBe(before);
    // Not the portal's messages: not its delivery problems either.
    expect(r.f.metrics.emitted).toEqual([]);
  });

  it('drops what it cannot read without throwing', async () => {
    const r = await rig();
    const garbled = await r.status(sesThroughSns({ hello: 'world' }));
    const notGzip = await r.status({ awslogs: { data: Buffer.from('plain').toString('base64') } });
    expect([...garbled.outcomes, ...notGzip.outcomes]).toEqual(['unreadable', 'unreadable']);
  });
});

it('logs no address, number or name while recording delivery events (hazard H4)', async () => {
  const r = await rig();
  const email = `zebedee.quixote-${randomUUID()}@example.com`;
  const { patient: emailed } = await r.f.addPatient({
    givenName: 'Zebedee',
    familyName: 'Quixote',
    phone: PHONE,
    email,
    contactPreference: 'email',
  });
  const { patient: texted } = await r.f.addPatient({ givenName: 'Zebedee', phone: '+447700900272' });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-logged-1' });
  await r.remind(emailed);
  await r.remind(texted);
  const { providerMessageId = '' } = await latestEntry(r.f, emailed.id);

  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await r.status(sesThroughSns(bounce(providerMessageId, email, 'Permanent')));
    await r.status(sesThroughSns(complaint(providerMessageId, email)));
    await r.status(smsFailureLog('sns-logged-1', '+447700900272'));
    await r.status(smsFailureLog('sns-not-ours', '+447700900273'));
  } finally {
    vi.restoreAllMocks();
  }
  const logs = written.join('');
  expect(logs).toContain('Delivery status');
  for (const secret of [email, 'zebedee', 'Zebedee', 'Quixote', '7700900272', '7700900273', 'unreachable'])
    expect(logs).not.toContain(secret);
});
