import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

// Where the stack's logs go: CloudWatch log groups encrypted with a key of their own, and one
// bucket for the access logs that CloudFront and S3 deliver as files.

/** A year of logs covers an annual security review and looking back over an incident. */
export const logRetention = RetentionDays.ONE_YEAR;

export class Logging extends Construct {
  readonly key: Key;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the CloudWatch log groups of the therapy portal',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts with the key itself, so the key policy must let the regional
    // service use it, and only for log groups of this account.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );

    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 server access logging cannot deliver to an SSE-KMS bucket, only to SSE-S3.
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging writes its files with an ACL, so ACLs must stay enabled.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason: 'S3 server access logging only delivers to buckets encrypted with SSE-S3, not SSE-KMS.',
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Access logs are kept for a year for investigation; losing a region loses the service too, and a second copy in another region is not worth its cost for them.',
    });
  }

  /** A log group for one function or API, encrypted and with the stack's retention. */
  logGroup(scope: Construct, id: string): LogGroup {
    return new LogGroup(scope, id, {
      encryptionKey: this.key,
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
