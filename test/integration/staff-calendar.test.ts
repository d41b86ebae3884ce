import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import type { Patient } from '../../shared/domain/patient.js';
import { notifyHandler, reminderScanHandler } from '../../shared/messages/handlers.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { smsOutbox } from '../../shared/notify/sms-outbox.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// The staff calendar, and staff cancelling and moving appointments (issue 14, "Calendar" and
// "Cancel and move"; hazard H7), on DynamoDB Local and aws-ses-v2-local: what a week shows, in
// the service's time zone across the clocks going forward on Sunday 28 March 2027; who may open
// which calendar; a cancel and a move each one transaction with the patient's notice, which the
// scan queues and notify sends.

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
const service = testService({
  phone: PHONE,
  messages: { emailFrom: 'clinic@test.example.com', reminderLeadHours: 48 },
  clinicians: [
    { id: 'clin-a', name: 'Dr Ada Able', visible: true, staffEmail: 'ada@example.com' },
    { id: 'clin-b', name: 'Dr Bea Best', visible: true, staffEmail: 'bea@example.com' },
  ],
  serviceTypes: [
    {
      id: 'session',
      name: 'Session',
      durationMinutes: 50,
      bufferMinutes: 10,
      requestableBy: 'existing-patients',
    },
  ],
  appointments: { horizonDays: 60 },
});
const SESSION = { durationMinutes: 50 };

// Monday 15 March 2027, 09:00 GMT. The week asked for is Monday 22 to Sunday 28 March, the day the
// clocks go forward (01:00 GMT becomes 02:00 BST).
const NOW = new Date('2027-03-15T09:00:00Z');
const WEEK = '2027-03-22';

const cells = async (f: Fixture, clinicianId: string) => {
  const { Items = [] } = await f.deps.table.db.send(
    new QueryCommand({
      TableName: f.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cell)',
      ExpressionAttributeValues: { ':pk': `CLINICIAN#${clinicianId}`, ':cell': 'CELL#' },
    }),
  );
  return Items.map((i) => ({
    cell: String(i.sk).slice('CELL#'.length),
    holder: i.appointmentId ?? i.requestId ?? i.blackoutId,
  }));
};
const heldBy = async (f: Fixture, clinicianId: string, holder: string) =>
  (await cells(f, clinicianId)).filter((c) => c.holder === holder).map((c) => c.cell);

const rig = async () => {
  const f = await createFixture({ service, start: NOW });
  const admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
  const scheduler = await f.addStaffSession({ email: 'sched@example.com', role: 'scheduler' });
  const ada = await f.addStaffSession({ email: 'ada@example.com', role: 'clinician', clinicianId: 'clin-a' });
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
        periods: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: '09:00',
          end: '17:00',
          locationId,
        })),
      },
      cookies: admin,
    });
    expect(res.status).toBe(200);
  }
  const book = async (patient: Patient, clinicianId: string, start: string) => {
    const id = randomUUID();
    const startIso = new Date(start).toISOString();
    const result = await f.deps.appointments.book(
      {
        id,
        patientId: patient.id,
        clinicianId,
        start: startIso,
        end: appointmentEnd(startIso, SESSION),
        serviceType: 'session',
        locationId,
      },
      10,
      f.clock.now(),
    );
    expect(result).toEqual({ ok: true });
    return id;
  };
  const sms = smsOutbox(f.clock.now);
  const notify = notifyHandler({ ...f.deps, sms, email: sesEmailSender(localSesClient(ses.url)) });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  const scanAndDeliver = async () => {
    await reminderScanHandler({ ...f.deps, queue })();
    await queue.drain();
  };
  const calendar = (cookies: Record<string, string>, clinicianId: string, week = WEEK) =>
    f.call({ method: 'GET', path: `/api/staff/calendar?clinicianId=${clinicianId}&week=${week}`, cookies });
  const move = (cookies: Record<string, string>, id: string, body: object) =>
    f.call({ method: 'POST', path: `/api/staff/appointments/${id}/move`, body, cookies });
  return { f, admin, scheduler, ada, locationId, book, sms, scanAndDeliver, calendar, move };
};

