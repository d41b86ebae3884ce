import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { createPortalApp } from '../../infra/portal-app.js';
import { writeNewServiceConfig } from '../../infra/service-new.js';
import { loadServiceConfig } from '../../shared/config/service-config.js';

// `npm run service:new -- <id>` (issue 15, item 6): a commented starting config that parses and
// synthesizes as written, never over an existing one; and the optional custom domain.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-service-new-'));
  dirs.push(dir);
  return dir;
};

const synth = (dir: string, id: string) => {
  const app = createPortalApp({
    servicesDir: dir,
    appProps: { context: { service: id, 'aws:cdk:bundling-stacks': [] } },
  });
  const [stack] = app.stacks;
  if (!stack) throw new Error('no stack');
  return Template.fromStack(stack);
};

describe('npm run service:new', () => {
  it('writes a commented config that loads and synthesizes as it is', () => {
    const dir = tempDir();
    const path = writeNewServiceConfig('north-tt', dir);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('// Every alarm of the stack emails this address');
    const config = loadServiceConfig(path);
    expect(config).toMatchObject({ id: 'north-tt', name: 'North Tt Talking Therapies' });
    expect(config.messages?.smsSenderId).toMatch(/^[A-Za-z0-9]{1,11}$/);
    const template = synth(dir, 'north-tt');
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });

  it('never overwrites a config, and refuses an id that cannot name a stack', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'south.json'), '{"kept": true}');
    expect(() => writeNewServiceConfig('south', dir)).toThrow(/south\.json already exists/);
    expect(readFileSync(join(dir, 'south.json'), 'utf8')).toBe('{"kept": true}');
    expect(() => writeNewServiceConfig('South TT', dir)).toThrow(/cannot be a service id/);
  });

  it('names the line of a syntax error in a config', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{\n  // fine\n  "id": "broken",\n  "name": \n}\n');
    expect(() => loadServiceConfig(join(dir, 'broken.json'))).toThrow(/ValueExpected on line 5/);
  });
});

describe('customDomain', () => {
  it("serves the distribution on the service's host name with its certificate and TLS 1.2 (2021)", () => {
    const dir = tempDir();
    const path = writeNewServiceConfig('east', dir);
    const text = readFileSync(path, 'utf8').replace(
      '// "customDomain"',
      '"customDomain": { "domainName": "portal.east.example.nhs.uk", "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000" },\n  // was',
    );
    writeFileSync(path, text);
    synth(dir, 'east').hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['portal.east.example.nhs.uk'],
        ViewerCertificate: {
          AcmCertificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      },
    });
  });

  it('explains a certificate outside us-east-1', () => {
    const dir = tempDir();
    const path = writeNewServiceConfig('west', dir);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '// "customDomain"',
        '"customDomain": { "domainName": "portal.west.example.nhs.uk", "certificateArn": "arn:aws:acm:eu-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000" },\n  // was',
      ),
    );
    expect(() => loadServiceConfig(path)).toThrow(/must be the ARN of an ACM certificate in us-east-1/);
  });
});
