import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  AXE_TAGS,
  BookingRefused,
  bookAppointment,
  type ClinicianId,
  createPatient,
  expectAxeClean,
  newPortalContext,
  portal,
  questionnaireResponses,
  screenshotPath,
  signInThroughPage,
  type TestPatient,
  textOf,
  tomorrowAt,
  useBrowser,
  pathOf,
} from '../support/e2e-browser.js';

// The questionnaire flow in a real Chromium: a patient in treatment with a session tomorrow has
// PHQ-9 then GAD-7 due. Answered by keyboard alone, with JavaScript off, with a question left out,
// with a risk answer, across two sign-ins; axe-core over each page; and the page at 320 px.
// What was stored is read back through the integration API's export, not from the pages.

const { browser, withPage } = useBrowser();

const PHQ9_TITLE = 'PHQ-9: Patient Health Questionnaire';
const GAD7_TITLE = 'GAD-7: Generalised Anxiety Disorder Assessment';
const PHQ9_ITEMS = Array.from({ length: 9 }, (_, i) => `phq9_${i + 1}`);
const GAD7_ITEMS = Array.from({ length: 7 }, (_, i) => `gad7_${i + 1}`);
/** The answers of both, in order: the value of each is its index. */
const OPTIONS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const;
const DONE_TEXT = 'You have already completed your questionnaires for today.';
const RECORDED_TEXT = 'You have completed this questionnaire. Your answers are recorded.';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
/** `{ phq9_1: 1, phq9_2: 0, ... }` from the item ids and the values in order. */
const answersOf = (items: readonly string[], values: readonly number[]) =>
  Object.fromEntries(items.map((id, i) => [id, values[i] as number]));

let slots = 0;
/**
 * Books the patient's session at the next free slot: a clinician's overlapping bookings are
 * refused, so each appointment takes its own clinician and hour, tomorrow from 06:00Z (the
 * clinicians alternate, the hour steps on), passing over slots the portal refuses (the demo
 * patient's appointment, or another test file's).
 */
const bookNextFreeSlot = async (patientId: string) => {
  for (let tries = 0; tries < 12; tries++) {
    const k = slots++;
    const clinicianId: ClinicianId = k % 2 === 0 ? 'alex-morgan' : 'sam-patel';
    try {
      return await bookAppointment(patientId, { clinicianId, start: tomorrowAt(6 + Math.floor(k / 2)) });
    } catch (error) {
      if (!(error instanceof BookingRefused)) throw error;
    }
  }
  throw new Error('no free slot for a booking tomorrow');
};

/** A new patient in treatment (PHQ-9, then GAD-7) with a session tomorrow: both are due now. */
const patientWithQuestionnairesDue = async (givenName: string): Promise<TestPatient> => {
  const patient = await createPatient(givenName, { stage: 'treatment' });
  await bookNextFreeSlot(patient.id);
  return patient;
};

/** What the export holds, by questionnaire (its order is the store's, not the submissions'). */
const storedBy = async (patientId: string) =>
  Object.fromEntries((await questionnaireResponses(patientId)).map((r) => [r.questionnaireId, r]));

/** The radio group of one item: its fieldset. */
const question = (page: Page, itemId: string) =>
  page.locator('fieldset', { has: page.locator(`input[type="radio"][name="${itemId}"]`) });

/** Chooses each answer by clicking its label, as a person with a mouse or a finger does. */
const chooseByClicking = async (page: Page, answers: Readonly<Record<string, number>>) => {
  for (const [itemId, value] of Object.entries(answers)) {
    await question(page, itemId)
      .getByText(OPTIONS[value] as string, { exact: true })
      .click();
  }
};

/** Selects Next and waits for the page it leads to. */
const clickNext = async (page: Page) => {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Next', exact: true }).click(),
  ]);
  return response;
};

/**
 * A link styled as a button (Start, Continue, Next): found by its text and class, not its role, as
 * the role these links should have is in question (see the Space test below).
 */
const buttonLink = (page: Page, name: string) =>
  page.locator('main a.nhsuk-button').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) });

