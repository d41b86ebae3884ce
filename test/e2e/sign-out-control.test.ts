import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  AXE_TAGS,
  createPatient,
  describeViolations,
  runAxe,
  screenshotPath,
  signInThroughPage,
  useBrowser,
} from '../support/e2e-browser.js';

// The header's Sign out control on a 320 px phone: a compact header control, not one of
// nhsuk-frontend's buttons (which fill the width on small screens). It stays a form POST with
// the CSRF field, so signing out works without JavaScript (sign-in.test.ts signs out that way).

const { withPage } = useBrowser();

const WIDTH = 320;

const signOutOf = (page: Page) => page.getByRole('button', { name: 'Sign out' });

describe('the Sign out control at 320 px', () => {
  it('is compact, on screen, big enough to tap, and the page does not scroll sideways', async () => {
    const patient = await createPatient('Noor');
    await withPage({ viewport: { width: WIDTH, height: 640 } }, async (page) => {
      const portalCss = page.waitForResponse((r) => r.url().endsWith('/assets/portal.css'));
      await signInThroughPage(page, patient);
      expect((await portalCss).status()).toBe(200);

      const box = await signOutOf(page).boundingBox();
      if (!box) throw new Error('the Sign out control has no box');
      expect(box.width, 'well under the viewport width').toBeLessThan(WIDTH / 2);
      // WCAG 2.2 AA, 2.5.8 Target Size (Minimum): at least 24 by 24 CSS pixels.
      expect(box.width).toBeGreaterThanOrEqual(24);
      expect(box.height).toBeGreaterThanOrEqual(24);
      expect(box.x, 'starts on screen').toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, 'ends on screen').toBeLessThanOrEqual(WIDTH);
      // In the header, not pushed below it.
      const header = await page.locator('header.nhsuk-header').boundingBox();
      expect(box.y + box.height).toBeLessThanOrEqual((header?.y ?? 0) + (header?.height ?? 0));
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        'no horizontal scroll at 320 px',
      ).toBeLessThanOrEqual(WIDTH);

      await page.screenshot({ path: screenshotPath('home-320.png'), fullPage: true });
    });
  });

  it('sits on the same row as the service name at 1280 px, at the right', async () => {
    const patient = await createPatient();
    await withPage({ viewport: { width: 1280, height: 800 } }, async (page) => {
      await signInThroughPage(page, patient);
      const control = await signOutOf(page).boundingBox();
      const name = await page.locator('.nhsuk-header__service-name').boundingBox();
      if (!control || !name) throw new Error('no box for Sign out or the service name');
      expect(control.x).toBeGreaterThan(name.x + name.width);
      expect(control.x + control.width).toBeGreaterThan(1280 / 2);
      expect(control.y).toBeLessThan(name.y + name.height);
      expect(control.y + control.height).toBeGreaterThan(name.y);
      await page.screenshot({ path: screenshotPath('home-1280.png') });
    });
  });

  it("loads the portal's stylesheet after nhsuk-frontend's, and the service's brand last, so their rules win", async () => {
    const patient = await createPatient();
    await withPage({ viewport: { width: WIDTH, height: 640 } }, async (page) => {
      await signInThroughPage(page, patient);
      const sheets = await page.evaluate(() =>
        [...document.styleSheets].map((s) => ({
          path: new URL(s.href ?? '', location.href).pathname,
          rules: s.cssRules.length,
        })),
      );
      // The demo service is branded (docs/branding.md).
      expect(sheets.map((s) => s.path)).toEqual([
        '/assets/nhsuk-frontend.min.css',
        '/assets/portal.css',
        '/assets/brand/brand.css',
      ]);
      expect(sheets[1]?.rules, 'portal.css applied under the CSP').toBeGreaterThan(0);
      expect(sheets[2]?.rules, 'brand.css applied under the CSP').toBeGreaterThan(0);
    });
  });

  it('is a form POST to /sign-out that carries the CSRF field', async () => {
    const patient = await createPatient();
    await withPage({ viewport: { width: WIDTH, height: 640 } }, async (page) => {
      await signInThroughPage(page, patient);
      const form = await signOutOf(page).evaluate((button) => {
        const f = (button as HTMLButtonElement).form;
        const csrf = f?.querySelector<HTMLInputElement>('input[name="csrf"]');
        return {
          method: f?.method,
          action: f ? new URL(f.action).pathname : undefined,
          csrfType: csrf?.type,
          csrfLength: csrf?.value.length ?? 0,
        };
      });
      expect(form).toEqual({ method: 'post', action: '/sign-out', csrfType: 'hidden', csrfLength: 43 });
    });
  });

  it('shows a visible focus style when reached by keyboard', async () => {
    const patient = await createPatient();
    await withPage({ viewport: { width: WIDTH, height: 640 } }, async (page) => {
      await signInThroughPage(page, patient);
      const control = signOutOf(page);
      const style = () =>
        control.evaluate((el) => {
          const s = getComputedStyle(el);
          return { background: s.backgroundColor, color: s.color, shadow: s.boxShadow };
        });
      const unfocused = await style();
      // Tab from the top of the page: skip link, service name, Sign out.
      let tabs = 0;
      while (!(await control.evaluate((el) => el === document.activeElement))) {
        tabs += 1;
        expect(tabs, 'Tab never reached Sign out').toBeLessThanOrEqual(4);
        await page.keyboard.press('Tab');
      }
      const focused = await style();
      // The NHS focus state: yellow background, dark text, a dark bar underneath.
      expect(focused.background).toBe('rgb(255, 235, 59)');
      expect(focused.color).toBe('rgb(33, 43, 50)');
      expect(focused.shadow).not.toBe('none');
      expect(unfocused.background).not.toBe(focused.background);
      await page.screenshot({ path: screenshotPath('home-320-sign-out-focused.png') });
    });
  });

  it(`passes axe (${AXE_TAGS.join(', ')}) at 320 px`, async () => {
    const patient = await createPatient();
    // bypassCSP lets the test inject axe (accessibility.test.ts says why).
    await withPage({ viewport: { width: WIDTH, height: 640 }, bypassCSP: true }, async (page) => {
      await signInThroughPage(page, patient);
      const { violations, passes } = await runAxe(page);
      expect(passes.length).toBeGreaterThan(5);
      expect(violations, describeViolations(violations)).toEqual([]);
    });
  });
});
