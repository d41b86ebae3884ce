import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { notifyHandler, reminderScanHandler } from '../../shared/messages/handlers.js';
import { prepareNotice } from '../../shared/messages/prepare-notice.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { smsOutbox } from '../../shared/notify/sms-outbox.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Notices (docs/messages.md, "Notices"): a message a decision renders and files in its own
// transaction; the scan queues it; notify claims it, chooses the patient's channel, sends the
// text or the email with its attachment, and records the attempt in the patient's message log.
// On DynamoDB Local and aws-ses-v2-local.

let ses: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  ses = await startSesLocal(0);
});
afterAll(async () => {
  await ses.stop();
});

interface StoredEmail {
  readonly destination: { to: string[] };
  readonly subject: string;
  readonly body: { text?: string };
  readonly attachments?: { filename?: string; contentType?: string; content: string }[];
}
const inboxOf = async (address: string): Promise<StoredEmail[]> =>
  ((await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredEmail[] }).emails.filter((e) =>
    e.destination.to.includes(address),
  );

const START = '2026-12-03T10:00:00.000Z';
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

const rig = async () => {
  const f: Fixture = await createFixture({
    start: new Date('2026-11-30T09:00:00Z'),
    service: testService({ messages: { emailFrom: 'clinic@test.example.com', reminderLeadHours: 48 } }),
  });
  const sms = smsOutbox(f.clock.now);
  const notify = notifyHandler({ ...f.deps, sms, email: sesEmailSender(localSesClient(ses.url)) });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  /** Files a confirmation notice the way a decision does: in a transaction of its own. */
  const file = async (to: { patientId: string } | { email: string }) => {
    const notice = prepareNotice(f.deps.service, {
      id: randomUUID(),
      kind: 'confirmation',
      to,
      values: { start: START },
      createdAt: f.clock.now(),
      attachment: { fileName: 'appointment.ics', contentType: 'text/calendar', content: ICS },
    });
    await f.deps.table.db.send(
      new TransactWriteCommand({ TransactItems: [f.deps.notices.pendingItem(notice)] }),
    );
    return notice.id;
  };
  const scanAndDeliver = async () => {
    const report = await reminderScanHandler({ ...f.deps, queue })();
    await queue.drain();
    return report;
  };
  return { f, sms, notify, file, scanAndDeliver };
};

describe('notices', () => {
  it('emails a patient who prefers email, with the attachment, and logs it in their message log', async () => {
    const { f, file, scanAndDeliver } = await rig();
    const address = `p-${randomUUID()}@test.example.com`;
    const { patient } = await f.addPatient({ email: address, contactPreference: 'email' });
    const id = await file({ patientId: patient.id });

    const report = await scanAndDeliver();
    expect(report.noticesQueued).toBe(1);
    const [email, ...more] = await inboxOf(address);
    expect(more).toEqual([]);
    expect(email?.body.text).toContain('Thursday 3 December');
    expect(email?.attachments?.map((a) => [a.filename, a.contentType])).toEqual([
      ['appointment.ics', 'text/calendar'],
    ]);
    expect(Buffer.from(email?.attachments?.[0]?.content ?? '', 'base64').toString()).toBe(ICS);
    expect((await f.deps.notices.get(id))?.status).toBe('sent');
    const [logged] = await f.deps.messageLog.recent(patient.id, 10);
    expect(logged).toMatchObject({ kind: 'confirmation', outcome: 'sent', channel: 'email' });

    // The next scan finds nothing left to queue.
    expect((await scanAndDeliver()).noticesQueued).toBe(0);
  });

  it('texts a patient who prefers texts, and records a patient who cannot be reached as not sent', async () => {
    const { f, sms, file, scanAndDeliver } = await rig();
    const { patient } = await f.addPatient({ phone: '+447911123456', contactPreference: 'sms' });
    const { patient: unreachable } = await f.addPatient({ phone: '+447911123457', contactPreference: 'sms' });
    sms.optedOut.add('+447911123457');
    await file({ patientId: patient.id });
    const notReached = await file({ patientId: unreachable.id });

    await scanAndDeliver();
    expect(sms.messages.map((m) => m.to)).toEqual(['+447911123456']);
    expect(sms.messages[0]?.text).toContain('Thursday 3 December');
    expect(await f.deps.notices.attempts(notReached)).toMatchObject([
      { outcome: 'not-sent', reason: 'opted-out' },
    ]);
  });

  it('emails an address that is not a patient yet, and sends a notice delivered twice once', async () => {
    const { f, notify, file } = await rig();
    const address = `requester-${randomUUID()}@test.example.com`;
    const id = await file({ email: address });
    const record = (messageId: string) => ({
      messageId,
      body: JSON.stringify({ kind: 'notice', noticeId: id }),
      attributes: { ApproximateReceiveCount: '1' },
    });
    const event = { Records: [record('a'), record('b')] } as never;
    // Four deliveries at once: one claims and sends; the others find it claimed or done.
    await Promise.all([notify(event), notify(event)]);
    await notify({ Records: [record('c')] } as never);
    expect(await inboxOf(address)).toHaveLength(1);
    expect((await f.deps.notices.attempts(id)).filter((a) => a.outcome === 'sent')).toHaveLength(1);
  });
});
