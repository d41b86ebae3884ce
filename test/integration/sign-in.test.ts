import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatSecureId } from '../../shared/domain/secure-id.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Hazards H1 (another person sees a patient's portal) and H3 (a patient locked out): docs/clinical-safety.

const CSRF = 'c'.repeat(43);
const signInJson = (f: Fixture, secureId: string, dateOfBirth: string, sourceIp?: string) =>
  f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth },
    ...(sourceIp ? { sourceIp } : {}),
  });

const signInPage = (f: Fixture, form: Record<string, string>) =>
  f.call({
    method: 'POST',
    path: '/sign-in',
    form: { csrf: CSRF, ...form },
    cookies: { '__Host-csrf': CSRF },
  });

const failuresOf = (f: Fixture, secureId: string) =>
  f.deps.signInAttempts.failures(f.deps.hasher.secureId(secureId));

describe('sign-in', () => {
  let f: Fixture;
  let patient: Awaited<ReturnType<Fixture['addPatient']>>;
  beforeEach(async () => {
    f = await createFixture();
    patient = await f.addPatient({ givenName: 'Robin', dateOfBirth: '1985-03-27' });
  });

  it('signs a patient in through the page and shows their home page', async () => {
    const res = await signInPage(f, {
      secureId: formatSecureId(patient.secureId).toLowerCase(),
      'dob-day': '27',
      'dob-month': '3',
      'dob-year': '1985',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/home');
    const session = cookieValue(res.cookies, '__Host-session');
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.cookies.find((c) => c.startsWith('__Host-session'))).toMatch(/HttpOnly.*SameSite=Lax.*Secure/);

    const home = await f.call({
      method: 'GET',
      path: '/home',
      cookies: { '__Host-session': session as string },
    });
    expect(home.status).toBe(200);
    expect(home.body).toContain('Hello Robin');
    expect(home.body).toContain('You have nothing to do at the moment.');
  });

  it('signs in through the JSON API and stores only the hash of the session token', async () => {
    const res = await signInJson(f, patient.secureId, '1985-03-27');
    expect(res.status).toBe(200);
    const token = cookieValue(res.cookies, '__Host-session') as string;
    const { Items = [] } = await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }));
    const stored = JSON.stringify(Items);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(patient.secureId);
    expect(Items.filter((i) => String(i.pk).startsWith('SESSION#'))).toHaveLength(1);
  });

  it('gives the same answer, to the byte, for a wrong date of birth and a wrong Secure ID', async () => {
    const other = await f.addPatient();
    const wrongDate = await signInJson(f, patient.secureId, '1985-03-28', '192.0.2.10');
    const wrongId = await signInJson(f, other.secureId, '1985-03-28', '192.0.2.10');
    const unknownId = await signInJson(f, '7KQ2M9XD4TRBW', '1985-03-27', '192.0.2.10');
    expect(wrongDate.status).toBe(401);
    for (const res of [wrongId, unknownId]) {
      expect(res.status).toBe(wrongDate.status);
      expect(res.body).toBe(wrongDate.body);
      expect(res.headers).toEqual(wrongDate.headers);
      expect(res.cookies).toEqual(wrongDate.cookies);
    }
    expect(wrongDate.json()).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
  });

  it('shows the page again with one message, not the typed values, after wrong credentials', async () => {
    const res = await signInPage(f, {
      secureId: patient.secureId,
      'dob-day': '28',
      'dob-month': '3',
      'dob-year': '1985',
    });
    expect(res.status).toBe(401);
    expect(res.body).toContain('We could not sign you in');
    expect(res.body).not.toContain(patient.secureId);
    expect(res.body).toContain('<title>Error: Sign in');
  });

  it('locks the Secure ID after 5 failures, for 15 minutes, and says when to try again', async () => {
    for (let i = 0; i < 5; i++)
      expect((await signInJson(f, patient.secureId, '2000-01-01')).status).toBe(401);
    const locked = await signInJson(f, patient.secureId, '1985-03-27');
    expect(locked.status).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    expect(locked.headers['retry-after']).toBe('900');

    const page = await signInPage(f, {
      secureId: patient.secureId,
      'dob-day': '27',
      'dob-month': '3',
      'dob-year': '1985',
    });
    expect(page.status).toBe(429);
    expect(page.body).toContain('Try again after <strong>10:15am</strong>');
    expect(page.body).toContain('01632 960 001');

    f.clock.advanceSeconds(15 * 60 - 1);
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(429);
    f.clock.advanceSeconds(1);
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(200);
    expect(await failuresOf(f, patient.secureId)).toBe(0);
  });

  it('escalates: an hour at 10 failures, a day at 15, disabled at 20 until a new Secure ID', async () => {
    const fail = () => signInJson(f, patient.secureId, '2000-01-01');
    const failTimes = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await fail()).status).toBe(401);
    };
    await failTimes(5);
    f.clock.advanceSeconds(15 * 60);
    await failTimes(5);
    expect((await fail()).headers['retry-after']).toBe('3600');
    f.clock.advanceSeconds(3600);
    await failTimes(5);
    expect((await fail()).headers['retry-after']).toBe(String(24 * 3600));
    f.clock.advanceSeconds(24 * 3600);
    await failTimes(5);
    const disabled = await signInJson(f, patient.secureId, '1985-03-27');
    expect(disabled.status).toBe(429);
    expect(disabled.headers['retry-after']).toBeUndefined();
    f.clock.advanceSeconds(30 * 24 * 3600);
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(429);
  });

  it('resets the count on success, so failures must be consecutive to lock', async () => {
    for (let i = 0; i < 4; i++) await signInJson(f, patient.secureId, '2000-01-01');
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await signInJson(f, patient.secureId, '2000-01-01')).status).toBe(401);
    expect(await failuresOf(f, patient.secureId)).toBe(4);
  });

  it('lets exactly 5 of 20 concurrent wrong attempts be compared, and loses none of them', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signInJson(f, patient.secureId, '2000-01-01', `198.51.100.${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(await failuresOf(f, patient.secureId)).toBe(5);
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(429);
  });

  it('limits failures from one client address across Secure IDs, and not other addresses', async () => {
    const limited = await createFixture({
      service: testService({ signIn: { clientFailureLimit: 6, clientWindowMinutes: 10 } }),
    });
    const ids = await Promise.all(Array.from({ length: 3 }, () => limited.addPatient()));
    for (let i = 0; i < 6; i++) {
      expect(
        (
          await signInJson(
            limited,
            (ids[i % 3] as { secureId: string }).secureId,
            '2000-01-01',
            '203.0.113.5',
          )
        ).status,
      ).toBe(401);
    }
    const refused = await signInJson(
      limited,
      (ids[0] as { secureId: string }).secureId,
      '1985-03-27',
      '203.0.113.5',
    );
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(10 * 60);
    expect(
      (await signInJson(limited, (ids[0] as { secureId: string }).secureId, '1985-03-27', '203.0.113.6'))
        .status,
    ).toBe(200);
    // The window slides: a second before the time it gave, still refused; at that time, in.
    limited.clock.advanceSeconds(retryAfter - 1);
    expect(
      (await signInJson(limited, (ids[1] as { secureId: string }).secureId, '1985-03-27', '203.0.113.5'))
        .status,
    ).toBe(429);
    limited.clock.advanceSeconds(1);
    expect(
      (await signInJson(limited, (ids[1] as { secureId: string }).secureId, '1985-03-27', '203.0.113.5'))
        .status,
    ).toBe(200);
  });

  it('refuses bad input with 400 and moves no counter', async () => {
    const cases: [Record<string, unknown> | string, string][] = [
      ['{"secureId": ', 'body'],
      [{ secureId: patient.secureId, dateOfBirth: '2023-02-30' }, 'dateOfBirth'],
      [{ secureId: patient.secureId, dateOfBirth: '2099-01-01' }, 'dateOfBirth'],
      [{ secureId: patient.secureId, dateOfBirth: 19850327 }, 'dateOfBirth'],
      [{ secureId: 'x'.repeat(500), dateOfBirth: '1985-03-27' }, 'secureId'],
      [{ secureId: 'NOT-AN-ID', dateOfBirth: '1985-03-27' }, 'secureId'],
      [{ secureId: patient.secureId, dateOfBirth: '1985-03-27', remember: true }, 'remember'],
    ];
    for (const [body, field] of cases) {
      const res = await f.call({ method: 'POST', path: '/api/patient/session', body });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      const error = res.json<{ error: { code: string; fields?: Record<string, string> } }>().error;
      expect(error.code).toBe('invalid_request');
      if (field !== 'body') expect(error.fields).toHaveProperty(field);
    }
    expect(await failuresOf(f, patient.secureId)).toBe(0);
    const { Items = [] } = await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }));
    expect(
      Items.filter((i) => String(i.pk).startsWith('SESSION#') || String(i.pk).startsWith('CLIENT#')),
    ).toHaveLength(0);
  });

  it('shows the NHS error summary with the message beside each field on the page', async () => {
    const res = await signInPage(f, { secureId: '', 'dob-day': '30', 'dob-month': '2', 'dob-year': '2023' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('class="nhsuk-error-summary"');
    expect(res.body).toContain('<a href="#secureId">Enter your Secure ID</a>');
    expect(res.body).toContain('<a href="#dob-day">Date of birth must be a real date</a>');
    expect(res.body).toContain('id="secureId-error"');
    expect(res.body).toContain('id="dob-error"');
    expect(res.body).toContain('value="30"');
    expect(await failuresOf(f, patient.secureId)).toBe(0);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const res = await f.call({
      method: 'POST',
      path: '/sign-in',
      form: { secureId: patient.secureId, 'dob-day': '27', 'dob-month': '3', 'dob-year': '1985' },
    });
    expect(res.status).toBe(400);
    expect(cookieValue(res.cookies, '__Host-session')).toBeUndefined();
    expect(await failuresOf(f, patient.secureId)).toBe(0);
  });
});

describe('sessions', () => {
  let f: Fixture;
  let session: string;
  const home = (cookie = session) =>
    f.call({ method: 'GET', path: '/home', cookies: { '__Host-session': cookie } });

  beforeEach(async () => {
    f = await createFixture();
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    session = cookieValue((await signInJson(f, secureId, '1985-03-27')).cookies, '__Host-session') as string;
  });

  it('ends after 30 minutes without use', async () => {
    f.clock.advanceSeconds(29 * 60);
    expect((await home()).status).toBe(200);
    f.clock.advanceSeconds(29 * 60);
    expect((await home()).status).toBe(200);
    f.clock.advanceSeconds(30 * 60);
    const res = await home();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });

  it('ends 12 hours after sign-in even when in use', async () => {
    for (let elapsed = 0; elapsed < 12 * 3600 - 20 * 60; elapsed += 20 * 60) {
      f.clock.advanceSeconds(20 * 60);
      expect((await home()).status).toBe(200);
    }
    f.clock.advanceSeconds(20 * 60);
    expect((await home()).status).toBe(303);
  });

  it('sets a TTL on the session item so DynamoDB removes it later', async () => {
    const { Items = [] } = await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }));
    const item = Items.find((i) => String(i.pk).startsWith('SESSION#'));
    expect(item?.expiresAt).toBe(Math.floor(f.clock.now().getTime() / 1000) + 30 * 60);
  });

  it('ends on sign-out on the server: the old cookie opens nothing', async () => {
    const res = await f.call({
      method: 'POST',
      path: '/sign-out',
      form: { csrf: CSRF },
      cookies: { '__Host-session': session, '__Host-csrf': CSRF },
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/signed-out');
    expect(res.cookies.some((c) => c.startsWith('__Host-session=;') && c.includes('Max-Age=0'))).toBe(true);
    expect((await home()).status).toBe(303);
  });

  it('ends on DELETE /api/patient/session', async () => {
    const res = await f.call({
      method: 'DELETE',
      path: '/api/patient/session',
      cookies: { '__Host-session': session },
    });
    expect(res.status).toBe(204);
    expect((await home()).status).toBe(303);
  });

  it('does not let a forged token or no cookie in', async () => {
    expect((await home('A'.repeat(43))).status).toBe(303);
    expect((await f.call({ method: 'GET', path: '/home' })).status).toBe(303);
  });
});
