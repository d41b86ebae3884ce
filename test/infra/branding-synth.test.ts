import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { createPortalApp } from '../../infra/portal-app.js';
import { defaultServicesDir } from '../../infra/project-paths.js';

// Branding at synth (issue 15, item 7): a brand colour that fails WCAG AA contrast fails the synth
// with its ratio; a logo the config names must exist beside it; a branded service's stylesheet
// and logo are deployed with the other assets.

const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const synthNorth = (branding: unknown, withLogo: boolean) => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-branding-'));
  dirs.push(dir);
  if (withLogo) cpSync(join(defaultServicesDir, 'demo'), join(dir, 'demo'), { recursive: true });
  writeFileSync(join(dir, 'north.json'), JSON.stringify({ ...demo, id: 'north', branding }));
  return () =>
    createPortalApp({
      servicesDir: dir,
      appProps: { context: { service: 'north', 'aws:cdk:bundling-stacks': [] } },
    });
};

const deploymentSources = (app: ReturnType<ReturnType<typeof synthNorth>>) => {
  const [stack] = app.stacks;
  if (!stack) throw new Error('no stack');
  const deployments = Template.fromStack(stack).findResources('Custom::CDKBucketDeployment');
  return Object.values(deployments).map(
    (d) => ((d as { Properties: { SourceObjectKeys: unknown[] } }).Properties.SourceObjectKeys ?? []).length,
  );
};

describe('branding at synth', () => {
  it('fails the synth naming the colour and its contrast ratio', () => {
    expect(synthNorth({ colours: { header: '#7fb3d5' } }, false)).toThrow(
      /north\.json is not a valid service config:\nbranding\.colours\.headerText #ffffff has a contrast ratio of 2\.25:1 against branding\.colours\.header #7fb3d5/,
    );
  });

  it('fails the synth when the logo the config names is not beside it', () => {
    expect(synthNorth({ logo: { file: 'demo/logo.svg', alt: 'North' } }, false)).toThrow(
      /names the logo "demo\/logo\.svg" in branding\.logo\.file, but there is no such file beside it/,
    );
  });

  it("deploys a branded service's stylesheet and logo with the assets, and nothing more without branding", () => {
    const branded = synthNorth({ logo: { file: 'demo/logo.svg', alt: 'North' } }, true)();
    const plain = synthNorth(undefined, false)();
    expect(deploymentSources(branded)).toEqual([4]);
    expect(deploymentSources(plain)).toEqual([3]);
  });
});
