import { describe, expect, it } from 'vitest';
import {
  createPatientWithEmail,
  newPortalContext,
  pathOf,
  portal,
  screenshotPath,
  signInThroughPage,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// The contact preferences page (F4) in real Chromium: it works with JavaScript switched off (plain
// form post, Post/Redirect/Get), and reads at 320 px without scrolling sideways. axe runs over it
// in accessibility.test.ts.

const { browser } = useBrowser();

describe('the contact preferences page', () => {
  it('stops text messages without JavaScript, from the home page link', async () => {
    const patient = await createPatientWithEmail();
    const context = await newPortalContext(browser(), { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: 'Change how we contact you' }).click(),
      ]);
      expect(pathOf(page)).toBe('/contact-preferences');
      expect(await page.getByLabel('By text message to +447911123456').isChecked()).toBe(true);

      await page.getByLabel('Do not send me text messages').check();
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);

      expect(pathOf(page)).toBe('/contact-preferences');
      expect(await textOf(page.locator('.nhsuk-inset-text'))).toContain(
        'Your contact preferences have been saved.',
      );
      expect(await page.getByLabel('Do not send me text messages').isChecked()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('fits 320 px without scrolling sideways, with every choice on screen', async () => {
    const patient = await createPatientWithEmail();
    const context = await newPortalContext(browser(), { viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await page.goto(`${portal().url}/contact-preferences`);
      const { scrollWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
      }));
      expect(scrollWidth, 'no horizontal scroll at 320 px').toBeLessThanOrEqual(320);
      for (const id of ['choice', 'choice-2', 'choice-3']) {
        const box = await page.locator(`label[for="${id}"]`).boundingBox();
        expect((box?.x ?? 0) + (box?.width ?? 0), `the label of #${id} ends on screen`).toBeLessThanOrEqual(
          320,
        );
      }
      await page.screenshot({ path: screenshotPath('contact-preferences-320.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
