import { randomBytes } from 'node:crypto';
import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../local/local-sqs.js';
import { type LocalReminderQueue, localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { welcomes } from '../../shared/data/welcomes.js';
import { notifyHandler } from '../../shared/messages/handlers.js';
import type { QueuedMessage } from '../../shared/messages/queued-message.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { snsSmsSender } from '../../shared/notify/sms.js';
import { localSecretSealer } from '../../shared/security/secret-sealer.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Hazard H4 (personal data in logs, here the Secure ID) and the welcome message (F1;
// docs/messages.md), end to end: the integration API or the staff console
// issues a Secure ID, its handler queues the welcome through the SQS client onto the local
// stand-in for the notify queue (sealed with the local stand-in for the welcome key), and the
// notify handler claims, opens and sends it by SNS (aws-sdk-client-mock) or SES (aws-ses-v2-local).

const sns = mockClient(SNSClient);
let ses: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  ses = await startSesLocal(0);
});
afterAll(async () => {
  await ses.stop();
  sns.restore();
});
beforeEach(() => {
  sns.reset();
  sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: false });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

const PORTAL = 'https://portal.test';

interface Rig {
  readonly f: Fixture;
  readonly queue: LocalReminderQueue;
  readonly notify: ReturnType<typeof notifyHandler>;
  /** Every message body the Lambdas put on the queue, as SQS received it. */
  readonly queuedBodies: string[];
  readonly api: (method: string, path: string, body?: unknown) => ReturnType<Fixture['call']>;
  readonly sqs: LocalSqs;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.sqs.stop();
});

const rig = async (): Promise<Rig> => {
  const key = randomBytes(32).toString('base64url');
  const queuedBodies: string[] = [];
  // The stand-in needs the queue, and the queue the fixture's Deps: hand it on once both exist.
  const target: { queue?: LocalReminderQueue } = {};
  const sqs = await startLocalSqs({
    async enqueue(messages: readonly QueuedMessage[]) {
      queuedBodies.push(...messages.map((m) => JSON.stringify(m)));
      await target.queue?.enqueue(messages);
    },
  });
  const f = await createFixture({
    start: new Date('2027-03-01T10:00:00Z'),
    service: testService({
      portalUrl: PORTAL,
      messages: {
        smsSenderId: 'TestTT',
        emailFrom: 'welcome@test.example.com',
        reminderLeadHours: 48,
        lateBookingMinimumHours: 2,
      },
    }),
    welcome: { queueUrl: sqs.queueUrl, seal: { kind: 'local', key } },
  });
  const notify = notifyHandler({
    ...f.deps,
    sms: snsSmsSender(new SNSClient({ region: 'eu-west-2' })),
    email: sesEmailSender(localSesClient(ses.url)),
    welcomes: welcomes(f.deps.table),
    sealer: localSecretSealer(key),
  });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  target.queue = queue;
  const apiKey = await f.addIntegrationKey();
  const r: Rig = { f, queue, notify, queuedBodies, api: f.api(apiKey), sqs };
  rigs.push(r);
  return r;
};

const newPatient = (overrides: Record<string, unknown> = {}) => ({
  givenName: 'Robin',
  familyName: 'Welcome',
  dateOfBirth: '1990-06-15',
  phone: '07700 900123',
  contactPreference: 'sms',
  stage: 'assessment',
  ...overrides,
});

const texts = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}
const emailsTo = async (address: string): Promise<StoredEmail[]> => {
  const { emails } = (await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredEmail[] };
  return emails.filter((e) => e.destination.to.includes(address));
};

/** The Secure ID shown on the console's "new Secure ID" page. */
const shownOnPage = (html: string): string =>
  /<strong>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])<\/strong>/.exec(html)?.[1] as string;

/** Both spellings a Secure ID could be found in: as shown, and as typed without dashes. */
const spellings = (secureId: string) => [secureId, secureId.replaceAll('-', '')];

