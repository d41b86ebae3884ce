import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  AXE_TAGS,
  createPatient,
  createPatientWithEmail,
  describeViolations,
  fillSignIn,
  newPortalContext,
  portal,
  runAxe,
  signInThroughPage,
  submitSignIn,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// axe-core over every page a patient can reach in the sign-in journey, against the WCAG 2.0, 2.1
// and 2.2 A and AA rules (the NHS service standard asks for WCAG 2.2 AA).

const { browser } = useBrowser();

/** Brings a new page to the state under test, then runs axe over it. */
const expectNoViolations = async (reach: (page: Page) => Promise<void>): Promise<void> => {
  // The pages' Content-Security-Policy (script-src 'self') rightly refuses the inline script
  // that injects axe; the test context sets it aside, as browser extensions like axe DevTools do.
  const context = await newPortalContext(browser(), { bypassCSP: true });
  try {
    const page = await context.newPage();
    await reach(page);
    const { violations, passes, incomplete } = await runAxe(page);
    if (process.env.E2E_AXE_VERBOSE) console.info(page.url(), { passes, incomplete });
    expect(passes.length, 'axe ran its rules over the page').toBeGreaterThan(5);
    expect(
      violations,
      `axe (${AXE_TAGS.join(', ')}) on ${page.url()} found:\n${describeViolations(violations)}\n`,
    ).toEqual([]);
  } finally {
    await context.close();
  }
};

it('the axe harness reports a violation when there is one', async () => {
  // A control: the same injection and rules find a field whose label was taken away, so an
  // empty list below means axe looked and found nothing, not that it never ran.
  const context = await newPortalContext(browser(), { bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(`${portal().url}/sign-in`);
    await page.evaluate(() => document.querySelector('label[for="secureId"]')?.remove());
    const { violations } = await runAxe(page);
    expect(violations.map((v) => v.id)).toContain('label');
    expect(describeViolations(violations)).toContain('#secureId');
  } finally {
    await context.close();
  }
});

describe(`axe-core finds no violation of ${AXE_TAGS.join(', ')}`, () => {
  it('on the sign-in page', async () => {
    await expectNoViolations(async (page) => {
      const response = await page.goto(`${portal().url}/sign-in`);
      expect(response?.status()).toBe(200);
    });
  });

  it('on the sign-in page with errors for both fields', async () => {
    await expectNoViolations(async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      const response = await submitSignIn(page);
      expect(response?.status()).toBe(400);
      expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
    });
  });

  it('on the sign-in page with an impossible date of birth', async () => {
    const patient = await createPatient();
    await expectNoViolations(async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      await fillSignIn(page, { secureId: patient.secureId, day: '30', month: '2', year: '1990' });
      const response = await submitSignIn(page);
      expect(response?.status()).toBe(400);
    });
  });

  it('on the sign-in page after a wrong Secure ID or date of birth', async () => {
    const patient = await createPatient();
    await expectNoViolations(async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      await fillSignIn(page, { ...patient, day: String((Number(patient.day) % 28) + 1) });
      const response = await submitSignIn(page);
      expect(response?.status()).toBe(401);
    });
  });

  it('on the home page', async () => {
    const patient = await createPatient('Lee');
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Hello Lee');
    });
  });

  it('on the contact preferences page', async () => {
    const patient = await createPatientWithEmail();
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      const response = await page.goto(`${portal().url}/contact-preferences`);
      expect(response?.status()).toBe(200);
    });
  });

  it('on the contact preferences page with an error', async () => {
    const patient = await createPatientWithEmail();
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      await page.goto(`${portal().url}/contact-preferences`);
      // No choice at all: only a hand-made form can send that, but the error state must still read well.
      await page.evaluate(() => {
        for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="choice"]'))
          radio.checked = false;
      });
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      expect(response?.status()).toBe(400);
      expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
    });
  });

  it('on the signed-out page', async () => {
    const patient = await createPatient();
    await expectNoViolations(async (page) => {
      await signInThroughPage(page, patient);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
      expect(new URL(page.url()).pathname).toBe('/signed-out');
    });
  });

  it('on the page for a locked Secure ID (429)', async () => {
    // 5 of the run's 20 failures per client address, on a patient no other test uses.
    const patient = await createPatient();
    await expectNoViolations(async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      const wrong = { ...patient, year: String(Number(patient.year) + 1) };
      for (let attempt = 1; attempt <= 5; attempt++) {
        await fillSignIn(page, wrong);
        expect((await submitSignIn(page))?.status()).toBe(401);
      }
      await fillSignIn(page, patient);
      const response = await submitSignIn(page);
      expect(response?.status()).toBe(429);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('You cannot sign in for now');
    });
  });
});
