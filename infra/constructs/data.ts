import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableSchema } from '../../shared/data/table-schema.js';

// The portal's one DynamoDB table. Keys, indexes and TTL come from shared/data/table-schema.ts,
// the same source the local DynamoDB bootstrap reads, so the two cannot drift apart.

/**
 * How long the daily backups are kept: as long as point-in-time recovery reaches back, so a fault
 * found weeks late (a bad migration, a bug that overwrote answers) still has a copy from before
 * it, and the copies survive the table itself being deleted, which PITR's do not.
 */
export const BACKUP_RETENTION = Duration.days(35);

export interface DataProps {
  /** Names the backup plan, which must be unique in the account and region. */
  readonly serviceId: string;
}

export class Data extends Construct {
  readonly table: Table;
  readonly key: Key;
  readonly backupPlan: BackupPlan;
  readonly backupVault: BackupVault;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);

    // A key of our own (not the AWS-owned default) so that access to patient data can be
    // audited in CloudTrail and cut off by the key policy.
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the therapy portal table (patient data)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      // DynamoDB Local has no point-in-time recovery: this line is covered by the template tests.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableSchema.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // Answers, risk flags and to-dos start in the portal (the EPR receives them later, if at all),
    // so the table is in an AWS Backup plan: a daily copy in a vault of its own, with its own key,
    // kept BACKUP_RETENTION. Restoring makes a new table (docs/runbook.md, "Restoring the table").
    this.backupVault = new BackupVault(this, 'BackupVault', {
      encryptionKey: new Key(this, 'BackupKey', {
        description: 'Encrypts the therapy portal table backups',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.backupPlan = new BackupPlan(this, 'BackupPlan', {
      backupPlanName: `therapy-portal-${props.serviceId}`,
      backupVault: this.backupVault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          // 03:00 UTC: after the evening's reminders and before the working day.
          scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
          deleteAfter: BACKUP_RETENTION,
        }),
      ],
    });
    const selection = this.backupPlan.addSelection('Table', {
      resources: [BackupResource.fromDynamoDbTable(this.table)],
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's own managed policy for taking backups, which AWS keeps in step with the services Backup supports; the role is assumed by AWS Backup only, for this plan's one table.",
    });
  }
}
