import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_SCRIPT_FILE } from '../../infra/constructs/synthetic-check.js';
import { createPortalApp, type PortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';
import { tempServicesDir } from '../support/service-dirs.js';

// The synthetic check (issue 15, item 4): a canary loads the sign-in page and /api/health every
// 5 minutes at the portal's public address, and its alarm reaches the operators.

const fastApp = (context: Record<string, unknown>) => ({
  builtinCloudFormationValidation: false,
  context: { 'aws:cdk:bundling-stacks': [], ...context },
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const logicalIdOf = (stack: Stack, construct: IConstruct): string => {
  const resource = construct.node.defaultChild;
  if (!resource || !CfnElement.isCfnElement(resource))
    throw new Error(`${construct.node.path} has no resource`);
  return stack.getLogicalId(resource);
};

describe('the synthetic check in the demo stack', () => {
  let portal: PortalApp;
  let stack: PortalStack;
  let template: Template;

  beforeAll(() => {
    portal = createPortalApp({ appProps: fastApp({ service: 'demo' }) });
    const [only] = portal.stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    template = Template.fromStack(stack);
  });

  it('runs one canary every 5 minutes on a Node.js Puppeteer runtime', () => {
    template.resourceCountIs('AWS::Synthetics::Canary', 1);
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      Schedule: { Expression: 'rate(5 minutes)' },
      RuntimeVersion: Match.stringLikeRegexp('^syn-nodejs-puppeteer-'),
      StartCanaryAfterCreation: true,
    });
  });

  it('targets the CloudFront distribution, never the execute-api URL', () => {
    const distribution = logicalIdOf(stack, stack.web.distribution);
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      RunConfig: Match.objectLike({
        EnvironmentVariables: {
          PORTAL_ORIGIN: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] },
        },
      }),
    });
    const [canary] = Object.values(template.findResources('AWS::Synthetics::Canary') as Resources);
    expect(JSON.stringify(canary)).not.toContain('execute-api');
    expect(JSON.stringify(canary)).not.toContain(logicalIdOf(stack, stack.api.httpApi));
  });

  it('loads the sign-in page with its form and expects ok from /api/health', () => {
    const [canary] = Object.values(template.findResources('AWS::Synthetics::Canary') as Resources);
    const script = (canary?.Properties.Code as { Script: string }).Script;
    expect(script).toBe(readFileSync(CANARY_SCRIPT_FILE, 'utf8'));
    expect(script).toContain('`${origin}/sign-in`');
    expect(script).toContain('form[action="/sign-in"] input[name="secureId"]');
    expect(script).toContain('`${origin}/api/health`');
    expect(script).toContain("body.status !== 'ok'");
  });

  it('keeps its artifacts in a private, encrypted, SSL-only bucket', () => {
    const bucket = logicalIdOf(stack, stack.syntheticCheck.canary.artifactsBucket);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      ArtifactS3Location: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: bucket }])]),
      }),
    });
  });

  it('alarms on two failed runs in a row, and when the canary stops reporting', () => {
    const canary = logicalIdOf(stack, stack.syntheticCheck.canary);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Dimensions: [{ Name: 'CanaryName', Value: { Ref: canary } }],
      Period: 300,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 100,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'breaching',
    });
  });

  it("wires its alarm to the operators' topic, firing and clearing", () => {
    const topic = logicalIdOf(stack, stack.operatorAlarms.topic);
    const alarm = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'SuccessPercent' },
    }) as Resources;
    const [only] = Object.values(alarm);
    expect(only?.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    expect(only?.Properties.OKActions).toEqual([{ Ref: topic }]);
  });

  it('leaves no unacknowledged cdk-nag finding on the check', () => {
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()]) {
      const findings = pack
        .validateScope(portal.app)
        .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName}: ${r.constructPath ?? ''}`))
        .filter((f) => f.includes('/SyntheticCheck/'));
      expect(findings, pack.name).toEqual([]);
    }
  });
});

describe('the synthetic check of a service with its own domain', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("targets the config's portalUrl, where patients go", () => {
    const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const dir = tempServicesDir();
    dirs.push(dir);
    writeFileSync(
      join(dir, 'north.json'),
      JSON.stringify({
        ...demo,
        id: 'north',
        name: 'North Talking Therapies',
        portalUrl: 'https://portal.north.example/',
      }),
    );
    const { stacks } = createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'north' }) });
    const [stack] = stacks;
    if (!stack) throw new Error('no stack');
    Template.fromStack(stack).hasResourceProperties('AWS::Synthetics::Canary', {
      RunConfig: Match.objectLike({
        EnvironmentVariables: { PORTAL_ORIGIN: 'https://portal.north.example' },
      }),
    });
  });
});