describe('welcome message', () => {
  it('emails a patient who prefers email their Secure ID and the portal link', async () => {
    const r = await rig();
    const created = await r.api(
      'POST',
      '/api/v1/patients',
      newPatient({ contactPreference: 'email', email: 'robin.welcome@example.com', phone: undefined }),
    );
    expect(created.status).toBe(201);
    const { secureId, welcome } = created.json<{ secureId: string; welcome: string }>();
    expect(welcome).toBe('queued');

    await r.queue.drain();

    const [email, ...others] = await emailsTo('robin.welcome@example.com');
    expect(others).toEqual([]);
    expect(email?.subject).toBe('Your Secure ID for Test Talking Therapies');
    expect(email?.body.text).toContain(secureId);
    expect(email?.body.text).toContain(PORTAL);
    expect(email?.body.html).toContain(secureId);
    expect(email?.body.html).toContain(`<a href="${PORTAL}">`);
    expect(texts()).toEqual([]);
  });

  it('texts a patient who prefers SMS their Secure ID and the portal link, from the service’s sender', async () => {
    const r = await rig();
    const created = await r.api('POST', '/api/v1/patients', newPatient());
    const { id, secureId } = created.json<{ id: string; secureId: string }>();

    await r.queue.drain();

    expect(texts()).toHaveLength(1);
    const [sms] = texts();
    expect(sms?.PhoneNumber).toBe('+447700900123');
    expect(sms?.Message).toContain(secureId);
    expect(sms?.Message).toContain(PORTAL);
    expect(sms?.MessageAttributes?.['AWS.SNS.SMS.SenderID']?.StringValue).toBe('TestTT');
    const attempts = await welcomes(r.f.deps.table).attempts(id, 1);
    expect(attempts.map((a) => [a.outcome, a.channel])).toEqual([['sent', 'sms']]);
    // Staff see it among the patient's messages, and a delivery report on it finds the patient.
    const [logged, ...more] = await r.f.deps.messageLog.recent(id);
    expect(more).toEqual([]);
    expect([logged?.kind, logged?.outcome, logged?.channel]).toEqual(['welcome', 'sent', 'sms']);
    const providerMessageId = attempts[0]?.providerMessageId as string;
    expect((await r.f.deps.messageLog.byProviderMessageId(providerMessageId))?.patientId).toBe(id);
  });

  it('sends the new Secure ID on a reissue through the API, and not the one it replaced if that was still queued', async () => {
    const r = await rig();
    const { id, secureId: first } = (await r.api('POST', '/api/v1/patients', newPatient())).json<{
      id: string;
      secureId: string;
    }>();
    // The first welcome is still on the queue when the ID is reissued.
    const reissued = await r.api('POST', `/api/v1/patients/${id}/secure-id`);
    expect(reissued.status).toBe(200);
    const { secureId: second, welcome } = reissued.json<{ secureId: string; welcome: string }>();
    expect(welcome).toBe('queued');
    expect(second).not.toBe(first);

    await r.queue.drain();

    expect(texts().map((t) => t.Message?.includes(second))).toEqual([true]);
    expect(texts().some((t) => t.Message?.includes(first))).toBe(false);
    const superseded = await welcomes(r.f.deps.table).attempts(id, 1);
    expect(superseded.map((a) => [a.outcome, a.reason])).toEqual([['not-sent', 'superseded']]);
    expect(r.queue.deadLetters).toEqual([]);
  });

  it('sends the new Secure ID on a reissue from the console page and from the staff API, and says so', async () => {
    const r = await rig();
    const { id } = (await r.api('POST', '/api/v1/patients', newPatient())).json<{ id: string }>();
    await r.queue.drain();
    const admin = await r.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });

    const page = await r.f.call({
      method: 'POST',
      path: `/staff/patients/${id}/secure-id`,
      form: { csrf: r.f.staffCsrf },
      cookies: admin,
    });
    expect(page.status).toBe(200);
    const fromPage = shownOnPage(page.body);
    expect(page.body).toContain('It is being sent to the patient by text message or email');
    await r.queue.drain();

    const fromApi = await r.f.call({
      method: 'POST',
      path: `/api/staff/patients/${id}/secure-id`,
      body: {},
      cookies: admin,
    });
    expect(fromApi.status).toBe(200);
    const { secureId: viaApi, welcome } = fromApi.json<{ secureId: string; welcome: string }>();
    expect(welcome).toBe('queued');
    await r.queue.drain();

    // The create's welcome, then one per reissue, each with the ID that was current.
    const sent = texts().map((t) => t.Message ?? '');
    expect(sent).toHaveLength(3);
    expect(sent[1]).toContain(fromPage);
    expect(sent[2]).toContain(viaApi);
  });

  it('sends once when the same welcome is delivered twice, together or one after the other', async () => {
    const r = await rig();
    const { id } = (await r.api('POST', '/api/v1/patients', newPatient())).json<{ id: string }>();
    const [body] = r.queuedBodies;
    const record = (messageId: string) => ({ messageId, body, attributes: { ApproximateReceiveCount: '1' } });

    const first = await r.notify({ Records: [record('m-1'), record('m-2')] } as unknown as SQSEvent);
    // One of the two held the claim while the other looked: that one is retried, not dropped.
    expect(first.batchItemFailures.length).toBeLessThanOrEqual(1);
    const again = await r.notify({ Records: [record('m-3')] } as unknown as SQSEvent);
    await r.queue.drain();

    expect(again.batchItemFailures).toEqual([]);
    expect(texts()).toHaveLength(1);
    const attempts = await welcomes(r.f.deps.table).attempts(id, 1);
    expect(attempts.map((a) => a.outcome)).toEqual(['sent']);
  });

  it('answers 201 with the Secure ID and "not-queued" when the queue refuses, and logs no Secure ID', async () => {
    const r = await rig();
    await r.sqs.stop();
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const created = await r.api('POST', '/api/v1/patients', newPatient());
      expect(created.status).toBe(201);
      const { id, secureId, welcome } = created.json<{ id: string; secureId: string; welcome: string }>();
      expect(welcome).toBe('not-queued');
      expect(await r.f.deps.patients.get(id)).toBeDefined();
      const admin = await r.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
      const page = await r.f.call({
        method: 'POST',
        path: `/staff/patients/${id}/secure-id`,
        form: { csrf: r.f.staffCsrf },
        cookies: admin,
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain('It could not be sent to the patient');
      const log = written.join('');
      expect(log).toContain('Welcome not queued');
      for (const spelling of [...spellings(secureId), ...spellings(shownOnPage(page.body))])
        expect(log).not.toContain(spelling);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('keeps the Secure ID out of every log line, every stored item and the queued message', async () => {
    const r = await rig();
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const issued: string[] = [];
    try {
      const created = await r.api(
        'POST',
        '/api/v1/patients',
        newPatient({ contactPreference: 'email', email: 'quiet.logs@example.com' }),
      );
      const { id, secureId } = created.json<{ id: string; secureId: string }>();
      issued.push(secureId);
      await r.queue.drain();
      issued.push(
        (await r.api('POST', `/api/v1/patients/${id}/secure-id`)).json<{ secureId: string }>().secureId,
      );
      await r.queue.drain();
      const admin = await r.f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
      const page = await r.f.call({
        method: 'POST',
        path: `/staff/patients/${id}/secure-id`,
        form: { csrf: r.f.staffCsrf },
        cookies: admin,
      });
      issued.push(shownOnPage(page.body));
      await r.queue.drain();
    } finally {
      vi.restoreAllMocks();
    }

    // The flow ran: three welcomes, the last two by email, each with its own ID.
    expect(r.queuedBodies).toHaveLength(3);
    const emails = await emailsTo('quiet.logs@example.com');
    expect(emails.map((e) => issued.findIndex((s) => e.body.text?.includes(s)))).toEqual([0, 1, 2]);
    expect(written.join('')).toContain('Welcome queued');

    const { Items = [] } = await r.f.deps.table.db.send(new ScanCommand({ TableName: r.f.tableName }));
    const stored = Items.flatMap((item) => Object.values(item).map((v) => JSON.stringify(v)));
    for (const secureId of issued) {
      for (const spelling of spellings(secureId)) {
        expect(written.filter((line) => line.includes(spelling))).toEqual([]);
        expect(stored.filter((value) => value.includes(spelling))).toEqual([]);
        expect(r.queuedBodies.filter((body) => body.includes(spelling))).toEqual([]);
      }
    }
  });
});
