import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canaryNameOf } from '../../infra/constructs/synthetic-check.js';
import { createPortalApp, type PortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';
import { WafStack, wafStackNameOf } from '../../infra/waf-stack.js';
import { tempServicesDir } from '../support/service-dirs.js';

// Issue 15, items 1 (ServerlessChecks) and 8 (backups): read from the synthesized demo stack.

const fastApp = (context: Record<string, unknown>) => ({
  builtinCloudFormationValidation: false,
  context: { 'aws:cdk:bundling-stacks': [], ...context },
});

const logicalIdOf = (stack: Stack, construct: IConstruct): string => {
  const resource = construct.node.defaultChild;
  if (!resource || !CfnElement.isCfnElement(resource))
    throw new Error(`${construct.node.path} has no resource`);
  return stack.getLogicalId(resource);
};

/** Every acknowledgement in the tree, as "<rule> at <path>". */
const acknowledged = (root: IConstruct): string[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
      .map((id) => `${id.replace(/^annotation::/i, '')} at ${construct.node.path}`),
  );

export const demoConfig = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8')) as Record<
  string,
  unknown
>;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
export const appWith = (configs: Record<string, unknown>[], service = 'all'): PortalApp => {
  const dir = tempServicesDir();
  dirs.push(dir);
  for (const config of configs) writeFileSync(join(dir, `${String(config.id)}.json`), JSON.stringify(config));
  return createPortalApp({ servicesDir: dir, appProps: fastApp({ service }) });
};

describe('the demo stack', () => {
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

  describe('cdk-nag ServerlessChecks', () => {
    it('leaves no unacknowledged Serverless finding', () => {
      const violations = new ServerlessChecks()
        .validateScope(portal.app)
        .violations.map(
          (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
        );
      expect(violations).toEqual([]);
    });

    it('is registered with the app: an unacknowledged Serverless finding fails the synth', () => {
      const ignore = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
      try {
        const { app } = createPortalApp({ appProps: fastApp({ service: 'demo' }) });
        expect(() => app.synth()).toThrow(/Serverless-LambdaDLQ/);
      } finally {
        ignore.mockRestore();
      }
    });

    it('traces every function with X-Ray, its traces holding neither responses nor error texts', () => {
      const functions = template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Therapy portal demo: ') },
      });
      expect(Object.keys(functions).length).toBeGreaterThanOrEqual(10);
      for (const [id, fn] of Object.entries(functions)) {
        expect({ id, tracing: fn.Properties.TracingConfig }).toEqual({ id, tracing: { Mode: 'Active' } });
        // The Powertools tracer (shared/observability/tracing.ts) reads these.
        expect({ id, env: fn.Properties.Environment.Variables }).toMatchObject({
          id,
          env: {
            POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
            POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
            AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
          },
        });
      }
    });
  });

  describe('backups', () => {
    it('backs the table up daily into a vault of its own, kept 35 days', () => {
      template.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanRule: [
            Match.objectLike({
              ScheduleExpression: 'cron(0 3 * * ? *)',
              Lifecycle: { DeleteAfterDays: 35 },
              TargetBackupVault: {
                'Fn::GetAtt': [logicalIdOf(stack, stack.data.backupVault), 'BackupVaultName'],
              },
            }),
          ],
        },
      });
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({
          Resources: [{ 'Fn::GetAtt': [logicalIdOf(stack, stack.data.table), 'Arn'] }],
        }),
      });
      template.hasResource('AWS::Backup::BackupVault', {
        Properties: { EncryptionKeyArn: Match.anyValue() },
        DeletionPolicy: 'Retain',
      });
    });

    it('satisfies HIPAA DynamoDBInBackupPlan without acknowledging it', () => {
      expect(acknowledged(portal.app).filter((a) => a.includes('DynamoDBInBackupPlan'))).toEqual([]);
      const findings = new HIPAASecurityChecks()
        .validateScope(portal.app)
        .violations.filter((v) => v.ruleName === 'HIPAA.Security-DynamoDBInBackupPlan');
      expect(findings).toEqual([]);
    });
  });
});

