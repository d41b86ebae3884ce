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

// The service outcomes report page in a real Chromium (F26): an admin asks for a period with
// JavaScript off and sees the table with the rounded-independently note and the CSV link; a period
// that ends before it starts brings the NHS error summary linked to the field. axe (WCAG 2.2 AA)
// finds nothing on the form, the report and the error, at 1280 px and at 320 px (WCAG reflow).

const { withPage } = useBrowser();

const REPORT = '/staff/reports/outcomes';

/** Fills the period and submits the GET form, waiting for the answer. */
const ask = async (page: Page, from: string, to: string) => {
  await page.getByLabel('From', { exact: true }).fill(from);
  await page.getByLabel('To, included', { exact: true }).fill(to);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Show report' }).click(),
  ]);
};

describe('the service outcomes report in a browser', () => {
  it('shows the figures for a period without JavaScript, and the error summary for an end before the start', async () => {
    await withPage({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false }, async (page) => {
      await openAsStaff(page, REPORT, staffUser('admin'));
      await ask(page, '2026-01-01', '2026-12-31');
      expect(pathOf(page)).toBe(REPORT);
      const main = await textOf(page.locator('main'));
      expect(main).toContain('Outcomes from 2026-01-01 to 2026-12-31');
      expect(main).toContain('Referrals received');
      expect(main).toContain('rounded to the nearest 5, each on its own');
      expect(
        await page.getByRole('link', { name: 'Download these figures as a CSV file' }).getAttribute('href'),
      ).toBe('/staff/reports/outcomes.csv?from=2026-01-01&to=2026-12-31');

      await ask(page, '2026-03-01', '2026-02-01');
      expect(await textOf(page.locator('.nhsuk-error-summary'))).toContain(
        'The last date must be the same as or after the first date',
      );
      expect(await page.locator('.nhsuk-error-summary a').getAttribute('href')).toBe('#to');
      expect(await textOf(page.locator('#to-error'))).toContain('same as or after');
    });
  });

  for (const width of [1280, 320]) {
    it(`passes axe on the form, the report and an error at ${width} px`, async () => {
      await withPage({ viewport: { width, height: 900 }, bypassCSP: true }, async (page) => {
        await openAsStaff(page, REPORT, staffUser('admin'));
        await expectAxeClean(page);
        await page.goto(`${portal().url}${REPORT}?from=2026-01-01&to=2026-12-31`);
        expect(await page.locator('table.nhsuk-table tbody tr').count()).toBe(21);
        // WCAG 1.4.10 reflow: the table fits the width, nothing scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await expectAxeClean(page);
        await page.goto(`${portal().url}${REPORT}?from=2026-02-30&to=`);
        expect(await textOf(page.locator('.nhsuk-error-summary'))).toContain('Enter the last date');
        await expectAxeClean(page);
      });
    });
  }
});
