import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';
import { tempServicesDir } from '../support/service-dirs.js';

// Alarms reach a person (F22): every alarm in a service's stack emails the config's alarm address
// through one encrypted topic, when it fires and when it clears.

const fastApp = (context: Record<string, unknown>) => ({
  builtinCloudFormationValidation: false,
  context: { 'aws:cdk:bundling-stacks': [], ...context },
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('Operator alarms in the demo stack', () => {
  let stack: PortalStack;
  let template: Template;
  let topicId: string;
  const dirs: string[] = [];

  beforeAll(() => {
    const [only] = createPortalApp({ appProps: fastApp({ service: 'demo' }) }).stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    template = Template.fromStack(stack);
    const resource = stack.operatorAlarms.topic.node.defaultChild;
    if (!resource || !CfnElement.isCfnElement(resource)) throw new Error('no topic resource');
    topicId = stack.getLogicalId(resource);
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('emails the alarm address from an encrypted topic', () => {
    const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8')) as {
      alarmEmail: string;
    };
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: demo.alarmEmail,
      TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
      DisplayName: 'Therapy portal demo alarms',
    });
    // CloudWatch can publish to it only if the key lets it.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('wires every alarm of the stack to the topic, firing and clearing', () => {
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Resources);
    // The reminder, scan and delivery-status dead-letter queues and the SMS spend, at least.
    expect(alarms.length).toBeGreaterThanOrEqual(4);
    for (const [id, alarm] of alarms) {
      expect({ id, actions: alarm.Properties.AlarmActions }).toEqual({ id, actions: [{ Ref: topicId }] });
      expect({ id, actions: alarm.Properties.OKActions }).toEqual({ id, actions: [{ Ref: topicId }] });
    }
  });

  it('fails the synth without an alarm address', () => {
    const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const { alarmEmail: _, ...withoutAlarmEmail } = demo;
    const dir = tempServicesDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(withoutAlarmEmail));
    expect(() => createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'demo' }) })).toThrow(
      /add "alarmEmail" to its service config/,
    );
  });
});
