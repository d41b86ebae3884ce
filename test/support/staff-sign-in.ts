import { expect } from 'vitest';
import type { LocalOidcProvider } from '../../local/oidc-provider.js';
import { cookieValue, type Fixture, TEST_PORTAL_ORIGIN, type TestResponse } from './portal-fixture.js';

// A browser's part in the OpenID Connect code flow, for integration tests: the portal's side
// goes through the fixture's `call` (the real handlers), the provider's side over HTTP to the
// real local provider, following redirects by hand and keeping each side's cookies.

/** The provider's cookies, as a browser keeps them (paths ignored: the provider checks its own). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface StaffBrowser {
  /** The portal's cookies this browser holds, by name. */
  readonly portalCookies: Record<string, string>;
  /** Calls the portal as this browser: sends its cookies, keeps the ones set. */
  portal(method: string, path: string, form?: Record<string, string>): Promise<TestResponse>;
  /** Requests a provider URL as this browser, following the provider's own redirects. */
  provider(url: string, init?: { method: string; form: Record<string, string> }): Promise<Response>;
}

export const staffBrowser = (f: Fixture): StaffBrowser => {
  const portalCookies: Record<string, string> = {};
  const jar = new CookieJar();
  const keep = (res: TestResponse) => {
    for (const line of res.cookies) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = cookieValue([line], name);
      if (!value || /Max-Age=0/.test(line)) delete portalCookies[name];
      else portalCookies[name] = value;
    }
    return res;
  };
  return {
    portalCookies,
    async portal(method, path, form) {
      return keep(await f.call({ method, path, cookies: { ...portalCookies }, ...(form ? { form } : {}) }));
    },
    async provider(url, init) {
      let next = url;
      let request: RequestInit = init
        ? {
            method: init.method,
            body: new URLSearchParams(init.form).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }
        : { method: 'GET' };
      for (let hops = 0; hops < 10; hops++) {
        const response = await fetch(next, {
          ...request,
          redirect: 'manual',
          headers: { ...(request.headers as Record<string, string>), cookie: jar.header() },
        });
        jar.take(response);
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location) return response;
        const target = new URL(location, next);
        // Back at the portal: the caller hands it to the fixture.
        if (target.origin !== new URL(url).origin) return response;
        next = target.href;
        request = { method: 'GET' };
      }
      throw new Error('too many redirects at the provider');
    },
  };
};

/** The path and query of a redirect to the portal (the fixture's origin). */
export const portalPathOf = (location: string | null | undefined): string => {
  const target = new URL(location ?? '', TEST_PORTAL_ORIGIN);
  expect(target.origin).toBe(TEST_PORTAL_ORIGIN);
  return `${target.pathname}${target.search}`;
};

/** The sign-in form's action on the provider's interaction page. */
export const loginActionOf = async (page: Response, provider: LocalOidcProvider): Promise<string> => {
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no sign-in form on the provider page');
  return new URL(action, provider.issuer).href;
};

export interface SignInResult {
  /** The portal's answer to the provider's redirect back to /staff/callback. */
  readonly callback: TestResponse;
  readonly browser: StaffBrowser;
}

/**
 * Opens `startPath` at the portal as a new browser, follows the redirect to the provider, signs
 * in there with the form, and comes back to /staff/callback through the fixture.
 */
export const signInAsStaff = async (
  f: Fixture,
  provider: LocalOidcProvider,
  credentials: { email: string; password: string },
  startPath = '/staff',
  browser: StaffBrowser = staffBrowser(f),
): Promise<SignInResult> => {
  let res = await browser.portal('GET', startPath);
  while (res.status === 303 && (res.headers.location ?? '').startsWith('/')) {
    res = await browser.portal('GET', res.headers.location as string);
  }
  expect(res.status).toBe(303);
  const loginPage = await browser.provider(res.headers.location as string);
  const afterLogin = await browser.provider(await loginActionOf(loginPage, provider), {
    method: 'POST',
    form: credentials,
  });
  expect(afterLogin.status, 'the provider accepted the sign-in').toBeGreaterThanOrEqual(300);
  const callback = await browser.portal('GET', portalPathOf(afterLogin.headers.get('location')));
  return { callback, browser };
};