describe('WAF', () => {
  /** cdk-nag's findings on the app as they would be with no acknowledgement at all. */
  const bareFindings = (build: () => PortalApp, rule: string) => {
    const ignore = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    try {
      const { app } = build();
      return new AwsSolutionsChecks()
        .validateScope(app)
        .violations.filter((v) => v.ruleName === rule)
        .flatMap((v) => v.violatingResources.map((r) => r.constructPath));
    } finally {
      ignore.mockRestore();
    }
  };

  describe('on (the default)', () => {
    let portal: PortalApp;
    let waf: Template;
    let service: Template;

    beforeAll(() => {
      portal = createPortalApp({ appProps: fastApp({ service: 'demo' }) });
      const wafStack = portal.app.node.tryFindChild(wafStackNameOf('demo'));
      if (!(wafStack instanceof WafStack)) throw new Error('no WAF stack');
      expect(wafStack.region).toBe('us-east-1');
      waf = Template.fromStack(wafStack);
      const [stack] = portal.stacks;
      if (!stack) throw new Error('no stack');
      service = Template.fromStack(stack);
    });

    it('holds a CloudFront web ACL with the common and known-bad-inputs rule sets', () => {
      waf.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        Name: 'therapy-portal-demo',
        DefaultAction: { Allow: {} },
        Rules: Match.arrayWith([
          Match.objectLike({
            Statement: {
              ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' },
            },
          }),
          Match.objectLike({
            Statement: {
              ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' },
            },
          }),
        ]),
      });
    });

    it('limits the rate per address on sign-in, the public request form and the integration API', () => {
      const [acl] = Object.values(waf.findResources('AWS::WAFv2::WebACL'));
      const rules = acl?.Properties.Rules as {
        Name: string;
        Action?: unknown;
        Statement: { RateBasedStatement?: { AggregateKeyType: string; ScopeDownStatement: unknown } };
      }[];
      const pathsOf = (name: string): string[] => {
        const rule = rules.find((r) => r.Name === name);
        expect(rule?.Action, name).toEqual({ Block: {} });
        expect(rule?.Statement.RateBasedStatement?.AggregateKeyType, name).toBe('IP');
        const text = JSON.stringify(rule?.Statement.RateBasedStatement?.ScopeDownStatement);
        return [...text.matchAll(/"SearchString":"([^"]+)"/g)].map((m) => m[1] ?? '');
      };
      expect(pathsOf('rate-sign-in')).toEqual(['/sign-in', '/api/patient/session']);
      expect(pathsOf('rate-public-requests')).toEqual([
        '/request-an-appointment',
        '/api/public/appointment-requests',
      ]);
      expect(pathsOf('rate-integration-api')).toEqual(['/api/v1/']);
    });

    it('logs to an encrypted aws-waf-logs- group, without cookies, bearer keys or query strings', () => {
      waf.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: 'aws-waf-logs-therapy-portal-demo',
        KmsKeyId: Match.anyValue(),
      });
      waf.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        RedactedFields: [
          { SingleHeader: { Name: 'cookie' } },
          { SingleHeader: { Name: 'authorization' } },
          { QueryString: {} },
        ],
      });
    });

    it("associates the ACL with the service's distribution", () => {
      const [distribution] = Object.values(service.findResources('AWS::CloudFront::Distribution'));
      const webAcl = JSON.stringify(distribution?.Properties.DistributionConfig.WebACLId);
      // The ACL's ARN, read from the WAF stack's export in us-east-1.
      expect(webAcl).toMatch(/WebAcl/);
    });

    it('has no CloudFront-without-WAF finding, even with every acknowledgement ignored', () => {
      expect(
        bareFindings(() => createPortalApp({ appProps: fastApp({ service: 'demo' }) }), 'AwsSolutions-CFR2'),
      ).toEqual([]);
      expect(acknowledged(portal.app).filter((a) => a.startsWith('AwsSolutions-CFR2'))).toEqual([]);
    });
  });

  describe('turned off in the config', () => {
    const off = () => appWith([{ ...demoConfig, waf: { enabled: false } }], 'demo');

    it('makes no WAF stack and no association, and shows the CloudFront-without-WAF finding with a warning', () => {
      const portal = off();
      expect(portal.app.node.tryFindChild(wafStackNameOf('demo'))).toBeUndefined();
      const [stack] = portal.stacks;
      if (!stack) throw new Error('no stack');
      const template = Template.fromStack(stack);
      const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
      expect(distribution?.Properties.DistributionConfig.WebACLId).toBeUndefined();
      expect(bareFindings(off, 'AwsSolutions-CFR2')).toEqual([
        expect.stringMatching(/^TherapyPortal-demo\/Web\/Distribution/),
      ]);
      expect(acknowledged(portal.app).filter((a) => a.startsWith('AwsSolutions-CFR2'))).toHaveLength(1);
      const warnings = Annotations.fromStack(stack).findWarning(
        '*',
        Match.stringLikeRegexp('WAF is turned off'),
      );
      expect(warnings).toHaveLength(1);
    });
  });
});