/** Follows a link styled as a button, by clicking, and waits for the page it leads to. */
const follow = async (page: Page, name: string) => {
  const [response] = await Promise.all([page.waitForNavigation(), buttonLink(page, name).click()]);
  return response;
};

/** The checked radios of the page, as item id to value. */
const checkedAnswers = (page: Page) =>
  page
    .locator('input[type="radio"]:checked')
    .evaluateAll((inputs) =>
      Object.fromEntries(inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])),
    );

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));

/** From /home through Start, clicking: answers PHQ-9 and lands on GAD-7. */
const completePhq9ByClicking = async (page: Page, values: readonly number[]) => {
  await page.goto(`${portal().url}/home`);
  await follow(page, 'Start');
  expect(pathOf(page)).toBe('/questionnaires/phq-9');
  await chooseByClicking(page, answersOf(PHQ9_ITEMS, values));
  return clickNext(page);
};

describe('answering the questionnaires', () => {
  it('completes PHQ-9 and GAD-7 by keyboard alone: Tab, arrow keys, Space and Enter', async () => {
    const patient = await patientWithQuestionnairesDue('Amara');
    // Item 9 at 0, so no urgent-help page; every answer is used on both.
    const phq9 = [1, 2, 3, 0, 1, 2, 3, 1, 0]; // 13: Moderate
    const gad7 = [3, 2, 1, 0, 1, 2, 3]; // 12: Moderate
    await withPage({}, async (page) => {
      const focused = () =>
        page.evaluate(() => {
          const e = document.activeElement as HTMLInputElement | null;
          return {
            tag: e?.tagName.toLowerCase() ?? '',
            id: e?.id ?? '',
            name: e?.getAttribute('name') ?? '',
            value: e?.getAttribute('value') ?? '',
            checked: e?.checked === true,
            text: (e?.textContent ?? '').trim(),
          };
        });
      /** Presses Tab until `reached`, at most `max` times. */
      const tabUntil = async (what: string, reached: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
        for (let tabs = 0; !reached(await focused()); tabs++) {
          expect(tabs, `Tab never reached ${what}`).toBeLessThan(8);
          await page.keyboard.press('Tab');
        }
      };

      // Signing in, typed key by key.
      await page.goto(`${portal().url}/sign-in`);
      await tabUntil('the Secure ID field', (f) => f.id === 'secureId');
      for (const value of [patient.secureId, patient.day, patient.month, patient.year]) {
        await page.keyboard.type(value);
        await page.keyboard.press('Tab');
      }
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(pathOf(page)).toBe('/home');

      // The home page's Start link, by Tab and Enter.
      await tabUntil('the Start link', (f) => f.tag === 'a' && f.text === 'Start');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(pathOf(page)).toBe('/questionnaires/phq-9');

      /**
       * Tab into each question (focus lands on its first answer, none chosen yet), choose with
       * Space (the first answer) or the down arrow (each press moves to and selects the next
       * answer), Tab on to the next question; after the last, Tab to Next and press `submitKey`
       * (Enter or Space: Next is a real button).
       */
      const answerByKeyboard = async (
        items: readonly string[],
        values: readonly number[],
        submitKey: 'Enter' | 'Space',
      ) => {
        await tabUntil(`the first question (${items[0]})`, (f) => f.id === items[0]);
        for (const [i, itemId] of items.entries()) {
          const value = values[i] as number;
          const before = await focused();
          expect([before.name, before.value, before.checked], `Tab reached ${itemId}`).toEqual([
            itemId,
            '0',
            false,
          ]);
          if (value === 0) await page.keyboard.press('Space');
          else for (let n = 0; n < value; n++) await page.keyboard.press('ArrowDown');
          const after = await focused();
          expect([after.name, after.value, after.checked], `${itemId} answered ${value}`).toEqual([
            itemId,
            String(value),
            true,
          ]);
          await page.keyboard.press('Tab');
        }
        const next = await focused();
        expect([next.tag, next.text], 'Tab after the last question reaches Next').toEqual(['button', 'Next']);
        expect(await checkedAnswers(page)).toEqual(
          Object.fromEntries(items.map((id, i) => [id, String(values[i])])),
        );
        const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press(submitKey)]);
        return response;
      };

      await answerByKeyboard(PHQ9_ITEMS, phq9, 'Enter');
      expect(pathOf(page)).toBe('/questionnaires/gad-7');
      expect(await heading(page)).toBe(GAD7_TITLE);
      expect(await textOf(page.locator('.nhsuk-caption-l'))).toBe('Questionnaire 2 of 2');

      const done = await answerByKeyboard(GAD7_ITEMS, gad7, 'Space');
      expect(done?.status()).toBe(200);
      expect(pathOf(page)).toBe('/questionnaires');
      expect(await textOf(page.locator('main'))).toContain(DONE_TEXT);
    });

    const stored = await storedBy(patient.id);
    expect(Object.keys(stored).sort()).toEqual(['gad-7', 'phq-9']);
    expect(stored['phq-9']).toMatchObject({
      answers: answersOf(PHQ9_ITEMS, phq9),
      total: sum(phq9),
      severity: 'Moderate',
      riskFlag: false,
    });
    expect(stored['gad-7']).toMatchObject({
      answers: answersOf(GAD7_ITEMS, gad7),
      total: sum(gad7),
      severity: 'Moderate',
      riskFlag: false,
    });
  });

  it('follows each link shown as a button (Start, Continue, Next) with Space when it is announced as a button', async () => {
    // A control with role="button" is announced as a button, and a button is pressed with Space
    // as well as Enter. nhsuk-frontend's button script adds Space to its role="button" links;
    // these pages run no script, so either the links keep Space or they are announced as links.
    const patient = await patientWithQuestionnairesDue('Dev');
    await withPage({}, async (page) => {
      await signInThroughPage(page, patient);
      const pressSpaceOn = async (name: string, to: string) => {
        const link = buttonLink(page, name);
        expect(await link.count(), `one ${name} link`).toBe(1);
        const role = await link.getAttribute('role');
        await link.focus();
        // Announced as a link: Enter is the key people expect, and the only one to try.
        let wentOn = false;
        if (role === 'button') {
          const followed = page
            .waitForURL((url) => url.pathname === to, { timeout: 3000 })
            .then(
              () => true,
              () => false,
            );
          await page.keyboard.press('Space');
          wentOn = await followed;
          expect
            .soft(
              wentOn,
              `"${name}" on ${pathOf(page)} has role="button" but Space does not follow it to ${to}`,
            )
            .toBe(true);
        }
        if (!wentOn) await Promise.all([page.waitForURL((url) => url.pathname === to), link.press('Enter')]);
      };

      await pressSpaceOn('Start', '/questionnaires/phq-9');
      await chooseByClicking(page, answersOf(PHQ9_ITEMS, [0, 0, 0, 0, 0, 0, 0, 0, 2]));
      await clickNext(page);
      expect(pathOf(page)).toBe('/urgent-help');
      await pressSpaceOn('Continue', '/questionnaires/gad-7');
      await page.goto(`${portal().url}/questionnaires`);
      await pressSpaceOn('Continue', '/questionnaires/gad-7');
      await page.goto(`${portal().url}/questionnaires/phq-9`);
      await pressSpaceOn('Next', '/questionnaires/gad-7');
    });
  });

  it('completes both with JavaScript turned off, by clicking', async () => {
    const patient = await patientWithQuestionnairesDue('Tomasz');
    const phq9 = [2, 2, 2, 2, 2, 2, 2, 2, 0]; // 16: Moderately severe
    const gad7 = [1, 1, 1, 1, 1, 1, 1]; // 7: Mild
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await signInThroughPage(page, patient);
      const phq9Page = await follow(page, 'Start');
      expect(phq9Page?.status()).toBe(200);
      expect(pathOf(page)).toBe('/questionnaires/phq-9');
      expect(await heading(page)).toBe(PHQ9_TITLE);
      expect(await textOf(page.locator('.nhsuk-caption-l'))).toBe('Questionnaire 1 of 2');

      await chooseByClicking(page, answersOf(PHQ9_ITEMS, phq9));
      await clickNext(page);
      expect(pathOf(page)).toBe('/questionnaires/gad-7');

      await chooseByClicking(page, answersOf(GAD7_ITEMS, gad7));
      const done = await clickNext(page);
      expect(done?.status()).toBe(200);
      expect(pathOf(page)).toBe('/questionnaires');
      expect(await textOf(page.locator('main'))).toContain(DONE_TEXT);
    });

    const stored = await storedBy(patient.id);
    expect(Object.keys(stored).sort()).toEqual(['gad-7', 'phq-9']);
    expect(stored['phq-9']).toMatchObject({
      answers: answersOf(PHQ9_ITEMS, phq9),
      total: 16,
      severity: 'Moderately severe',
      riskFlag: false,
    });
    expect(stored['gad-7']).toMatchObject({
      answers: answersOf(GAD7_ITEMS, gad7),
      total: 7,
      severity: 'Mild',
      riskFlag: false,
    });
  });

  it('shows the error summary and the inline error for a question left out, keeps the other answers, and stores nothing', async () => {
    const patient = await patientWithQuestionnairesDue('Noor');
    const phq9 = [1, 0, 2, 3, 2, 1, 0, 2, 0];
    const withoutItem5 = answersOf(PHQ9_ITEMS, phq9);
    delete withoutItem5.phq9_5;
    await withPage({}, async (page) => {
      await signInThroughPage(page, patient);
      await follow(page, 'Start');
      await chooseByClicking(page, withoutItem5);
      const response = await clickNext(page);
      expect(response?.status()).toBe(400);
      expect(pathOf(page)).toBe('/questionnaires/phq-9');
      await expect(page.title()).resolves.toMatch(/^Error: PHQ-9: Patient Health Questionnaire - /);

      // The summary: focused on load, one link, to the left-out question's first answer.
      const summary = page.locator('.nhsuk-error-summary');
      expect(await summary.isVisible()).toBe(true);
      expect(
        await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary')),
      ).toBe(true);
      expect(await textOf(summary.getByRole('heading', { level: 2 }))).toBe('There is a problem');
      const links = summary.getByRole('link');
      expect(await links.allInnerTexts()).toEqual(['Select an answer for: Poor appetite or overeating']);
      expect(await links.first().getAttribute('href')).toBe('#phq9_5');
      const target = page.locator('#phq9_5');
      expect(await target.count()).toBe(1);
      expect(await target.evaluate((e) => [e.getAttribute('name'), e.getAttribute('value')])).toEqual([
        'phq9_5',
        '0',
      ]);
      await links.first().click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('phq9_5');

      // The inline error, in the question's fieldset and tied to it; only that question's.
      const item5 = question(page, 'phq9_5');
      expect(await textOf(item5.locator('.nhsuk-error-message'))).toBe('Error: Select an answer');
      expect(await item5.getAttribute('aria-describedby')).toBe('phq9_5-error');
      expect(await page.locator('#phq9_5-error').count()).toBe(1);
      expect(await page.locator('.nhsuk-form-group--error').count()).toBe(1);
      expect(await page.locator('.nhsuk-error-message').count()).toBe(1);

      // The other eight answers are still chosen; nothing is chosen for item 5.
      expect(await checkedAnswers(page)).toEqual(
        Object.fromEntries(Object.entries(withoutItem5).map(([id, v]) => [id, String(v)])),
      );

      // Nothing was stored.
      expect(await questionnaireResponses(patient.id)).toEqual([]);

      // Answering it from the error state goes on to GAD-7 with all nine stored.
      await chooseByClicking(page, { phq9_5: 2 });
      await clickNext(page);
      expect(pathOf(page)).toBe('/questionnaires/gad-7');
    });
    const stored = await questionnaireResponses(patient.id);
    expect(stored.map((r) => [r.questionnaireId, r.total])).toEqual([['phq-9', sum(phq9)]]);
    expect(stored[0]?.answers).toEqual(answersOf(PHQ9_ITEMS, phq9));
  });

  it('shows where to get help now after PHQ-9 item 9 is answered "Several days", then goes on to GAD-7', async () => {
    const patient = await patientWithQuestionnairesDue('Robin');
    await withPage({}, async (page) => {
      await signInThroughPage(page, patient);
      const urgent = await completePhq9ByClicking(page, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
      expect(urgent?.status()).toBe(200);
      expect(pathOf(page)).toBe('/urgent-help');
      await expect(page.title()).resolves.toMatch(/^If you need help now - /);
      expect(await heading(page)).toBe('If you need help now');

      const main = page.locator('main');
      const text = await textOf(main);
      expect(text).toContain('Call 999 or go to A&E');
      expect(text).toContain('Call NHS 111 and choose the mental health option');
      expect(text).toContain('Call Samaritans free on 116 123');
      expect(text).toContain(
        'Call Demo Talking Therapies on 01632 960 000 (Monday to Friday, 9am to 5pm), or your GP surgery.',
      );
      expect(await main.getByRole('link', { name: '01632 960 000' }).getAttribute('href')).toBe(
        'tel:01632960000',
      );
      // Calm: no score, no severity.
      expect(text).not.toMatch(/score|total|severity|None–minimal/i);

      // The answer was stored with its risk flag.
      const stored = await questionnaireResponses(patient.id);
      expect(stored.map((r) => [r.questionnaireId, r.total, r.riskFlag])).toEqual([['phq-9', 1, true]]);

      // Continue goes straight on to GAD-7; the list shows PHQ-9 done and GAD-7 to do.
      await follow(page, 'Continue');
      expect(pathOf(page)).toBe('/questionnaires/gad-7');
      await page.goto(`${portal().url}/questionnaires`);
      const items = await page.locator('main li').allInnerTexts();
      expect(items.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        `${PHQ9_TITLE} Completed`,
        `${GAD7_TITLE} To do`,
      ]);
      await follow(page, 'Continue');
      expect(pathOf(page)).toBe('/questionnaires/gad-7');
      expect(await heading(page)).toBe(GAD7_TITLE);
    });
  });

  it('picks up at GAD-7 after signing in again, and shows PHQ-9 as recorded', async () => {
    const patient = await patientWithQuestionnairesDue('Kai');
    const phq9 = [0, 1, 0, 1, 0, 1, 0, 1, 0];
    await withPage({}, async (page) => {
      await signInThroughPage(page, patient);
      await completePhq9ByClicking(page, phq9);
      expect(pathOf(page)).toBe('/questionnaires/gad-7');
    });

    // A new context: no cookies, a new sign-in.
    await withPage({}, async (page) => {
      await signInThroughPage(page, patient);
      const main = page.locator('main');
      expect(await buttonLink(page, 'Start').count()).toBe(0);
      const resume = buttonLink(page, 'Continue');
      expect(await resume.getAttribute('href')).toBe('/questionnaires/gad-7');
      expect((await main.locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        `${PHQ9_TITLE} Completed`,
        `${GAD7_TITLE} To do`,
      ]);
      await follow(page, 'Continue');
      expect(pathOf(page)).toBe('/questionnaires/gad-7');
      expect(await heading(page)).toBe(GAD7_TITLE);

      // PHQ-9 itself: recorded, no form, Next on to GAD-7.
      const recorded = await page.goto(`${portal().url}/questionnaires/phq-9`);
      expect(recorded?.status()).toBe(200);
      expect(pathOf(page)).toBe('/questionnaires/phq-9');
      expect(await heading(page)).toBe(PHQ9_TITLE);
      expect(await textOf(main)).toContain(RECORDED_TEXT);
      expect(await page.locator('form input[type="radio"]').count()).toBe(0);
      expect(await buttonLink(page, 'Next').getAttribute('href')).toBe('/questionnaires/gad-7');
      await follow(page, 'Next');
      expect(pathOf(page)).toBe('/questionnaires/gad-7');
    });
    const stored = await questionnaireResponses(patient.id);
    expect(stored.map((r) => [r.questionnaireId, r.total])).toEqual([['phq-9', sum(phq9)]]);
  });

  it('changes nothing when PHQ-9 is sent again from a second tab', async () => {
    const patient = await patientWithQuestionnairesDue('Jo');
    const first = [1, 1, 1, 1, 1, 0, 0, 0, 0]; // 5
    const context = await newPortalContext(browser());
    try {
      const page = await context.newPage();
      await signInThroughPage(page, patient);
      await page.goto(`${portal().url}/questionnaires/phq-9`);
      const other = await context.newPage();
      await other.goto(`${portal().url}/questionnaires/phq-9`);
      expect(await other.locator('input[type="radio"]').count()).toBe(36);

      // Headless Chromium throttles the tab behind, so each is brought to the front to be used.
      await page.bringToFront();
      await chooseByClicking(page, answersOf(PHQ9_ITEMS, first));
      await clickNext(page);
      expect(pathOf(page)).toBe('/questionnaires/gad-7');

      // The second tab still shows the form; sending other answers from it lands on the
      // recorded page.
      await other.bringToFront();
      await chooseByClicking(other, answersOf(PHQ9_ITEMS, [3, 3, 3, 3, 3, 3, 3, 3, 0]));
      await clickNext(other);
      expect(pathOf(other)).toBe('/questionnaires/phq-9');
      expect(await textOf(other.locator('main'))).toContain(RECORDED_TEXT);
    } finally {
      await context.close();
    }
    const stored = await questionnaireResponses(patient.id);
    expect(stored.map((r) => [r.questionnaireId, r.total])).toEqual([['phq-9', sum(first)]]);
    expect(stored[0]?.answers).toEqual(answersOf(PHQ9_ITEMS, first));
  });
});

