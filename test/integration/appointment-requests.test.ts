import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Patients' free times and requests on DynamoDB Local (issue 14, items 3, 4 and 6; hazard H7): a
// pending request holds its time with the same cell locks as appointments and one-off blackouts,
// so no two of them overlap for one clinician whatever the timing; the portal's rules on who
// sees what; cancelling, and the cut-off.

const PHONE = '01632 960 001';

const service = (portal: 'everyone' | 'existing-patients' | 'nobody' = 'existing-patients') =>
  testService({
    phone: PHONE,
    clinicians: [
      { id: 'clin-a', name: 'Dr Ada Visible', visible: true },
      { id: 'clin-b', name: 'Dr Bea Visible', visible: true },
      { id: 'clin-hidden', name: 'Dr Hugo Hidden', visible: false },
    ],
    serviceTypes: [
      {
        id: 'session',
        name: 'Session',
        durationMinutes: 50,
        bufferMinutes: 10,
        requestableBy: 'existing-patients',
      },
      {
        id: 'long',
        name: 'Long session',
        durationMinutes: 110,
        bufferMinutes: 10,
        requestableBy: 'existing-patients',
      },
      { id: 'intake', name: 'Intake', durationMinutes: 60, bufferMinutes: 0, requestableBy: 'new-patients' },
    ],
    appointments: { portal },
  });

// Tuesday 1 June 2027, 09:00 BST. Thursday 3 June is past the 24-hour minimum notice.
const NOW = new Date('2027-06-01T08:00:00Z');
const THURSDAY = '2027-06-03';
/** 10:00 BST on Thursday. */
const TEN = '2027-06-03T10:00:00+01:00';

interface Signed {
  readonly patient: Patient;
  readonly cookies: Record<string, string>;
}

const signIn = async (f: Fixture): Promise<Signed> => {
  const { patient, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
  const res = await f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth: '1985-03-27' },
  });
  const session = cookieValue(res.cookies, '__Host-session');
  if (!session) throw new Error('no session');
  return { patient, cookies: { '__Host-session': session } };
};