describe('two services in one account and region', () => {
  const account = '111111111111';
  const deployment = { account, region: 'eu-west-2' };
  const north = {
    ...demoConfig,
    id: 'north',
    name: 'North Talking Therapies',
    deployment,
  };
  const south = {
    ...demoConfig,
    id: 'south',
    name: 'South Talking Therapies',
    deployment,
    // The second service in the account: north set up the account's SMS failure logging.
    messages: { ...(demoConfig.messages as Record<string, unknown>), ownsAccountSmsLogging: false },
  };

  /** A property's text, with pseudo parameters as {Ref}; undefined for a reference to a resource. */
  const literalText = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
    if (!join) return undefined;
    return join[1]
      .map((part) =>
        typeof part === 'string' ? part : `{${String((part as { Ref?: string }).Ref ?? 'token')}}`,
      )
      .join(join[0]);
  };
  /** Property names that are names in the account (or region), by CloudFormation type. */
  const physicalNames = (template: Template): string[] => {
    const names: string[] = [];
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
    for (const { Type, Properties = {} } of Object.values(resources)) {
      for (const [key, value] of Object.entries(Properties)) {
        if (
          /^(Name|.+Name)$/.test(key) &&
          !/^(AttributeName|IndexName|KeyName|MetricName|Namespace)$/.test(key)
        ) {
          // A reference to a resource of the stack is no name of its own: only text counts.
          const text = literalText(value);
          if (text !== undefined) names.push(`${Type}.${key}=${text}`);
        }
      }
      const comment = (Properties.DistributionConfig as { Comment?: string } | undefined)?.Comment;
      if (comment) names.push(`${Type}.Comment=${comment}`);
      const plan = (Properties.BackupPlan as { BackupPlanName?: string } | undefined)?.BackupPlanName;
      if (plan) names.push(`${Type}.BackupPlanName=${plan}`);
    }
    return names;
  };

  it('synthesizes both side by side, with no physical name in common, each name showing its service', () => {
    const portal = appWith([north, south]);
    expect(portal.stacks.map((s) => s.stackName)).toEqual(['TherapyPortal-north', 'TherapyPortal-south']);
    const stackNames = portal.stacks.map((stack) => physicalNames(Template.fromStack(stack)));
    const wafNames = ['north', 'south'].map((id) => {
      const waf = portal.app.node.tryFindChild(wafStackNameOf(id));
      if (!(waf instanceof WafStack)) throw new Error(`no WAF stack for ${id}`);
      return physicalNames(Template.fromStack(waf));
    });
    const [northNames = [], southNames = []] = stackNames.map((names, i) => [
      ...names,
      ...(wafNames[i] ?? []),
    ]);
    const value = (entry: string) => entry.slice(entry.indexOf('=') + 1);
    const shared = northNames.filter((n) => southNames.some((s) => value(s) === value(n)));
    // What may repeat: names scoped to a resource of the stack's own (a role's inline policy, the
    // groups and app client of its user pool, the API's stage), and south's subscription to the
    // account's SMS log group, which north alone creates (the next test).
    const scoped =
      /^AWS::(IAM::Policy\.PolicyName|Cognito::UserPoolGroup\.|Cognito::UserPoolClient\.|ApiGatewayV2::Stage\.|Logs::SubscriptionFilter\.LogGroupName)/;
    expect(
      shared.filter(
        (n) =>
          !scoped.test(n) && !southNames.includes(`AWS::Logs::SubscriptionFilter.LogGroupName=${value(n)}`),
      ),
    ).toEqual([]);
    expect(northNames.filter((n) => n.startsWith('AWS::Logs::LogGroup.LogGroupName=sns/'))).toHaveLength(1);
    expect(southNames.filter((n) => n.startsWith('AWS::Logs::LogGroup.LogGroupName=sns/'))).toEqual([]);

    for (const [id, names] of [
      ['north', northNames],
      ['south', southNames],
    ] as const) {
      for (const type of [
        'AWS::ApiGatewayV2::Api.Name',
        'AWS::CloudFront::Distribution.Comment',
        'AWS::CloudWatch::Dashboard.DashboardName',
        'AWS::Synthetics::Canary.Name',
        'AWS::WAFv2::WebACL.Name',
        'AWS::Backup::BackupPlan.BackupPlanName',
        'AWS::Cognito::UserPool.UserPoolName',
      ]) {
        const found = names.filter((n) => n.startsWith(`${type}=`));
        expect(found, `${id} ${type}`).toHaveLength(1);
        expect(found[0], `${id} ${type}`).toContain(id);
      }
      const alarms = names.filter((n) => n.startsWith('AWS::CloudWatch::Alarm.AlarmName='));
      expect(alarms.length).toBeGreaterThan(20);
      for (const alarm of alarms) expect(alarm).toContain(`therapy-portal-${id}-`);
    }
  });

  it('sets up the account’s SMS failure logging once: the owner makes the log group, the other only subscribes', () => {
    const portal = appWith([north, south]);
    const [northStack, southStack] = portal.stacks;
    if (!northStack || !southStack) throw new Error('two stacks');
    const logGroup = `sns/eu-west-2/${account}/DirectPublishToPhoneNumber/Failure`;
    const northTemplate = Template.fromStack(northStack);
    const southTemplate = Template.fromStack(southStack);
    northTemplate.resourcePropertiesCountIs('AWS::Logs::LogGroup', { LogGroupName: logGroup }, 1);
    northTemplate.resourceCountIs('Custom::AWS', 1);
    southTemplate.resourcePropertiesCountIs('AWS::Logs::LogGroup', { LogGroupName: logGroup }, 0);
    southTemplate.resourceCountIs('Custom::AWS', 0);
    expect(southStack.deliveryStatus.deliveryStatusRole).toBeUndefined();
    // South's delivery-status function still hears of its failed texts, from the same group.
    southTemplate.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: logGroup });
  });

  it('gives canaries names that fit the 21 characters Synthetics allows and differ for similar long ids', () => {
    expect(canaryNameOf('north')).toBe('portal-north');
    const long = [canaryNameOf('north-east-and-city-a'), canaryNameOf('north-east-and-city-b')];
    for (const name of long) expect(name).toMatch(/^[a-z0-9_-]{1,21}$/);
    expect(long[0]).not.toBe(long[1]);
    expect(long[0]).toMatch(/^north-east-and/);
  });
});
