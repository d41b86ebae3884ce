import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Stage } from '../../shared/domain/patient.js';
import type { StaffRole } from '../../shared/domain/staff.js';
import { type ChromiumChoice, executablePathOf, resolveChromium, thisMachine } from './chromium.js';
import type { E2ePortal } from './e2e-portal-setup.js';

// What the browser tests share: the portal started by e2e-portal-setup.ts, a Chromium (the
// machine's, or the packaged one: chromium.ts), fresh patients made through the integration API,
// patient sign-in through the page, staff sign-in at the local OpenID provider, and axe-core.

export const portal = (): E2ePortal => inject('portal');

/**
 * One browser per test file; each test makes its own context (cookies, viewport, JavaScript).
 * Which Chromium: the machine's if it has one, else the packaged one (resolveChromium).
 */
export const launchBrowser = async (
  choice: ChromiumChoice = resolveChromium(thisMachine()),
): Promise<Browser> =>
  chromium.launch({
    executablePath: await executablePathOf(choice),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/**
 * A new context (its own cookies) that reaches only the portal (and its local identity provider). nhsuk-frontend's stylesheet asks
 * assets.nhs.uk for the Frutiger font (allowed by the pages' CSP); the tests refuse that request,
 * so they need no network and the pages render the same everywhere, in the Arial fallback.
 */
export const newPortalContext = async (
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> => {
  const context = await browser.newContext(options);
  // The portal, and the local staff identity provider its staff sign-in sends the browser to.
  const origins = new Set([new URL(portal().url).origin, new URL(portal().staff.issuer).origin]);
  await context.route(
    (url) => !origins.has(url.origin),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
};

/**
 * An element's text as the DOM has it (visually hidden parts included, as a screen reader
 * reads them), whitespace collapsed.
 */
export const textOf = async (locator: Locator): Promise<string> =>
  ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Screenshots go to the git-ignored test-results/ folder at the repository root. */
export const screenshotPath = (name: string): string => {
  const dir = join(process.cwd(), 'test-results', 'e2e');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
};

export interface TestPatient {
  readonly id: string;
  readonly secureId: string;
  readonly givenName: string;
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

let patientCount = 0;

/**
 * A new patient through the integration API, so each test has its own Secure ID: failed attempts
 * in one test cannot lock out another's. Only the per-address limit (20 failures in 10 minutes
 * from 127.0.0.1) is shared by the whole run, so tests count their failures.
 */
export const createPatient = async (
  givenName = 'Sam',
  /** The stage of care picks the questionnaires (infra/services/demo.json). */
  { stage = 'assessment' }: { readonly stage?: Stage } = {},
): Promise<TestPatient> => {
  patientCount += 1;
  const day = String(1 + (patientCount % 28));
  const month = String(1 + (patientCount % 12));
  const year = String(1970 + (patientCount % 40));
  const { url, integrationKey } = portal();
  const response = await fetch(`${url}/api/v1/patients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${integrationKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      givenName,
      familyName: `Tester${patientCount}`,
      dateOfBirth: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`,
      phone: '07911 123456',
      contactPreference: 'sms',
      stage,
    }),
  });
  if (response.status !== 201) {
    throw new Error(`creating a patient: ${response.status} ${await response.text()}`);
  }
  const body = (await response.json()) as { id: string; secureId: string };
  return { id: body.id, secureId: body.secureId, givenName, day, month, year };
};

/** A patient with both a number and an address, so every choice is offered. */
export const createPatientWithEmail = async (givenName = 'Robin'): Promise<TestPatient> => {
  const patient = await createPatient(givenName);
  const { url, integrationKey } = portal();
  const response = await fetch(`${url}/api/v1/patients/${patient.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${integrationKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${patient.id}@example.com` }),
  });
  if (response.status !== 200) throw new Error(`adding an email: ${response.status}`);
  return patient;
};

/** The demo service's clinicians (infra/services/demo.json). */
export type ClinicianId = 'alex-morgan' | 'sam-patel';

/**
 * An ISO instant tomorrow (UTC) at `hour`:00Z. Between 06:00Z and 23:00Z it is always at least
 * 6 hours ahead and less than 48 hours ahead: in the future, and inside the demo service's 72-hour
 * questionnaire window, whatever the time of day the tests run.
 */
export const tomorrowAt = (hour: number): string => daysAheadAt(1, hour);

/** An ISO instant `days` days from today (UTC) at `hour`:00Z. */
export const daysAheadAt = (days: number, hour: number): string => {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString().replace('.000Z', 'Z');
};

