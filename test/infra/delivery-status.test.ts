import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';
import { tempServicesDir } from '../support/service-dirs.js';

// Delivery status as deployed (issue 13, item 6; DESIGN.md "SMS in the UK"), read from the demo
// stack's template: SES events through a configuration set and an SNS topic, SMS failures through
// a log subscription, both into one function that may not send anything; and the SMS spend alarm.

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

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

const policiesOfRole = (template: Template, roleId: string): Statement[] =>
  Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);

describe('Delivery status in the demo stack', () => {
  let stack: PortalStack;
  let template: Template;
  let ids: { fn: string; role: string; topic: string; dlq: string; notify: string; notifyRole: string };

  beforeAll(() => {
    const [only] = createPortalApp({ appProps: fastApp({ service: 'demo' }) }).stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    template = Template.fromStack(stack);
    const d = stack.deliveryStatus;
    ids = {
      fn: logicalIdOf(stack, d.function.function),
      role: logicalIdOf(stack, d.function.role),
      topic: logicalIdOf(stack, d.topic),
      dlq: logicalIdOf(stack, d.deadLetterQueue),
      notify: logicalIdOf(stack, stack.reminders.notify.function),
      notifyRole: logicalIdOf(stack, stack.reminders.notify.role),
    };
  });

  it('makes an SES configuration set for the service, and notify sends with it', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'therapy-portal-demo' });
    const notify = template.toJSON().Resources[ids.notify].Properties;
    expect(notify.Environment.Variables.EMAIL_CONFIGURATION_SET).toBe('therapy-portal-demo');
    const sendWithSet = policiesOfRole(template, ids.notifyRole).find(
      (s) =>
        actionsOf(s).includes('ses:SendEmail') &&
        JSON.stringify(s.Resource).includes(':configuration-set/therapy-portal-demo'),
    );
    expect(sendWithSet).toBeDefined();
  });

  it('publishes bounces and complaints, and nothing else, to an encrypted topic that SES alone may publish to', () => {
    const [setId] = Object.keys(template.findResources('AWS::SES::ConfigurationSet'));
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: setId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: ids.topic } },
      },
    });
    expect(template.toJSON().Resources[ids.topic].Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: Match.objectLike({ 'AWS:SourceArn': Match.anyValue() }) },
          }),
        ]),
      },
    });
  });

  it('subscribes the delivery-status function to the topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: ids.topic },
      Endpoint: { 'Fn::GetAtt': [ids.fn, 'Arn'] },
    });
  });

  it('makes the SMS failure log group SNS writes to, and subscribes the function to all of it', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': [
          '',
          ['sns/eu-west-2/', { Ref: 'AWS::AccountId' }, '/DirectPublishToPhoneNumber/Failure'],
        ],
      },
    });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: { 'Fn::GetAtt': [ids.fn, 'Arn'] },
      FilterPattern: '',
    });
  });

  it('turns SMS delivery-status logging on with a role SNS assumes, logging failures only', () => {
    const role = stack.deliveryStatus.deliveryStatusRole;
    if (!role) throw new Error('the demo service owns the account’s SMS logging');
    const roleId = logicalIdOf(stack, role);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'sns.amazonaws.com' } })],
      },
    });
    const custom = Object.values(template.findResources('Custom::AWS'));
    const create = JSON.stringify(custom.map((c) => c.Properties.Create));
    expect(create).toContain('setSMSAttributes');
    expect(create).toContain('DeliveryStatusIAMRole');
    expect(create).toContain(roleId);
    expect(create).toContain('\\"DeliveryStatusSuccessSamplingRate\\":\\"0\\"');
  });

  it('gives the function a dead-letter queue with an alarm', () => {
    const fn = template.toJSON().Resources[ids.fn].Properties;
    expect(fn.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
      Threshold: 0,
    });
  });

  it('keeps the function’s IAM minimal: three item actions on the table, no sending, no secrets', () => {
    const allowed = policiesOfRole(template, ids.role)
      .filter((s) => s.Effect === 'Allow')
      .flatMap(actionsOf);
    const dynamo = allowed.filter((a) => a.startsWith('dynamodb:')).sort();
    expect(dynamo).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    for (const a of allowed) {
      expect(a, a).not.toMatch(/^(sns|ses|secretsmanager|sqs:Receive|logs:PutSubscriptionFilter)/);
      expect(a, a).not.toBe('*');
    }
    // The audit log stays append-only for this function too.
    expect(
      policiesOfRole(template, ids.role).some(
        (s) => s.Effect === 'Deny' && actionsOf(s).includes('dynamodb:UpdateItem'),
      ),
    ).toBe(true);
  });

  it('alarms on the month’s SMS spend, beside the dead-letter alarms', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Statistic: 'Maximum',
      Threshold: 0.8,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});

describe('a service config that names its own configuration set', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('makes no set, adds the event destination to the named one, and sets the spend alarm from the config', () => {
    const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8')) as {
      messages: Record<string, unknown>;
    };
    demo.messages = { ...demo.messages, emailConfigurationSet: 'clinic-own-set', smsSpendAlarmUsd: 40 };
    const dir = tempServicesDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(demo));
    const [stack] = createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'demo' }) }).stacks;
    if (!stack) throw new Error('no stack');
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: 'clinic-own-set',
    });
    const notify =
      template.toJSON().Resources[logicalIdOf(stack, stack.reminders.notify.function)].Properties;
    expect(notify.Environment.Variables.EMAIL_CONFIGURATION_SET).toBeUndefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SMSMonthToDateSpentUSD',
      Threshold: 40,
    });
  });
});
