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
  type TestPatient,
  textOf,
  useBrowser,
} from '../support/e2e-browser.js';

// A risk answer reaches a clinician (hazard H5), in a real Chromium: the seeded clinician signs in
// through the local provider, opens the to-do list and the patient, sees the chart and
// acknowledges the flag; a scheduler opening the same patient sees no answers. A scheduler issues
// a new Secure ID, and the welcome with it reaches the local SMS outbox (F1). axe on each page
// (bypassCSP lets the test inject axe: accessibility.test.ts says why).

const { withPage } = useBrowser();

/** A patient in treatment with a session with Alex Morgan (the seeded clinician) in two days. */
const alexsPatient = async (): Promise<TestPatient> => {
  const patient = await createPatient('Morwenna', { stage: 'treatment' });
  // In two days: inside the 72-hour window, and clear of the other files' bookings (tomorrow).
  await bookFirstFree(patient.id, 'alex-morgan', hoursOn(2, 6, 21));
  return patient;
};

/** The patient answers PHQ-9 (item 9 at 2) and GAD-7 through the JSON API. */
const answerWithRisk = async (patient: TestPatient) => {
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
  const submit = (id: string, answers: Record<string, number>) =>
    fetch(`${url}/api/patient/questionnaires/${id}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ answers }),
    });
  const phq = await submit('phq-9', {
    ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`phq9_${i + 1}`, 2])),
    phq9_9: 2,
  });
  expect(phq.status).toBe(201);
  const gad = await submit(
    'gad-7',
    Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7_${i + 1}`, 1])),
  );
  expect(gad.status).toBe(201);
};

/** The texts in the local SMS outbox (local/reminders.ts) that contain `needle`. */
const textsContaining = async (needle: string): Promise<string[]> => {
  const { messages } = (await (await fetch(`${portal().url}/local/sms-outbox.json`)).json()) as {
    messages: { text: string }[];
  };
  return messages.map((m) => m.text).filter((text) => text.includes(needle));
};

/** The local queue delivers a welcome just after it is queued: look until it has (20 looks at most). */
const firstTextContaining = async (needle: string): Promise<string[]> => {
  for (let look = 0; look < 20; look++) {
    const found = await textsContaining(needle);
    if (found.length > 0) return found;
    await new Promise((done) => setTimeout(done, 250));
  }
  return textsContaining(needle);
};

