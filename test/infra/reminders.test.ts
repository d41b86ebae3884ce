import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_MAX_RECEIVES } from '../../infra/constructs/reminders.js';
import { createPortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';
import { tempServicesDir } from '../support/service-dirs.js';

// The reminder pipeline as deployed (issue 13; DESIGN.md "AWS specifics"), read from the demo
// stack's template. Hazard H6 (a reminder missed or sent twice).

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

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('Reminders in the demo stack', () => {
  let stack: PortalStack;
  let template: Template;
  let resources: Resources;
  let ids: { scan: string; notify: string; notifyRole: string; queue: string; dlq: string; scanDlq: string };

  beforeAll(() => {
    const [only] = createPortalApp({ appProps: fastApp({ service: 'demo' }) }).stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Resources;
    const r = stack.reminders;
    const scanDlq = r.scan.function.deadLetterQueue;
    if (!scanDlq) throw new Error('the scan function has no DLQ');
    ids = {
      scan: logicalIdOf(stack, r.scan.function),
      notify: logicalIdOf(stack, r.notify.function),
      notifyRole: logicalIdOf(stack, r.notify.role),
      queue: logicalIdOf(stack, r.queue),
      dlq: logicalIdOf(stack, r.deadLetterQueue),
      scanDlq: logicalIdOf(stack, scanDlq),
    };
  });

  it('invokes the scan every 5 minutes from EventBridge Scheduler, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [ids.scan, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.scanDlq, 'Arn'] } },
      },
    });
  });

  it('runs one scan at a time (reserved concurrency 1) and sends failed scans to a dead-letter queue', () => {
    const scan = resources[ids.scan]?.Properties;
    expect(scan?.ReservedConcurrentExecutions).toBe(1);
    expect(scan?.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [ids.scanDlq, 'Arn'] } });
    expect(
      (scan?.Environment as { Variables: Record<string, unknown> }).Variables.REMINDER_QUEUE_URL,
    ).toEqual({
      Ref: ids.queue,
    });
  });

  it('encrypts every reminder queue with a customer-managed key and refuses plain HTTP', () => {
    for (const id of [ids.queue, ids.dlq, ids.scanDlq]) {
      expect(resources[id]?.Properties.KmsMasterKeyId, id).toBeDefined();
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it(`moves a message to the dead-letter queue after ${NOTIFY_MAX_RECEIVES} receives`, () => {
    expect(resources[ids.queue]?.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] },
      maxReceiveCount: NOTIFY_MAX_RECEIVES,
    });
  });

  it('alarms as soon as a reminder lands in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
  });

  it('feeds the notify function from the queue in batches, reporting failures one by one', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
      FunctionName: { Ref: ids.notify },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('lets only the notify function send SMS and email', () => {
    const sending = ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut', 'ses:SendEmail', 'ses:SendRawEmail'];
    const rolesThatSend = new Set<string>();
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const { PolicyDocument, Roles } = resource.Properties as {
        PolicyDocument: { Statement: { Effect: string; Action: string | string[] }[] };
        Roles: { Ref: string }[];
      };
      const allows = PolicyDocument.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
        Array.isArray(s.Action) ? s.Action : [s.Action],
      );
      if (allows.some((a) => sending.includes(a) || a === 'sns:*' || a === 'ses:*' || a === '*'))
        for (const role of Roles) rolesThatSend.add(role.Ref);
    }
    expect([...rolesThatSend]).toEqual([ids.notifyRole]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: ids.notifyRole }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'], Resource: '*' }),
          Match.objectLike({
            Action: 'ses:SendEmail',
            Resource: Match.arrayWith([
              {
                'Fn::Join': [
                  '',
                  Match.arrayWith([Match.stringLikeRegexp(':identity/demo-tt\\.example\\.com$')]),
                ],
              },
            ]),
          }),
        ]),
      },
    });
  });

  /** Every Allow statement of the role's policies, with the actions as a list. */
  const allowsOf = (roleId: string) =>
    Object.values(resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
      )
      .flatMap(
        (r) =>
          (
            r.Properties.PolicyDocument as {
              Statement: {
                Effect: string;
                Action: string | string[];
                Resource: unknown;
                Condition?: unknown;
              }[];
            }
          ).Statement,
      )
      .filter((st) => st.Effect === 'Allow')
      .map((st) => ({ ...st, Action: Array.isArray(st.Action) ? st.Action : [st.Action] }));

  it('seals welcomes with a rotating key of their own: only notify decrypts, integration and staff-appointments only encrypt', () => {
    const keyId = logicalIdOf(stack, stack.reminders.welcomeKey);
    expect(resources[keyId]?.Type).toBe('AWS::KMS::Key');
    expect(resources[keyId]?.Properties.EnableKeyRotation).toBe(true);
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
    const onWelcomeKey = (roleId: string) =>
      allowsOf(roleId).filter(
        (st) =>
          JSON.stringify(st.Resource).includes(keyId) || st.Action.some((a) => a === 'kms:*' || a === '*'),
      );

    const roles = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([id]) => id);
    const senders = (['integration', 'staff-appointments'] as const).map((lambda) => {
      const fn = stack.api.functions.get(lambda);
      if (!fn) throw new Error(lambda);
      return logicalIdOf(stack, fn.role);
    });
    expect(stack.reminders.welcomeSenders.map((fn) => logicalIdOf(stack, fn.role)).sort()).toEqual(
      [...senders].sort(),
    );
    for (const role of roles) {
      const actions = onWelcomeKey(role).flatMap((st) => st.Action);
      if (role === ids.notifyRole) expect(actions, role).toEqual(['kms:Decrypt']);
      else if (senders.includes(role)) expect(actions, role).toEqual(['kms:Encrypt']);
      else expect(actions, role).toEqual([]);
    }
    // Only for messages sealed as welcomes (shared/messages/welcome-queue.ts).
    for (const role of [ids.notifyRole, ...senders]) {
      for (const st of onWelcomeKey(role)) {
        expect(st.Resource).toEqual(keyArn);
        expect(st.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'welcome' } });
      }
    }
    // The key policy itself grants no function: the account root only, as CDK's default.
    const keyPolicy = JSON.stringify(resources[keyId]?.Properties.KeyPolicy);
    for (const role of roles) expect(keyPolicy).not.toContain(role);
  });

  it('lets integration and staff-appointments put welcomes on the notify queue, which notify opens with the welcome key', () => {
    const queueArn = { 'Fn::GetAtt': [ids.queue, 'Arn'] };
    for (const lambda of ['integration', 'staff-appointments'] as const) {
      const fn = stack.api.functions.get(lambda);
      if (!fn) throw new Error(lambda);
      const sends = allowsOf(logicalIdOf(stack, fn.role)).filter((st) =>
        st.Action.includes('sqs:SendMessage'),
      );
      expect(
        sends.map((st) => st.Resource),
        lambda,
      ).toEqual([queueArn]);
    }
    const notify = resources[ids.notify]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(notify.Environment.Variables.WELCOME_KEY_ID).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack, stack.reminders.welcomeKey), 'Arn'],
    });
  });

  it('gives the scan and notify functions no secret to read', () => {
    for (const role of [stack.reminders.scan.role, stack.reminders.notify.role]) {
      const policies = Object.values(
        template.findResources('AWS::IAM::Policy', {
          Properties: { Roles: [{ Ref: logicalIdOf(stack, role) }] },
        }),
      );
      const actions = policies.flatMap((p) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => s.Action),
      );
      expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    }
  });

  it('keeps the scan and notify functions off the HTTP API', () => {
    const integrations = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Integration');
    const targets = JSON.stringify(integrations.map((i) => i.Properties.IntegrationUri));
    expect(targets).not.toContain(ids.scan);
    expect(targets).not.toContain(ids.notify);
  });
});

describe('a service config without messages, or without a duty address', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('fails the synth, saying what to add', () => {
    const { messages: _, ...withoutMessages } = JSON.parse(
      readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8'),
    ) as Record<string, unknown>;
    const dir = tempServicesDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(withoutMessages));
    expect(() => createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'demo' }) })).toThrow(
      /add "messages" with at least "emailFrom"/,
    );
  });

  it('fails the synth without a duty address, where new risk flags are emailed (hazard H5)', () => {
    const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8')) as {
      messages: Record<string, unknown>;
    };
    const { dutyEmail: _, ...withoutDuty } = demo.messages;
    const dir = tempServicesDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'demo.json'), JSON.stringify({ ...demo, messages: withoutDuty }));
    expect(() => createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'demo' }) })).toThrow(
      /add "dutyEmail" to "messages"/,
    );
  });
});
