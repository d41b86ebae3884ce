import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectAxeClean,
  newPortalContext,
  pathOf,
  portal,
  screenshotPath,
  useBrowser,
} from '../support/e2e-browser.js';

// The public new-patient request form in real Chromium (issue 14, item 5; F10, F17): from the
// sign-in page's link to "check your email", without JavaScript; axe finds no WCAG 2.2 A/AA
// violation on any of its pages, at 1280 and at 320 px, and 320 px needs no sideways scroll.

const { browser } = useBrowser();

const go = async (page: Page, click: () => Promise<void>) => {
  await Promise.all([page.waitForNavigation(), click()]);
};

/** From the sign-in page to the free intake times with any clinician, anywhere. */
const toFreeTimes = async (page: Page) => {
  await page.goto(`${portal().url}/sign-in`);
  await go(page, () =>
    page.getByRole('link', { name: 'New to the service? Request an appointment' }).click(),
  );
  expect(pathOf(page)).toBe('/request-an-appointment');
  await page.getByLabel('First appointment (intake)').check();
  await go(page, () => page.getByRole('button', { name: 'Show free times' }).click());
};

/** The last free time on the page: the furthest from now, clear of other tests' bookings. */
const toDetails = async (page: Page) => {
  await toFreeTimes(page);
  await go(page, () => page.locator('a[href^="/request-an-appointment/details"]').last().click());
  expect(pathOf(page)).toBe('/request-an-appointment/details');
};

const fillDetails = async (page: Page, email: string) => {
  await page.getByLabel('First name').fill('Quinn');
  await page.getByLabel('Last name').fill('Newcomer');
  await page.getByLabel('Day').fill('12');
  await page.getByLabel('Month').fill('4');
  await page.getByLabel('Year').fill('1990');
  await page.getByLabel('Email address').fill(email);
};

const noSidewaysScroll = async (page: Page) => {
  const width = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
};

describe('the public request form', () => {
  // Axe runs in the page, so its pass has JavaScript on; the other pass shows the form works without.
  for (const [width, javaScriptEnabled] of [
    [1280, false],
    [320, false],
    [1280, true],
    [320, true],
  ] as const) {
    const what = javaScriptEnabled ? 'axe clean' : 'without JavaScript';
    it(`takes a new patient to "check your email", ${what}, at ${width} px`, async () => {
      const context = await newPortalContext(browser(), {
        javaScriptEnabled,
        bypassCSP: javaScriptEnabled,
        viewport: { width, height: 800 },
      });
      const check = async (page: Page) => {
        if (javaScriptEnabled) await expectAxeClean(page, { ranRules: true });
        await noSidewaysScroll(page);
      };
      try {
        const page = await context.newPage();
        await toFreeTimes(page);
        await check(page);
        await go(page, () => page.locator('a[href^="/request-an-appointment/details"]').last().click());
        await check(page);

        // A mistake first: the summary and the field both say what to fix.
        await go(page, () => page.getByRole('button', { name: 'Send request' }).click());
        expect(await page.locator('.nhsuk-error-summary').count()).toBe(1);
        expect(await page.locator('#givenName-error').count()).toBe(1);
        await check(page);

        await fillDetails(page, `quinn-${width}-${String(javaScriptEnabled)}-${Date.now()}@example.com`);
        await go(page, () => page.getByRole('button', { name: 'Send request' }).click());
        expect(pathOf(page)).toBe('/request-an-appointment/check-email');
        expect(await page.getByRole('heading', { name: 'Check your email' }).count()).toBe(1);
        await check(page);
        await page.screenshot({
          path: screenshotPath(`public-request-check-email-${width}.png`),
          fullPage: true,
        });
      } finally {
        await context.close();
      }
    });
  }

  it('keeps the honeypot out of sight and out of the tab order', async () => {
    const context = await newPortalContext(browser(), { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await toDetails(page);
      const honeypot = page.locator('#website');
      expect(await honeypot.getAttribute('tabindex')).toBe('-1');
      expect(await honeypot.getAttribute('autocomplete')).toBe('off');
      const box = await page.locator('.nhsuk-u-visually-hidden:has(#website)').boundingBox();
      expect((box?.width ?? 0) * (box?.height ?? 0)).toBeLessThanOrEqual(1);
    } finally {
      await context.close();
    }
  });
});