describe('the staff console in a browser', () => {
  it('issues a new Secure ID from the patient’s page, says it is being sent, and the patient gets it by text', async () => {
    const patient = await createPatient('Perpetua');
    await withPage({ viewport: { width: 1024, height: 768 }, bypassCSP: true }, async (page) => {
      await page.goto(`${portal().url}/staff/patients/${patient.id}`);
      await signInAtProvider(page, staffUser('scheduler'));
      await Promise.all([
        page.waitForURL(`**/staff/patients/${patient.id}/secure-id`),
        page.getByRole('button', { name: 'Issue a new Secure ID' }).click(),
      ]);
      const main = await textOf(page.locator('main'));
      const shown = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/.exec(main)?.[0] as string;
      expect(shown).toBeDefined();
      expect(shown).not.toBe(patient.secureId);
      expect(main).toContain('It is being sent to the patient by text message or email');
      await expectAxeClean(page);
      expect(await firstTextContaining(shown)).toHaveLength(1);
    });
  });

  it('takes a clinician from the to-do list to the patient’s chart and acknowledges the risk flag', async () => {
    const patient = await alexsPatient();
    await answerWithRisk(patient);
    const name = String.raw`${patient.givenName} Tester\d+`;

    await withPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true }, async (page) => {
      await page.goto(`${portal().url}/staff/todos`);
      await signInAtProvider(page, staffUser('clinician'));
      expect(pathOf(page)).toBe('/staff/todos');
      const card = page.locator('.nhsuk-card', {
        has: page.getByRole('link', { name: new RegExp(`^${name}`) }),
      });
      await expect(card.count()).resolves.toBe(1);
      expect(await textOf(card)).toContain('Item 9 answered 2 (more than half the days)');
      expect(await textOf(card)).toContain('Review within 1 working day');
      await expectAxeClean(page);

      await Promise.all([
        page.waitForURL(`**/staff/patients/${patient.id}`),
        card.getByRole('link').first().click(),
      ]);
      const chart = page.getByRole('img', { name: 'PHQ-9 totals over time' });
      expect(await chart.isVisible()).toBe(true);
      expect(await textOf(page.locator('main'))).toContain('Item 9 answered 2');
      await expectAxeClean(page);

      await page.goto(`${portal().url}/staff/todos`);
      const again = page.locator('.nhsuk-card', {
        has: page.getByRole('link', { name: new RegExp(`^${name}`) }),
      });
      // No note: the error summary and the message by the field, nothing acknowledged.
      await Promise.all([
        page.waitForLoadState('load'),
        again.getByRole('button', { name: 'Acknowledge' }).click(),
      ]);
      expect(await textOf(page.locator('.nhsuk-error-summary'))).toContain('Enter a note');
      await expectAxeClean(page);
      const retry = page.locator('.nhsuk-card', {
        has: page.getByRole('link', { name: new RegExp(`^${name}`) }),
      });
      await retry
        .getByLabel('Note (what you did or decided)')
        .fill('Phoned the patient; safety plan reviewed.');
      await Promise.all([
        page.waitForURL('**/staff/todos'),
        retry.getByRole('button', { name: 'Acknowledge' }).click(),
      ]);
      await expect(
        page
          .locator('.nhsuk-card', { has: page.getByRole('link', { name: new RegExp(`^${name}`) }) })
          .count(),
      ).resolves.toBe(0);
    });

    await withPage({ viewport: { width: 1024, height: 768 }, bypassCSP: true }, async (page) => {
      await page.goto(`${portal().url}/staff/patients/${patient.id}`);
      await signInAtProvider(page, staffUser('scheduler'));
      expect(pathOf(page)).toBe(`/staff/patients/${patient.id}`);
      const main = await textOf(page.locator('main'));
      expect(main).toContain('+447911123456');
      expect(main).not.toMatch(/PHQ-9|GAD-7|Item 9|Questionnaires/);
      expect(await page.locator('svg').count()).toBe(0);
      await expectAxeClean(page);
    });
  });

  it('shows the episode’s outcome next to the chart, and a clinician discharges the patient from the page', async () => {
    const patient = await alexsPatient();
    await answerWithRisk(patient);
    // Two sessions the EPR sends as history, a week and two weeks ago: before the episode, which
    // opened when the patient was created just now, so they list but do not count.
    const { url, integrationKey } = portal();
    for (const daysAgo of [14, 7]) {
      const start = new Date(Date.now() - daysAgo * 86_400_000);
      start.setUTCHours(10, 0, 0, 0);
      const res = await fetch(`${url}/api/v1/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${integrationKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          patientId: patient.id,
          clinicianId: 'alex-morgan',
          serviceType: 'session',
          start: start.toISOString(),
          status: 'attended',
        }),
      });
      expect(res.status).toBe(201);
    }

    await withPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true }, async (page) => {
      await page.goto(`${portal().url}/staff/patients/${patient.id}`);
      await signInAtProvider(page, staffUser('clinician'));
      const outcome = page.locator('section[aria-labelledby="episode-outcome"]');
      expect(await textOf(outcome)).toContain('No outcome yet: this episode of care has not ended.');
      expect(await textOf(outcome)).toMatch(/Treatment sessions attended\s*0/);
      const past = await textOf(page.locator('main'));
      expect(past).toContain('Past appointments');
      expect(past.match(/: Attended/g)).toHaveLength(2);
      await expectAxeClean(page);

      await Promise.all([
        page.waitForURL(`**/staff/patients/${patient.id}`),
        page.getByRole('button', { name: 'Discharge' }).click(),
      ]);
      const ended = await textOf(page.locator('section[aria-labelledby="episode-outcome"]'));
      expect(ended).toContain('Outcome of the last episode of care');
      expect(ended).toContain('No outcome: fewer than 2 treatment sessions were attended');
      expect(ended).toContain('PHQ-9 (depression)');
      expect(await page.getByRole('button', { name: 'Start a new referral' }).isVisible()).toBe(true);
      await expectAxeClean(page);
    });
  });
});
