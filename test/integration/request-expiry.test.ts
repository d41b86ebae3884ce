import { randomUUID } from 'node:crypto';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { appointmentRequests } from '../../shared/data/appointment-requests.js';
import { notifyHandler, reminderScanHandler } from '../../shared/messages/handlers.js';
import { prepareNotice } from '../../shared/messages/prepare-notice.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { smsOutbox } from '../../shared/notify/sms-outbox.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Pending requests don't rot (issue 14 item 7; docs/appointments.md, "Expiry"), on DynamoDB Local
// and aws-ses-v2-local: the reminder scan expires a request nobody decided within 5 working
// days, in one transaction that frees its time and files the requester's and the clinician's
// notices, which the same scan queues and notify sends. A cancel at the same moment: one wins.

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
}
const inboxOf = async (address: string): Promise<StoredEmail[]> =>
  ((await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredEmail[] }).emails.filter((e) =>
    e.destination.to.includes(address),
  );

const PHONE = '01632 960 001';
const ADA = 'ada.clinician@test.example.com';

// Tuesday 1 June 2027, 09:00 BST. Five working days later: Tuesday 8 June, 09:00 BST.
const NOW = new Date('2027-06-01T08:00:00Z');
const DEADLINE = new Date('2027-06-08T08:00:00Z');
/** 10:00 BST on Thursday 10 June: after the deadline, so still bookable then. */
const TEN = '2027-06-10T10:00:00+01:00';
const TEN_UTC = '2027-06-10T09:00:00.000Z';

const service = testService({
  phone: PHONE,
  clinicians: [
    { id: 'clin-a', name: 'Dr Ada Visible', visible: true, staffEmail: ADA },
    { id: 'clin-b', name: 'Dr Bea Unlinked', visible: true },
  ],
  serviceTypes: [
    {
      id: 'session',
      name: 'Session',
      durationMinutes: 50,
      bufferMinutes: 10,
      requestableBy: 'existing-patients',
    },
    { id: 'intake', name: 'Intake', durationMinutes: 50, bufferMinutes: 10, requestableBy: 'new-patients' },
  ],
  appointments: { portal: 'everyone' },
  messages: { emailFrom: 'clinic@test.example.com', reminderLeadHours: 48 },
});

const rig = async () => {
  const f: Fixture = await createFixture({ service, start: NOW });
  const sms = smsOutbox(f.clock.now);
  const notify = notifyHandler({ ...f.deps, sms, email: sesEmailSender(localSesClient(ses.url)) });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  const scanAndDeliver = async () => {
    const report = await reminderScanHandler({ ...f.deps, queue })();
    await queue.drain();
    return report;
  };
  const admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
  const loc = await f.call({
    method: 'POST',
    path: '/api/staff/setup/locations',
    body: { name: 'Riverside' },
    cookies: admin,
  });
  const locationId = loc.json<{ id: string }>().id;
  for (const id of ['clin-a', 'clin-b']) {
    const res = await f.call({
      method: 'PUT',
      path: `/api/staff/setup/clinicians/${id}/schedule`,
      body: {
        periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00', locationId })),
      },
      cookies: admin,
    });
    expect(res.status).toBe(200);
  }
  return { f, sms, scanAndDeliver };
};

const signIn = async (f: Fixture, overrides: Parameters<Fixture['addPatient']>[0] = {}) => {
  const { patient, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27', ...overrides });
  const res = await f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth: '1985-03-27' },
  });
  const session = cookieValue(res.cookies, '__Host-session');
  if (!session) throw new Error('no session');
  const cookies = { '__Host-session': session };
  return {
    patient,
    request: (body: object) =>
      f.call({ method: 'POST', path: '/api/patient/appointment-requests', body, cookies }),
    cancel: (id: string) =>
      f.call({ method: 'DELETE', path: `/api/patient/appointment-requests/${id}`, cookies }),
  };
};

const cellsOf = async (f: Fixture, clinicianId: string) => {
  const { Items = [] } = await f.deps.table.db.send(
    new QueryCommand({
      TableName: f.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CLINICIAN#${clinicianId}` },
    }),
  );
  return Items;
};