/** Weekdays 09:00 to 17:00 at one location for every clinician, hidden ones too. */
const setUpWeeks = async (f: Fixture) => {
  const admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
  const loc = await f.call({
    method: 'POST',
    path: '/api/staff/setup/locations',
    body: { name: 'Riverside' },
    cookies: admin,
  });
  const locationId = loc.json<{ id: string }>().id;
  for (const id of ['clin-a', 'clin-b', 'clin-hidden']) {
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
  return { admin, locationId };
};

const as = (f: Fixture, s: Signed) => ({
  availability: (query: string) =>
    f.call({ method: 'GET', path: `/api/patient/availability?${query}`, cookies: s.cookies }),
  request: (body: object) =>
    f.call({ method: 'POST', path: '/api/patient/appointment-requests', body, cookies: s.cookies }),
  cancelRequest: (id: string) =>
    f.call({ method: 'DELETE', path: `/api/patient/appointment-requests/${id}`, cookies: s.cookies }),
  list: () => f.call({ method: 'GET', path: '/api/patient/appointments', cookies: s.cookies }),
  cancelAppointment: (id: string) =>
    f.call({ method: 'POST', path: `/api/patient/appointments/${id}/cancel`, cookies: s.cookies }),
});

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

describe('patient appointment requests', () => {
  let f: Fixture;
  let me: Signed;
  let locationId: string;
  let admin: Record<string, string>;

  beforeEach(async () => {
    f = await createFixture({ service: service(), start: NOW });
    ({ locationId, admin } = await setUpWeeks(f));
    me = await signIn(f);
  });

  it('offers free times by day on the grid, and a request holds its cells, buffer included', async () => {
    const free = await as(f, me).availability(
      `from=${THURSDAY}&to=${THURSDAY}&serviceType=session&clinicianId=clin-a`,
    );
    expect(free.status).toBe(200);
    const slots = free.json<{ slots: { start: string; clinicianId: string; locationId: string }[] }>().slots;
    expect(slots.map((s) => s.start)).toEqual([
      '2027-06-03T09:00:00+01:00',
      '2027-06-03T10:00:00+01:00',
      '2027-06-03T11:00:00+01:00',
      '2027-06-03T12:00:00+01:00',
      '2027-06-03T13:00:00+01:00',
      '2027-06-03T14:00:00+01:00',
      '2027-06-03T15:00:00+01:00',
      '2027-06-03T16:00:00+01:00',
    ]);
    expect(slots[0]).toMatchObject({ clinicianId: 'clin-a', locationId });

    const res = await as(f, me).request({
      clinicianId: 'clin-a',
      start: TEN,
      serviceType: 'session',
      comment: 'Mornings suit me',
    });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(String), status: 'pending' });
    // 10:00 to 10:50 plus 10 minutes: four cells, each naming the request.
    const cells = await cellsOf(f, 'clin-a');
    expect(cells.map((c) => c.sk)).toEqual([
      'CELL#2027-06-03T09:00:00.000Z',
      'CELL#2027-06-03T09:15:00.000Z',
      'CELL#2027-06-03T09:30:00.000Z',
      'CELL#2027-06-03T09:45:00.000Z',
    ]);
    expect(new Set(cells.map((c) => c.requestId))).toEqual(new Set([res.json<{ id: string }>().id]));

    // The time is no longer offered, to this patient or anyone.
    const after = await as(f, await signIn(f)).availability(
      `from=${THURSDAY}&to=${THURSDAY}&serviceType=session&clinicianId=clin-a`,
    );
    expect(after.json<{ slots: { start: string }[] }>().slots.map((s) => s.start)).not.toContain(
      '2027-06-03T10:00:00+01:00',
    );

    const list = await as(f, me).list();
    expect(list.json()).toEqual({
      upcoming: [],
      pending: [
        {
          id: res.json<{ id: string }>().id,
          start: '2027-06-03T10:00:00+01:00',
          end: '2027-06-03T10:50:00+01:00',
          clinician: { id: 'clin-a', name: 'Dr Ada Visible' },
          serviceType: 'session',
          serviceTypeName: 'Session',
          location: { id: locationId, name: 'Riverside' },
          status: 'pending',
        },
      ],
    });
  });

  it('stores exactly one of 20 concurrent requests for one slot (H7)', async () => {
    const patients = await Promise.all(Array.from({ length: 20 }, () => signIn(f)));
    const answers = await Promise.all(
      patients.map((p) => as(f, p).request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 409))
      expect(a.json()).toMatchObject({ error: { code: 'slot_unavailable' } });
    const cells = await cellsOf(f, 'clin-a');
    expect(cells).toHaveLength(4);
    expect(new Set(cells.map((c) => c.requestId)).size).toBe(1);
    const pending = await Promise.all(
      patients.map((p) => f.deps.appointmentRequests.pendingForPatient(p.patient.id)),
    );
    expect(pending.flat()).toHaveLength(1);
  });

  it('never stores two overlapping requests of different lengths, whichever comes first', async () => {
    const other = await signIn(f);
    // Concurrently, straight at the repository (no availability check in the way): a 50 + 10
    // minute request at 10:00 and a 110 + 10 minute one at 09:00 share the 10:00 to 10:45 cells.
    const submit = (patientId: string, start: string, end: string) =>
      f.deps.appointmentRequests.submit(
        { id: randomUUID(), patientId, clinicianId: 'clin-a', start, end, serviceType: 'x' },
        10,
        NOW,
      );
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([
        submit(me.patient.id, `2027-06-0${round + 3}T09:00:00.000Z`, `2027-06-0${round + 3}T09:50:00.000Z`),
        submit(
          other.patient.id,
          `2027-06-0${round + 3}T08:00:00.000Z`,
          `2027-06-0${round + 3}T09:50:00.000Z`,
        ),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    }

    // Through the API, one after the other: a long session over a pending session is refused.
    const fresh = await createFixture({ service: service(), start: NOW });
    await setUpWeeks(fresh);
    const a = await signIn(fresh);
    expect(
      (await as(fresh, a).request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' })).status,
    ).toBe(201);
    const long = await as(fresh, a).request({
      clinicianId: 'clin-a',
      start: '2027-06-03T09:00:00+01:00',
      serviceType: 'long',
    });
    expect(long.status).toBe(409);
    expect(long.json()).toMatchObject({ error: { code: 'slot_unavailable' } });
    // The cell after the pending request's buffer is free: a long session at 11:00 fits.
    const later = await as(fresh, a).request({
      clinicianId: 'clin-a',
      start: '2027-06-03T11:00:00+01:00',
      serviceType: 'long',
    });
    expect(later.status).toBe(201);
  });

  it('refuses a request over a one-off blackout or an appointment, and a blackout or booking over a request', async () => {
    const blackout = await f.call({
      method: 'POST',
      path: '/api/staff/setup/clinicians/clin-a/blackouts',
      body: { kind: 'one-off', startDate: THURSDAY, startTime: '10:30', endDate: THURSDAY, endTime: '11:00' },
      cookies: admin,
    });
    expect(blackout.status).toBe(201);
    const overBlackout = await as(f, me).request({
      clinicianId: 'clin-a',
      start: TEN,
      serviceType: 'session',
    });
    expect(overBlackout.status).toBe(409);
    expect(overBlackout.json()).toMatchObject({ error: { code: 'slot_unavailable' } });

    const booked = await f.deps.appointments.book(
      {
        id: randomUUID(),
        patientId: me.patient.id,
        clinicianId: 'clin-b',
        start: '2027-06-03T09:15:00.000Z',
        end: '2027-06-03T10:05:00.000Z',
        serviceType: 'session',
      },
      10,
      NOW,
    );
    expect(booked).toEqual({ ok: true });
    const overAppointment = await as(f, me).request({
      clinicianId: 'clin-b',
      start: TEN,
      serviceType: 'session',
    });
    expect(overAppointment.status).toBe(409);

    // The other way round: a pending request refuses a blackout and an EPR booking over it. (The
    // 10:30 blackout moved clin-a's rhythm to 11:00, 12:00 and so on: 14:00 is offered.)
    expect(
      (
        await as(f, me).request({
          clinicianId: 'clin-a',
          start: '2027-06-03T14:00:00+01:00',
          serviceType: 'session',
        })
      ).status,
    ).toBe(201);
    const blackoutOverRequest = await f.call({
      method: 'POST',
      path: '/api/staff/setup/clinicians/clin-a/blackouts',
      body: { kind: 'one-off', startDate: THURSDAY, startTime: '14:30', endDate: THURSDAY, endTime: '15:30' },
      cookies: admin,
    });
    expect(blackoutOverRequest.status).toBe(409);
    expect(blackoutOverRequest.json()).toMatchObject({ error: { code: 'blackout_clash' } });
    const weeklyOverRequest = await f.call({
      method: 'POST',
      path: '/api/staff/setup/clinicians/clin-a/blackouts',
      body: { kind: 'weekly', weekdays: [4], start: '14:30', end: '15:00' },
      cookies: admin,
    });
    expect(weeklyOverRequest.status).toBe(409);
    expect(weeklyOverRequest.json()).toMatchObject({ error: { code: 'blackout_clash' } });
    const key = await f.addIntegrationKey();
    const epr = await f.api(key)('POST', '/api/v1/appointments', {
      patientId: me.patient.id,
      clinicianId: 'clin-a',
      start: '2027-06-03T14:45:00+01:00',
      serviceType: 'session',
    });
    expect(epr.status).toBe(409);
    expect(epr.json()).toMatchObject({ error: { code: 'slot_unavailable' } });
  });

  it('refuses a time that is not offered: outside the week, off the rhythm, before the notice', async () => {
    for (const start of [
      '2027-06-03T08:00:00+01:00', // before work
      '2027-06-05T10:00:00+01:00', // Saturday
      '2027-06-03T10:15:00+01:00', // not a slot start
      '2027-06-01T15:00:00+01:00', // inside the 24-hour notice
    ]) {
      const res = await as(f, me).request({ clinicianId: 'clin-a', start, serviceType: 'session' });
      expect(res.status, start).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'slot_unavailable' } });
    }
    expect(await cellsOf(f, 'clin-a')).toHaveLength(0);
  });

  it('cancelling a pending request frees its time, and another patient gets 404', async () => {
    const res = await as(f, me).request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' });
    const id = res.json<{ id: string }>().id;

    // Staff's service-wide list and the expiry scan see it while it is pending, and only then.
    expect((await f.deps.appointmentRequests.pendingForService()).map((r) => r.id)).toEqual([id]);

    const stranger = await signIn(f);
    const theirs = await as(f, stranger).cancelRequest(id);
    expect(theirs.status).toBe(404);
    expect(theirs.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(await cellsOf(f, 'clin-a')).toHaveLength(4);

    expect((await as(f, me).cancelRequest(id)).status).toBe(204);
    expect(await cellsOf(f, 'clin-a')).toHaveLength(0);
    expect((await as(f, me).list()).json()).toEqual({ upcoming: [], pending: [] });
    expect(await f.deps.appointmentRequests.pendingForService()).toEqual([]);
    expect((await as(f, me).cancelRequest(id)).status).toBe(409);
    // The time is free again for anyone.
    expect(
      (await as(f, stranger).request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' })).status,
    ).toBe(201);
  });

  it('cancels an appointment up to the cut-off; after it, 409 with the service phone number', async () => {
    const book = async (start: string) => {
      const id = randomUUID();
      const end = new Date(Date.parse(start) + 50 * 60_000).toISOString();
      await f.deps.appointments.book(
        { id, patientId: me.patient.id, clinicianId: 'clin-a', start, end, serviceType: 'session' },
        10,
        NOW,
      );
      return id;
    };
    const soon = await book('2027-06-02T07:00:00.000Z'); // 23 hours away
    const later = await book('2027-06-02T08:00:00.000Z'); // exactly 24 hours away

    const tooLate = await as(f, me).cancelAppointment(soon);
    expect(tooLate.status).toBe(409);
    expect(tooLate.json()).toMatchObject({ error: { code: 'too_late_to_cancel' } });
    expect(tooLate.json<{ error: { message: string } }>().error.message).toContain(PHONE);
    expect((await f.deps.appointments.get(soon))?.status).toBe('booked');

    const stranger = await signIn(f);
    expect((await as(f, stranger).cancelAppointment(later)).status).toBe(404);
    expect((await f.deps.appointments.get(later))?.status).toBe('booked');

    const ok = await as(f, me).cancelAppointment(later);
    expect(ok.status).toBe(200);
    expect((await f.deps.appointments.get(later))?.status).toBe('cancelled');
    const listed = (await as(f, me).list()).json<{ upcoming: { id: string }[] }>();
    expect(listed.upcoming.map((a) => a.id)).toEqual([soon]);
  });

  it('never shows a hidden clinician in free times or lists, and refuses requests for one', async () => {
    const any = await as(f, me).availability(`from=${THURSDAY}&to=${THURSDAY}&serviceType=session`);
    expect(any.status).toBe(200);
    const ids = new Set(any.json<{ slots: { clinicianId: string }[] }>().slots.map((s) => s.clinicianId));
    expect(ids).toEqual(new Set(['clin-a', 'clin-b']));
    expect(any.body).not.toContain('clin-hidden');
    expect(any.body).not.toContain('Hugo');

    const named = await as(f, me).availability(
      `from=${THURSDAY}&to=${THURSDAY}&serviceType=session&clinicianId=clin-hidden`,
    );
    expect(named.status).toBe(400);
    expect(named.body).not.toContain('Hugo');
    const req = await as(f, me).request({ clinicianId: 'clin-hidden', start: TEN, serviceType: 'session' });
    expect(req.status).toBe(400);
    expect(await cellsOf(f, 'clin-hidden')).toHaveLength(0);

    // The patient's own appointment with a hidden clinician does not name them.
    await f.deps.appointments.book(
      {
        id: randomUUID(),
        patientId: me.patient.id,
        clinicianId: 'clin-hidden',
        start: '2027-06-04T09:00:00.000Z',
        end: '2027-06-04T09:50:00.000Z',
        serviceType: 'session',
      },
      10,
      NOW,
    );
    const list = await as(f, me).list();
    expect(list.body).not.toContain('Hugo');
  });

  it("shows existing patients the types they may ask for, and not new patients' intakes", async () => {
    const intake = await as(f, me).availability(`from=${THURSDAY}&to=${THURSDAY}&serviceType=intake`);
    expect(intake.status).toBe(400);
    expect(intake.json()).toMatchObject({ error: { fields: { serviceType: expect.any(String) } } });
    const req = await as(f, me).request({ clinicianId: 'clin-a', start: TEN, serviceType: 'intake' });
    expect(req.status).toBe(400);
  });

  it('answers 401 without a session and 400 for bad input, storing nothing', async () => {
    const noSession = await f.call({
      method: 'POST',
      path: '/api/patient/appointment-requests',
      body: { clinicianId: 'clin-a', start: TEN, serviceType: 'session' },
    });
    expect(noSession.status).toBe(401);
    const bad = await as(f, me).request({
      clinicianId: 'clin-a',
      start: 'Thursday at ten',
      serviceType: 'session',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'invalid_request', fields: { start: expect.any(String) } },
    });
    const range = await as(f, me).availability('from=2027-06-10&to=2027-06-03&serviceType=session');
    expect(range.status).toBe(400);
    expect(range.json()).toMatchObject({ error: { fields: { to: expect.any(String) } } });
    expect(await cellsOf(f, 'clin-a')).toHaveLength(0);
  });
});

