import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, type ILogGroup, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailSendingEvent,
  EventDestination,
  type IConfigurationSet,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { MessageSettings } from '../../shared/config/service-config.js';
import { acknowledgeTableGrant, denyAuditRewrites } from './api.js';
import { logRetention } from './logging.js';
import { PortalFunction, type PortalFunctionEnvironment } from './portal-function.js';
import { grantTableAccess } from './table-access.js';
import { reminderFunctionEntries } from './reminders.js';

// Delivery status (issue 13, item 6; docs/reminders.md "Delivery status"): what SES and SNS
// report after a message has gone, recorded against the patient by the delivery-status function.
//
//   notify λ ─SendEmail (configuration set)─> SES ─bounce, complaint─> SNS topic (KMS) ─┐
//   notify λ ─Publish─> SNS SMS ─failure─> CloudWatch Logs                                ├─> delivery-status λ ─> table
//        sns/<region>/<account>/DirectPublishToPhoneNumber/Failure ─subscription filter─┘        └─> DLQ + alarm
//
// SNS rather than EventBridge for SES: the topic is the stack's own, scoped to its configuration
// set by the topic policy and encrypted with its own key, it carries SES's long-documented event
// JSON unchanged, and its Lambda subscription is the same kind of asynchronous invocation as the
// log subscription's, so one function with one dead-letter queue takes both.

export interface DeliveryStatusProps extends PortalFunctionEnvironment {
  readonly serviceId: string;
  readonly messages: MessageSettings;
  /** The notify function: it sends with the configuration set made here. */
  readonly notify: PortalFunction;
}

/** SNS's log group for failed texts to phone numbers; SNS names it, so the stack must match. */
export const smsFailureLogGroupName = (region: string, account: string): string =>
  `sns/${region}/${account}/DirectPublishToPhoneNumber/Failure`;

export class DeliveryStatus extends Construct {
  readonly function: PortalFunction;
  readonly topic: Topic;
  readonly configurationSetName: string;
  readonly smsFailureLogs: ILogGroup;
  readonly deadLetterQueue: Queue;
  /** The role SNS logs with; only in the stack that owns the account's SMS logging. */
  readonly deliveryStatusRole: Role | undefined;

  constructor(scope: Construct, id: string, props: DeliveryStatusProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);

