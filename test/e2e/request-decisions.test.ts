import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createPatient,
  expectAxeClean,
  newPortalContext,
  pathOf,
  portal,
  screenshotPath,
  signInAtProvider,
  signInThroughPage,
  staffUser,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// Staff decide a request in real Chromium (issue 14, item 8): an existing patient asks for a free
// time on the portal's pages, a scheduler signs in through the local provider, finds it on the
// requests page and approves it, and the patient then sees it under upcoming appointments. axe
// finds no WCAG A/AA violation on the requests page and the request's page (bypassCSP lets the
// test inject axe: accessibility.test.ts says why).

const { browser } = useBrowser();

/** The patient asks for the last free time of a therapy session, and lands on their appointments. */
const requestLastFreeTime = async (page: Page) => {
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: 'Request an appointment' }).click(),
  ]);
  await page.getByLabel('Therapy session').check();
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Show free times' }).click(),
  ]);
  const slot = page.locator('a[href^="/appointments/confirm-request"]').last();
  const label = await textOf(slot);
  await Promise.all([page.waitForNavigation(), slot.click()]);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send request' }).click()]);
  expect(pathOf(page)).toBe('/appointments');
  return label;
};

describe('staff deciding a request in a browser', () => {
  it('lets a scheduler approve a patient’s request on the requests page, and the patient sees it upcoming', async () => {
    const patient = await createPatient('Quilla');
    const patientContext = await newPortalContext(browser(), {});
    const staffContext = await newPortalContext(browser(), {
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    try {
      const patientPage = await patientContext.newPage();
      await signInThroughPage(patientPage, patient);
      const label = await requestLastFreeTime(patientPage);
      const [time] = label.split(' with ');

      const page = await staffContext.newPage();
      await page.goto(`${portal().url}/staff/requests`);
      await signInAtProvider(page, staffUser('scheduler'));
      expect(pathOf(page)).toBe('/staff/requests');
      const row = page.getByRole('link', { name: new RegExp(`^Quilla Tester\\d+$`) });
      expect(await row.count()).toBe(1);
      await expectAxeClean(page, { ranRules: true });

      await Promise.all([page.waitForNavigation(), row.click()]);
      expect(pathOf(page)).toMatch(/^\/staff\/requests\/[0-9a-f-]+$/);
      expect(await textOf(page.locator('main'))).toContain('Approve request');
      await expectAxeClean(page, { ranRules: true });
      await page.screenshot({ path: screenshotPath('staff-request.png'), fullPage: true });

      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Approve request' }).click(),
      ]);
      expect(pathOf(page)).toBe('/staff/requests');
      expect(await textOf(page.locator('[role="status"]'))).toContain('Request approved');
      expect(await page.getByRole('link', { name: new RegExp(`^Quilla Tester\\d+$`) }).count()).toBe(0);

      await patientPage.goto(`${portal().url}/appointments`);
      const upcoming = await textOf(
        patientPage.locator('h2:has-text("Upcoming appointments") ~ .nhsuk-card'),
      );
      expect(upcoming).toContain(`${time} to`);
      expect(await patientPage.getByRole('button', { name: 'Cancel request' }).count()).toBe(0);

      // Cancelled again, so the demo's time is free for the next run.
      await Promise.all([
        patientPage.waitForNavigation(),
        patientPage.getByRole('button', { name: 'Cancel appointment' }).click(),
      ]);
    } finally {
      await patientContext.close();
      await staffContext.close();
    }
  });
});
