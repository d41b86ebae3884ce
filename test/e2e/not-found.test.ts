import { describe, expect, it } from 'vitest';
import {
  AXE_TAGS,
  describeViolations,
  pathOf,
  portal,
  runAxe,
  screenshotPath,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// An address that is not the portal's, through the local server (which routes what no route
// matches to the $default route, as API Gateway does): an NHS-styled 404 page for a person, the
// JSON error shape for a program, never API Gateway's {"message":"Not Found"}.

const { withPage } = useBrowser();

describe('an unknown address', () => {
  it('shows the NHS-styled 404 page, which passes axe and links to the start', async () => {
    await withPage({ bypassCSP: true }, async (page) => {
      const stylesheet = page.waitForResponse((r) => r.url().endsWith('/assets/nhsuk-frontend.min.css'));
      const response = await page.goto(`${portal().url}/no-such-page`);
      expect(response?.status()).toBe(404);
      expect((await stylesheet).status()).toBe(200);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Page not found');
      await expect(page.title()).resolves.toMatch(/^Page not found - /);
      const headerBackground = await page
        .locator('.nhsuk-header')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      // The demo service's brand colour (#4c2c92): the 404 page wears the service's branding too.
      expect(headerBackground, 'header in the brand colour').toBe('rgb(76, 44, 146)');

      const { violations, passes } = await runAxe(page);
      expect(passes.length).toBeGreaterThan(5);
      expect(violations, `axe (${AXE_TAGS.join(', ')}):\n${describeViolations(violations)}`).toEqual([]);
      await page.screenshot({ path: screenshotPath('not-found.png'), fullPage: true });

      // The start page sends a patient who is not signed in on to sign in.
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: 'Go to the start page' }).click(),
      ]);
      expect(pathOf(page)).toBe('/sign-in');
      expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    });
  });

  it('answers an unknown API path with the JSON error shape', async () => {
    const response = await fetch(`${portal().url}/api/v1/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).not.toBe('');
  });

  it('answers a known path with the wrong method as not found, page or JSON by path', async () => {
    const page = await fetch(`${portal().url}/sign-out`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page not found');
    const api = await fetch(`${portal().url}/api/patient/session`, { method: 'PUT' });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
