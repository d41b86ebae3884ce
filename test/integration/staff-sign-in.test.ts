import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalOidcProvider, startLocalOidcProvider } from '../../local/oidc-provider.js';
import { localStaff, localStaffUsers } from '../../local/staff-users.js';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import { COGNITO_GROUPS_CLAIM, type StaffOidcSettings } from '../../shared/staff/oidc-client.js';
import { cookieValue, createFixture, type Fixture, TEST_PORTAL_ORIGIN } from '../support/portal-fixture.js';
import { loginActionOf, portalPathOf, signInAsStaff, staffBrowser } from '../support/staff-sign-in.js';

// Staff sign-in end to end: the portal's real handlers (through the fixture) and the real local
// OpenID provider, with its password check. Hazard H1 (another person sees a patient's data):
// docs/clinical-safety.

const passwords = { admin: 'admin-pass-1', clinician: 'clinician-pass-2', scheduler: 'scheduler-pass-3' };
const clinician = { email: localStaff.clinician.email, password: passwords.clinician };
const admin = { email: localStaff.admin.email, password: passwords.admin };
const inTwoGroups = { email: 'two.groups@example.com', password: 'two-groups-pass' };
const inNoGroup = { email: 'reception@example.com', password: 'reception-pass' };

/** The demo service: its config links the seeded clinician's email to `alex-morgan`. */
const demo = loadServiceConfig('infra/services/demo.json');

let provider: LocalOidcProvider;
let settings: StaffOidcSettings;
beforeAll(async () => {
  provider = await startLocalOidcProvider({
    port: 0,
    users: [
      ...localStaffUsers(passwords),
      { sub: 'two-groups', name: 'Two Groups', ...inTwoGroups, groups: ['scheduler', 'clinician'] },
      { sub: 'no-group', name: 'Reception', ...inNoGroup, groups: ['reception'] },
    ],
    redirectUris: [`${TEST_PORTAL_ORIGIN}/staff/callback`],
    postLogoutRedirectUris: [`${TEST_PORTAL_ORIGIN}/staff/signed-out`],
  });
  settings = {
    issuer: provider.issuer,
    clientId: provider.clientId,
    roleClaim: COGNITO_GROUPS_CLAIM,
    redirectUri: `${TEST_PORTAL_ORIGIN}/staff/callback`,
    postLogoutRedirectUri: `${TEST_PORTAL_ORIGIN}/staff/signed-out`,
  };
});
afterAll(async () => {
  await provider?.stop();
});

const STAFF = '__Host-staff';

