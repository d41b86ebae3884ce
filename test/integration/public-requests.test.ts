import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localReminderQueue } from '../../local/reminder-queue.js';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { notifyHandler, reminderScanHandler } from '../../shared/messages/handlers.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { smsOutbox } from '../../shared/notify/sms-outbox.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// The public new-patient request form (issue 14, items 5 and 8 "New requests"; F10, F14, F17), on
// DynamoDB Local and aws-ses-v2-local: a request is held, invisible to staff and holding no time,
// until its requester follows the emailed link; then it is pending with its cells, and the
// clinician and the schedulers are emailed. Honeypot and rate limits instead of a CAPTCHA.

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

// Tuesday 1 June 2027, 09:00 BST; Thursday 3 June 10:00 BST is past the 24-hour minimum notice.
const NOW = new Date('2027-06-01T08:00:00Z');
const TEN = '2027-06-03T10:00:00+01:00';
const CSRF = 'c'.repeat(43);

const service = (portal: 'everyone' | 'existing-patients' = 'everyone', run = randomUUID()) =>
  testService({
    clinicians: [
      { id: 'clin-a', name: 'Dr Ada Visible', visible: true, staffEmail: `ada-${run}@staff.example.com` },
      { id: 'clin-b', name: 'Dr Bea Visible', visible: true },
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
    appointments: { portal, publicRequestLimits: { perEmail: 3, perNetwork: 4, windowHours: 24 } },
    messages: {
      emailFrom: 'clinic@test.example.com',
      schedulersEmail: `schedulers-${run}@staff.example.com`,
    },
  });

const rig = async (portal: 'everyone' | 'existing-patients' = 'everyone') => {
  const run = randomUUID();
  const f: Fixture = await createFixture({ service: service(portal, run), start: NOW });
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
  const notify = notifyHandler({
    ...f.deps,
    sms: smsOutbox(f.clock.now),
    email: sesEmailSender(localSesClient(ses.url)),
  });
  const queue = localReminderQueue(notify, { clock: f.clock.now, retryDelaySeconds: 60, maxReceiveCount: 3 });
  const scanAndDeliver = async () => {
    await reminderScanHandler({ ...f.deps, queue })();
    await queue.drain();
  };
  const staff = {
    clinician: f.deps.service.clinicians[0]?.staffEmail ?? '',
    schedulers: f.deps.service.messages?.schedulersEmail ?? '',
  };
  return { f, locationId, scanAndDeliver, staff };
};

const requester = (overrides: Record<string, unknown> = {}) => ({
  givenName: 'Rita',
  familyName: 'Requester',
  dateOfBirth: '1990-04-12',
  email: `rita-${randomUUID()}@test.example.com`,
  phone: '07700 900123',
  clinicianId: 'clin-a',
  start: TEN,
  serviceType: 'intake',
  comment: 'Mornings suit me best.',
  ...overrides,
});

const submit = (f: Fixture, body: object, sourceIp = '198.51.100.7') =>
  f.call({ method: 'POST', path: '/api/public/appointment-requests', body, sourceIp });

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

const tokenIn = (email: StoredEmail | undefined): string => {
  const token = /verify\?token=([A-Za-z0-9_-]{43})/.exec(email?.body.text ?? '')?.[1];
  if (!token) throw new Error('no link in the email');
  return token;
};

const followLink = (f: Fixture, token: string) =>
  f.call({
    method: 'POST',
    path: '/request-an-appointment/verify',
    form: { csrf: CSRF, token },
    cookies: { '__Host-csrf': CSRF },
  });

describe('public appointment requests', () => {
  it('holds a request until its emailed link is followed, then makes it pending with its cells and emails staff', async () => {
    const { f, scanAndDeliver, staff } = await rig();
    const body = requester();
    const res = await submit(f, body);
    expect(res.status).toBe(201);
    const { id, status, verification } = res.json<{ id: string; status: string; verification: string }>();
    expect({ status, verification }).toEqual({ status: 'pending', verification: 'email-sent' });

    // Held: staff cannot see it and it holds no time.
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('unverified');
    expect((await f.deps.appointmentRequests.pendingForService()).map((r) => r.id)).not.toContain(id);
    expect(await cellsOf(f, 'clin-a')).toEqual([]);

    await scanAndDeliver();
    const [email, ...more] = await inboxOf(body.email);
    expect(more).toEqual([]);
    const token = tokenIn(email);
    expect(email?.body.text).not.toContain('Rita');
    // Nobody on the staff side has been told yet.
    expect(await inboxOf(staff.clinician)).toEqual([]);
    expect(await inboxOf(staff.schedulers)).toEqual([]);

    // Opening the link (as a mail scanner would) shows a button and changes nothing.
    const page = await f.call({ method: 'GET', path: `/request-an-appointment/verify?token=${token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Confirm and send request');
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('unverified');

    // Made when its link is followed, not before: only then do staff see it.
    expect(f.metrics.sum('RequestsMade')).toBe(0);
    const confirmed = await followLink(f, token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain('Your request has been sent');
    expect(f.metrics.sum('RequestsMade')).toBe(1);
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('pending');
    expect((await f.deps.appointmentRequests.pendingForService()).map((r) => r.id)).toEqual([id]);
    const cells = await cellsOf(f, 'clin-a');
    expect(cells).toHaveLength(4);
    expect(cells.every((c) => c.requestId === id)).toBe(true);

    await scanAndDeliver();
    for (const address of [staff.clinician, staff.schedulers]) {
      const [sent, ...others] = await inboxOf(address);
      expect(others).toEqual([]);
      expect(sent?.subject).toContain('a new appointment request');
      expect(sent?.body.text).toContain('Thursday 3 June');
      expect(sent?.body.text).toContain('/staff/requests');
      expect(sent?.body.text).not.toMatch(/Rita|Requester|Mornings/);
    }

    // The link works once.
    const again = await followLink(f, token);
    expect(again.status).toBe(410);
    expect(again.body).toContain('already been used');
  });

  it('refuses an expired link and a made-up one', async () => {
    const { f, scanAndDeliver } = await rig();
    const body = requester();
    const { id } = (await submit(f, body)).json<{ id: string }>();
    await scanAndDeliver();
    const token = tokenIn((await inboxOf(body.email))[0]);
    expect((await followLink(f, 'x'.repeat(43))).status).toBe(410);
    f.clock.advanceSeconds(24 * 3600 + 1);
    expect((await followLink(f, token)).status).toBe(410);
    expect((await f.deps.appointmentRequests.get(id))?.status).toBe('unverified');
    expect(await cellsOf(f, 'clin-a')).toEqual([]);
  });

  it('answers a link whose time was taken meanwhile with a clear page, and writes nothing of it', async () => {
    const { f, scanAndDeliver, staff } = await rig();
    const first = requester();
    const second = requester();
    const a = (await submit(f, first)).json<{ id: string }>();
    const b = (await submit(f, second)).json<{ id: string }>();
    await scanAndDeliver();
    const tokenA = tokenIn((await inboxOf(first.email))[0]);
    const tokenB = tokenIn((await inboxOf(second.email))[0]);

    expect((await followLink(f, tokenA)).status).toBe(200);
    const taken = await followLink(f, tokenB);
    expect(taken.status).toBe(409);
    expect(taken.body).toContain('This time is no longer free');
    expect(taken.body).toContain('href="/request-an-appointment"');

    expect((await f.deps.appointmentRequests.get(b.id))?.status).toBe('unverified');
    expect((await f.deps.appointmentRequests.pendingForService()).map((r) => r.id)).toEqual([a.id]);
    expect((await cellsOf(f, 'clin-a')).every((c) => c.requestId === a.id)).toBe(true);
    await scanAndDeliver();
    // One new-request email each: the refused one filed none.
    expect(await inboxOf(staff.schedulers)).toHaveLength(1);
  });

  it('answers a filled honeypot exactly as a person, and stores and sends nothing', async () => {
    const { f, scanAndDeliver } = await rig();
    const form = (email: string, website: string) => ({
      csrf: CSRF,
      serviceType: 'intake',
      clinicianId: 'clin-a',
      start: new Date(TEN).toISOString(),
      givenName: 'Rita',
      familyName: 'Requester',
      'dob-day': '12',
      'dob-month': '4',
      'dob-year': '1990',
      email,
      phone: '',
      comment: '',
      website,
    });
    const post = (email: string, website: string) =>
      f.call({
        method: 'POST',
        path: '/request-an-appointment',
        form: form(email, website),
        cookies: { '__Host-csrf': CSRF },
      });
    const before = await f.itemCount();
    const bot = `bot-${randomUUID()}@test.example.com`;
    const botRes = await post(bot, 'https://spam.example');
    expect(botRes.status).toBe(303);
    expect(botRes.headers.location).toBe('/request-an-appointment/check-email');
    expect(await f.itemCount()).toBe(before);
    await scanAndDeliver();
    expect(await inboxOf(bot)).toEqual([]);

    // The same form from a person is stored and emailed, and answered the same way.
    const person = `person-${randomUUID()}@test.example.com`;
    const personRes = await post(person, '');
    expect([personRes.status, personRes.headers.location]).toEqual([botRes.status, botRes.headers.location]);
    expect(await f.itemCount()).toBeGreaterThan(before);
    await scanAndDeliver();
    expect(await inboxOf(person)).toHaveLength(1);
  });

  it('limits requests per email address, whatever the network', async () => {
    const { f } = await rig();
    const email = `busy-${randomUUID()}@test.example.com`;
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      expect((await submit(f, requester({ email }), ip)).status).toBe(201);
    // Another spelling of the same address counts too.
    const refused = await submit(f, requester({ email: email.toUpperCase() }), '203.0.113.4');
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'too_many_requests' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await submit(f, requester(), '203.0.113.5')).status).toBe(201);
    // The window slides: once the window and its last bucket (a tenth of it) have passed, the
    // address may ask again.
    f.clock.advanceSeconds(24 * 3600 * 1.1 + 60);
    const friday = '2027-06-04T10:00:00+01:00';
    expect((await submit(f, requester({ email, start: friday }), '203.0.113.6')).status).toBe(201);
  });

  it('limits requests per network, counting an IPv6 /64 as one', async () => {
    const { f } = await rig();
    const net = '2001:db8:1:2';
    for (const host of ['::1', '::2', ':aaaa:bbbb:cccc:dddd', '::4'])
      expect((await submit(f, requester(), `${net}${host}`)).status).toBe(201);
    const before = await f.itemCount();
    const refused = await submit(f, requester(), `${net}::99`);
    expect(refused.status).toBe(429);
    expect(await f.itemCount()).toBe(before);
    // Another /64 is another network.
    expect((await submit(f, requester(), '2001:db8:1:3::1')).status).toBe(201);

    // The page says to try later or call.
    const page = await f.call({
      method: 'POST',
      path: '/request-an-appointment',
      sourceIp: `${net}::100`,
      cookies: { '__Host-csrf': CSRF },
      form: {
        csrf: CSRF,
        serviceType: 'intake',
        clinicianId: 'clin-a',
        start: new Date(TEN).toISOString(),
        givenName: 'Rita',
        familyName: 'Requester',
        'dob-day': '12',
        'dob-month': '4',
        'dob-year': '1990',
        email: `page-${randomUUID()}@test.example.com`,
      },
    });
    expect(page.status).toBe(429);
    expect(page.body).toContain('Too many requests');
    expect(page.body).toContain(f.deps.service.phone);
  });

  it('answers bad input with 400 and the fields, and stores nothing', async () => {
    const { f } = await rig();
    const before = await f.itemCount();
    const res = await submit(
      f,
      requester({ givenName: ' ', email: 'not-an-email', dateOfBirth: '2090-01-01', phone: '12' }),
    );
    expect(res.status).toBe(400);
    const { error } = res.json<{ error: { code: string; fields: Record<string, string> } }>();
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields).sort()).toEqual(['dateOfBirth', 'email', 'givenName', 'phone']);
    expect(JSON.stringify(error)).not.toContain('not-an-email');
    expect((await submit(f, requester({ serviceType: 'session' }))).status).toBe(400);
    expect((await submit(f, { ...requester(), extra: 1 })).status).toBe(400);
    expect(await f.itemCount()).toBe(before);

    // The page shows each error by its field.
    const page = await f.call({
      method: 'POST',
      path: '/request-an-appointment',
      cookies: { '__Host-csrf': CSRF },
      form: {
        csrf: CSRF,
        serviceType: 'intake',
        clinicianId: 'clin-a',
        start: new Date(TEN).toISOString(),
        givenName: '',
        familyName: 'Requester',
        email: 'nope',
      },
    });
    expect(page.status).toBe(400);
    expect(page.body).toContain('href="#givenName"');
    expect(page.body).toContain('id="email-error"');
    expect(page.body).toContain('value="Requester"');
    expect(await f.itemCount()).toBe(before);
  });

  it('emails the clinician and the schedulers when a signed-in patient sends a request', async () => {
    const { f, scanAndDeliver, staff } = await rig();
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27', givenName: 'Pat' });
    const session = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1985-03-27' },
    });
    const cookie = cookieValue(session.cookies, '__Host-session') ?? '';
    const res = await f.call({
      method: 'POST',
      path: '/api/patient/appointment-requests',
      body: { clinicianId: 'clin-a', start: TEN, serviceType: 'session' },
      cookies: { '__Host-session': cookie },
    });
    expect(res.status).toBe(201);
    await scanAndDeliver();
    for (const address of [staff.clinician, staff.schedulers]) {
      const [sent, ...others] = await inboxOf(address);
      expect(others).toEqual([]);
      expect(sent?.subject).toContain('a new appointment request');
      expect(sent?.body.text).toContain('Thursday 3 June');
      expect(sent?.body.text).not.toContain('Pat');
    }
  });

  it('refuses the form, and hides its link, where new patients may not ask', async () => {
    const { f } = await rig('existing-patients');
    expect((await f.call({ method: 'GET', path: '/request-an-appointment' })).status).toBe(403);
    const res = await submit(f, requester());
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await f.call({ method: 'GET', path: '/sign-in' })).body).not.toContain('/request-an-appointment');

    const open = await rig('everyone');
    expect((await open.f.call({ method: 'GET', path: '/sign-in' })).body).toContain(
      'New to the service? Request an appointment',
    );
    const form = await open.f.call({ method: 'GET', path: '/request-an-appointment?serviceType=intake' });
    expect(form.status).toBe(200);
    expect(form.body).toContain('/request-an-appointment/details?');
  });
});
