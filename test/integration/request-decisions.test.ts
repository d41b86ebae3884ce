import { randomBytes, randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../local/local-sqs.js';
import { type LocalReminderQueue, localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { welcomes } from '../../shared/data/welcomes.js';
import type { NewPatientDetails } from '../../shared/domain/appointment-requests.js';
import { notifyHandler, reminderScanHandler } from '../../shared/messages/handlers.js';
import type { QueuedMessage } from '../../shared/messages/queued-message.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { smsOutbox } from '../../shared/notify/sms-outbox.js';
import { localSecretSealer } from '../../shared/security/secret-sealer.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Staff decide appointment requests (issue 14, item 8; F13, F14; hazard H7), on DynamoDB Local,
// the local SQS stand-in and aws-ses-v2-local: who may decide, an approval that turns the request
// into an appointment holding the same cells, a denial that frees them, two decisions at once,
// the confirmation with its .ics and the denial with its reason (scan and notify as in
// notices.test.ts), and a public requester matched to a patient or created as one.

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

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Dr Ada', visible: true },
    { id: 'clin-b', name: 'Dr Bea', visible: true },
  ],
  serviceTypes: [
    {
      id: 'session',
      name: 'Session',
      durationMinutes: 50,
      bufferMinutes: 10,
      requestableBy: 'existing-patients',
    },
    { id: 'intake', name: 'Intake', durationMinutes: 60, bufferMinutes: 0, requestableBy: 'new-patients' },
  ],
  messages: { emailFrom: 'clinic@test.example.com', reminderLeadHours: 48 },
});

/** Monday 22 March 2027: the clocks go forward on Sunday 28 March. */
const NOW = new Date('2027-03-22T09:00:00Z');
/** 09:00 London time on Monday 29 March 2027, the day after the change: 08:00 UTC. */
const AFTER_CHANGE = '2027-03-29T08:00:00.000Z';

const sqsStops: LocalSqs[] = [];
afterEach(async () => {
  for (const s of sqsStops.splice(0)) await s.stop();
});

interface Rig {
  readonly f: Fixture;
  readonly queuedBodies: string[];
  readonly staff: Record<'admin' | 'scheduler' | 'clinA' | 'clinB', Record<string, string>>;
  scanAndDeliver(): Promise<void>;
  request(options?: {
    clinicianId?: string;
    start?: string;
    serviceType?: string;
    newPatient?: NewPatientDetails;
    patientEmail?: string;
    createdAt?: Date;
  }): Promise<{ id: string; patientId?: string | undefined; start: string }>;
  decide(
    who: Record<string, string>,
    id: string,
    action: 'approve' | 'deny',
    body?: object,
  ): ReturnType<Fixture['call']>;
}

let slot = 0;
/** A fresh hour each time, so requests never clash unless a test means them to. */
const nextStart = () => new Date(Date.parse('2027-03-30T08:00:00Z') + 86_400_000 * slot++).toISOString();

const rig = async (): Promise<Rig> => {
  const key = randomBytes(32).toString('base64url');
  const queuedBodies: string[] = [];
  const target: { queue?: LocalReminderQueue } = {};
  const sqs = await startLocalSqs({
    async enqueue(messages: readonly QueuedMessage[]) {
      queuedBodies.push(...messages.map((m) => JSON.stringify(m)));
      await target.queue?.enqueue(messages);
    },
  });
  sqsStops.push(sqs);
  const f = await createFixture({
    start: NOW,
    service,
    welcome: { queueUrl: sqs.queueUrl, seal: { kind: 'local', key } },
  });
  const notify = notifyHandler({
    ...f.deps,
    sms: smsOutbox(f.clock.now),
    email: sesEmailSender(localSesClient(ses.url)),
    welcomes: welcomes(f.deps.table),
    sealer: localSecretSealer(key),
  });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  target.queue = queue;
  const staff = {
    admin: await f.addStaffSession({ email: 'admin@example.com', role: 'admin' }),
    scheduler: await f.addStaffSession({ email: 'scheduler@example.com', role: 'scheduler' }),
    clinA: await f.addStaffSession({ email: 'ada@example.com', role: 'clinician', clinicianId: 'clin-a' }),
    clinB: await f.addStaffSession({ email: 'bea@example.com', role: 'clinician', clinicianId: 'clin-b' }),
  };
  return {
    f,
    queuedBodies,
    staff,
    async scanAndDeliver() {
      await reminderScanHandler({ ...f.deps, queue })();
      await queue.drain();
    },
    async request(options = {}) {
      const start = options.start ?? nextStart();
      const serviceType = options.serviceType ?? (options.newPatient ? 'intake' : 'session');
      const minutes = serviceType === 'intake' ? 60 : 50;
      const patientId = options.newPatient
        ? undefined
        : (
            await f.addPatient({
              email: options.patientEmail ?? `p-${randomUUID()}@test.example.com`,
              contactPreference: 'email',
            })
          ).patient.id;
      const id = randomUUID();
      const submitted = await f.deps.appointmentRequests.submit(
        {
          id,
          patientId,
          newPatient: options.newPatient,
          clinicianId: options.clinicianId ?? 'clin-a',
          start,
          end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
          serviceType,
        },
        serviceType === 'intake' ? 0 : 10,
        options.createdAt ?? f.clock.now(),
      );
      expect(submitted.ok).toBe(true);
      return { id, patientId, start };
    },
    decide: (who, id, action, body) =>
      f.call({
        method: 'POST',
        path: `/api/staff/appointment-requests/${id}/${action}`,
        body: body ?? (action === 'deny' ? { reason: 'The clinician is away that week.' } : {}),
        cookies: who,
      }),
  };
};

