// The synthetic check (docs/runbook.md, "Synthetic check"): what a patient's first step needs,
// tried every 5 minutes from outside. It runs in CloudWatch Synthetics' Node.js Puppeteer runtime,
// whose `Synthetics` module drives the browser and records each step; CommonJS, as the runtime
// loads inline scripts. It goes to the portal's public address, through CloudFront, which adds
// the origin header the Lambdas require: the same path a patient's request takes.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script: the runtime provides the module to require
const synthetics = require('Synthetics');

const origin = process.env.PORTAL_ORIGIN;

const expectOk = (response, what) => {
  if (!response) throw new Error(`${what}: no response`);
  if (response.status() !== 200) throw new Error(`${what}: status ${response.status()}`);
};

exports.handler = async () => {
  if (!origin) throw new Error('PORTAL_ORIGIN is not set');
  const page = await synthetics.getPage();

  await synthetics.executeStep('signInPage', async () => {
    const response = await page.goto(`${origin}/sign-in`, { waitUntil: 'domcontentloaded', timeout: 20000 });
    expectOk(response, 'sign-in page');
    // The form a patient signs in with, not just any 200 (an error page would also be HTML).
    await page.waitForSelector('form[action="/sign-in"] input[name="secureId"]', { timeout: 5000 });
  });

  await synthetics.executeStep('health', async () => {
    const response = await page.goto(`${origin}/api/health`, {
      waitUntil: 'domcontentloaded',
      timeout: 20000,
    });
    expectOk(response, 'health');
    const body = await response.json();
    if (body.status !== 'ok') throw new Error('health: status is not ok');
  });
};
