import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MessageSettings } from '../../shared/config/service-config.js';
import { acknowledgeTableGrant, denyAuditRewrites } from './api.js';
import { PortalFunction, type PortalFunctionEnvironment } from './portal-function.js';
import { lazyModulesOf } from '../bundling.js';
import { grantTableAccess } from './table-access.js';

// The reminder pipeline (F3; DESIGN.md "Shape" and "Sending once"):
//   EventBridge Scheduler, rate(5 minutes) ─> reminder-scan λ (one at a time) ─> SQS ─> notify λ
//                                                                                 └─> DLQ + alarm
// The scan and notify functions are PortalFunctions but not HTTP routes, so they are not in the
// route table; their entry files are listed here.

export const reminderFunctionEntries = {
  'reminder-scan': 'functions/reminder-scan.ts',
  notify: 'functions/notify.ts',
  // Built by the DeliveryStatus construct (delivery-status.ts): bounces, complaints, failed texts.
  'delivery-status': 'functions/delivery-status.ts',
} as const;

export interface RemindersProps extends PortalFunctionEnvironment {
  readonly serviceId: string;
  readonly messages: MessageSettings;
}

/** 80% of SNS's first SMS spend limit (USD 1); messages.smsSpendAlarmUsd sets it for a raised limit. */
export const DEFAULT_SMS_SPEND_ALARM_USD = 0.8;
/**
 * What KMS must find in a request's EncryptionContext for the welcome key to be used at all
 * (shared/messages/welcome-queue.ts, welcomeSealContext).
 */
const WELCOME_CONTEXT = { StringEquals: { 'kms:EncryptionContext:purpose': 'welcome' } };

/** Receives before a message goes to the DLQ: the first try and four retries, with backoff. */
export const NOTIFY_MAX_RECEIVES = 5;
const NOTIFY_TIMEOUT = Duration.seconds(30);