interface Week {
  days: {
    date: string;
    work: { start: string; end: string }[];
    items: {
      kind: string;
      id: string;
      start: string;
      end: string;
      patientName?: string;
      tentative?: boolean;
    }[];
  }[];
}

describe('staff calendar', () => {
  let r: Awaited<ReturnType<typeof rig>>;
  beforeEach(async () => {
    r = await rig();
  });

  it('shows the week in the service’s time zone across the clock change: appointments, tentative requests, one-off and weekly blackouts', async () => {
    const { f, admin, scheduler, book, calendar } = r;
    const { patient } = await f.addPatient({ givenName: 'Pat', familyName: 'Booked' });
    const { patient: asker } = await f.addPatient({ givenName: 'Rita', familyName: 'Asking' });
    // Friday 26 March 10:00 GMT; Monday 29 March (the next week) must not show.
    const friday = await book(patient, 'clin-a', '2027-03-26T10:00:00Z');
    const nextWeek = await book(patient, 'clin-a', '2027-03-29T10:00:00+01:00');
    // A pending request on Sunday 28 March at 10:00 BST (09:00Z), after the clocks went forward.
    const requestId = randomUUID();
    expect(
      await f.deps.appointmentRequests.submit(
        {
          id: requestId,
          patientId: asker.id,
          clinicianId: 'clin-a',
          start: '2027-03-28T09:00:00.000Z',
          end: '2027-03-28T09:50:00.000Z',
          serviceType: 'session',
        },
        10,
        f.clock.now(),
      ),
    ).toEqual({ ok: true });
    const blackout = (body: object) =>
      f.call({ method: 'POST', path: '/api/staff/setup/clinicians/clin-a/blackouts', body, cookies: admin });
    expect(
      (
        await blackout({
          kind: 'one-off',
          startDate: '2027-03-28',
          startTime: '14:00',
          endDate: '2027-03-28',
          endTime: '16:00',
        })
      ).status,
    ).toBe(201);
    expect(
      (await blackout({ kind: 'weekly', weekdays: [1, 2, 3, 4, 5, 6, 7], start: '12:30', end: '13:30' }))
        .status,
    ).toBe(201);

    const res = await calendar(scheduler, 'clin-a');
    expect(res.status).toBe(200);
    const week = res.json<Week>();
    expect(week.days.map((d) => d.date)).toEqual([
      '2027-03-22',
      '2027-03-23',
      '2027-03-24',
      '2027-03-25',
      '2027-03-26',
      '2027-03-27',
      '2027-03-28',
    ]);
    const friDay = week.days[4];
    expect(friDay?.items.map((i) => [i.kind, i.start, i.end])).toEqual([
      ['appointment', '2027-03-26T10:00:00+00:00', '2027-03-26T10:50:00+00:00'],
      ['weekly-blackout', '2027-03-26T12:30:00+00:00', '2027-03-26T13:30:00+00:00'],
    ]);
    expect(friDay?.items[0]).toMatchObject({ id: friday, patientName: 'Pat Booked' });
    const sunday = week.days[6];
    // 09:00 to 17:00 on the clock on both sides of the change.
    expect(sunday?.work.map((w) => [w.start, w.end])).toEqual([
      ['2027-03-28T09:00:00+01:00', '2027-03-28T17:00:00+01:00'],
    ]);
    expect(sunday?.items.map((i) => [i.kind, i.start, i.end])).toEqual([
      ['request', '2027-03-28T10:00:00+01:00', '2027-03-28T10:50:00+01:00'],
      ['weekly-blackout', '2027-03-28T12:30:00+01:00', '2027-03-28T13:30:00+01:00'],
      ['blackout', '2027-03-28T14:00:00+01:00', '2027-03-28T16:00:00+01:00'],
    ]);
    expect(sunday?.items[0]).toMatchObject({ id: requestId, tentative: true, patientName: 'Rita Asking' });
    expect(week.days.flatMap((d) => d.items.map((i) => i.id))).not.toContain(nextWeek);

    // The page says it in words: the request is tentative, each blackout names its kind.
    const page = await f.call({
      method: 'GET',
      path: `/staff/calendar?clinicianId=clin-a&week=${WEEK}`,
      cookies: scheduler,
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Tentative: request, 10am to 10:50am');
    expect(page.body).toContain('12:30pm to 1:30pm: Blackout (weekly)');
    expect(page.body).toContain('2pm to 4pm: Blackout (one-off)');
    expect(page.body).toContain('10am to 10:50am: Appointment');
    expect(page.body).toContain('Sunday 28 March');
  });

  it('lets a clinician open their own calendar only, and schedulers and admins any', async () => {
    const { f, admin, scheduler, ada, calendar } = r;
    expect((await calendar(ada, 'clin-a')).status).toBe(200);
    expect((await calendar(ada, 'clin-b')).status).toBe(403);
    const page = await f.call({ method: 'GET', path: '/staff/calendar?clinicianId=clin-b', cookies: ada });
    expect(page.status).toBe(403);
    expect(page.body).toContain('You do not have access');
    // Without a clinician named, a clinician gets their own.
    const own = await f.call({ method: 'GET', path: `/api/staff/calendar?week=${WEEK}`, cookies: ada });
    expect(own.json<{ clinicianId: string }>().clinicianId).toBe('clin-a');
    expect((await calendar(scheduler, 'clin-b')).status).toBe(200);
    expect((await calendar(admin, 'clin-b')).status).toBe(200);
    expect((await calendar(admin, 'clin-b', 'not-a-date')).status).toBe(400);
  });
});

describe('staff cancel', () => {
  it('cancels, frees the cells, tells the patient with the reason and audits it', async () => {
    const r = await rig();
    const { f, ada, book, scanAndDeliver } = r;
    const address = `p-${randomUUID()}@test.example.com`;
    const { patient } = await f.addPatient({ email: address, contactPreference: 'email' });
    const id = await book(patient, 'clin-a', '2027-03-26T10:00:00Z');
    expect(await heldBy(f, 'clin-a', id)).toHaveLength(4);

    const res = await f.call({
      method: 'POST',
      path: `/api/staff/appointments/${id}/cancel`,
      body: { reason: 'Dr Able is unwell.' },
      cookies: ada,
    });
    expect(res.status).toBe(200);
    expect((await f.deps.appointments.get(id))?.status).toBe('cancelled');
    expect(await heldBy(f, 'clin-a', id)).toEqual([]);
    // Cancelled again: told so, nothing sent twice.
    const again = await f.call({
      method: 'POST',
      path: `/api/staff/appointments/${id}/cancel`,
      body: {},
      cookies: ada,
    });
    expect(again.status).toBe(409);

    await scanAndDeliver();
    const emails = await inboxOf(address);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe('Your appointment on Friday 26 March has been cancelled');
    expect(emails[0]?.body.text).toContain('on Friday 26 March at 10am has been cancelled');
    expect(emails[0]?.body.text).toContain('Dr Able is unwell.');
    expect(emails[0]?.body.text).toContain(PHONE);
    const audit = await f.deps.auditLog.forPatient(patient.id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['cancelled-appointment', 'ada@example.com']]);
    expect(audit[0]?.detail).not.toContain('unwell');
  });

  it('refuses a clinician another clinician’s appointment, and a reason over 100 characters, changing nothing', async () => {
    const { f, ada, scheduler, book } = await rig();
    const { patient } = await f.addPatient();
    const id = await book(patient, 'clin-b', '2027-03-26T10:00:00Z');
    const cancel = (cookies: Record<string, string>, body: object) =>
      f.call({ method: 'POST', path: `/api/staff/appointments/${id}/cancel`, body, cookies });
    expect((await cancel(ada, {})).status).toBe(403);
    const long = await cancel(scheduler, { reason: 'x'.repeat(101) });
    expect(long.status).toBe(400);
    expect(long.json<{ error: { fields: Record<string, string> } }>().error.fields.reason).toBeDefined();
    expect((await f.deps.appointments.get(id))?.status).toBe('booked');
    expect(await heldBy(f, 'clin-b', id)).toHaveLength(4);
  });
});

describe('the cancel and move pages', () => {
  it('cancel and move with the CSRF token, then show the calendar with what happened (Post/Redirect/Get)', async () => {
    const { f, scheduler, book } = await rig();
    const { patient } = await f.addPatient();
    const moving = await book(patient, 'clin-a', '2027-03-26T10:00:00Z');
    const cancelling = await book(patient, 'clin-a', '2027-03-26T14:00:00Z');

    const withoutToken = await f.call({
      method: 'POST',
      path: `/staff/appointments/${cancelling}/cancel`,
      form: { reason: '' },
      cookies: scheduler,
    });
    expect(withoutToken.status).toBe(400);
    expect((await f.deps.appointments.get(cancelling))?.status).toBe('booked');

    const form = await f.call({
      method: 'GET',
      path: `/staff/appointments/${cancelling}/cancel`,
      cookies: scheduler,
    });
    expect(form.status).toBe(200);
    expect(form.body).toContain('Friday 26 March at 2pm');
    const cancelled = await f.call({
      method: 'POST',
      path: `/staff/appointments/${cancelling}/cancel`,
      form: { csrf: f.staffCsrf, reason: '' },
      cookies: scheduler,
    });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.location).toBe(
      '/staff/calendar?clinicianId=clin-a&week=2027-03-26&done=cancelled',
    );
    expect((await f.deps.appointments.get(cancelling))?.status).toBe('cancelled');

    const choices = await f.call({
      method: 'GET',
      path: `/staff/appointments/${moving}/move?clinicianId=clin-a&date=2027-03-30`,
      cookies: scheduler,
    });
    expect(choices.status).toBe(200);
    expect(choices.body).toContain('value="2027-03-30T08:00:00.000Z"');
    const moved = await f.call({
      method: 'POST',
      path: `/staff/appointments/${moving}/move`,
      form: { csrf: f.staffCsrf, clinicianId: 'clin-a', start: '2027-03-30T08:00:00.000Z' },
      cookies: scheduler,
    });
    expect(moved.status).toBe(303);
    expect(moved.headers.location).toBe('/staff/calendar?clinicianId=clin-a&week=2027-03-30&done=moved');
    const after = await f.call({ method: 'GET', path: moved.headers.location ?? '', cookies: scheduler });
    expect(after.body).toContain(
      'The appointment has been moved. The patient will be told in the next few minutes.',
    );
    expect(after.body).toContain('9am to 9:50am: Appointment');
  });
});

