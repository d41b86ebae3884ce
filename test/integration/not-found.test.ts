import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRoute } from '../../shared/http/route-table.js';
import { messages } from '../../shared/web/messages.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// What API Gateway's $default route gets: any path or method that no route matches. A patient
// sees the portal's own 404 page, an API client the JSON error shape, never API Gateway's bare
// {"message":"Not Found"}.

type ErrorBody = { error: { code: string; message: string } };

describe('a request that no route matches', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });

  it('is handled by the default route of the route table', () => {
    expect(defaultRoute).toEqual({ routeKey: '$default', lambda: 'patient-session' });
  });

  it.each(['/no-such-page', '/home/extra', '/assets-not-really', '/questionnaires/phq9/more'])(
    'gets the 404 page with a link to the start for %s',
    async (path) => {
      const res = await f.call({ method: 'GET', path });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<h1>Page not found</h1>');
      expect(res.body).toContain('<a href="/">Go to the start page</a>');
      expect(res.body).toContain('class="nhsuk-header"');
      // The same headers as every page: no framing, no caching, the CSP.
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['cache-control']).toBe('no-store');
    },
  );

  it.each(['/api/no-such-thing', '/api/v1/nothing-here', '/api/patient/session/extra', '/api'])(
    'gets the JSON error shape with code not_found for %s',
    async (path) => {
      const res = await f.call({ method: 'GET', path });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json<ErrorBody>()).toEqual({
        error: { code: 'not_found', message: messages.api.notFound },
      });
    },
  );

  it('gets the 404 page for a known page path with another method', async () => {
    const res = await f.call({ method: 'GET', path: '/sign-out' });
    expect(res.status).toBe(404);
    expect(res.body).toContain('<h1>Page not found</h1>');
  });

  it('gets the JSON 404 for a known API path with another method, whatever its body', async () => {
    const res = await f.call({ method: 'PUT', path: '/api/patient/session', body: '{not json' });
    expect(res.status).toBe(404);
    expect(res.json<ErrorBody>().error.code).toBe('not_found');
  });

  it('stores nothing', async () => {
    const before = await f.itemCount();
    await f.call({ method: 'POST', path: '/no-such-form', form: { anything: 'at all' } });
    await f.call({ method: 'DELETE', path: '/api/v1/patients' });
    expect(await f.itemCount()).toBe(before);
  });
});
