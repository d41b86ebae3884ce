import { describe, expect, it } from 'vitest';
import { consentMessages } from '../../shared/web/messages.js';
import {
  createPatient,
  expectAxeClean,
  pathOf,
  portal,
  signInAtProvider,
  staffUser,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// Staff record and withdraw a patient's consent to share (F25) in a real Chromium: a scheduler
// (any patient) signs in through the local provider, sends the form empty and gets the error by
// the field, records a consent, withdraws it. axe on each state of the page (bypassCSP lets the
// test inject axe: accessibility.test.ts says why).

const { withPage } = useBrowser();

describe('staff consents in a browser', () => {
  it('records and withdraws a consent, with the error by the field on a bad form', async () => {
    const patient = await createPatient('Philippa');
    const path = `/staff/patients/${patient.id}/consents`;
    await withPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true }, async (page) => {
      await page.goto(`${portal().url}${path}`);
      await signInAtProvider(page, staffUser('scheduler'));
      expect(pathOf(page)).toBe(path);
      expect(await textOf(page.locator('main'))).toContain(consentMessages.staffNone);
      await expectAxeClean(page);

      await page.getByLabel(consentMessages.staffPurposeLabel).fill('Claim assessment');
      await page.getByRole('button', { name: consentMessages.staffAdd }).click();
      await page.waitForSelector('.nhsuk-error-summary');
      expect(await page.locator('#party-error').textContent()).toContain(consentMessages.partyRequired);
      expect(await page.getByLabel(consentMessages.staffPurposeLabel).inputValue()).toBe('Claim assessment');
      await expectAxeClean(page);

      await page.getByLabel(consentMessages.staffPartyLabel).fill('Acme Insurance');
      await Promise.all([
        page.waitForURL(`**${path}?done=recorded`),
        page.getByRole('button', { name: consentMessages.staffAdd }).click(),
      ]);
      expect(await textOf(page.locator('main'))).toContain(consentMessages.staffRecorded);
      expect(await page.getByRole('heading', { name: 'Acme Insurance' }).count()).toBe(1);
      await expectAxeClean(page);

      await Promise.all([
        page.waitForURL(`**${path}?done=withdrawn`),
        page.getByRole('button', { name: 'Withdraw Acme Insurance' }).click(),
      ]);
      expect(await textOf(page.locator('main'))).toContain(consentMessages.staffWithdrawn);
      expect(await page.getByRole('button', { name: 'Withdraw Acme Insurance' }).count()).toBe(0);
      await expectAxeClean(page);
    });
  });
});