describe('staff move', () => {
  it('moves to a free time in one transaction: old cells freed, new ones taken, the reminder follows, the patient is told', async () => {
    const { f, scheduler, book, move, sms, scanAndDeliver } = await rig();
    const { patient } = await f.addPatient({ phone: '+447911123456', contactPreference: 'sms' });
    // Friday 26 March 10:00 GMT, to Monday 29 March 10:00 BST (09:00Z) with Dr Best.
    const id = await book(patient, 'clin-a', '2027-03-26T10:00:00Z');
    const res = await move(scheduler, id, { clinicianId: 'clin-b', start: '2027-03-29T10:00:00+01:00' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id, clinicianId: 'clin-b', start: '2027-03-29T10:00:00+01:00' });

    expect(await heldBy(f, 'clin-a', id)).toEqual([]);
    expect(await heldBy(f, 'clin-b', id)).toEqual([
      '2027-03-29T09:00:00.000Z',
      '2027-03-29T09:15:00.000Z',
      '2027-03-29T09:30:00.000Z',
      '2027-03-29T09:45:00.000Z',
    ]);
    expect(await f.deps.appointments.forPatient(patient.id)).toMatchObject([
      { id, clinicianId: 'clin-b', start: '2027-03-29T09:00:00.000Z', end: '2027-03-29T09:50:00.000Z' },
    ]);
    // The reminder index: 48 hours before the new start, in that hour's partition.
    const { Item } = await f.deps.table.db.send(
      new GetCommand({ TableName: f.tableName, Key: { pk: `APPOINTMENT#${id}`, sk: 'APPOINTMENT' } }),
    );
    expect(Item).toMatchObject({
      start: '2027-03-29T09:00:00.000Z',
      clinicianId: 'clin-b',
      remindDueAt: '2027-03-27T09:00:00.000Z',
      gsi1pk: 'REMIND#2027-03-27T09',
      gsi1sk: `2027-03-27T09:00:00.000Z#${id}`,
    });

    await scanAndDeliver();
    expect(sms.messages.map((m) => m.text)).toEqual([
      `${service.name}: your appointment on Friday 26 March at 10am is now on Monday 29 March at 10am. If you cannot come, call ${PHONE}.`,
    ]);
    const audit = await f.deps.auditLog.forPatient(patient.id);
    expect(audit.map((a) => a.action)).toEqual(['moved-appointment']);

    // The reminder follows: nothing when the old one would have been due (Wednesday 24 March
    // 10:00Z), then one for the new time when its own falls due (Saturday 27 March 09:00Z).
    const advanceTo = (iso: string) =>
      f.clock.advanceSeconds((Date.parse(iso) - f.clock.now().getTime()) / 1000);
    advanceTo('2027-03-24T10:05:00Z');
    await scanAndDeliver();
    expect(sms.messages).toHaveLength(1);
    advanceTo('2027-03-27T09:05:00Z');
    await scanAndDeliver();
    expect(sms.messages.slice(1).map((m) => m.text)).toEqual([
      expect.stringContaining('your appointment is on Monday 29 March at 10am'),
    ]);
  });

  it('moves onto part of its own old time', async () => {
    const { f, admin, book, move } = await rig();
    const { patient } = await f.addPatient();
    // Off the hourly rhythm: 09:30 to 10:20, buffer to 10:30. 10:00 is free once its own hold is left out.
    const id = await book(patient, 'clin-a', '2027-03-26T09:30:00Z');
    const res = await move(admin, id, { start: '2027-03-26T10:00:00Z' });
    expect(res.status).toBe(200);
    expect(await heldBy(f, 'clin-a', id)).toEqual([
      '2027-03-26T10:00:00.000Z',
      '2027-03-26T10:15:00.000Z',
      '2027-03-26T10:30:00.000Z',
      '2027-03-26T10:45:00.000Z',
    ]);
  });

  it('answers 409 for a time that is taken, and changes nothing', async () => {
    const { f, scheduler, book, move } = await rig();
    const { patient } = await f.addPatient();
    const id = await book(patient, 'clin-a', '2027-03-26T10:00:00Z');
    const other = await book(patient, 'clin-a', '2027-03-26T11:00:00Z');
    const before = await cells(f, 'clin-a');
    const items = await f.itemCount();

    const res = await move(scheduler, id, { start: '2027-03-26T11:00:00Z' });
    expect(res.status).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('slot_unavailable');
    expect((await f.deps.appointments.get(id))?.start).toBe('2027-03-26T10:00:00.000Z');
    expect(await cells(f, 'clin-a')).toEqual(before);
    expect(await f.itemCount()).toBe(items);
    expect(await heldBy(f, 'clin-a', other)).toHaveLength(4);

    // The form says so by the field, with the free times again.
    const page = await f.call({
      method: 'POST',
      path: `/staff/appointments/${id}/move`,
      form: { csrf: f.staffCsrf, clinicianId: 'clin-a', start: '2027-03-26T11:00:00.000Z' },
      cookies: scheduler,
    });
    expect(page.status).toBe(409);
    expect(page.body).toContain('That time is not free. Choose one of the free times.');
  });

  it('lets exactly one of two concurrent moves onto the same time win', async () => {
    const { f, scheduler, admin, book, move } = await rig();
    const { patient } = await f.addPatient();
    const first = await book(patient, 'clin-a', '2027-03-26T10:00:00Z');
    const second = await book(patient, 'clin-b', '2027-03-26T10:00:00Z');
    const target = { clinicianId: 'clin-a', start: '2027-03-29T14:00:00+01:00' };

    const answers = await Promise.all([move(scheduler, first, target), move(admin, second, target)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers[0]?.status === 200 ? first : second;
    const loser = winner === first ? second : first;
    const targetCells = (await cells(f, 'clin-a')).filter((c) => c.cell.startsWith('2027-03-29'));
    expect(targetCells.map((c) => c.holder)).toEqual([winner, winner, winner, winner]);
    expect((await f.deps.appointments.get(loser))?.start).toBe('2027-03-26T10:00:00.000Z');
    expect(await heldBy(f, loser === first ? 'clin-a' : 'clin-b', loser)).toHaveLength(4);
  });
});
