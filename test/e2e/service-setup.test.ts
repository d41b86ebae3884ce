import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectAxeClean,
  openAsStaff,
  pathOf,
  portal,
  staffUser,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// The service set-up pages in a real Chromium (issue 14, "Set-up"): an admin changes a working
// week with JavaScript switched off, sees the NHS error summary for a period that ends before
// it starts, and corrects it; axe (WCAG 2.2 AA) finds nothing on the list, the working week with
// its error, and the blackouts page.

const { withPage } = useBrowser();

const SCHEDULE = '/staff/setup/clinicians/alex-morgan/schedule';

/** Submits the working week with Period 1's end changed, and waits for the answer. */
const savePeriodOneEnd = async (page: Page, end: string) => {
  await page.getByRole('group', { name: 'Period 1', exact: true }).getByLabel('End time').fill(end);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save' }).click()]);
};

describe('the service set-up pages in a browser', () => {
  it('edits a working week without JavaScript, with the error summary for an end before the start', async () => {
    await withPage({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false }, async (page) => {
      await openAsStaff(page, SCHEDULE, staffUser('admin'));
      // The demo seed: Monday 09:00 to 17:00 first.
      const period = page.getByRole('group', { name: 'Period 1', exact: true });
      expect(await period.getByLabel('Start time').inputValue()).toBe('09:00');

      await savePeriodOneEnd(page, '08:00');
      expect(pathOf(page)).toBe(SCHEDULE);
      const summary = await textOf(page.locator('.nhsuk-error-summary'));
      expect(summary).toContain('End time must be after the start time');
      expect(await textOf(page.locator('#periods-0-end-error'))).toContain('End time must be after');
      // The link in the summary lands on the field.
      expect(await page.locator('.nhsuk-error-summary a').getAttribute('href')).toBe('#periods-0-end');

      await savePeriodOneEnd(page, '16:00');
      expect(pathOf(page)).toBe('/staff/setup');
      await page.goto(`${portal().url}${SCHEDULE}`);
      expect(
        await page.getByRole('group', { name: 'Period 1', exact: true }).getByLabel('End time').inputValue(),
      ).toBe('16:00');
    });
  });

  it('passes axe on the set-up list, a working week with an error, and the blackouts page', async () => {
    await withPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true }, async (page) => {
      await openAsStaff(page, '/staff/setup', staffUser('admin'));
      const main = await textOf(page.locator('main'));
      expect(main).toContain('Robin Hughes');
      expect(main).toContain('Hidden');
      expect(main).toContain('Riverside Clinic');
      await expectAxeClean(page);

      await page.goto(`${portal().url}${SCHEDULE}`);
      await savePeriodOneEnd(page, '08:10');
      expect(await textOf(page.locator('.nhsuk-error-summary'))).toContain('on the hour');
      await expectAxeClean(page);

      await page.goto(`${portal().url}/staff/setup/clinicians/alex-morgan/blackouts`);
      expect(await textOf(page.locator('main'))).toContain('12:30 to 13:30');
      await expectAxeClean(page);
    });
  });
});
