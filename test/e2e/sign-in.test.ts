import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createPatient,
  fillSignIn,
  portal,
  signInThroughPage,
  submitSignIn,
  textOf,
  useBrowser,
  pathOf,
} from '../support/e2e-browser.js';

// A patient signing in and out through the pages, in a real Chromium: with JavaScript, without
// it, by keyboard alone, and with the errors a person can make.

const { withPage } = useBrowser();

describe('signing in and out', () => {
  it('signs a patient in through the page, shows their home page, and signs them out', async () => {
    const patient = await createPatient('Priya');
    await withPage({}, async (page) => {
      await signInThroughPage(page, patient, { typing: true });
      expect(pathOf(page)).toBe('/home');
      await expect(page.title()).resolves.toMatch(/^Your portal - /);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Hello Priya');

      const [signedOut] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Sign out' }).click(),
      ]);
      expect(signedOut?.status()).toBe(200);
      expect(pathOf(page)).toBe('/signed-out');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('You have signed out');

      // The session has ended: the home page sends the browser back to sign in.
      const home = await page.goto(`${portal().url}/home`);
      expect(pathOf(page)).toBe('/sign-in');
      expect(home?.status()).toBe(200);
      expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
      // And going back to /home later still does.
      await page.reload();
      expect(pathOf(page)).toBe('/sign-in');
    });
  });

  it('signs in with JavaScript turned off', async () => {
    const patient = await createPatient('Tomasz');
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await signInThroughPage(page, patient, { typing: true });
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Hello Tomasz');

      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
      expect(pathOf(page)).toBe('/signed-out');
      await page.goto(`${portal().url}/home`);
      expect(pathOf(page)).toBe('/sign-in');
    });
  });

  it('signs in by keyboard alone: Tab to each field, type, press Enter', async () => {
    const patient = await createPatient('Amara');
    await withPage({}, async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

      // Tab from the top of the page until the Secure ID field has focus: past the skip link and
      // the service name, nothing in between traps focus.
      let tabs = 0;
      while ((await focusedId()) !== 'secureId') {
        tabs += 1;
        expect(tabs, 'Tab never reached the Secure ID field').toBeLessThanOrEqual(5);
        await page.keyboard.press('Tab');
      }
      await page.keyboard.type(patient.secureId);
      await page.keyboard.press('Tab');
      expect(await focusedId()).toBe('dob-day');
      await page.keyboard.type(patient.day);
      await page.keyboard.press('Tab');
      expect(await focusedId()).toBe('dob-month');
      await page.keyboard.type(patient.month);
      await page.keyboard.press('Tab');
      expect(await focusedId()).toBe('dob-year');
      await page.keyboard.type(patient.year);

      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(pathOf(page)).toBe('/home');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Hello Amara');

      // The sign-out button is reachable by keyboard too.
      await page.getByRole('button', { name: 'Sign out' }).focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(pathOf(page)).toBe('/signed-out');
    });
  });
});

