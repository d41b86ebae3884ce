import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import { createFixture, type Fixture, type TestResponse, testService } from '../support/portal-fixture.js';

// The service set-up through the console's real routes on DynamoDB Local (issue 14, "Set-up"):
// admins add and change each kind, every rule re-shows the form and stores nothing, other roles
// are refused, every change is audited, blackouts never share time with a booking (H7), and the
// integration API answers from what is stored.

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Clinician A', visible: true },
    { id: 'clin-hidden', name: 'Clinician H', visible: false },
  ],
  serviceTypes: [{ id: 'session', name: 'Session', durationMinutes: 50, bufferMinutes: 10 }],
});

const setupAudit = async (f: Fixture) => (await f.deps.auditLog.setupEvents()).map((e) => e.detail);

/** Every item of the table's SETUP partition and the clinician's cells: what a refused save must leave. */
const stored = async (f: Fixture) => {
  const query = (pk: string) =>
    f.deps.table.db.send(
      new QueryCommand({
        TableName: f.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
  const [setup, cells, audit] = await Promise.all([
    query('SETUP'),
    query('CLINICIAN#clin-a'),
    query('AUDIT#SETUP'),
  ]);
  return { setup: setup.Items, cells: cells.Items, audit: audit.Items };
};

const errorSummary = (res: TestResponse) => {
  const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(res.body)?.[0] ?? '';
  return [...summary.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map((m) => ({
    href: m[1],
    text: m[2]?.replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
  }));
};

/** The inline message by a field: its error span, the id derived from the field's. */
const fieldError = (res: TestResponse, id: string) =>
  new RegExp(`<span class="nhsuk-error-message" id="${id}-error">`).test(res.body);

describe('service set-up in the console', () => {
  let f: Fixture;
  let admin: Record<string, string>;
  const post = (path: string, form: Record<string, string>, cookies = admin) =>
    f.call({ method: 'POST', path, form: { csrf: f.staffCsrf, ...form }, cookies });
  const get = (path: string, cookies = admin) => f.call({ method: 'GET', path, cookies });

  beforeEach(async () => {
    f = await createFixture({ service, start: new Date('2026-11-23T10:00:00Z') });
    admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
  });

  const addLocation = async (name: string) => {
    const res = await post('/staff/setup/locations/new', { name });
    expect(res.status).toBe(303);
    const location = (await f.deps.locations.get())?.value.find((l) => l.name === name);
    if (!location) throw new Error('location not stored');
    return location.id;
  };

  const book = async (start: string, clinicianId = 'clin-a') => {
    const { patient } = await f.addPatient();
    const id = randomUUID();
    const result = await f.deps.appointments.book(
      {
        id,
        patientId: patient.id,
        clinicianId,
        start,
        end: appointmentEnd(start, { durationMinutes: 50 }),
        serviceType: 'session',
      },
      10,
    );
    return { id, result };
  };

  it('adds and changes a clinician, location and service type, each change audited', async () => {
    const overview = await get('/staff/setup');
    expect(overview.status).toBe(200);
    expect(overview.body).toContain('Clinician A');

    expect((await post('/staff/setup/clinicians/new', { name: 'Dana Cole', visible: 'yes' })).status).toBe(
      303,
    );
    const dana = (await f.deps.clinicians.get())?.value.find((c) => c.name === 'Dana Cole');
    expect(dana).toMatchObject({ visible: true });
    expect(dana?.id).toMatch(/^clinician-[0-9a-f]{8}$/);
    const changed = await post(`/staff/setup/clinicians/${dana?.id}`, {
      name: 'Dana Cole',
      visible: 'no',
      staffEmail: 'dana.cole@example.com',
    });
    expect(changed.status).toBe(303);
    expect((await f.deps.clinicians.get())?.value.find((c) => c.id === dana?.id)).toEqual({
      id: dana?.id,
      name: 'Dana Cole',
      visible: false,
      staffEmail: 'dana.cole@example.com',
    });

    const riverside = await addLocation('Riverside Clinic');
    expect((await post(`/staff/setup/locations/${riverside}`, { name: 'Riverside House' })).status).toBe(303);
    expect((await f.deps.locations.get())?.value).toEqual([{ id: riverside, name: 'Riverside House' }]);

    const typeForm = {
      name: 'Intake',
      durationMinutes: '60',
      bufferMinutes: '15',
      requestableBy: 'new-patients',
    };
    expect((await post('/staff/setup/service-types/new', typeForm)).status).toBe(303);
    const intake = (await f.deps.serviceTypes.get())?.value.find((t) => t.name === 'Intake');
    expect(intake).toMatchObject({ durationMinutes: 60, bufferMinutes: 15, requestableBy: 'new-patients' });
    expect(
      (await post(`/staff/setup/service-types/${intake?.id}`, { ...typeForm, bufferMinutes: '0' })).status,
    ).toBe(303);
    expect((await f.deps.serviceTypes.get())?.value.find((t) => t.id === intake?.id)?.bufferMinutes).toBe(0);

    const audit = await f.deps.auditLog.setupEvents();
    // One clock instant for all of them (the test's): compare as a set.
    expect(audit.map((e) => e.detail).sort()).toEqual(
      [
        `clinician ${dana?.id} added`,
        `clinician ${dana?.id} changed: visible, staff email`,
        `location ${riverside} added`,
        `location ${riverside} changed: name`,
        `service type ${intake?.id} added`,
        `service type ${intake?.id} changed: buffer`,
      ].sort(),
    );
    expect(audit.every((e) => e.actor === 'admin@example.com' && e.role === 'admin')).toBe(true);
    // Ids and field names only: no person's name or address in the log.
    expect(JSON.stringify(audit)).not.toMatch(/Dana|dana\.cole/);
  });

  it('saves a working week with several periods a day at two locations, and a weekly and a one-off blackout', async () => {
    const riverside = await addLocation('Riverside Clinic');
    const high = await addLocation('High Street');
    const saved = await post('/staff/setup/clinicians/clin-a/schedule', {
      'periods-0-weekday': '1',
      'periods-0-start': '09:00',
      'periods-0-end': '12:30',
      'periods-0-locationId': riverside,
      'periods-1-weekday': '',
      'periods-1-start': '',
      'periods-1-end': '',
      'periods-1-locationId': '',
      'periods-2-weekday': '1',
      'periods-2-start': '13:30',
      'periods-2-end': '17:00',
      'periods-2-locationId': high,
    });
    expect(saved.status).toBe(303);
    expect((await f.deps.workSchedules.of('clin-a').get())?.value).toEqual([
      { weekday: 1, start: '09:00', end: '12:30', locationId: riverside },
      { weekday: 1, start: '13:30', end: '17:00', locationId: high },
    ]);
    const page = await get('/staff/setup/clinicians/clin-a/schedule');
    expect(page.body).toContain('value="13:30"');

    const weekly = await post('/staff/setup/clinicians/clin-a/blackouts', {
      kind: 'weekly',
      'weekday-1': 'yes',
      'weekday-3': 'yes',
      start: '12:30',
      end: '13:30',
    });
    expect(weekly.status).toBe(303);
    const oneOff = await post('/staff/setup/clinicians/clin-a/blackouts', {
      kind: 'one-off',
      'startDate-day': '24',
      'startDate-month': '12',
      'startDate-year': '2026',
      startTime: '09:00',
      'endDate-day': '28',
      'endDate-month': '12',
      'endDate-year': '2026',
      endTime: '17:00',
    });
    expect(oneOff.status).toBe(303);
    const listed = await f.call({
      method: 'GET',
      path: '/api/staff/setup/clinicians/clin-a/blackouts',
      cookies: admin,
    });
    expect(listed.json()).toMatchObject({
      oneOff: [{ start: '2026-12-24T09:00:00+00:00', end: '2026-12-28T17:00:00+00:00' }],
      weekly: [{ weekdays: [1, 3], start: '12:30', end: '13:30' }],
    });
    // Every cell of the four and a bit days is held by the blackout: 4 × 96 + 32.
    expect((await stored(f)).cells).toHaveLength(4 * 96 + 32);
    // A booking inside it is refused, like one over another appointment.
    expect((await book('2026-12-27T10:00:00.000Z')).result).toEqual({ ok: false, reason: 'slot-taken' });

    // Removing it frees the time and is audited.
    const id = listed.json<{ oneOff: { id: string }[] }>().oneOff[0]?.id as string;
    expect((await post(`/staff/setup/clinicians/clin-a/blackouts/${id}/remove`, {})).status).toBe(303);
    expect((await stored(f)).cells).toHaveLength(0);
    expect((await book('2026-12-27T10:00:00.000Z')).result).toEqual({ ok: true });
    expect(await setupAudit(f)).toContain(`one-off blackout ${id} removed for clinician clin-a`);
  });

  const scheduleRefusals: [string, Record<string, string>, string, string][] = [
    ['an end before the start', { start: '12:00', end: '09:00' }, 'periods-0-end', 'End time must be after'],
    ['a time off the 15-minute grid', { start: '09:10', end: '12:00' }, 'periods-0-start', 'on the hour'],
    ['something that is not a time', { start: 'nine', end: '12:00' }, 'periods-0-start', '24-hour clock'],
    ['an unknown location', { locationId: 'nowhere' }, 'periods-0-locationId', 'Select one of'],
  ];
  it.each(scheduleRefusals)(
    'shows the working week again for %s, with the summary and the field error, and stores nothing',
    async (_name, change, id, words) => {
      const riverside = await addLocation('Riverside Clinic');
      const before = await stored(f);
      const res = await post('/staff/setup/clinicians/clin-a/schedule', {
        'periods-0-weekday': '2',
        'periods-0-start': '09:00',
        'periods-0-end': '12:00',
        'periods-0-locationId': riverside,
        ...Object.fromEntries(Object.entries(change).map(([k, v]) => [`periods-0-${k}`, v])),
      });
      expect(res.status).toBe(400);
      expect(errorSummary(res)).toEqual([{ href: `#${id}`, text: expect.stringContaining(words) }]);
      expect(fieldError(res, id)).toBe(true);
      expect(await stored(f)).toEqual(before);
    },
  );

  it('refuses overlapping periods on the same day, naming the later one', async () => {
    const riverside = await addLocation('Riverside Clinic');
    const before = await stored(f);
    const res = await post('/staff/setup/clinicians/clin-a/schedule', {
      'periods-0-weekday': '2',
      'periods-0-start': '09:00',
      'periods-0-end': '12:00',
      'periods-0-locationId': riverside,
      'periods-1-weekday': '',
      'periods-1-start': '',
      'periods-1-end': '',
      'periods-1-locationId': '',
      'periods-2-weekday': '2',
      'periods-2-start': '11:00',
      'periods-2-end': '13:00',
      'periods-2-locationId': riverside,
    });
    expect(res.status).toBe(400);
    // The row the person typed it in (the third), though the empty row between is dropped.
    expect(errorSummary(res)).toEqual([
      { href: '#periods-2-start', text: expect.stringContaining('overlaps') },
    ]);
    expect(fieldError(res, 'periods-2-start')).toBe(true);
    expect(await stored(f)).toEqual(before);
  });

  const otherRefusals: [string, string, Record<string, string>, string][] = [
    ['a clinician without a name', '/staff/setup/clinicians/new', { name: ' ', visible: 'yes' }, 'name'],
    [
      'a clinician with a malformed email',
      '/staff/setup/clinicians/clin-a',
      { name: 'A', visible: 'yes', staffEmail: 'not-an-email' },
      'staffEmail',
    ],
    ['a location without a name', '/staff/setup/locations/new', { name: '' }, 'name'],
    [
      'a service type of 0 minutes',
      '/staff/setup/service-types/new',
      { name: 'X', durationMinutes: '0', bufferMinutes: '0', requestableBy: 'nobody' },
      'durationMinutes',
    ],
    [
      'a weekly blackout with no day',
      '/staff/setup/clinicians/clin-a/blackouts',
      { kind: 'weekly', start: '12:30', end: '13:30' },
      'weekdays',
    ],
    [
      'a one-off blackout that ends before it starts',
      '/staff/setup/clinicians/clin-a/blackouts',
      {
        kind: 'one-off',
        'startDate-day': '2',
        'startDate-month': '12',
        'startDate-year': '2026',
        startTime: '12:00',
        'endDate-day': '2',
        'endDate-month': '12',
        'endDate-year': '2026',
        endTime: '09:00',
      },
      'endTime',
    ],
  ];
  it.each(otherRefusals)(
    'refuses %s with the summary and the field error, storing nothing',
    async (_n, path, form, id) => {
      const before = await stored(f);
      const res = await post(path, form);
      expect(res.status).toBe(400);
      expect(errorSummary(res).map((e) => e.href)).toEqual([`#${id}`]);
      expect(fieldError(res, id)).toBe(true);
      expect(await stored(f)).toEqual(before);
    },
  );

  it('answers clinicians and schedulers with the no-access page and 403, storing nothing', async () => {
    const clinician = await f.addStaffSession({
      email: 'a@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
    const scheduler = await f.addStaffSession({ email: 's@example.com', role: 'scheduler' });
    const before = await stored(f);
    for (const cookies of [clinician, scheduler]) {
      const page = await get('/staff/setup', cookies);
      expect(page.status).toBe(403);
      expect(page.body).toContain('You do not have access');
      expect((await post('/staff/setup/locations/new', { name: 'Riverside' }, cookies)).status).toBe(403);
      const api = await f.call({
        method: 'PUT',
        path: '/api/staff/setup/clinicians/clin-a',
        body: { name: 'Renamed', visible: true },
        cookies,
      });
      expect(api.status).toBe(403);
      expect(api.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(await stored(f)).toEqual(before);
  });

  it('refuses a one-off blackout over a booked appointment, naming its time, and writes nothing', async () => {
    await book('2026-12-02T10:00:00.000Z');
    const before = await stored(f);
    const res = await post('/staff/setup/clinicians/clin-a/blackouts', {
      kind: 'one-off',
      'startDate-day': '2',
      'startDate-month': '12',
      'startDate-year': '2026',
      startTime: '09:00',
      'endDate-day': '2',
      'endDate-month': '12',
      'endDate-year': '2026',
      endTime: '12:00',
    });
    expect(res.status).toBe(400);
    expect(errorSummary(res)).toEqual([
      {
        href: '#startDate-day',
        text: 'This blackout overlaps an appointment on 2 Dec 2026, 10am to 10:50am. Move or cancel the appointment first, or change the blackout',
      },
    ]);
    expect(await stored(f)).toEqual(before);

    const api = await f.call({
      method: 'POST',
      path: '/api/staff/setup/clinicians/clin-a/blackouts',
      body: {
        kind: 'one-off',
        startDate: '2026-12-02',
        startTime: '10:45',
        endDate: '2026-12-02',
        endTime: '11:15',
      },
      cookies: admin,
    });
    // 10:45 is the appointment's buffer (10:50 to 11:00): held too.
    expect(api.status).toBe(409);
    expect(api.json()).toMatchObject({ error: { code: 'blackout_clash' } });
    expect(await stored(f)).toEqual(before);
  });

  it('refuses a weekly blackout over a booked appointment in the coming months, and writes nothing', async () => {
    // Wednesday 13 January 2027, 12:00 to 12:50 (+10): lunch on Wednesdays 12:30 to 13:30 covers it.
    await book('2027-01-13T12:00:00.000Z');
    const before = await stored(f);
    const res = await f.call({
      method: 'POST',
      path: '/api/staff/setup/clinicians/clin-a/blackouts',
      body: { kind: 'weekly', weekdays: [3], start: '12:30', end: '13:30' },
      cookies: admin,
    });
    expect(res.status).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toContain(
      '13 Jan 2027, 12pm to 12:50pm',
    );
    expect(await stored(f)).toEqual(before);
    // On Thursdays it is clear.
    const thursday = await f.call({
      method: 'POST',
      path: '/api/staff/setup/clinicians/clin-a/blackouts',
      body: { kind: 'weekly', weekdays: [4], start: '12:30', end: '13:30' },
      cookies: admin,
    });
    expect(thursday.status).toBe(201);
  });

  it('never stores two overlapping blackouts saved at once', async () => {
    const save = (startTime: string, endTime: string) =>
      f.call({
        method: 'POST',
        path: '/api/staff/setup/clinicians/clin-a/blackouts',
        body: { kind: 'one-off', startDate: '2026-12-03', startTime, endDate: '2026-12-03', endTime },
        cookies: admin,
      });
    // All four share 11:45 to 12:00.
    const answers = await Promise.all([
      save('09:00', '12:00'),
      save('11:00', '14:00'),
      save('11:45', '12:15'),
      save('08:00', '12:00'),
    ]);
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    for (const a of answers) expect([201, 409]).toContain(a.status);
    const oneOff = await f.deps.blackouts.oneOffBetween(
      '2026-12-03T00:00:00.000Z',
      '2026-12-04T00:00:00.000Z',
    );
    expect(oneOff).toHaveLength(1);
  });

  it('never stores both a blackout and a booking over the same time, whatever the timing', async () => {
    const { patient } = await f.addPatient();
    for (let round = 0; round < 5; round++) {
      const start = `2026-12-${String(7 + round).padStart(2, '0')}T10:00:00.000Z`;
      const date = start.slice(0, 10);
      const [blackout, booking] = await Promise.all([
        f.call({
          method: 'POST',
          path: '/api/staff/setup/clinicians/clin-a/blackouts',
          body: { kind: 'one-off', startDate: date, startTime: '09:00', endDate: date, endTime: '12:00' },
          cookies: admin,
        }),
        f.deps.appointments.book(
          {
            id: randomUUID(),
            patientId: patient.id,
            clinicianId: 'clin-a',
            start,
            end: appointmentEnd(start, { durationMinutes: 50 }),
            serviceType: 'session',
          },
          10,
        ),
      ]);
      expect([blackout.status === 201, booking.ok]).toContain(true);
      expect(blackout.status === 201 && booking.ok).toBe(false);
    }
  });

  it('answers the integration API from the stored set-up, hidden clinicians included', async () => {
    const key = await f.addIntegrationKey();
    const api = f.api(key);
    expect((await api('GET', '/api/v1/clinicians')).json()).toEqual({
      items: [
        { id: 'clin-a', name: 'Clinician A', visible: true },
        { id: 'clin-hidden', name: 'Clinician H', visible: false },
      ],
    });
    await post('/staff/setup/clinicians/clin-a', { name: 'Clinician Alpha', visible: 'no' });
    await post('/staff/setup/service-types/session', {
      name: 'Session',
      durationMinutes: '45',
      bufferMinutes: '15',
      requestableBy: 'existing-patients',
    });
    expect((await api('GET', '/api/v1/clinicians')).json()).toEqual({
      items: [
        { id: 'clin-a', name: 'Clinician Alpha', visible: false },
        { id: 'clin-hidden', name: 'Clinician H', visible: false },
      ],
    });
    // The console names the clinician as stored too.
    const clinician = await f.addStaffSession({
      email: 'a@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
    expect((await get('/staff', clinician)).body).toContain('for Clinician Alpha');
    expect((await api('GET', '/api/v1/service-types')).json()).toEqual({
      items: [{ id: 'session', name: 'Session', durationMinutes: 45 }],
    });
    // A booking takes the stored length: 45 minutes now.
    const { patient } = await f.addPatient();
    const booked = await api('POST', '/api/v1/appointments', {
      patientId: patient.id,
      clinicianId: 'clin-a',
      start: '2026-12-01T10:00:00Z',
      serviceType: 'session',
    });
    expect(booked.json()).toMatchObject({ end: '2026-12-01T10:45:00+00:00' });
  });

  it('seeds a new table from the config on its first read, once, however many read at once', async () => {
    const fresh = await createFixture({ service, seedSetup: false });
    expect(await fresh.deps.clinicians.get()).toBeUndefined();
    const key = await fresh.addIntegrationKey();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => fresh.api(key)('GET', '/api/v1/clinicians')),
    );
    for (const a of answers) expect(a.json<{ items: unknown[] }>().items).toHaveLength(2);
    expect((await fresh.deps.clinicians.get())?.version).toBe(1);
  });
});
