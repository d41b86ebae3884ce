import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CfnResource, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { ArtifactsEncryptionMode, Canary, Code, Runtime, Schedule, Test } from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { fromProjectRoot } from '../project-paths.js';
import type { Logging } from './logging.js';

// The synthetic check (issue 15, F22): a CloudWatch Synthetics canary loads the sign-in page and
// GET /api/health every 5 minutes through the portal's public address, and an alarm tells the
// operators (operator-alarms.ts wires it) when it fails twice running. It sees what a patient
// sees: CloudFront, the origin header, API Gateway, the Lambda, the table.

export const CANARY_SCRIPT_FILE = 'infra/canary/portal-check.cjs';
/** Every 5 minutes: a failure reaches a person within about 10 (two runs in a row). */
export const CANARY_RATE = Duration.minutes(5);

/**
 * The canary's name: Synthetics allows 21 lower-case letters, digits, hyphens and underscores,
 * unique in the account and region. `portal-<id>` when it fits; else the id's start and a hash
 * of the whole id, so two long ids that start alike still differ.
 */
export const canaryNameOf = (serviceId: string): string => {
  const plain = `portal-${serviceId}`;
  if (plain.length <= 21) return plain;
  const hash = createHash('sha256').update(serviceId).digest('hex').slice(0, 6);
  return `${serviceId.slice(0, 14).replace(/-+$/, '')}-${hash}`;
};

export interface SyntheticCheckProps {
  readonly serviceId: string;
  /** The portal's public origin: its custom domain, or the CloudFront distribution's. */
  readonly portalOrigin: string;
  readonly logging: Logging;
}

export class SyntheticCheck extends Construct {
  readonly canary: Canary;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: SyntheticCheckProps) {
    super(scope, id);

    // Screenshots, HAR files and logs of each run: the public sign-in page and the health answer,
    // never a patient's data (the canary signs nobody in).
    const artifacts = new Bucket(this, 'Artifacts', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(31), noncurrentVersionExpiration: Duration.days(1) }],
      serverAccessLogsBucket: props.logging.accessLogBucket,
      serverAccessLogsPrefix: 'canary-artifacts/',
    });
    Validations.of(artifacts).acknowledge({
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason:
        'The bucket holds screenshots and logs of the public sign-in page and of the health answer, no personal data; SSE-S3 encrypts them at rest.',
    });
    Validations.of(artifacts).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Canary artifacts only explain a failed run and expire after 31 days; a copy in another region would keep nothing worth restoring.',
    });

    this.canary = new Canary(this, 'Canary', {
      canaryName: canaryNameOf(props.serviceId),
      runtime: Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      test: Test.custom({
        code: Code.fromInline(readFileSync(fromProjectRoot(CANARY_SCRIPT_FILE), 'utf8')),
        handler: 'index.handler',
      }),
      schedule: Schedule.rate(CANARY_RATE),
      environmentVariables: { PORTAL_ORIGIN: props.portalOrigin },
      timeout: Duration.minutes(1),
      artifactsBucketLocation: { bucket: artifacts },
      artifactS3EncryptionMode: ArtifactsEncryptionMode.S3_MANAGED,
    });

    acknowledgeCanaryRole(this.canary);

    this.alarm = new Alarm(this, 'Alarm', {
      alarmDescription:
        'The synthetic check could not load the sign-in page or got no ok from /api/health twice running: patients may not be able to sign in. See docs/runbook.md, "Synthetic check".',
      metric: this.canary.metricSuccessPercent({ period: CANARY_RATE }),
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 100,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      // No data means the canary itself stopped running: nobody is watching, which needs a person.
      treatMissingData: TreatMissingData.BREACHING,
    });
  }
}

/**
 * The canary's role is written by aws-cdk-lib from what CloudWatch Synthetics needs; these are
 * its findings, named one by one so that a new wildcard in a later aws-cdk-lib still fails synth.
 */
const acknowledgeCanaryRole = (canary: Canary): void => {
  const stack = Stack.of(canary);
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const bucket = canary.artifactsBucket.node.defaultChild;
  if (!bucket || !(bucket instanceof CfnResource))
    throw new Error('The canary artifacts bucket has no resource');
  const reasons: Record<string, string> = {
    'AwsSolutions-IAM5[Resource::*]':
      'The Synthetics runtime lists buckets (s3:ListAllMyBuckets has no resource-level form) and puts its metrics with cloudwatch:PutMetricData, which aws-cdk-lib limits to the CloudWatchSynthetics namespace by a condition.',
    [`AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket)}.Arn>/*]`]:
      "The canary writes each run's screenshots and logs as new objects of its own artifacts bucket, under names the runtime chooses.",
    [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/lambda/cwsyn-*]`]:
      'The runtime names its Lambda function, and so its log group, cwsyn-<canary>-<random>: the name is known only after creation.',
    'HIPAA.Security-IAMNoInlinePolicy':
      "aws-cdk-lib writes the canary role's policy inline for that role alone; it grants nothing else to anyone.",
    'Serverless-LambdaStarPermissions':
      'The wildcards are those of AwsSolutions-IAM5 above: listing buckets, putting metrics (limited to the CloudWatchSynthetics namespace) and the cwsyn-* log group the runtime names itself.',
  };
  for (const [id, reason] of Object.entries(reasons)) Validations.of(canary.role).acknowledge({ id, reason });
};