/** `days` ahead at each hour from `from`:00Z to `to`:00Z, both included. */
export const hoursOn = (days: number, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => daysAheadAt(days, from + i));

export interface BookedAppointment {
  readonly id: string;
  readonly start: string;
  readonly end: string;
}

/** The portal refused a booking (409): the clinician is not free then. */
export class BookingRefused extends Error {
  override name = 'BookingRefused';
}

/**
 * Books an appointment through the integration API. The run shares one portal, and a clinician's
 * overlapping bookings are refused (409): so is one over the demo patient's appointment, which the
 * portal books with the first clinician about 24 hours after it starts. A refusal throws
 * BookingRefused (anything else unexpected, an Error), with the portal's answer.
 */
export const bookAppointment = async (
  patientId: string,
  {
    clinicianId,
    start,
    serviceType = 'session',
  }: { readonly clinicianId: ClinicianId; readonly start: string; readonly serviceType?: string },
): Promise<BookedAppointment> => {
  const { url, integrationKey } = portal();
  const response = await fetch(`${url}/api/v1/appointments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${integrationKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId, clinicianId, start, serviceType }),
  });
  if (response.status !== 201) {
    const message = `booking ${clinicianId} at ${start}: ${response.status} ${await response.text()}`;
    throw response.status === 409 ? new BookingRefused(message) : new Error(message);
  }
  return (await response.json()) as BookedAppointment;
};

/**
 * Books the first of `starts` the portal does not refuse: the run shares one portal, so a time
 * another test file (or the demo patient) holds is passed over.
 */
export const bookFirstFree = async (
  patientId: string,
  clinicianId: ClinicianId,
  starts: readonly string[],
): Promise<BookedAppointment> => {
  for (const start of starts) {
    try {
      return await bookAppointment(patientId, { clinicianId, start });
    } catch (error) {
      if (!(error instanceof BookingRefused)) throw error;
    }
  }
  throw new Error(`no free time with ${clinicianId} from ${starts[0]} to ${starts.at(-1)}`);
};

/** One stored questionnaire response, as the integration API's JSON export gives it. */
export interface ExportedResponse {
  readonly questionnaireId: string;
  readonly date: string;
  readonly answers: Record<string, number | 'na'>;
  readonly total: number | null;
  readonly severity: string | null;
  readonly riskFlag: boolean;
}

/** A patient's stored questionnaire responses, read back through the integration API. */
export const questionnaireResponses = async (patientId: string): Promise<ExportedResponse[]> => {
  const { url, integrationKey } = portal();
  const response = await fetch(`${url}/api/v1/patients/${patientId}/questionnaire-responses`, {
    headers: { authorization: `Bearer ${integrationKey}` },
  });
  if (response.status !== 200) {
    throw new Error(`reading responses: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as { items: ExportedResponse[] }).items;
};

export interface EntryOptions {
  /** Type key by key as a person would (slower); otherwise fill each field at once. */
  readonly typing?: boolean;
}

/**
 * Enters the Secure ID and date of birth into the sign-in page, finding each field by its label,
 * replacing what was there; does not submit.
 */
export const fillSignIn = async (
  page: Page,
  values: { secureId: string; day: string; month: string; year: string },
  { typing = false }: EntryOptions = {},
): Promise<void> => {
  const fields = [
    ['Secure ID', values.secureId],
    ['Day', values.day],
    ['Month', values.month],
    ['Year', values.year],
  ] as const;
  for (const [label, value] of fields) {
    const input = page.getByLabel(label, { exact: true });
    if (typing) {
      await input.clear();
      await input.pressSequentially(value);
    } else await input.fill(value);
  }
};

/** Submits the sign-in form by its button and waits for the page it leads to. */
export const submitSignIn = async (page: Page) => {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return response;
};

/** Opens /sign-in, signs the patient in through the form, and expects to land on /home. */
export const signInThroughPage = async (
  page: Page,
  patient: TestPatient,
  options: EntryOptions = {},
): Promise<void> => {
  await page.goto(`${portal().url}/sign-in`);
  await fillSignIn(page, patient, options);
  await submitSignIn(page);
  if (new URL(page.url()).pathname !== '/home') {
    throw new Error(`signing in landed on ${page.url()}, not /home`);
  }
};

/** The local provider's seeded staff member with `role` (one per role), with the password. */
export const staffUser = (role: StaffRole) => {
  const user = portal().staff.users.find((u) => u.role === role);
  if (!user) throw new Error(`no seeded ${role}`);
  return user;
};

