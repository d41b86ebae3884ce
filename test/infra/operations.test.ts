import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPortalApp, type PortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';

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
  const dir = mkdtempSync(join(tmpdir(), 'portal-services-'));
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

    it('traces every function with X-Ray', () => {
      const functions = template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Therapy portal demo: ') },
      });
      expect(Object.keys(functions).length).toBeGreaterThanOrEqual(10);
      for (const [id, fn] of Object.entries(functions)) {
        expect({ id, tracing: fn.Properties.TracingConfig }).toEqual({ id, tracing: { Mode: 'Active' } });
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