const cellsOf = async (f: Fixture, clinicianId: string) => {
  const { Items = [] } = await f.deps.table.db.send(
    new QueryCommand({
      TableName: f.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cell)',
      ExpressionAttributeValues: { ':pk': `CLINICIAN#${clinicianId}`, ':cell': 'CELL#' },
    }),
  );
  return Items;
};

/** An .ics property's value, unfolded (RFC 5545, 3.1). */
const icsProperty = (ics: string, name: string): string | undefined =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .find((line) => line.startsWith(`${name}:`))
    ?.slice(name.length + 1);

describe('staff deciding appointment requests', () => {
  it('lets the requested clinician, any scheduler and an admin approve, and refuses another clinician', async () => {
    const r = await rig();
    const byClinician = await r.request();
    const byScheduler = await r.request();
    const byAdmin = await r.request();
    const refused = await r.request();

    const forbidden = await r.decide(r.staff.clinB, refused.id, 'approve');
    expect(forbidden.status).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await r.f.deps.appointmentRequests.get(refused.id))?.status).toBe('pending');
    // Nor does the other clinician see it listed, or its page.
    const listB = await r.f.call({
      method: 'GET',
      path: '/api/staff/appointment-requests',
      cookies: r.staff.clinB,
    });
    expect(listB.json<{ items: unknown[] }>().items).toEqual([]);
    const pageB = await r.f.call({
      method: 'GET',
      path: `/staff/requests/${refused.id}`,
      cookies: r.staff.clinB,
    });
    expect(pageB.status).toBe(403);

    for (const [who, req] of [
      [r.staff.clinA, byClinician],
      [r.staff.scheduler, byScheduler],
      [r.staff.admin, byAdmin],
    ] as const) {
      const res = await r.decide(who, req.id, 'approve');
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ status: 'approved', patientId: req.patientId });
      expect((await r.f.deps.appointmentRequests.get(req.id))?.status).toBe('approved');
    }
  });

  it('lists pending requests oldest first with the time in the service zone and who asked', async () => {
    const r = await rig();
    const first = await r.request({ start: AFTER_CHANGE, createdAt: new Date(NOW.getTime() - 90 * 60_000) });
    const second = await r.request({
      createdAt: new Date(NOW.getTime() - 30 * 60_000),
      newPatient: {
        givenName: 'Nia',
        familyName: 'Newcomer',
        dateOfBirth: '1990-01-02',
        email: 'nia@test.example.com',
      },
    });

    const list = await r.f.call({
      method: 'GET',
      path: '/api/staff/appointment-requests',
      cookies: r.staff.scheduler,
    });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([first.id, second.id]);
    const page = await r.f.call({ method: 'GET', path: '/staff/requests', cookies: r.staff.scheduler });
    expect(page.status).toBe(200);
    expect(page.body).toContain('New patient: Nia Newcomer');
    // 09:00 in London after the clocks went forward (08:00 UTC), waiting an hour and a half.
    expect(page.body).toContain('29 Mar 2027, 9am');
    expect(page.body).toContain('1 hour');
    expect(page.body).toContain('Dr Ada');
  });

  it('shows the waiting requests on the to-do list of those who decide them', async () => {
    const r = await rig();
    await r.request({ createdAt: new Date(NOW.getTime() - 90 * 60_000) });
    await r.request({ createdAt: new Date(NOW.getTime() - 30 * 60_000) });
    const todosOf = async (who: Record<string, string>) =>
      (await r.f.call({ method: 'GET', path: '/staff/todos', cookies: who })).body;

    // 07:30 UTC is 7:30am in London before the clocks change.
    const line = 'Appointment requests waiting: 2, oldest waiting since 22 Mar 2027, 7:30am';
    expect(await todosOf(r.staff.scheduler)).toContain(line);
    expect(await todosOf(r.staff.clinA)).toContain(line);
    expect(await todosOf(r.staff.scheduler)).toContain('href="/staff/requests"');
    // Both requests are for Dr Ada: Dr Bea decides none of them.
    expect(await todosOf(r.staff.clinB)).not.toContain('Appointment requests waiting');
  });

  it('turns the request into an appointment holding the same cells', async () => {
    const r = await rig();
    const req = await r.request();
    const before = await cellsOf(r.f, 'clin-a');
    expect(before.every((c) => c.requestId === req.id)).toBe(true);
    // 50 minutes and a 10-minute buffer: four 15-minute cells.
    expect(before).toHaveLength(4);

    const res = await r.decide(r.staff.scheduler, req.id, 'approve');
    const { appointmentId } = res.json<{ appointmentId: string }>();

    const after = await cellsOf(r.f, 'clin-a');
    expect(after.map((c) => c.sk)).toEqual(before.map((c) => c.sk));
    expect(after.every((c) => c.appointmentId === appointmentId && c.requestId === undefined)).toBe(true);
    const appointment = await r.f.deps.appointments.get(appointmentId);
    expect(appointment).toMatchObject({ patientId: req.patientId, start: req.start, status: 'booked' });
    expect((await r.f.deps.appointments.forPatient(req.patientId ?? '')).map((a) => a.id)).toEqual([
      appointmentId,
    ]);
    expect(await r.f.deps.appointmentRequests.pendingForPatient(req.patientId ?? '')).toEqual([]);
    expect(await r.f.deps.appointmentRequests.pendingForService()).toEqual([]);
    // Deciding again: 409 not_pending.
    const again = await r.decide(r.staff.admin, req.id, 'deny');
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'not_pending' } });
    expect(r.f.metrics.sum('RequestsApproved')).toBe(1);
    expect(r.f.metrics.sum('RequestsDenied')).toBe(0);
  });

  it('lets exactly one of an approval and a denial made at once win', async () => {
    const r = await rig();
    for (let round = 0; round < 3; round++) {
      const req = await r.request();
      const [approve, deny] = await Promise.all([
        r.decide(r.staff.scheduler, req.id, 'approve'),
        r.decide(r.staff.admin, req.id, 'deny'),
      ]);
      expect([approve.status, deny.status].sort()).toEqual([200, 409]);
      const status = (await r.f.deps.appointmentRequests.get(req.id))?.status;
      const cells = (await cellsOf(r.f, 'clin-a')).filter(
        (c) => Date.parse(c.sk.slice(5)) >= Date.parse(req.start),
      );
      if (approve.status === 200) {
        expect(status).toBe('approved');
        expect(cells.length).toBeGreaterThan(0);
      } else {
        expect(status).toBe('denied');
      }
      // Clean up this round's appointment so the next round starts clear.
      if (approve.status === 200)
        await r.f.deps.appointments.cancel(approve.json<{ appointmentId: string }>().appointmentId);
    }
  });

  it('frees the time on a denial and emails the patient the reason', async () => {
    const r = await rig();
    const address = `deny-${randomUUID()}@test.example.com`;
    const req = await r.request({ patientEmail: address });

    const missing = await r.decide(r.staff.clinA, req.id, 'deny', { reason: '  ' });
    expect(missing.status).toBe(400);
    const res = await r.decide(r.staff.clinA, req.id, 'deny', { reason: 'Dr Ada is on leave that week.' });
    expect(res.status).toBe(200);
    expect(r.f.metrics.sum('RequestsDenied')).toBe(1);
    expect(await cellsOf(r.f, 'clin-a')).toEqual([]);
    expect((await r.f.deps.appointmentRequests.get(req.id))?.status).toBe('denied');
    expect(await r.f.deps.appointmentRequests.pendingForPatient(req.patientId ?? '')).toEqual([]);
    // The same time can be asked for again.
    await r.request({ start: req.start });

    await r.scanAndDeliver();
    const [email, ...more] = await inboxOf(address);
    expect(more).toEqual([]);
    expect(email?.body.text).toContain('Dr Ada is on leave that week.');
    const [audit] = await r.f.deps.auditLog.forPatient(req.patientId ?? '');
    expect(audit).toMatchObject({ action: 'denied-request', actor: 'ada@example.com', role: 'clinician' });
  });

  it('emails the confirmation with a valid .ics at 9am London time after the March 2027 clock change', async () => {
    const r = await rig();
    const address = `confirm-${randomUUID()}@test.example.com`;
    const req = await r.request({ patientEmail: address, start: AFTER_CHANGE });
    const res = await r.decide(r.staff.clinA, req.id, 'approve');
    const { appointmentId } = res.json<{ appointmentId: string }>();

    await r.scanAndDeliver();
    const [email, ...more] = await inboxOf(address);
    expect(more).toEqual([]);
    expect(email?.body.text).toContain('Monday 29 March');
    expect(email?.body.text).toContain('9am');
    const [attachment] = email?.attachments ?? [];
    expect([attachment?.filename, attachment?.contentType]).toEqual(['appointment.ics', 'text/calendar']);
    const ics = Buffer.from(attachment?.content ?? '', 'base64').toString();
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(icsProperty(ics, 'DTSTART')).toBe('20270329T080000Z');
    expect(icsProperty(ics, 'DTEND')).toBe('20270329T085000Z');
    expect(icsProperty(ics, 'UID')).toBe(`${appointmentId}@test`);
    expect(icsProperty(ics, 'SUMMARY')).toBe('Test Talking Therapies: Session');
    const [audit] = await r.f.deps.auditLog.forPatient(req.patientId ?? '');
    expect(audit).toMatchObject({ action: 'approved-request', actor: 'ada@example.com' });
  });

  it('suggests existing patients by family name and date of birth, given name first', async () => {
    const r = await rig();
    const dob = '1984-07-09';
    const { patient: same } = await r.f.addPatient({
      givenName: 'Sam',
      familyName: 'Okafor',
      dateOfBirth: dob,
    });
    const { patient: sibling } = await r.f.addPatient({
      givenName: 'Jo',
      familyName: 'Okafor',
      dateOfBirth: dob,
    });
    await r.f.addPatient({ givenName: 'Sam', familyName: 'Other', dateOfBirth: dob });
    await r.f.addPatient({ givenName: 'Sam', familyName: 'Okafor', dateOfBirth: '1984-07-10' });
    const req = await r.request({
      newPatient: { givenName: 'Sam', familyName: 'Okafor', dateOfBirth: dob, email: 'sam@test.example.com' },
    });

    const detail = await r.f.call({
      method: 'GET',
      path: `/api/staff/appointment-requests/${req.id}`,
      cookies: r.staff.scheduler,
    });
    expect(detail.json<{ suggestions: { id: string }[] }>().suggestions.map((s) => s.id)).toEqual([
      same.id,
      sibling.id,
    ]);
    // A public request needs a choice.
    expect((await r.decide(r.staff.scheduler, req.id, 'approve')).status).toBe(400);
    const res = await r.decide(r.staff.scheduler, req.id, 'approve', { patientId: same.id });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ patientId: same.id });
    expect((await r.f.deps.appointments.forPatient(same.id)).length).toBe(1);
  });

  it('creates the public requester as a patient on approval and sends their welcome', async () => {
    const r = await rig();
    const address = `new-${randomUUID()}@test.example.com`;
    const req = await r.request({
      newPatient: { givenName: 'Nia', familyName: 'Newcomer', dateOfBirth: '1990-01-02', email: address },
    });
    const res = await r.decide(r.staff.admin, req.id, 'approve', { createPatient: true });
    expect(res.status).toBe(200);
    const { patientId, appointmentId, welcome } = res.json<{
      patientId: string;
      appointmentId: string;
      welcome: string;
    }>();
    expect(welcome).toBe('queued');
    const patient = await r.f.deps.patients.get(patientId);
    expect(patient).toMatchObject({
      givenName: 'Nia',
      familyName: 'Newcomer',
      email: address,
      lastClinicianId: 'clin-a',
    });
    expect((await r.f.deps.appointments.forPatient(patientId)).map((a) => a.id)).toEqual([appointmentId]);
    // Their first episode (referral) opened with them, in the approval's transaction.
    expect(await r.f.deps.episodes.ofPatient(patientId)).toEqual([
      expect.objectContaining({ startedAt: r.f.clock.now().toISOString(), endedAt: null }),
    ]);
    expect((await r.f.deps.episodes.current(patientId))?.id).not.toBe(patientId);
    expect(r.queuedBodies.map((b) => JSON.parse(b) as { kind: string; patientId?: string })).toContainEqual(
      expect.objectContaining({ kind: 'welcome', patientId }),
    );

    await r.scanAndDeliver();
    const inbox = await inboxOf(address);
    // The welcome with the Secure ID, and the confirmation with its calendar file.
    expect(inbox).toHaveLength(2);
    expect(inbox.some((e) => /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/.test(e.body.text ?? ''))).toBe(
      true,
    );
    expect(inbox.some((e) => e.attachments?.[0]?.filename === 'appointment.ics')).toBe(true);
  });
});