/** Moves the test clock to an instant (forwards only). */
const moveTo = (f: Fixture, at: Date) =>
  f.clock.advanceSeconds((at.getTime() - f.clock.now().getTime()) / 1000);

describe('expiry of stale requests', () => {
  let rigged: Awaited<ReturnType<typeof rig>>;
  beforeEach(async () => {
    rigged = await rig();
  });

  it('expires a request on the first scan after its deadline, not before, freeing its time and telling both', async () => {
    const { f, sms, scanAndDeliver } = rigged;
    f.metrics.reset();
    const me = await signIn(f, { phone: '+447911123456', contactPreference: 'sms' });
    const made = await me.request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' });
    expect(made.status).toBe(201);
    const id = made.json<{ id: string }>().id;
    expect(f.metrics.sum('RequestsMade')).toBe(1);
    const createdAt = new Date((await f.deps.appointmentRequests.get(id))?.createdAt ?? '');
    // The new request's email to its clinician goes with the first scan (F14): out of the way.
    expect((await scanAndDeliver()).noticesQueued).toBe(1);

    // A moment before the deadline: nothing happens.
    moveTo(f, new Date(DEADLINE.getTime() - 1000));
    const before = await scanAndDeliver();
    expect(before).toMatchObject({ pendingRequestsRead: 1, requestsExpired: 0, noticesQueued: 0 });
    expect(f.metrics.last('OldestPendingRequestAgeMinutes')).toBe(
      Math.floor((DEADLINE.getTime() - 1000 - createdAt.getTime()) / 60_000),
    );
    expect(f.metrics.sum('RequestsExpired')).toBe(0);
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('pending');
    expect(await cellsOf(f, 'clin-a')).toHaveLength(4);

    // At the deadline: expired, and its notices queued and sent by the same scan.
    moveTo(f, DEADLINE);
    const at = await scanAndDeliver();
    expect(at).toMatchObject({ pendingRequestsRead: 1, requestsExpired: 1, noticesQueued: 2 });
    expect(at.expiryError).toBeUndefined();
    expect(f.metrics.sum('RequestsExpired')).toBe(1);
    // Nothing pending any more: the age is 0, not the expired request's.
    expect(f.metrics.last('OldestPendingRequestAgeMinutes')).toBe(0);
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('expired');
    expect(await cellsOf(f, 'clin-a')).toEqual([]);
    expect(await f.deps.appointmentRequests.pendingForPatient(me.patient.id)).toEqual([]);
    expect(await f.deps.appointmentRequests.pendingForService()).toEqual([]);

    // The patient by text (their preference), the clinician by email, with no patient details.
    expect(sms.messages.map((m) => m.to)).toEqual(['+447911123456']);
    expect(sms.messages[0]?.text).toContain(
      'your request for Thursday 10 June at 10am was not answered in time',
    );
    expect(sms.messages[0]?.text).toContain(PHONE);
    // Besides the email that told the clinician of the new request (F14), one about its expiry.
    const expiredEmails = async () => (await inboxOf(ADA)).filter((e) => e.subject.includes('expired'));
    const [staffEmail, ...more] = await expiredEmails();
    expect(more).toEqual([]);
    expect(staffEmail?.subject).toContain('a request for Thursday 10 June at 10am expired');
    expect(staffEmail?.body.text).not.toContain(me.patient.givenName);
    expect(staffEmail?.body.text).not.toContain(me.patient.familyName);
    const [logged] = await f.deps.messageLog.recent(me.patient.id, 10);
    expect(logged).toMatchObject({ kind: 'requestExpired', outcome: 'sent', channel: 'sms' });

    // The time is free again: another patient can ask for it.
    const other = await signIn(f);
    const again = await other.request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' });
    expect(again.status).toBe(201);

    // The next scan finds nothing more to expire and sends nothing twice (it queues only the
    // clinician's email about the other patient's new request).
    expect(await scanAndDeliver()).toMatchObject({ requestsExpired: 0, noticesQueued: 1 });
    expect(sms.messages).toHaveLength(1);
    expect(await expiredEmails()).toHaveLength(1);
  });

  it('emails the requester of a public request, and tells no one when the clinician has no staff email', async () => {
    const { f, scanAndDeliver } = rigged;
    const address = `requester-${randomUUID()}@test.example.com`;
    const id = randomUUID();
    const submitted = await f.deps.appointmentRequests.submit(
      {
        id,
        newPatient: {
          givenName: 'Nell',
          familyName: 'Newcomer',
          dateOfBirth: '1990-01-01',
          email: address,
        },
        clinicianId: 'clin-b',
        start: TEN_UTC,
        end: '2027-06-10T09:50:00.000Z',
        serviceType: 'intake',
      },
      10,
      f.clock.now(),
    );
    expect(submitted).toEqual({ ok: true });

    moveTo(f, DEADLINE);
    expect(await scanAndDeliver()).toMatchObject({ requestsExpired: 1, noticesQueued: 1 });
    const [email, ...more] = await inboxOf(address);
    expect(more).toEqual([]);
    expect(email?.subject).toBe('Your request for Thursday 10 June at 10am was not answered in time');
    expect(email?.body.text).toContain(PHONE);
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('expired');
    expect(await cellsOf(f, 'clin-b')).toEqual([]);
  });

  it('expires only the requests past their deadline, oldest first', async () => {
    const { f, scanAndDeliver } = rigged;
    const first = await signIn(f);
    const old = await first.request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' });
    // A day later, another request: its deadline is a day later too.
    moveTo(f, new Date(NOW.getTime() + 24 * 3600_000));
    const second = await signIn(f);
    const young = await second.request({
      clinicianId: 'clin-b',
      start: TEN,
      serviceType: 'session',
    });
    moveTo(f, DEADLINE);
    expect(await scanAndDeliver()).toMatchObject({ pendingRequestsRead: 2, requestsExpired: 1 });
    expect((await f.deps.appointmentRequests.get(old.json<{ id: string }>().id))?.status).toBe('expired');
    expect((await f.deps.appointmentRequests.get(young.json<{ id: string }>().id))?.status).toBe('pending');
  });

  it('lets exactly one of a cancel and an expiry at the same moment win, with nothing half-written', async () => {
    const { f } = rigged;
    const starts = ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00'];
    const patients = await Promise.all(starts.map(() => signIn(f)));
    const ids = await Promise.all(
      patients.map(async (p, i) => {
        const res = await p.request({
          clinicianId: 'clin-a',
          start: `2027-06-10T${starts[i]}:00+01:00`,
          serviceType: 'session',
        });
        expect(res.status).toBe(201);
        return res.json<{ id: string }>().id;
      }),
    );
    // The new requests' emails to the clinician (F14) go with a scan before the deadline.
    await reminderScanHandler({ ...f.deps, queue: { enqueue: async () => undefined } })();
    moveTo(f, DEADLINE);
    const queued: unknown[] = [];
    const queue = { enqueue: async (messages: readonly unknown[]) => void queued.push(...messages) };
    const [report, ...cancels] = await Promise.all([
      reminderScanHandler({ ...f.deps, queue })(),
      // The patients' own cancels (their sessions have long ended: the repository the page uses).
      ...patients.map((p, i) => f.deps.appointmentRequests.cancel(ids[i] as string, p.patient.id)),
    ]);
    const cancelled = cancels.filter((c) => c === 'cancelled').length;
    const refused = cancels.filter((c) => c === 'not-pending').length;
    expect(cancelled + refused).toBe(starts.length);
    // Each request was expired or cancelled, never both.
    expect(report?.requestsExpired).toBe(refused);
    expect(report?.requestsDecidedMeanwhile).toBe(cancelled);
    const statuses = await Promise.all(
      ids.map(async (id) => (await f.deps.appointmentRequests.get(id))?.status),
    );
    expect(statuses.filter((s) => s === 'expired')).toHaveLength(refused);
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(cancelled);
    // Notices only for the expired ones: one to the patient and one to the clinician each.
    expect(report?.noticesQueued).toBe(2 * refused);
    // Every cell, copy and list item is gone, whichever won.
    expect(await cellsOf(f, 'clin-a')).toEqual([]);
    expect(await f.deps.appointmentRequests.pendingForService()).toEqual([]);
    for (const p of patients)
      expect(await f.deps.appointmentRequests.pendingForPatient(p.patient.id)).toEqual([]);
  });

  it('leaves a request cancelled between the expiry read and its write as cancelled, with no notice', async () => {
    const { f } = rigged;
    const me = await signIn(f);
    const made = await me.request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' });
    const id = made.json<{ id: string }>().id;
    moveTo(f, DEADLINE);
    // The expiry reads the request while pending; the patient's cancel commits just before the
    // expiry's transaction is sent, which the pending condition must then refuse whole.
    let cancelled: string | undefined;
    const db = f.deps.table.db;
    const racing = appointmentRequests({
      name: f.tableName,
      db: {
        send: async (command: Parameters<typeof db.send>[0]) => {
          if (command instanceof TransactWriteCommand && cancelled === undefined) {
            cancelled = await f.deps.appointmentRequests.cancel(id, me.patient.id);
          }
          return db.send(command as never);
        },
      } as unknown as typeof db,
    });
    const notice = prepareNotice(f.deps.service, {
      id: randomUUID(),
      kind: 'requestExpired',
      to: { patientId: me.patient.id },
      values: { start: TEN_UTC },
      createdAt: f.clock.now(),
    });
    const outcome = await racing.expire(id, () => [f.deps.notices.pendingItem(notice)]);
    expect(cancelled).toBe('cancelled');
    expect(outcome).toBe('not-pending');
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('cancelled');
    expect(await f.deps.notices.get(notice.id)).toBeUndefined();
    expect(await cellsOf(f, 'clin-a')).toEqual([]);
    // And the other way round: an expiry first, then the cancel is refused.
    const again = await (
      await signIn(f)
    ).request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' });
    const second = again.json<{ id: string }>().id;
    const owner = (await f.deps.appointmentRequests.get(second))?.patientId as string;
    expect(await f.deps.appointmentRequests.expire(second, () => [])).toBe('expired');
    expect(await f.deps.appointmentRequests.cancel(second, owner)).toBe('not-pending');
    expect(await f.deps.appointmentRequests.expire(second, () => [])).toBe('not-pending');
  });

  it('goes on with the notices and reminders when the expiry fails, naming only the error', async () => {
    const { f } = rigged;
    const me = await signIn(f);
    const notice = prepareNotice(f.deps.service, {
      id: randomUUID(),
      kind: 'confirmation',
      to: { patientId: me.patient.id },
      values: { start: TEN_UTC },
      createdAt: f.clock.now(),
    });
    await f.deps.table.db.send(
      new TransactWriteCommand({ TransactItems: [f.deps.notices.pendingItem(notice)] }),
    );
    const queued: unknown[] = [];
    const broken = {
      ...f.deps.appointmentRequests,
      pendingForService: async () => {
        throw new RangeError('the list could not be read');
      },
    };
    const report = await reminderScanHandler({
      ...f.deps,
      appointmentRequests: broken,
      queue: { enqueue: async (messages) => void queued.push(...messages) },
    })();
    expect(report).toMatchObject({ expiryError: 'RangeError', requestsExpired: 0, noticesQueued: 1 });
    expect(report.window).toBeDefined();
    expect(queued).toEqual([{ kind: 'notice', noticeId: notice.id }]);
  });

  it('expires the others when one request cannot be expired, leaving that one pending', async () => {
    const { f } = rigged;
    const first = await signIn(f);
    const second = await signIn(f);
    const a = (await first.request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' })).json<{
      id: string;
    }>().id;
    const b = (await second.request({ clinicianId: 'clin-b', start: TEN, serviceType: 'session' })).json<{
      id: string;
    }>().id;
    moveTo(f, DEADLINE);
    const failing = {
      ...f.deps.appointmentRequests,
      expire: async (id: string, alongside: Parameters<typeof f.deps.appointmentRequests.expire>[1]) => {
        if (id === a) throw new TypeError('cannot expire this one');
        return f.deps.appointmentRequests.expire(id, alongside);
      },
    };
    const report = await reminderScanHandler({
      ...f.deps,
      appointmentRequests: failing,
      queue: { enqueue: async () => undefined },
    })();
    expect(report).toMatchObject({ requestsExpired: 1, expiryError: 'TypeError' });
    expect((await f.deps.appointmentRequests.get(a))?.status).toBe('pending');
    expect((await f.deps.appointmentRequests.get(b))?.status).toBe('expired');
  });
});
