import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  AXE_TAGS,
  bookFirstFree,
  createPatient,
  daysAheadAt,
  describeViolations,
  newPortalContext,
  pathOf,
  portal,
  runAxe,
  screenshotPath,
  signInThroughPage,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// The patient's appointment pages in real Chromium (issue 14, item 4): an existing patient finds
// a free time, sends a request and sees it pending, with JavaScript switched off; axe finds no
// WCAG 2.2 A/AA violation on the free times, request and appointments pages; 320 px fits.

const { browser } = useBrowser();

/** From the home page to the free times of a therapy session with any clinician, anywhere. */
const toFreeTimes = async (page: Page) => {
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: 'Request an appointment' }).click(),
  ]);
  expect(pathOf(page)).toBe('/appointments/request');
  await page.getByLabel('Therapy session').check();
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Show free times' }).click(),
  ]);
};

/**
 * The last free time on the page: the furthest from now, so bookings other test files make for
 * tomorrow never take it between listing and sending.
 */
const lastSlot = (page: Page) => page.locator('a[href^="/appointments/confirm-request"]').last();

describe('the appointment pages', () => {
  it('lets an existing patient request a free time without JavaScript, and shows it pending', async () => {
    const patient = await createPatient('Kit');
    const context = await newPortalContext(browser(), { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await toFreeTimes(page);
      expect(await page.getByRole('heading', { name: 'Free times' }).count()).toBe(1);
      // The hidden clinician (Robin Hughes in the demo) is never offered.
      expect(await page.content()).not.toContain('Robin Hughes');
      const slot = lastSlot(page);
      const label = await textOf(slot);
      await Promise.all([page.waitForNavigation(), slot.click()]);
      expect(pathOf(page)).toBe('/appointments/confirm-request');
      await page.getByLabel('Anything the service should know (optional)').fill('Afternoons suit me');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Send request' }).click(),
      ]);

      expect(pathOf(page)).toBe('/appointments');
      expect(await textOf(page.locator('.nhsuk-inset-text'))).toContain('Your request has been sent');
      const pending = await textOf(page.locator('h2:has-text("Requests waiting") ~ .nhsuk-card'));
      // The label reads "10am with Alex Morgan at Riverside Clinic": the page shows the same time.
      const [time] = label.split(' with ');
      expect(pending).toContain(`${time} to`);
      expect(pending).toContain(label.split(' with ')[1]?.split(' at ')[0] ?? '');
      await page.screenshot({ path: screenshotPath('appointments-pending.png'), fullPage: true });

      // Cancelled again, so the demo's time is free for the next run.
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Cancel request' }).click(),
      ]);
      expect(await textOf(page.locator('.nhsuk-inset-text'))).toContain('Your request has been cancelled');
    } finally {
      await context.close();
    }
  });

  it('fits 320 px without scrolling sideways on the free times page', async () => {
    const patient = await createPatient('Lee');
    const context = await newPortalContext(browser(), { viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await toFreeTimes(page);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, 'no horizontal scroll at 320 px').toBeLessThanOrEqual(320);
      await page.screenshot({ path: screenshotPath('appointments-free-times-320.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});

describe(`axe-core finds no violation of ${AXE_TAGS.join(', ')}`, () => {
  const expectNoViolations = async (reach: (page: Page) => Promise<void>) => {
    const context = await newPortalContext(browser(), { bypassCSP: true });
    try {
      const page = await context.newPage();
      await reach(page);
      const { violations, passes } = await runAxe(page);
      expect(passes.length, 'axe ran its rules over the page').toBeGreaterThan(5);
      expect(violations, `axe on ${page.url()} found:\n${describeViolations(violations)}\n`).toEqual([]);
    } finally {
      await context.close();
    }
  };

  it('on the free times page', async () => {
    const patient = await createPatient('Mo');
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      await toFreeTimes(page);
    });
  });

  it('on the choice page with an error summary', async () => {
    const patient = await createPatient('Nat');
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      await page.goto(`${portal().url}/appointments/request?serviceType=nope`);
      expect(await page.locator('.nhsuk-error-summary').count()).toBe(1);
    });
  });

  it('on the request page', async () => {
    const patient = await createPatient('Oz');
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      await toFreeTimes(page);
      await Promise.all([page.waitForNavigation(), lastSlot(page).click()]);
      expect(pathOf(page)).toBe('/appointments/confirm-request');
    });
  });

  it('on the appointments page with an upcoming appointment and a pending request', async () => {
    const patient = await createPatient('Pat');
    // At night some weeks ahead, where no other test books: the EPR may book outside the schedule.
    await bookFirstFree(
      patient.id,
      'sam-patel',
      Array.from({ length: 11 }, (_, i) => daysAheadAt(30 + i, 3)),
    );
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      await toFreeTimes(page);
      await Promise.all([page.waitForNavigation(), lastSlot(page).click()]);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Send request' }).click(),
      ]);
      expect(pathOf(page)).toBe('/appointments');
      expect(await page.getByRole('button', { name: 'Cancel appointment' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Cancel request' }).count()).toBe(1);
    });
  });
});
