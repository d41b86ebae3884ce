import { Aspects, type IAspect, Validations } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

// Where an alarm reaches a person (F22): one topic per service that emails the config's
// `alarmEmail`. Every alarm in the stack is wired to it by an aspect, so an alarm added later
// cannot be forgotten: it alarms to the operators or fails nothing silently. docs/runbook.md says
// what each alarm means and what to do.

export interface OperatorAlarmsProps {
  readonly serviceId: string;
  readonly alarmEmail: string;
}

export class OperatorAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperatorAlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the therapy portal ${props.serviceId} alarm notifications`,
      enableKeyRotation: true,
    });
    // CloudWatch publishes the alarm to an encrypted topic, so it must be able to use the key.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      displayName: `Therapy portal ${props.serviceId} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    const email = this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    Validations.of(email).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'An email that SNS cannot deliver after its retries would sit unread in a queue too; the alarm itself stays in CloudWatch, on the dashboard and in its history, where operators look.',
    });

    const action = new SnsAction(this.topic);
    const wireEveryAlarm: IAspect = {
      visit(node: IConstruct) {
        if (node instanceof Alarm) {
          // Told when it fires and when it clears, so nobody works on a problem that has passed.
          node.addAlarmAction(action);
          node.addOkAction(action);
        }
      },
    };
    Aspects.of(scope).add(wireEveryAlarm);
  }
}