describe('staff sign-in with OpenID Connect', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture({ service: demo, staffOidc: settings });
  });

  it('sends an anonymous visitor to sign in, and back to the page they asked for after the provider', async () => {
    const anonymous = await f.call({ method: 'GET', path: '/staff?view=mine' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/staff/sign-in?returnTo=%2Fstaff%3Fview%3Dmine');

    const { callback, browser } = await signInAsStaff(f, provider, clinician, '/staff?view=mine');
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/staff?view=mine');
    const setCookie = callback.cookies.find((c) => c.startsWith(`${STAFF}=`));
    expect(setCookie).toMatch(/HttpOnly.*SameSite=Lax.*Secure/);

    const home = await browser.portal('GET', '/staff?view=mine');
    expect(home.status).toBe(200);
    expect(home.body).toContain('Hello alex.morgan@example.com');
    expect(home.body).toContain('You are signed in as a clinician for Alex Morgan.');
    expect(home.body).toContain('href="/staff/todos"');
  });

  it('answers /api/staff/me with the role and the linked clinician of the seeded clinician', async () => {
    const { browser } = await signInAsStaff(f, provider, clinician);
    const me = await browser.portal('GET', '/api/staff/me');
    expect(me.status).toBe(200);
    expect(me.json()).toEqual({
      email: 'alex.morgan@example.com',
      role: 'clinician',
      clinicianId: 'alex-morgan',
    });
  });

  it('gives an admin no clinician, and a person in two groups the more powerful role', async () => {
    const asAdmin = await signInAsStaff(f, provider, admin);
    expect((await asAdmin.browser.portal('GET', '/api/staff/me')).json()).toEqual({
      email: admin.email,
      role: 'admin',
    });
    const asBoth = await signInAsStaff(f, provider, inTwoGroups);
    expect((await asBoth.browser.portal('GET', '/api/staff/me')).json()).toMatchObject({ role: 'clinician' });
  });

  it('shows "You do not have access" to a person in no staff group, and opens no session', async () => {
    const { callback } = await signInAsStaff(f, provider, inNoGroup);
    expect(callback.status).toBe(403);
    expect(callback.body).toContain('You do not have access');
    expect(cookieValue(callback.cookies, STAFF)).toBeUndefined();
  });

  it('refuses a wrong password at the provider: the form again, no way back to the portal', async () => {
    const browser = staffBrowser(f);
    const start = await browser.portal('GET', '/staff/sign-in');
    const loginPage = await browser.provider(start.headers.location as string);
    const action = await loginActionOf(loginPage, provider);
    const refused = await browser.provider(action, {
      method: 'POST',
      form: { email: clinician.email, password: 'not-the-password' },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('The email address or password is not');
    // The right password still works afterwards in the same interaction.
    const accepted = await browser.provider(action, { method: 'POST', form: clinician });
    const callback = await browser.portal('GET', portalPathOf(accepted.headers.get('location')));
    expect(callback.status).toBe(303);
  });

  it.each(['//evil.example', 'https://evil.example', '/\\evil', '/\\/evil.example', 'javascript:alert(1)'])(
    'falls back to /staff for the unsafe return path %s',
    async (returnTo) => {
      const startPath = `/staff/sign-in?${new URLSearchParams({ returnTo })}`;
      const { callback } = await signInAsStaff(f, provider, clinician, startPath);
      expect(callback.status).toBe(303);
      expect(callback.headers.location).toBe('/staff');
    },
  );

  it('refuses a callback whose state was used already: no second session', async () => {
    const browser = staffBrowser(f);
    const start = await browser.portal('GET', '/staff/sign-in');
    const loginPage = await browser.provider(start.headers.location as string);
    const back = await browser.provider(await loginActionOf(loginPage, provider), {
      method: 'POST',
      form: clinician,
    });
    const callbackPath = portalPathOf(back.headers.get('location'));
    const first = await browser.portal('GET', callbackPath);
    expect(first.status).toBe(303);

    const replay = await browser.portal('GET', callbackPath);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain('Sign in did not complete');
    expect(cookieValue(replay.cookies, STAFF)).toBeUndefined();
  });

  it('refuses a callback with a state it never issued, or from another browser', async () => {
    const browser = staffBrowser(f);
    await browser.portal('GET', '/staff/sign-in');
    const madeUp = await browser.portal(
      'GET',
      `/staff/callback?code=abc&state=${randomBytes(32).toString('base64url')}&iss=${encodeURIComponent(provider.issuer)}`,
    );
    expect(madeUp.status).toBe(400);

    // A real state, but brought back by a browser that did not start the sign-in (login CSRF).
    const victim = staffBrowser(f);
    const start = await browser.portal('GET', '/staff/sign-in');
    const loginPage = await browser.provider(start.headers.location as string);
    const back = await browser.provider(await loginActionOf(loginPage, provider), {
      method: 'POST',
      form: clinician,
    });
    await victim.portal('GET', '/staff/sign-in');
    const planted = await victim.portal('GET', portalPathOf(back.headers.get('location')));
    expect(planted.status).toBe(400);
    expect(cookieValue(planted.cookies, STAFF)).toBeUndefined();
  });

  it('refuses a sign-in that was started more than 10 minutes before the provider sent the browser back', async () => {
    const browser = staffBrowser(f);
    const start = await browser.portal('GET', '/staff/sign-in');
    const loginPage = await browser.provider(start.headers.location as string);
    const back = await browser.provider(await loginActionOf(loginPage, provider), {
      method: 'POST',
      form: clinician,
    });
    f.clock.advanceSeconds(10 * 60 + 1);
    const late = await browser.portal('GET', portalPathOf(back.headers.get('location')));
    expect(late.status).toBe(400);
  });

  it('signs out: ends the session, clears the cookie, and goes to the provider to sign out there too', async () => {
    const { browser } = await signInAsStaff(f, provider, clinician);
    const token = browser.portalCookies[STAFF] as string;
    // The console's page gives the browser the CSRF cookie its sign-out form needs.
    expect((await browser.portal('GET', '/staff')).status).toBe(200);
    const signOut = await browser.portal('POST', '/staff/sign-out', {
      csrf: browser.portalCookies['__Host-csrf'] ?? '',
    });
    expect(signOut.status).toBe(303);
    const endSession = new URL(signOut.headers.location as string);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(
      `${TEST_PORTAL_ORIGIN}/staff/signed-out`,
    );
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(signOut.cookies.find((c) => c.startsWith(`${STAFF}=;`))).toMatch(/Max-Age=0/);

    // The old token, sent again (a copied cookie), opens nothing.
    const page = await f.call({ method: 'GET', path: '/staff', cookies: { [STAFF]: token } });
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/staff/sign-in?returnTo=%2Fstaff');
    const me = await f.call({ method: 'GET', path: '/api/staff/me', cookies: { [STAFF]: token } });
    expect(me.status).toBe(401);
    expect(me.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('keeps the session when the sign-out form comes without its CSRF token', async () => {
    const { browser } = await signInAsStaff(f, provider, clinician);
    await browser.portal('GET', '/staff');
    const forged = await browser.portal('POST', '/staff/sign-out', { csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(400);
    expect((await browser.portal('GET', '/api/staff/me')).status).toBe(200);
  });
});

describe('staff sessions', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture();
  });

  const asCookies = (cookies: Record<string, string>) => ({ cookies });

  it('answers an anonymous /api/staff/me with 401 unauthenticated in the error shape', async () => {
    const me = await f.call({ method: 'GET', path: '/api/staff/me' });
    expect(me.status).toBe(401);
    expect(me.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('ends after 30 minutes idle: pages go to sign-in, the API says 401', async () => {
    const cookies = await f.addStaffSession({ email: 'sam@example.com', role: 'scheduler' });
    f.clock.advanceSeconds(29 * 60);
    expect((await f.call({ method: 'GET', path: '/api/staff/me', ...asCookies(cookies) })).status).toBe(200);
    f.clock.advanceSeconds(30 * 60);
    const page = await f.call({ method: 'GET', path: '/staff', ...asCookies(cookies) });
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/staff/sign-in?returnTo=%2Fstaff');
    expect((await f.call({ method: 'GET', path: '/api/staff/me', ...asCookies(cookies) })).status).toBe(401);
  });

  it('ends 8 hours after sign-in however busy the person is', async () => {
    const cookies = await f.addStaffSession({ email: 'sam@example.com', role: 'admin' });
    // Used every 20 minutes: never idle for long, until the absolute limit.
    for (let minutes = 20; minutes < 8 * 60; minutes += 20) {
      f.clock.advanceSeconds(20 * 60);
      expect((await f.call({ method: 'GET', path: '/api/staff/me', ...asCookies(cookies) })).status).toBe(
        200,
      );
    }
    f.clock.advanceSeconds(20 * 60);
    expect((await f.call({ method: 'GET', path: '/api/staff/me', ...asCookies(cookies) })).status).toBe(401);
    expect((await f.call({ method: 'GET', path: '/staff', ...asCookies(cookies) })).status).toBe(303);
  });

  it('follows the service config for its limits', async () => {
    f = await createFixture({ service: { ...demo, staffSessions: { idleMinutes: 10, absoluteHours: 1 } } });
    const cookies = await f.addStaffSession({ email: 'sam@example.com', role: 'admin' });
    f.clock.advanceSeconds(11 * 60);
    expect((await f.call({ method: 'GET', path: '/api/staff/me', ...asCookies(cookies) })).status).toBe(401);
  });

  it('does not take a staff session as a patient session, nor a patient session as a staff one', async () => {
    const staffCookies = await f.addStaffSession({ email: 'sam@example.com', role: 'admin' });
    const asPatient = await f.call({
      method: 'GET',
      path: '/home',
      cookies: { '__Host-session': staffCookies['__Host-staff'] as string },
    });
    expect(asPatient.status).toBe(303);
    expect(asPatient.headers.location).toBe('/sign-in');

    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const signedIn = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1985-03-27' },
    });
    const patientToken = cookieValue(signedIn.cookies, '__Host-session') as string;
    expect(patientToken).toBeTruthy();
    const asStaff = await f.call({
      method: 'GET',
      path: '/api/staff/me',
      cookies: { [STAFF]: patientToken },
    });
    expect(asStaff.status).toBe(401);
    const staffPage = await f.call({ method: 'GET', path: '/staff', cookies: { [STAFF]: patientToken } });
    expect(staffPage.status).toBe(303);
  });

  it('sends someone already signed in straight to the page asked for, without the provider', async () => {
    const cookies = await f.addStaffSession({ email: 'kim@example.com', role: 'admin' });
    const again = await f.call({ method: 'GET', path: '/staff/sign-in?returnTo=%2Fstaff%2Ftodos', cookies });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/staff/todos');
    const unsafe = await f.call({
      method: 'GET',
      path: '/staff/sign-in?returnTo=%2F%2Fevil.example',
      cookies,
    });
    expect(unsafe.headers.location).toBe('/staff');
  });

  it('shows the console home with the role, the to-do link and a sign-out form with its CSRF token', async () => {
    const cookies = await f.addStaffSession({ email: 'kim@example.com', role: 'scheduler' });
    const home = await f.call({ method: 'GET', path: '/staff', cookies });
    expect(home.status).toBe(200);
    expect(home.body).toContain('You are signed in as a scheduler.');
    expect(home.body).toContain('kim@example.com (scheduler)');
    expect(home.body).toContain('action="/staff/sign-out"');
    expect(home.body).toContain(`value="${f.staffCsrf}"`);
  });
});
