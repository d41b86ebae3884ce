import { describe, expect, it } from 'vitest';
import {
  bookFirstFree,
  createPatient,
  expectAxeClean,
  hoursOn,
  pathOf,
  portal,
  signInAtProvider,
  staffUser,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// The GP report (F24) in a real Chromium: the patient's clinician signs in through the local
// provider, opens the GP report page of a discharged patient, produces the report, reads it as
// the HTML page and downloads the PDF, which is the same bytes the EPR then fetches. axe on each
// page (bypassCSP lets the test inject axe: accessibility.test.ts says why).

const { withPage } = useBrowser();

const integration = (method: string, path: string) =>
  fetch(`${portal().url}${path}`, {
    method,
    headers: { authorization: `Bearer ${portal().integrationKey}`, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });

describe('the GP report in a browser', () => {
  it('lets the patient\u2019s clinician produce the report, read it and download the PDF the EPR gets', async () => {
    // Alex Morgan's patient (a booking makes them theirs), discharged by the EPR.
    const patient = await createPatient('Gwendolen', { stage: 'treatment' });
    // Three days ahead: clear of the other files' bookings (tomorrow, in two days).
    await bookFirstFree(patient.id, 'alex-morgan', hoursOn(3, 6, 21));
    expect((await integration('POST', `/api/v1/patients/${patient.id}/discharge`)).status).toBe(200);

    await withPage(
      { viewport: { width: 1280, height: 900 }, bypassCSP: true, acceptDownloads: true },
      async (page) => {
        await page.goto(`${portal().url}/staff/patients/${patient.id}/gp-report`);
        await signInAtProvider(page, staffUser('clinician'));
        expect(pathOf(page)).toBe(`/staff/patients/${patient.id}/gp-report`);
        await expectAxeClean(page);

        await Promise.all([
          page.waitForURL(`**/staff/patients/${patient.id}/gp-report?produced=1`),
          page.getByRole('button', { name: 'Produce the GP report' }).click(),
        ]);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
          'Report to GP: end of psychological therapy',
        );
        const table = page.getByRole('table', { name: 'First and last scores in this episode of care' });
        expect(await table.getByRole('rowheader').count()).toBe(3);
        expect(await textOf(page.locator('main'))).toContain('Gwendolen');
        await expectAxeClean(page);

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Download the GP report (PDF)' }).click(),
        ]);
        const path = await download.path();
        const { readFile } = await import('node:fs/promises');
        const downloaded = await readFile(path);
        const fromEpr = Buffer.from(
          await (
            await integration('GET', `/api/v1/patients/${patient.id}/gp-report?format=pdf`)
          ).arrayBuffer(),
        );
        expect(downloaded.subarray(0, 5).toString()).toBe('%PDF-');
        expect(fromEpr.equals(downloaded)).toBe(true);
      },
    );
  });
});
