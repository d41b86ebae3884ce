import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/route-table.js';
import { staffPageHeaders } from '../../shared/http/staff-access.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// Every console page about one thing (a patient, a clinician, an appointment, a request) answers an
// id that names nothing with the console's 404 page (staffNotFound in shared/http/staff-access.ts):
// the staff page's headers, a title, and the way back to the console. Taken from the route table,
// so a page added later is held to it without a new test.

const pagesWithAnId = routes.filter(
  (r) => r.method === 'GET' && r.path.startsWith('/staff/') && r.path.includes('{'),
);

describe('staff pages for an id that names nothing', () => {
  let f: Fixture;
  let admin: Record<string, string>;

  beforeAll(async () => {
    f = await createFixture();
    admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
  });

  it.each(pagesWithAnId.map((r) => [r.path] as const))(
    'GET %s answers the console 404 page',
    async (path) => {
      const res = await f.call({
        method: 'GET',
        path: path.replace(/\{[^}]+\}/g, () => randomUUID()),
        cookies: admin,
      });
      expect(res.status).toBe(404);
      expect(res.headers['content-security-policy']).toBe(
        staffPageHeaders(f.deps)['content-security-policy'],
      );
      expect(res.body).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
      expect(res.body).toContain('href="/staff"');
    },
  );
});
