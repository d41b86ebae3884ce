import { describe, expect, it } from 'vitest';
import {
  bookFirstFree,
  createPatient,
  daysAheadAt,
  expectAxeClean,
  openAsStaff,
  pathOf,
  portal,
  staffUser,
  type TestPatient,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// The staff calendar in a real Chromium (issue 14, "Calendar" and "Cancel and move"): a scheduler
// opens a clinician's week and sees a patient's pending request marked tentative in words; the
// week works without JavaScript (a GET form and links); axe (WCAG 2.2 A/AA) finds nothing on the
// calendar at 1280 and 1024 px, nor on the move and cancel forms; at 320 px the page does not
// scroll sideways. bypassCSP lets the test inject axe (accessibility.test.ts says why).

const { withPage } = useBrowser();

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A pending request by the patient, through the patient JSON: the first free time with Alex
 * Morgan two to three weeks ahead, where the other files' tests (tomorrow, the last free time
 * shown) do not look. Returns its start.
 */
const requestAhead = async (patient: TestPatient): Promise<string> => {
  const { url } = portal();
  const signIn = await fetch(`${url}/api/patient/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      secureId: patient.secureId,
      dateOfBirth: `${patient.year}-${patient.month.padStart(2, '0')}-${patient.day.padStart(2, '0')}`,
    }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const from = isoDate(Date.now() + 14 * 86_400_000);
  const to = isoDate(Date.now() + 21 * 86_400_000);
  const free = await fetch(
    `${url}/api/patient/availability?from=${from}&to=${to}&serviceType=session&clinicianId=alex-morgan`,
    { headers: { cookie } },
  );
  expect(free.status).toBe(200);
  const { slots } = (await free.json()) as {
    slots: { start: string; clinicianId: string; locationId: string }[];
  };
  for (const slot of slots) {
    const sent = await fetch(`${url}/api/patient/appointment-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ clinicianId: slot.clinicianId, start: slot.start, serviceType: 'session' }),
    });
    if (sent.status === 201) return slot.start;
    expect(sent.status).toBe(409);
  }
  throw new Error('no free time with Alex Morgan two to three weeks ahead');
};

/** An appointment with Alex Morgan at night some weeks ahead, where no other test books. */
const bookAtNight = (patient: TestPatient) =>
  bookFirstFree(
    patient.id,
    'alex-morgan',
    Array.from({ length: 15 }, (_, i) => daysAheadAt(45 + i, 2)),
  );

describe('the staff calendar in a browser', () => {
  it('shows a scheduler a clinician’s week with a pending request marked tentative, without JavaScript', async () => {
    const patient = await createPatient('Tamsin');
    const start = await requestAhead(patient);
    const week = start.slice(0, 10);
    await withPage({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false }, async (page) => {
      const calendar = `/staff/calendar?clinicianId=alex-morgan&week=${week}`;
      await openAsStaff(page, calendar, staffUser('scheduler'), { landOn: '/staff/**' });
      expect(pathOf(page)).toBe('/staff/calendar');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Calendar: Alex Morgan');
      const tentative = page.locator('.app-calendar__entry--tentative', { hasText: `Tamsin Tester` });
      expect(await tentative.count()).toBe(1);
      expect(await textOf(tentative.getByRole('heading', { level: 3 }))).toMatch(/^Tentative: request, /);
      // Visibly distinct, not by colour alone: a dashed border where an appointment's is solid.
      expect(await tentative.evaluate((e) => getComputedStyle(e).borderTopStyle)).toBe('dashed');

      // The next week and back, by links; then the GET form.
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('link', { name: 'Next week' }).click(),
      ]);
      expect(
        await page.locator('.app-calendar__entry--tentative', { hasText: 'Tamsin Tester' }).count(),
      ).toBe(0);
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('link', { name: 'Previous week' }).click(),
      ]);
      expect(
        await page.locator('.app-calendar__entry--tentative', { hasText: 'Tamsin Tester' }).count(),
      ).toBe(1);
      await page.getByLabel('Clinician').selectOption('sam-patel');
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Show week' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Calendar: Sam Patel');
    });
  });

  it('passes axe on the calendar at 1280 and 1024 px, and on the move and cancel forms; fits 320 px', async () => {
    const patient = await createPatient('Ulla');
    const start = await requestAhead(patient);
    const booked = await bookAtNight(patient);
    const calendar = `/staff/calendar?clinicianId=alex-morgan&week=${start.slice(0, 10)}`;
    await withPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true }, async (page) => {
      await openAsStaff(page, calendar, staffUser('scheduler'), { landOn: '/staff/**' });
      await expectAxeClean(page);
      await page.setViewportSize({ width: 1024, height: 768 });
      await expectAxeClean(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(
        `${portal().url}/staff/calendar?clinicianId=alex-morgan&week=${booked.start.slice(0, 10)}`,
      );
      const entry = page.locator('.app-calendar__entry--appointment', { hasText: 'Ulla Tester' });
      await Promise.all([page.waitForLoadState('load'), entry.getByRole('link', { name: /^Move/ }).click()]);
      expect(pathOf(page)).toBe(`/staff/appointments/${booked.id}/move`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Move this appointment');
      await expectAxeClean(page);
      // The free times of a day inside the horizon: a radio per time.
      await page.getByLabel('Date', { exact: true }).fill(start.slice(0, 10));
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Show free times' }).click(),
      ]);
      expect(await page.getByRole('radio').count()).toBeGreaterThan(0);
      await expectAxeClean(page);

      await page.goto(`${portal().url}/staff/appointments/${booked.id}/cancel`);
      await page.getByLabel('Reason for the patient (optional)').fill('x'.repeat(101));
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Cancel appointment' }).click(),
      ]);
      expect(await textOf(page.locator('.nhsuk-error-summary'))).toContain('100 characters or fewer');
      await expectAxeClean(page);
    });
  });
});
