import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedChromiumRuns } from '../support/chromium.js';
import { launchBrowser, newPortalContext, portal, textOf } from '../support/e2e-browser.js';

// The fallback for machines without a Chromium of their own: the build inside @sparticuz/chromium.
// The other browser files use the machine's Chromium when there is one (CI installs Debian's), so
// this file launches the packaged one explicitly: every run proves the fallback still starts
// under the installed playwright-core and renders the portal.

const runs = packagedChromiumRuns({ platform: process.platform, arch: process.arch });

/** The package's major version is the Chromium major it ships (153.0.0 ships Chromium 153). */
const packagedMajor = (
  JSON.parse(readFileSync('node_modules/@sparticuz/chromium/package.json', 'utf8')) as { version: string }
).version.split('.')[0];

describe.runIf(runs)('the packaged Chromium (@sparticuz/chromium, Linux x64)', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser({ source: 'packaged' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is the version the package ships, not another browser left in the temp folder', () => {
    expect(browser?.version().split('.')[0]).toBe(packagedMajor);
  });

  it('loads the sign-in page with its stylesheet', async () => {
    if (!browser) throw new Error('the browser is launched in beforeAll');
    const context = await newPortalContext(browser);
    try {
      const page = await context.newPage();
      const stylesheet = page.waitForResponse((r) => r.url().endsWith('/assets/nhsuk-frontend.min.css'));
      const response = await page.goto(`${portal().url}/sign-in`);
      expect(response?.status()).toBe(200);
      expect((await stylesheet).status()).toBe(200);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toMatch(/sign in/i);
      expect(await page.getByLabel('Secure ID', { exact: true }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