describe('sign-in errors', () => {
  const errorSummary = (page: Page) => page.locator('.nhsuk-error-summary');

  it('shows the error summary, linked to the fields, and the errors by the fields when both are empty', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      const response = await submitSignIn(page);
      expect(response?.status()).toBe(400);
      expect(pathOf(page)).toBe('/sign-in');
      await expect(page.title()).resolves.toMatch(/^Error: Sign in - /);

      const summary = errorSummary(page);
      expect(await summary.isVisible()).toBe(true);
      // Focus lands on the summary when the page loads (no script needed), as the NHS pattern asks.
      expect(
        await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary')),
      ).toBe(true);
      expect(await summary.getByRole('alert').count()).toBe(1);
      expect(await textOf(summary.getByRole('heading', { level: 2 }))).toBe('There is a problem');
      const links = summary.getByRole('link');
      expect(await links.allInnerTexts()).toEqual(['Enter your Secure ID', 'Enter your date of birth']);
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(['#secureId', '#dob-day']);
      for (const href of hrefs) {
        // Each link points at an input that exists, once.
        expect(await page.locator(`input${href}`).count(), `${href} names one input`).toBe(1);
      }

      // The messages by the fields, tied to them for screen readers.
      expect(await textOf(page.locator('#secureId-error'))).toBe('Error: Enter your Secure ID');
      expect(await textOf(page.locator('#dob-error'))).toBe('Error: Enter your date of birth');
      expect(await page.locator('#secureId').getAttribute('aria-describedby')).toContain('secureId-error');
      expect(await page.locator('fieldset').getAttribute('aria-describedby')).toContain('dob-error');
      for (const id of ['secureId', 'dob-day', 'dob-month', 'dob-year']) {
        expect(await page.locator(`#${id}`).getAttribute('class'), id).toContain('nhsuk-input--error');
      }

      // Following a summary link moves focus to its field.
      await summary.getByRole('link', { name: 'Enter your date of birth' }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('dob-day');
      await summary.getByRole('link', { name: 'Enter your Secure ID' }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('secureId');

      // The form still works from its error state: a second submission answers the same way.
      const again = await submitSignIn(page);
      expect(again?.status()).toBe(400);
      expect(await errorSummary(page).getByRole('link').count()).toBe(2);
    });
  });

  it.each([
    {
      what: 'an impossible date',
      day: '30',
      month: '2',
      year: '1990',
      error: 'Date of birth must be a real date',
    },
    {
      what: 'a date in the future',
      day: '1',
      month: '1',
      year: String(new Date().getFullYear() + 1),
      error: 'Date of birth must be in the past',
    },
  ])(
    'shows the date of birth error for $what, and keeps what was typed',
    async ({ day, month, year, error }) => {
      const patient = await createPatient();
      await withPage({}, async (page) => {
        await page.goto(`${portal().url}/sign-in`);
        await fillSignIn(page, { secureId: patient.secureId, day, month, year });
        const response = await submitSignIn(page);
        expect(response?.status()).toBe(400);
        await expect(page.title()).resolves.toMatch(/^Error: Sign in - /);

        const links = errorSummary(page).getByRole('link');
        expect(await links.allInnerTexts()).toEqual([error]);
        expect(await links.first().getAttribute('href')).toBe('#dob-day');
        expect(await textOf(page.locator('#dob-error'))).toBe(`Error: ${error}`);
        // Nothing is said against the Secure ID, and the typed values come back.
        expect(await page.locator('#secureId-error').count()).toBe(0);
        expect(await page.locator('#secureId').inputValue()).toBe(patient.secureId);
        expect(await page.locator('#dob-day').inputValue()).toBe(day);
        expect(await page.locator('#dob-month').inputValue()).toBe(month);
        expect(await page.locator('#dob-year').inputValue()).toBe(year);

        // Correcting the date from here signs the patient in: the error state broke nothing.
        for (const [id, value] of [
          ['#dob-day', patient.day],
          ['#dob-month', patient.month],
          ['#dob-year', patient.year],
        ] as const) {
          await page.locator(id).fill(value);
        }
        await submitSignIn(page);
        expect(pathOf(page)).toBe('/home');
      });
    },
  );

  it('says the same thing for a wrong date of birth, without showing what was typed', async () => {
    const patient = await createPatient();
    await withPage({}, async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      await fillSignIn(page, { ...patient, year: String(Number(patient.year) - 1) });
      const response = await submitSignIn(page);
      expect(response?.status()).toBe(401);
      await expect(page.title()).resolves.toMatch(/^Error: Sign in - /);
      const links = errorSummary(page).getByRole('link');
      expect(await links.allInnerTexts()).toEqual([
        'We could not sign you in with the Secure ID and date of birth you entered. Check them and try again.',
      ]);
      expect(await links.first().getAttribute('href')).toBe('#secureId');
      expect(await page.locator('#secureId').inputValue()).toBe('');
      expect(await page.locator('#dob-year').inputValue()).toBe('');

      // The right details still sign in after one failure.
      await fillSignIn(page, patient);
      await submitSignIn(page);
      expect(pathOf(page)).toBe('/home');
    });
  });

  it('locks a Secure ID after 5 wrong dates of birth and shows when to try again', async () => {
    // 5 failures of this run's 20 per client address; a fresh patient, so nobody else is locked.
    const patient = await createPatient();
    await withPage({}, async (page) => {
      await page.goto(`${portal().url}/sign-in`);
      const wrong = { ...patient, year: String(Number(patient.year) + 1) };
      for (let attempt = 1; attempt <= 5; attempt++) {
        await fillSignIn(page, wrong);
        const response = await submitSignIn(page);
        expect(response?.status(), `attempt ${attempt}`).toBe(401);
      }
      // Even the right date of birth is not compared now.
      await fillSignIn(page, patient);
      const locked = await submitSignIn(page);
      expect(locked?.status()).toBe(429);
      expect(Number(locked?.headers()['retry-after'])).toBeGreaterThan(14 * 60);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('You cannot sign in for now');
      expect(await textOf(page.locator('main'))).toMatch(/Try again after \d{1,2}(:\d{2})?(am|pm)/);
    });
  });
});
