import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPortalApp } from '../../infra/portal-app.js';
import { defaultServicesDir } from '../../infra/project-paths.js';

// A broken message template fails `cdk synth`, before any stack is built or deployed.

const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const synthNorth = (messageTemplates: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-templates-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'north.json'), JSON.stringify({ ...demo, id: 'north', messageTemplates }));
  return () =>
    createPortalApp({
      servicesDir: dir,
      appProps: { context: { service: 'north', 'aws:cdk:bundling-stacks': [] } },
    });
};

describe('message templates at synth', () => {
  it('fails the synth naming the template and the placeholder its kind cannot fill', () => {
    expect(
      synthNorth({ staffAlertRisk: { email: { subject: 'Review', text: 'ID {secureId}: {consoleUrl}' } } }),
    ).toThrow(
      /north\.json is not a valid service config:\nmessageTemplates\.staffAlertRisk\.email\.text uses \{secureId\}/,
    );
  });

  it('fails the synth with the length and encoding of an SMS template too long for two parts', () => {
    expect(
      synthNorth({ reminder: { sms: `{serviceName} {date} {time} {portalUrl} ${'a'.repeat(150)}` } }),
    ).toThrow(
      /messageTemplates\.reminder\.sms is too long for two text messages[\s\S]*: \d{3} GSM-7 characters \(septets\), at most 306/,
    );
  });
});
