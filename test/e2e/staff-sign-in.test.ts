import { describe, expect, it } from 'vitest';
import {
  AXE_TAGS,
  expectAxeClean,
  newPortalContext,
  pathOf,
  portal,
  signInAtProvider,
  staffUser,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// Staff signing in to the console through the local OpenID provider's own form, in a real
// Chromium, and signing out of both; axe over the provider's sign-in page and the console.

const { browser, withPage } = useBrowser();

const issuerOrigin = () => new URL(portal().staff.issuer).origin;

describe('staff sign-in', () => {
  it('signs the seeded clinician in through the provider, shows their role on /staff, and signs them out', async () => {
    const clinician = staffUser('clinician');
    await withPage({}, async (page) => {
      await page.goto(`${portal().url}/staff`);
      await expect(page.title()).resolves.toMatch(/^Sign in - /);
      await signInAtProvider(page, clinician, { expectProviderPage: true });

      expect(pathOf(page)).toBe('/staff');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Hello ${clinician.email}`);
      expect(await textOf(page.locator('main'))).toContain(
        'You are signed in as a clinician for Alex Morgan.',
      );
      expect(await textOf(page.getByRole('navigation', { name: 'Your account' }))).toContain(
        `${clinician.email} (clinician)`,
      );
      expect(await page.getByRole('link', { name: 'To-do list' }).getAttribute('href')).toBe('/staff/todos');

      // Sign out: the portal ends its session, then the provider asks to end its own.
      await Promise.all([
        page.waitForURL(`${issuerOrigin()}/**`),
        page.getByRole('button', { name: 'Sign out' }).click(),
      ]);
      await Promise.all([
        page.waitForURL(`${portal().url}/staff/signed-out`),
        page.getByRole('button', { name: 'Yes, sign out' }).click(),
      ]);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
        'You have signed out of the staff console',
      );

      // Signed out of both: the console sends the browser to the provider's form again.
      await page.goto(`${portal().url}/staff`);
      expect(new URL(page.url()).origin).toBe(issuerOrigin());
      expect(await page.getByLabel('Password', { exact: true }).isVisible()).toBe(true);
    });
  });

  it('refuses a wrong password on the provider’s form, with the error by the field', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${portal().url}/staff`);
      await page.getByLabel('Email address', { exact: true }).fill(staffUser('admin').email);
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(new URL(page.url()).origin).toBe(issuerOrigin());
      await expect(page.title()).resolves.toMatch(/^Error: Sign in/);
      expect(await textOf(page.locator('#email-error'))).toBe(
        'Error: The email address or password is not right',
      );
    });
  });

  it.each([
    ['a desktop', 1280, 800],
    ['a tablet', 768, 1024],
  ])('fits the console home and its sign-out button on %s (%i px)', async (_name, width, height) => {
    await withPage({ viewport: { width, height } }, async (page) => {
      await page.goto(`${portal().url}/staff`);
      await signInAtProvider(page, staffUser('scheduler'), { expectProviderPage: true });
      expect(pathOf(page)).toBe('/staff');
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    });
  });
});

describe(`axe-core finds no violation of ${AXE_TAGS.join(', ')}`, () => {
  it('on the provider’s sign-in page, before and after a wrong password, and on the console home', async () => {
    // The portal's CSP rightly refuses axe's injected script; the context sets it aside.
    const context = await newPortalContext(browser(), { bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(`${portal().url}/staff`);
      await expectAxeClean(page, { ranRules: true });

      await page.getByLabel('Email address', { exact: true }).fill('nobody@example.com');
      await page.getByLabel('Password', { exact: true }).fill('wrong');
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Sign in' }).click()]);
      await expectAxeClean(page, { ranRules: true });

      await signInAtProvider(page, staffUser('admin'), { expectProviderPage: true });
      expect(pathOf(page)).toBe('/staff');
      await expectAxeClean(page, { ranRules: true });
    } finally {
      await context.close();
    }
  });
});