export interface ProviderSignInOptions {
  /**
   * Where the portal must land the browser, as a glob on its paths: the sign-in is done only when
   * the browser is back there. Any portal page unless given.
   */
  readonly landOn?: string;
  /** First expect the page to be the provider's own: staff-sign-in.test.ts checks the redirect. */
  readonly expectProviderPage?: boolean;
}

/**
 * Signs a staff member in on the local OpenID provider's form the page shows, finding the fields
 * by their labels, and waits until the provider sends the browser back to the portal.
 */
export const signInAtProvider = async (
  page: Page,
  user: { readonly email: string; readonly password: string },
  { landOn = '/**', expectProviderPage = false }: ProviderSignInOptions = {},
): Promise<void> => {
  if (expectProviderPage) expect(new URL(page.url()).origin).toBe(new URL(portal().staff.issuer).origin);
  await page.getByLabel('Email address', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await Promise.all([
    page.waitForURL(`${portal().url}${landOn}`),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
};

/**
 * Opens a staff page with no session, signs `user` in at the provider it sends the browser to,
 * and waits to land on `landOn` (the page asked for, unless given).
 */
export const openAsStaff = async (
  page: Page,
  path: string,
  user: { readonly email: string; readonly password: string },
  { landOn = path }: { readonly landOn?: string } = {},
): Promise<void> => {
  await page.goto(`${portal().url}${path}`);
  await signInAtProvider(page, user, { landOn });
};

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { target: unknown; failureSummary?: string | undefined; html: string }[];
}

export interface AxeOutcome {
  readonly violations: AxeViolation[];
  /** Ids of the rules that passed: none would mean axe checked nothing. */
  readonly passes: string[];
  /** Ids of the rules axe could not decide (for a person to review; not failures). */
  readonly incomplete: string[];
}

/** Runs axe-core in the page against the WCAG 2.0/2.1/2.2 A and AA rules. */
export const runAxe = async (page: Page): Promise<AxeOutcome> => {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(
    async (tags) => {
      interface Result {
        id: string;
        impact?: string | null;
        help: string;
        helpUrl: string;
        nodes: { target: unknown; failureSummary?: string; html: string }[];
      }
      // `axe` is the global the injected script defines.
      const { violations, passes, incomplete } = await (
        globalThis as unknown as {
          axe: {
            run: (
              context: Document,
              options: object,
            ) => Promise<{ violations: Result[]; passes: Result[]; incomplete: Result[] }>;
          };
        }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return {
        violations: violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html })),
        })),
        passes: passes.map((r) => r.id),
        incomplete: incomplete.map((r) => r.id),
      };
    },
    [...AXE_TAGS],
  );
};

/** A readable account of the violations, for the assertion message. */
export const describeViolations = (violations: readonly AxeViolation[]): string =>
  violations
    .map(
      (v) =>
        `${v.id} (${v.impact ?? 'no impact'}): ${v.help} <${v.helpUrl}>\n${v.nodes
          .map(
            (n) =>
              `    at ${JSON.stringify(n.target)}: ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
          )
          .join('\n')}`,
    )
    .join('\n');

export interface AxeCheckOptions {
  /**
   * Also expect axe to have passed more than 5 rules, so an empty list of violations means axe
   * looked and found nothing, not that it never ran.
   */
  readonly ranRules?: boolean;
}

/** Runs axe over the page as it is now and fails with the violations described, if any. */
export const expectAxeClean = async (
  page: Page,
  { ranRules = false }: AxeCheckOptions = {},
): Promise<void> => {
  const { violations, passes } = await runAxe(page);
  if (ranRules) expect(passes.length, 'axe ran its rules over the page').toBeGreaterThan(5);
  expect(
    violations,
    `axe (${AXE_TAGS.join(', ')}) on ${page.url()} found:\n${describeViolations(violations)}\n`,
  ).toEqual([]);
};

export type ContextOptions = Parameters<Browser['newContext']>[0];

/** The page's path, without the portal's origin. */
export const pathOf = (page: Page): string => new URL(page.url()).pathname;

/**
 * One Chromium for a test file: launched before its tests, closed after them. Returns `withPage`,
 * which runs a test in a new context (no cookies) and closes it whatever happens, and `browser`.
 */
export const useBrowser = () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const current = (): Browser => {
    if (!browser) throw new Error('the browser is launched in beforeAll');
    return browser;
  };
  const withPage = async (options: ContextOptions, test: (page: Page) => Promise<void>): Promise<void> => {
    const context = await newPortalContext(current(), options);
    try {
      await test(await context.newPage());
    } finally {
      await context.close();
    }
  };
  return { browser: current, withPage };
};
