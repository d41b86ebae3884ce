import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  newPortalContext,
  portal,
  screenshotPath,
  submitSignIn,
  useBrowser,
} from '../support/e2e-browser.js';

// The sign-in page on a small phone (320 CSS pixels, WCAG 1.4.10 Reflow) and on a desktop, with
// the NHS stylesheet applied. Screenshots land in test-results/e2e/ (git-ignored) for a person
// to look at.

const { browser } = useBrowser();

const openSignIn = async (width: number, height: number) => {
  const context = await newPortalContext(browser(), { viewport: { width, height } });
  const page = await context.newPage();
  const stylesheet = page.waitForResponse((r) => r.url().endsWith('/assets/nhsuk-frontend.min.css'));
  const response = await page.goto(`${portal().url}/sign-in`);
  expect(response?.status()).toBe(200);
  expect((await stylesheet).status()).toBe(200);
  return { context, page };
};

/** The stylesheet applied, not just fetched: nhsuk-frontend's rules style the page's elements. */
const expectNhsStyles = async (page: Page) => {
  const styles = await page.evaluate(() => {
    const sheet = [...document.styleSheets].find((s) => s.href?.endsWith('/assets/nhsuk-frontend.min.css'));
    const style = (selector: string) => {
      const element = document.querySelector(selector);
      return element ? getComputedStyle(element) : undefined;
    };
    return {
      rules: sheet?.cssRules.length ?? 0,
      headerBackground: style('.nhsuk-header')?.backgroundColor,
      buttonBackground: style('.nhsuk-button')?.backgroundColor,
      bodyFont: style('body')?.fontFamily,
    };
  });
  expect(styles.rules, 'nhsuk-frontend.min.css has rules').toBeGreaterThan(100);
  // The demo service is branded (infra/services/demo.json): its colours win over NHS blue and green.
  expect(styles.headerBackground, "header in the demo's brand purple #4c2c92").toBe('rgb(76, 44, 146)');
  expect(styles.buttonBackground, "button in the demo's brand green #00703c").toBe('rgb(0, 112, 60)');
  expect(styles.bodyFont).toMatch(/Frutiger|Arial/);
};

/** The service's logo in the header, loaded (not a broken image), with its text alternative. */
const expectBrandLogo = async (page: Page) => {
  const logo = page.getByRole('img', { name: 'Demo Talking Therapies logo' });
  expect(await logo.count()).toBe(1);
  expect(await logo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
};

describe('the sign-in page layout', () => {
  it('fits 320 px without scrolling sideways, with every input visible', async () => {
    const { context, page } = await openSignIn(320, 640);
    try {
      await expectNhsStyles(page);
      await expectBrandLogo(page);
      expect(await page.content()).toContain('Your Secure ID is in the text message or email we sent');
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, 'no horizontal scroll at 320 px').toBeLessThanOrEqual(320);
      expect(clientWidth).toBe(320);

      for (const id of ['secureId', 'dob-day', 'dob-month', 'dob-year']) {
        const input = page.locator(`#${id}`);
        expect(await input.isVisible(), `#${id} is visible`).toBe(true);
        const box = await input.boundingBox();
        expect(box, `#${id} has a box`).not.toBeNull();
        // Within the viewport's width, and big enough to tap (WCAG 2.5.8: 24 by 24).
        expect(box?.x ?? -1, `#${id} starts on screen`).toBeGreaterThanOrEqual(0);
        expect((box?.x ?? 0) + (box?.width ?? 0), `#${id} ends on screen`).toBeLessThanOrEqual(320);
        expect(box?.height ?? 0, `#${id} is tall enough to tap`).toBeGreaterThanOrEqual(24);
      }
      expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
      await page.screenshot({ path: screenshotPath('sign-in-320.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('fits 320 px in its error state too', async () => {
    const { context, page } = await openSignIn(320, 640);
    try {
      expect((await submitSignIn(page))?.status()).toBe(400);
      expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.screenshot({ path: screenshotPath('sign-in-error-320.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('renders as an NHS-styled page at 1280 px', async () => {
    const { context, page } = await openSignIn(1280, 800);
    try {
      await expectNhsStyles(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      await page.screenshot({ path: screenshotPath('sign-in-1280.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
