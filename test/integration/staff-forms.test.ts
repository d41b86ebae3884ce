import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/route-table.js';
import { staffPageHeaders } from '../../shared/http/staff-access.js';
import { messages } from '../../shared/web/messages.js';
import { createFixture, type Fixture, type TestResponse } from '../support/portal-fixture.js';

// Every console form post goes through one door (staffFormRoute in shared/http/staff-access.ts):
// the staff session, then the form's CSRF token, then the action. Each route is taken from the
// route table, so a form route added later is held to the same answers without a new test: the
// "page expired" page (400) for a missing or wrong token, nothing stored or audited, and the
// sign-in redirect without a session. What each action does with a good token is in the tests of
// its own pages. Signing out has no session to check and is tested in staff-sign-in.test.ts.

const formRoutes = routes.filter(
  (r) => r.method === 'POST' && r.path.startsWith('/staff/') && r.path !== '/staff/sign-out',
);

/** A real path for the route: every parameter a UUID (the patient ids are checked as such). */
const pathOf = (template: string) => template.replace(/\{[^}]+\}/g, () => randomUUID());

describe('staff form posts', () => {
  let f: Fixture;
  let admin: Record<string, string>;
  let scheduler: Record<string, string>;

  beforeAll(async () => {
    f = await createFixture();
    admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    scheduler = await f.addStaffSession({ email: 'scheduler@example.com', role: 'scheduler' });
  });

  const expectExpiredPage = (res: TestResponse) => {
    expect(res.status).toBe(400);
    expect(res.body).toContain(messages.staff.formExpiredTitle);
    expect(res.headers['content-security-policy']).toBe(staffPageHeaders(f.deps)['content-security-policy']);
    // The token is not renewed on a refusal: the page links back to the console, which sets it.
    expect(res.cookies).toEqual([]);
  };

  it('covers every console form route', () => {
    // The table filter above still finds the forms of each staff Lambda.
    expect(new Set(formRoutes.map((r) => r.lambda))).toEqual(
      new Set(['staff', 'staff-setup', 'staff-calendar', 'staff-appointments', 'staff-records']),
    );
  });

  it.each(formRoutes.map((r) => [r.path, r] as const))(
    'POST %s without a matching CSRF token shows "page expired" and does nothing',
    async (_path, route) => {
      const path = pathOf(route.path);
      const before = await f.itemCount();
      const { '__Host-csrf': _cookie, ...sessionOnly } = admin;
      const attempts: { form: Record<string, string>; cookies: Record<string, string> }[] = [
        // No token in the form.
        { form: { reason: 'x' }, cookies: admin },
        // A token that is not the cookie's.
        { form: { csrf: 'x'.repeat(43), reason: 'x' }, cookies: admin },
        // The right token, but no cookie to match it (a form posted from another site).
        { form: { csrf: f.staffCsrf, reason: 'x' }, cookies: sessionOnly },
        // The token is checked before the role: a scheduler gets the same page.
        { form: { note: 'x' }, cookies: scheduler },
      ];
      for (const attempt of attempts) expectExpiredPage(await f.call({ method: 'POST', path, ...attempt }));
      expect(await f.itemCount()).toBe(before);
    },
  );

  it.each(formRoutes.map((r) => [r.path, r] as const))(
    'POST %s without a staff session goes to sign in, the token unread',
    async (_path, route) => {
      const path = pathOf(route.path);
      const res = await f.call({
        method: 'POST',
        path,
        form: { csrf: f.staffCsrf },
        cookies: { '__Host-csrf': f.staffCsrf },
      });
      expect(res.status).toBe(303);
      // A form post is not replayed after signing in: back to the path alone.
      expect(res.headers.location).toBe(
        `/staff/sign-in?${new URLSearchParams({ returnTo: path }).toString()}`,
      );
    },
  );

  it("answers a consent form for an id that cannot be a patient's with not found, before the token", async () => {
    for (const path of [
      '/staff/patients/not-a-patient/consents',
      `/staff/patients/not-a-patient/consents/${randomUUID()}/withdraw`,
    ]) {
      const res = await f.call({ method: 'POST', path, form: {}, cookies: admin });
      expect(res.status).toBe(404);
      expect(res.body).toContain(messages.staff.patientNotFound);
    }
    // The other patient forms look at the token first.
    const discharge = await f.call({
      method: 'POST',
      path: '/staff/patients/not-a-patient/discharge',
      form: {},
      cookies: admin,
    });
    expectExpiredPage(discharge);
  });
});