describe(`axe-core finds no violation of ${AXE_TAGS.join(', ')}`, () => {
  /**
   * A patient with both questionnaires due, signed in. The pages' Content-Security-Policy rightly
   * refuses the inline script that injects axe; the context sets it aside, as axe DevTools does.
   */
  const signedIn = async (name: string, test: (page: Page) => Promise<void>) => {
    const patient = await patientWithQuestionnairesDue(name);
    await withPage({ bypassCSP: true }, async (page) => {
      await signInThroughPage(page, patient);
      await test(page);
    });
  };

  it('on the home page with questionnaires due', async () => {
    await signedIn('Lee', async (page) => {
      expect(await buttonLink(page, 'Start').isVisible()).toBe(true);
      await expectAxeClean(page, { ranRules: true });
    });
  });

  it('on the questionnaires page with questionnaires due', async () => {
    await signedIn('Ash', async (page) => {
      await page.goto(`${portal().url}/questionnaires`);
      expect(await heading(page)).toBe('Your questionnaires');
      expect(await page.locator('main li').count()).toBe(2);
      await expectAxeClean(page, { ranRules: true });
    });
  });

  it('on the PHQ-9 page', async () => {
    await signedIn('Mo', async (page) => {
      await follow(page, 'Start');
      expect(await page.locator('fieldset').count()).toBe(9);
      await expectAxeClean(page, { ranRules: true });
    });
  });

  it('on the PHQ-9 page with every question left out', async () => {
    await signedIn('Ari', async (page) => {
      await follow(page, 'Start');
      expect((await clickNext(page))?.status()).toBe(400);
      expect(await page.locator('.nhsuk-error-summary a').count()).toBe(9);
      expect(await page.locator('.nhsuk-error-message').count()).toBe(9);
      await expectAxeClean(page, { ranRules: true });
    });
  });

  it('on the urgent-help page', async () => {
    await signedIn('Eli', async (page) => {
      await completePhq9ByClicking(page, [0, 0, 0, 0, 0, 0, 0, 0, 3]);
      expect(pathOf(page)).toBe('/urgent-help');
      await expectAxeClean(page, { ranRules: true });
    });
  });

  it('on the recorded page, and the GAD-7 page it leads to', async () => {
    await signedIn('Sky', async (page) => {
      await completePhq9ByClicking(page, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
      await page.goto(`${portal().url}/questionnaires/phq-9`);
      expect(await textOf(page.locator('main'))).toContain(RECORDED_TEXT);
      await expectAxeClean(page, { ranRules: true });
      await follow(page, 'Next');
      expect(await heading(page)).toBe(GAD7_TITLE);
      await expectAxeClean(page, { ranRules: true });
    });
  });

  it('on the done page, and the home page with nothing left to do', async () => {
    await signedIn('Fin', async (page) => {
      await completePhq9ByClicking(page, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
      await chooseByClicking(page, answersOf(GAD7_ITEMS, [1, 1, 1, 1, 1, 1, 1]));
      await clickNext(page);
      expect(pathOf(page)).toBe('/questionnaires');
      expect(await textOf(page.locator('main'))).toContain(DONE_TEXT);
      await expectAxeClean(page, { ranRules: true });
      await page.goto(`${portal().url}/home`);
      expect(await textOf(page.locator('main'))).toContain(DONE_TEXT);
      await expectAxeClean(page, { ranRules: true });
    });
  });
});

describe('the PHQ-9 page layout', () => {
  it('fits 320 px without scrolling sideways, with every answer visible', async () => {
    const patient = await patientWithQuestionnairesDue('Bea');
    await withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
      await signInThroughPage(page, patient);
      await follow(page, 'Start');
      expect(pathOf(page)).toBe('/questionnaires/phq-9');
      const width = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(width.client).toBe(320);
      expect(width.scroll, 'no horizontal scroll at 320 px').toBeLessThanOrEqual(320);

      const labels = page.locator('label.nhsuk-radios__label');
      expect(await labels.count()).toBe(36);
      for (const [i, label] of (await labels.all()).entries()) {
        const what = `answer ${i % 4} of ${PHQ9_ITEMS[Math.floor(i / 4)]}`;
        expect(await label.isVisible(), `${what} is visible`).toBe(true);
        const box = await label.boundingBox();
        expect(box, `${what} has a box`).not.toBeNull();
        expect(box?.x ?? -1, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
        expect((box?.x ?? 0) + (box?.width ?? 0), `${what} ends on screen`).toBeLessThanOrEqual(320);
        expect(box?.height ?? 0, `${what} is tall enough to tap`).toBeGreaterThanOrEqual(24);
        // Its text is not cut off.
        expect(await label.evaluate((e) => e.scrollWidth <= e.clientWidth), `${what} is not clipped`).toBe(
          true,
        );
      }
      for (const legend of await page.locator('legend').all()) {
        const box = await legend.boundingBox();
        expect((box?.x ?? 0) + (box?.width ?? 0), 'legend ends on screen').toBeLessThanOrEqual(320);
        expect(await legend.evaluate((e) => e.scrollWidth <= e.clientWidth), 'legend is not clipped').toBe(
          true,
        );
      }
      const next = page.getByRole('button', { name: 'Next', exact: true });
      expect(await next.isVisible()).toBe(true);
      const nextBox = await next.boundingBox();
      expect((nextBox?.x ?? 0) + (nextBox?.width ?? 0)).toBeLessThanOrEqual(320);
      await page.screenshot({ path: screenshotPath('phq-9-320.png'), fullPage: true });

      // The error state at 320 px too.
      expect((await clickNext(page))?.status()).toBe(400);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.screenshot({ path: screenshotPath('phq-9-error-320.png'), fullPage: true });
    });

    await withPage({ viewport: { width: 1280, height: 800 } }, async (page) => {
      await signInThroughPage(page, patient);
      await page.goto(`${portal().url}/questionnaires/phq-9`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      await page.screenshot({ path: screenshotPath('phq-9-1280.png'), fullPage: true });
    });
  });
});
