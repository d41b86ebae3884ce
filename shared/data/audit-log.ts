import { PutCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { type AuditEvent, auditActions, type SetupAuditEvent } from '../domain/audit.js';
import { queryAll, type Table } from './dynamo.js';
import { auditKeys, setupKeys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// The append-only audit log (shared/domain/audit.ts). Entries are put, never updated: each put is
// conditional on the item being new, and the functions' IAM role is denied UpdateItem and
// DeleteItem on AUDIT# partitions (infra/constructs/api.ts), so neither a bug nor a stolen role
// can rewrite history.

const AuditItem = lazy(() =>
  z.object({
    id: z.string(),
    patientId: z.string(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.enum(auditActions),
    requestId: z.string(),
    detail: z.optional(z.string()),
  }),
);

const SetupAuditItem = lazy(() =>
  z.object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.literal('changed-setup'),
    requestId: z.string(),
    detail: z.string(),
  }),
);

export const auditLog = ({ db, name }: Table) => ({
  appendItem(event: AuditEvent): TransactItem {
    return {
      Put: {
        TableName: name,
        Item: { ...auditKeys.auditEvent(event.patientId, event.at, event.id), ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  },

  async append(event: AuditEvent): Promise<void> {
    const { Put } = this.appendItem(event);
    if (Put) await db.send(new PutCommand(Put));
  },

  /** A set-up change, for the transaction that makes it. */
  appendSetupItem(event: SetupAuditEvent): TransactItem {
    return {
      Put: {
        TableName: name,
        Item: { ...setupKeys.setupAuditEvent(event.at, event.id), ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  },

  /** The latest set-up changes, newest first. */
  async setupEvents(limit = 50): Promise<SetupAuditEvent[]> {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': setupKeys.setupAudit().pk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => SetupAuditItem().parse(i));
  },

  /** A patient's audit trail, oldest first. */
  async forPatient(patientId: string): Promise<AuditEvent[]> {
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': auditKeys.auditOf(patientId).pk },
    });
    return items.map((i) => AuditItem().parse(i));
  },
});
export type AuditLog = ReturnType<typeof auditLog>;