    const key = new Key(this, 'Key', {
      description: 'Encrypts the therapy portal delivery events topic and its dead-letter queue',
      enableKeyRotation: true,
    });
    // SES encrypts what it publishes to the topic with this key: only for this account's sets.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This is a dead-letter queue, the end of the line: what lands here is alarmed and looked at by a person (docs/runbook.md), so a queue behind it would only hide it.',
    });
    this.function = new PortalFunction(this, 'Function', {
      ...props,
      entry: reminderFunctionEntries['delivery-status'],
      description: `Therapy portal ${props.serviceId}: record bounces, complaints and failed texts`,
      timeout: Duration.seconds(30),
      // SNS and the log subscription invoke asynchronously: failures after Lambda's retries land here.
      deadLetterQueue: this.deadLetterQueue,
      acknowledge: {
        lambdaConcurrency:
          "Bounces and failed texts arrive at the rate messages are sent, which the notify function's event source already bounds; reserving concurrency would take from the account's pool, which new accounts keep small.",
      },
    });
    const fn = this.function;
    // What it needs and nothing more (table-access.ts): no Query, no Delete, no secrets, no sending.
    grantTableAccess('delivery-status', fn, props.table);
    denyAuditRewrites(fn, props.table);
    props.table.encryptionKey?.grantEncryptDecrypt(fn.function);
    acknowledgeTableGrant(fn, props.table);

    // The configuration set notify sends with: the config's own, or one the stack makes.
    let configurationSet: IConfigurationSet;
    if (props.messages.emailConfigurationSet) {
      configurationSet = ConfigurationSet.fromConfigurationSetName(
        this,
        'ConfigurationSet',
        props.messages.emailConfigurationSet,
      );
      this.configurationSetName = props.messages.emailConfigurationSet;
    } else {
      this.configurationSetName = `therapy-portal-${props.serviceId}`;
      configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
        configurationSetName: this.configurationSetName,
      });
      props.notify.function.addEnvironment('EMAIL_CONFIGURATION_SET', this.configurationSetName);
    }
    props.notify.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SendWithConfigurationSet',
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${partition}:ses:${region}:${account}:configuration-set/${this.configurationSetName}`,
        ],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: `Therapy portal ${props.serviceId} email delivery events`,
      masterKey: key,
      enforceSSL: true,
    });
    new ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet,
      destination: EventDestination.snsTopic(this.topic),
      // Only what changes what the portal does or shows: not sends, deliveries or opens.
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const subscription = this.topic.addSubscription(new LambdaSubscription(fn.function));
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        "SNS hands each event to Lambda as an asynchronous invocation; Lambda's retries and then the function's own dead-letter queue (alarmed) catch what fails, so a second queue for SNS would only hold what Lambda refused outright.",
    });

    // SMS delivery status: SNS writes failed texts to a log group it names itself, once the
    // account's SMS attributes name a role it may log with. Both are the account's, per region,
    // not the service's: the service that owns them (messages.ownsAccountSmsLogging, the default)
    // makes the group (so the subscription filter has something to attach to before the first
    // failure) and sets the attribute; any other service in the same account and region only
    // subscribes its function to the same group (docs/reminders.md, "More than one service per
    // account"). SNS's log line names no service: each function skips message ids it has not sent.
    const ownsSmsLogging = props.messages.ownsAccountSmsLogging;
    this.smsFailureLogs = ownsSmsLogging
      ? new LogGroup(this, 'SmsFailureLogs', {
          logGroupName: smsFailureLogGroupName(region, account),
          retention: logRetention,
          encryptionKey: props.logging.key,
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : LogGroup.fromLogGroupName(this, 'SmsFailureLogs', smsFailureLogGroupName(region, account));
    new SubscriptionFilter(this, 'SmsFailures', {
      logGroup: this.smsFailureLogs,
      destination: new LambdaDestination(fn.function),
      filterPattern: FilterPattern.allEvents(),
    });

    if (ownsSmsLogging) {
      const deliveryStatusRole = new Role(this, 'SmsDeliveryStatusRole', {
        description: 'Lets SNS write SMS delivery status to CloudWatch Logs',
        assumedBy: new ServicePrincipal('sns.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': account } },
        }),
      });
      const snsLogGroups = `arn:${partition}:logs:${region}:${account}:log-group:sns/${region}/${account}/*`;
      deliveryStatusRole.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [
            'logs:CreateLogGroup',
            'logs:CreateLogStream',
            'logs:PutLogEvents',
            'logs:PutMetricFilter',
            'logs:PutRetentionPolicy',
          ],
          resources: [snsLogGroups, `${snsLogGroups}:*`],
        }),
      );
      // cdk-nag names the resource as the template has it: literal account and region where the
      // stack's environment fixes them, placeholders where it does not.
      const r = Token.isUnresolved(region) ? '<AWS::Region>' : region;
      const a = Token.isUnresolved(account) ? '<AWS::AccountId>' : account;
      const nagLogGroups = `arn:<AWS::Partition>:logs:${r}:${a}:log-group:sns/${r}/${a}/*`;
      Validations.of(deliveryStatusRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagLogGroups}]`,
        reason:
          'SNS names its SMS delivery log groups itself (DirectPublishToPhoneNumber, and /Failure under it); the wildcard covers only the SNS log groups of this account and region.',
      });
      Validations.of(deliveryStatusRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagLogGroups}:*]`,
        reason: 'The log streams SNS creates in its own SMS delivery log groups.',
      });
      Validations.of(deliveryStatusRole).acknowledge({
        id: 'HIPAA.Security-IAMNoInlinePolicy',
        reason: 'Attached to this role alone, which only SNS assumes to write SMS delivery status.',
      });

      // SetSMSAttributes has no CloudFormation resource: a custom resource calls it on deploy. On
      // delete it leaves the setting (other stacks in the account may rely on it).
      const smsAttributes = {
        service: 'SNS',
        action: 'setSMSAttributes',
        parameters: {
          attributes: {
            DeliveryStatusIAMRole: deliveryStatusRole.roleArn,
            // Failures only: successes would log every delivered text, with its number.
            DeliveryStatusSuccessSamplingRate: '0',
          },
        },
        physicalResourceId: PhysicalResourceId.of(`${props.serviceId}-sms-delivery-status`),
      };
      const setSmsAttributes = new AwsCustomResource(this, 'SmsDeliveryStatusLogging', {
        onCreate: smsAttributes,
        onUpdate: smsAttributes,
        installLatestAwsSdk: false,
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
          new PolicyStatement({ actions: ['iam:PassRole'], resources: [deliveryStatusRole.roleArn] }),
        ]),
      });
      acknowledgeCustomResourceProvider(this, setSmsAttributes);
      this.deliveryStatusRole = deliveryStatusRole;
    } else {
      this.deliveryStatusRole = undefined;
    }

    new Alarm(this, 'DlqAlarm', {
      alarmDescription:
        'Delivery events (bounces, complaints, failed texts) could not be recorded after every retry (docs/reminders.md, "Delivery status")',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}

/** The findings on the one function CDK shares between every AwsCustomResource in the stack. */
const acknowledgeCustomResourceProvider = (scope: Construct, resource: AwsCustomResource): void => {
  Validations.of(resource).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'SNS authorises SetSMSAttributes only on "*": the setting is the account’s, not a resource’s.',
  });
  Validations.of(resource).acknowledge({
    id: 'HIPAA.Security-IAMNoInlinePolicy',
    reason:
      'The custom resource’s policy is attached to its provider’s role alone, which nothing else assumes.',
  });
  const provider = Stack.of(scope).node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (!provider) return;
  const reasons: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      'CDK’s own provider function for AwsCustomResource: it runs only during deployments, and writes only its own logs.',
    'HIPAA.Security-LambdaDLQ':
      'Invoked synchronously by CloudFormation during deployments: a failure fails the deployment, which is its report.',
    'HIPAA.Security-LambdaConcurrency':
      'Runs once per deployment; reserving concurrency would only take from the account.',
    'HIPAA.Security-LambdaInsideVPC':
      'Calls one AWS API (SNS SetSMSAttributes) over TLS; it has no private network to reach.',
    'Serverless-LambdaDLQ':
      'Invoked synchronously by CloudFormation during deployments: a failure fails the deployment, which is its report.',
    'Serverless-LambdaTracing':
      'CDK’s own provider function, run once per deployment: a trace would show one SNS call that CloudFormation already reports.',
    'Serverless-LambdaDefaultMemorySize':
      'aws-cdk-lib sizes its own provider function; it makes one small API call per deployment.',
  };
  for (const [id, reason] of Object.entries(reasons)) Validations.of(provider).acknowledge({ id, reason });
};
