import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_SCRIPT_FILE } from '../../infra/constructs/synthetic-check.js';
import { portal, useBrowser } from '../support/e2e-browser.js';

// The canary's own script (infra/canary/portal-check.cjs), run against the local portal in real
// Chromium. CloudWatch Synthetics gives it a `Synthetics` module; here a stand-in hands it a
// Playwright page (the calls it makes, goto, status, json and waitForSelector, are the same in
// Puppeteer) and runs each step. It passes on the portal as it is, and fails when either the
// sign-in form or the health answer is not what a patient needs.

const { withPage } = useBrowser();

interface StandIn {
  page?: Page;
  steps: string[];
}
const standIn: StandIn = { steps: [] };

let dir: string;
let runCanary: () => Promise<void>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'canary-'));
  mkdirSync(join(dir, 'node_modules', 'Synthetics'), { recursive: true });
  (globalThis as { __syntheticsStandIn?: unknown }).__syntheticsStandIn = {
    getPage: async () => standIn.page,
    executeStep: async (name: string, step: () => Promise<void>) => {
      standIn.steps.push(name);
      await step();
    },
  };
  writeFileSync(
    join(dir, 'node_modules', 'Synthetics', 'index.js'),
    'module.exports = globalThis.__syntheticsStandIn;\n',
  );
  copyFileSync(CANARY_SCRIPT_FILE, join(dir, 'index.cjs'));
  process.env.PORTAL_ORIGIN = portal().url;
  const script = createRequire(import.meta.url)(join(dir, 'index.cjs')) as { handler: () => Promise<void> };
  runCanary = script.handler;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = async (page: Page) => {
  standIn.page = page;
  standIn.steps = [];
  await runCanary();
};

describe('the synthetic check script', () => {
  it('passes against the portal: the sign-in form, then ok from /api/health', async () => {
    await withPage({}, async (page) => {
      await run(page);
      expect(standIn.steps).toEqual(['signInPage', 'health']);
    });
  });

  it('fails when the health endpoint answers 503', async () => {
    await withPage({}, async (page) => {
      await page.route('**/api/health', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: '{"status":"unavailable"}' }),
      );
      await expect(run(page)).rejects.toThrow(/health: status 503/);
    });
  });

  it('fails when the health endpoint answers 200 without status ok', async () => {
    await withPage({}, async (page) => {
      await page.route('**/api/health', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: '{"status":"degraded"}' }),
      );
      await expect(run(page)).rejects.toThrow(/health: status is not ok/);
    });
  });

  it('fails when the sign-in page is a 200 without the sign-in form', async () => {
    await withPage({}, async (page) => {
      await page.route('**/sign-in', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><h1>Sorry</h1>' }),
      );
      await expect(run(page)).rejects.toThrow();
      expect(standIn.steps).toEqual(['signInPage']);
    });
  });
});