describe('who may see free times and ask (config appointments.portal)', () => {
  it.each([
    ['everyone', 200],
    ['existing-patients', 200],
    ['nobody', 403],
  ] as const)('with %s, a signed-in patient gets %i', async (portal, status) => {
    const f = await createFixture({ service: service(portal), start: NOW });
    await setUpWeeks(f);
    const me = await signIn(f);
    const free = await as(f, me).availability(`from=${THURSDAY}&to=${THURSDAY}&serviceType=session`);
    expect(free.status).toBe(status);
    const req = await as(f, me).request({ clinicianId: 'clin-a', start: TEN, serviceType: 'session' });
    expect(req.status).toBe(status === 200 ? 201 : 403);
    expect(await cellsOf(f, 'clin-a')).toHaveLength(status === 200 ? 4 : 0);
    // The home page offers requests only where they can be made.
    const home = await f.call({ method: 'GET', path: '/home', cookies: me.cookies });
    expect(home.status).toBe(200);
    expect(home.body.includes('href="/appointments/request"')).toBe(status === 200);
  });
});

describe('the patient appointment pages', () => {
  const CSRF = 'q'.repeat(43);
  let f: Fixture;
  let me: Signed;

  beforeEach(async () => {
    f = await createFixture({ service: service(), start: NOW });
    await setUpWeeks(f);
    me = await signIn(f);
  });

  const get = (path: string) => f.call({ method: 'GET', path, cookies: me.cookies });
  const post = (path: string, form: Record<string, string>) =>
    f.call({
      method: 'POST',
      path,
      form: { csrf: CSRF, ...form },
      cookies: { ...me.cookies, '__Host-csrf': CSRF },
    });

  it('sends a visitor without a session to sign in', async () => {
    for (const path of ['/appointments', '/appointments/request']) {
      const res = await f.call({ method: 'GET', path });
      expect([res.status, res.headers.location]).toEqual([303, '/sign-in']);
    }
  });

  it('lists free times by day without a hidden clinician, sends a request and shows it pending, then cancels it', async () => {
    const page = await get(
      `/appointments/request?serviceType=session&locationId=&clinicianId=&from=${THURSDAY}`,
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h3>Thursday 3 June</h3>');
    expect(page.body).toContain('10am with Dr Ada Visible at Riverside');
    expect(page.body).not.toContain('Hugo');
    expect(page.body).not.toContain('clin-hidden');
    expect(page.body).not.toContain('Intake');

    const noCsrf = await f.call({
      method: 'POST',
      path: '/appointments/request',
      form: { csrf: 'wrong', clinicianId: 'clin-a', start: TEN, serviceType: 'session' },
      cookies: { ...me.cookies, '__Host-csrf': CSRF },
    });
    expect(noCsrf.status).toBe(400);
    expect(noCsrf.body).toContain('nhsuk-error-summary');
    expect(await cellsOf(f, 'clin-a')).toHaveLength(0);

    const sent = await post('/appointments/request', {
      clinicianId: 'clin-a',
      start: TEN,
      serviceType: 'session',
      comment: 'Mornings please',
    });
    expect([sent.status, sent.headers.location]).toEqual([303, '/appointments?requested']);
    const mine = await get('/appointments?requested');
    expect(mine.body).toContain('Your request has been sent');
    expect(mine.body).toContain('Requests waiting for a decision');
    expect(mine.body).toContain('Thursday 3 June, 10am to 10:50am');

    // The same time again: taken now, the form comes back with an error summary.
    const again = await post('/appointments/request', {
      clinicianId: 'clin-a',
      start: TEN,
      serviceType: 'session',
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain('This time is no longer free');

    const [pending] = await f.deps.appointmentRequests.pendingForPatient(me.patient.id);
    const cancelled = await post(`/appointments/requests/${pending?.id}/cancel`, {});
    expect([cancelled.status, cancelled.headers.location]).toEqual([303, '/appointments?request-cancelled']);
    expect(await cellsOf(f, 'clin-a')).toHaveLength(0);
  });

  it('offers a cancel button before the cut-off and the phone number after it', async () => {
    const book = async (start: string) => {
      const id = randomUUID();
      const end = new Date(Date.parse(start) + 50 * 60_000).toISOString();
      await f.deps.appointments.book(
        { id, patientId: me.patient.id, clinicianId: 'clin-a', start, end, serviceType: 'session' },
        10,
        NOW,
      );
      return id;
    };
    const soon = await book('2027-06-02T07:00:00.000Z');
    const later = await book('2027-06-04T08:00:00.000Z');
    const page = await get('/appointments');
    expect(page.body).toContain(`action="/appointments/${later}/cancel"`);
    expect(page.body).not.toContain(`action="/appointments/${soon}/cancel"`);
    expect(page.body).toContain(`To cancel or change this appointment, call ${PHONE}.`);
    const refused = await post(`/appointments/${soon}/cancel`, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toContain(PHONE);
    expect((await f.deps.appointments.get(soon))?.status).toBe('booked');
    const ok = await post(`/appointments/${later}/cancel`, {});
    expect([ok.status, ok.headers.location]).toEqual([303, '/appointments?cancelled']);
  });
});
