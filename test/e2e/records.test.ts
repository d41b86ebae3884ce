import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/data/dynamo.js';
import { letters } from '../../shared/data/letters.js';
import {
  createPatient,
  expectAxeClean,
  newPortalContext,
  pathOf,
  portal,
  signInThroughPage,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// The patient's records in real Chromium (issue 16): Letters (a letter filed through the letters
// repository, as the GP report files one), their data, and the consent form with its error by the
// field at 320 px without JavaScript. axe (WCAG 2.2 AA) is clean on each.

const { browser } = useBrowser();

const PDF = new Uint8Array([
  0x25,
  0x50,
  0x44,
  0x46,
  0x2d,
  0x31,
  0x2e,
  0x37,
  0x0a,
  ...Array.from({ length: 64 }, (_, i) => i),
]);

const fileLetter = async (patientId: string, title: string) => {
  const { dynamoDbEndpoint, tableName } = portal();
  const id = randomUUID();
  await letters({ db: documentClient(dynamoDbEndpoint), name: tableName }).fileOnce({
    id,
    patientId,
    title,
    createdAt: new Date().toISOString(),
    kind: 'gp-report',
    episodeId: randomUUID(),
    pdf: PDF,
    json: '{}',
    view: '{}',
  });
  return id;
};

const expectNoSidewaysScroll = async (page: Page) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `no horizontal scroll at 320 px on ${page.url()}`).toBeLessThanOrEqual(320);
};

describe("the patient's records", () => {
  it('opens Letters from the home page, lists the letter and serves its exact bytes; axe clean at 320 px', async () => {
    const patient = await createPatient('Lena');
    const letterId = await fileLetter(patient.id, 'Report to your GP');
    const context = await newPortalContext(browser(), {
      bypassCSP: true,
      viewport: { width: 320, height: 640 },
    });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: 'Letters', exact: true }).click(),
      ]);
      expect(pathOf(page)).toBe('/letters');
      const link = page.getByRole('link', { name: 'Report to your GP (PDF)' });
      expect(await link.getAttribute('href')).toBe(`/letters/${letterId}`);
      await expectAxeClean(page, { ranRules: true });
      await expectNoSidewaysScroll(page);
      const pdf = await page.request.get(`${portal().url}/letters/${letterId}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect(Buffer.from(await pdf.body()).equals(Buffer.from(PDF))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('opens their data with a heading per section; axe clean at 320 px', async () => {
    const patient = await createPatient('Mira');
    await fileLetter(patient.id, 'Report to your GP');
    const context = await newPortalContext(browser(), {
      bypassCSP: true,
      viewport: { width: 320, height: 640 },
    });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: 'Your data', exact: true }).click(),
      ]);
      expect(pathOf(page)).toBe('/my-data');
      expect(await textOf(page.locator('h1'))).toBe('Your data');
      const headings = await page.locator('h2').allTextContents();
      for (const h of ['Your details', 'Letters: 1', 'Who looked at or changed your record'])
        expect(headings.join('|')).toContain(h);
      await expectAxeClean(page, { ranRules: true });
      await expectNoSidewaysScroll(page);
    } finally {
      await context.close();
    }
  });

  it('the consent form shows the error next to the field without JavaScript at 320 px, then records and withdraws', async () => {
    const patient = await createPatient('Noor');
    const context = await newPortalContext(browser(), {
      bypassCSP: true,
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
    });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await page.goto(`${portal().url}/consents`);
      await page.getByLabel('What may we share it for?').fill('Confirm attendance');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Agree to share' }).click(),
      ]);
      // The error sits in the party field's own group, and the summary links to the field.
      const group = page.locator('.nhsuk-form-group--error');
      expect(await group.count()).toBe(1);
      expect(await textOf(group.locator('.nhsuk-error-message'))).toBe(
        'Error: Enter who we may share your information with',
      );
      expect(await group.locator('input').getAttribute('id')).toBe('party');
      expect(await page.locator('.nhsuk-error-summary a').getAttribute('href')).toBe('#party');
      expect(await page.getByLabel('What may we share it for?').inputValue()).toBe('Confirm attendance');
      await expectNoSidewaysScroll(page);

      await page.getByLabel('Who may we share with?').fill('Acme Employee Assistance');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Agree to share' }).click(),
      ]);
      expect(pathOf(page)).toBe('/consents');
      expect(await textOf(page.locator('h3').first())).toBe('Acme Employee Assistance');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Stop sharing with Acme Employee Assistance' }).click(),
      ]);
      expect(await textOf(page.locator('.nhsuk-inset-text'))).toContain('Sharing has stopped');
      expect(await page.getByRole('button', { name: /Stop sharing/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  // axe runs in the page, so these pages are checked again with JavaScript on.
  it('the consent page, with an error and with a consent, is axe clean at 320 px', async () => {
    const patient = await createPatient('Omar');
    const context = await newPortalContext(browser(), {
      bypassCSP: true,
      viewport: { width: 320, height: 640 },
    });
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await page.goto(`${portal().url}/consents`);
      await page.getByLabel('Who may we share with?').fill('x'.repeat(101));
      await page.getByLabel('What may we share it for?').fill('Confirm attendance');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Agree to share' }).click(),
      ]);
      expect(await textOf(page.locator('#party-error'))).toBe(
        'Error: Who we may share with must be 100 characters or fewer',
      );
      await expectAxeClean(page, { ranRules: true });
      await page.getByLabel('Who may we share with?').fill('Acme Insurance');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Agree to share' }).click(),
      ]);
      expect(pathOf(page)).toBe('/consents');
      await expectAxeClean(page, { ranRules: true });
      await expectNoSidewaysScroll(page);
    } finally {
      await context.close();
    }
  });
});