export class Reminders extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Failed scan invocations and schedules that could not start one. */
  readonly scanDeadLetterQueue: Queue;
  readonly scan: PortalFunction;
  readonly notify: PortalFunction;
  readonly schedule: Schedule;
  readonly deadLetterAlarm: Alarm;
  readonly smsSpendAlarm: Alarm;
  /** Seals the Secure ID in a queued welcome: only notify may decrypt with it (docs/messages.md). */
  readonly welcomeKey: Key;
  /** The functions that queue welcomes (acceptWelcomesFrom). */
  readonly welcomeSenders: PortalFunction[] = [];

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);

    // Messages hold ids and instants only, but they are still the service's data: a key of its own.
    const key = new Key(this, 'QueueKey', {
      description: 'Encrypts the therapy portal reminder queues',
      enableKeyRotation: true,
    });
    const encrypted = { encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true };

    this.deadLetterQueue = new Queue(this, 'Dlq', { ...encrypted, retentionPeriod: Duration.days(14) });
    this.queue = new Queue(this, 'Queue', {
      ...encrypted,
      // AWS's advice for a Lambda event source: at least six times the function's timeout, so a
      // batch that is still being worked on is not handed to a second poller. It is also the
      // backoff before a failed message (SNS throttling) is tried again.
      visibilityTimeout: Duration.seconds(NOTIFY_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: NOTIFY_MAX_RECEIVES },
    });
    // What the scheduler could not deliver and scan invocations that failed all of Lambda's retries.
    const scanDeadLetters = new Queue(this, 'ScanDlq', { ...encrypted, retentionPeriod: Duration.days(14) });
    this.scanDeadLetterQueue = scanDeadLetters;
    for (const dlq of [this.deadLetterQueue, scanDeadLetters]) {
      Validations.of(dlq).acknowledge({
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This is a dead-letter queue, the end of the line: what lands here is alarmed and looked at by a person (docs/runbook.md), so a queue behind it would only hide it.',
      });
    }

    const common = { ...props, description: undefined };
    this.scan = new PortalFunction(this, 'Scan', {
      ...common,
      entry: reminderFunctionEntries['reminder-scan'],
      lazyModules: lazyModulesOf('reminder-scan'),
      description: `Therapy portal ${props.serviceId}: reminder scan`,
      timeout: Duration.minutes(1),
      // One scan at a time: overlapping scans would be harmless (the claim), but wasteful.
      reservedConcurrentExecutions: 1,
      deadLetterQueue: scanDeadLetters,
    });
    this.scan.function.addEnvironment('REMINDER_QUEUE_URL', this.queue.queueUrl);
    this.queue.grantSendMessages(this.scan.function);

    this.notify = new PortalFunction(this, 'Notify', {
      ...common,
      entry: reminderFunctionEntries.notify,
      lazyModules: lazyModulesOf('notify'),
      description: `Therapy portal ${props.serviceId}: send reminders`,
      timeout: NOTIFY_TIMEOUT,
      acknowledge: {
        lambdaDlq:
          'Invoked by its SQS event source: a failed message returns to the reminder queue and, after its retries, goes to that queue’s dead-letter queue, which is alarmed.',
        lambdaConcurrency:
          "Its SQS event source's maximum concurrency bounds it without reserving from the account's pool, which new accounts keep small.",
      },
    });
    Validations.of(this.notify).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        "An SQS event source has no on-failure destination of its own: a message that keeps failing goes to the queue's dead-letter queue by the queue's redrive policy, which is alarmed.",
    });
    this.notify.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        // A failed message is retried alone; the batch's others are done (sending once).
        reportBatchItemFailures: true,
        // A few at a time: SNS's SMS rate and SES's send rate are per account.
        maxConcurrency: 5,
      }),
    );

    // The welcome key (F1; docs/messages.md): the integration and staff functions encrypt a new
    // Secure ID with it (acceptWelcomesFrom), and only the notify function may decrypt. Grants
    // name single actions: CDK's grantEncrypt would add kms:ReEncrypt*, with which a sender
    // could re-encrypt a sealed ID under a key it can decrypt.
    this.welcomeKey = new Key(this, 'WelcomeKey', {
      description:
        'Seals the Secure ID in therapy portal welcome messages; only the notify function decrypts',
      enableKeyRotation: true,
    });
    this.notify.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'OpenWelcomes',
        effect: Effect.ALLOW,
        actions: ['kms:Decrypt'],
        resources: [this.welcomeKey.keyArn],
        conditions: WELCOME_CONTEXT,
      }),
    );
    this.notify.function.addEnvironment('WELCOME_KEY_ID', this.welcomeKey.keyArn);

    for (const [lambda, fn] of [
      ['reminder-scan', this.scan],
      ['notify', this.notify],
    ] as const) {
      grantTableAccess(lambda, fn, props.table);
      denyAuditRewrites(fn, props.table);
      props.table.encryptionKey?.grantEncryptDecrypt(fn.function);
      // No secrets: neither function hashes a Secure ID or serves a request (shared/messaging-deps.ts).
      acknowledgeTableGrant(fn, props.table);
    }

    // Only the notify function may send. Texts to phone numbers have no topic, so SNS authorises
    // Publish and the opted-out check on "*" alone.
    this.notify.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SendSms',
        effect: Effect.ALLOW,
        actions: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'],
        resources: ['*'],
      }),
    );
    Validations.of(this.notify.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SNS authorises Publish to a phone number (SMS, no topic) and CheckIfPhoneNumberIsOptedOut only on the resource "*"; this role is the notify function’s alone.',
    });
    const emailDomain = props.messages.emailFrom.split('@')[1] ?? props.messages.emailFrom;
    const identity = (name: string) => `arn:${partition}:ses:${region}:${account}:identity/${name}`;
    this.notify.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SendEmail',
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          // SES authorises against whichever identity is verified: the domain or the address.
          identity(emailDomain),
          identity(props.messages.emailFrom),
          ...(props.messages.emailConfigurationSet
            ? [
                `arn:${partition}:ses:${region}:${account}:configuration-set/${props.messages.emailConfigurationSet}`,
              ]
            : []),
        ],
      }),
    );

    // A role of its own next to the schedule, rather than the stack-wide one CDK would make.
    const scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    });
    Validations.of(scheduleRole).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'The policy comes from the schedule target and is attached to this role alone, which only the reminder schedule assumes.',
    });
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.scan.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        "Invoking the scan function's versions and aliases: the wildcard covers this one function only.",
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: `Therapy portal ${props.serviceId}: find reminders that have come due`,
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new LambdaInvoke(this.scan.function, {
        role: scheduleRole,
        // A missed run is caught up by the next (the scan's watermark), so retries stay short.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
        deadLetterQueue: scanDeadLetters,
      }),
    });

    this.deadLetterAlarm = new Alarm(this, 'DlqAlarm', {
      alarmDescription:
        'Reminders could not be sent after every retry (docs/reminders.md, "When the dead-letter queue alarms")',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new Alarm(this, 'ScanDlqAlarm', {
      alarmDescription: 'Reminder scans failed or could not be started (docs/reminders.md)',
      metric: scanDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // DESIGN.md, "SMS in the UK": SNS stops sending texts at the account's spend limit (USD 1 until
    // raised), so the alarm fires before reminders silently stop.
    this.smsSpendAlarm = new Alarm(this, 'SmsSpendAlarm', {
      alarmDescription:
        "This month's SMS spend is near the account's SNS spend limit: raise the limit or expect texts to stop (docs/reminders.md)",
      metric: new Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: props.messages.smsSpendAlarmUsd ?? DEFAULT_SMS_SPEND_ALARM_USD,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Lets a function that issues Secure IDs queue the patient's welcome: put messages on the notify
   * queue and encrypt (never decrypt) with the welcome key. Sending stays the notify function's.
   */
  acceptWelcomesFrom(fn: PortalFunction): void {
    this.queue.grantSendMessages(fn.function);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SealWelcomes',
        effect: Effect.ALLOW,
        actions: ['kms:Encrypt'],
        resources: [this.welcomeKey.keyArn],
        conditions: WELCOME_CONTEXT,
      }),
    );
    fn.function.addEnvironment('REMINDER_QUEUE_URL', this.queue.queueUrl);
    fn.function.addEnvironment('WELCOME_KEY_ID', this.welcomeKey.keyArn);
    this.welcomeSenders.push(fn);
  }
}
