import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import type { ReportAuditEvent } from '../domain/audit.js';
import type { Table } from './dynamo.js';
import { reportKeys } from './keys.js';

// Views of the service outcomes report, in the audit log's report partition (AUDIT#REPORTS):
// append-only like the rest of the log (each put conditional on the item being new; the functions'
// IAM role is denied UpdateItem and DeleteItem on AUDIT# partitions). A module of its own, so only
// the Lambdas that serve the report carry it.

const ReportViewItem = lazy(() =>
  z.object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.literal('viewed-service-report'),
    requestId: z.string(),
    detail: z.string(),
  }),
);

export const reportViews = ({ db, name }: Table) => ({
  async append(event: ReportAuditEvent): Promise<void> {
    await db.send(
      new PutCommand({
        TableName: name,
        Item: { ...reportKeys.reportAuditEvent(event.at, event.id), ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  /** The latest views, newest first. */
  async latest(limit = 50): Promise<ReportAuditEvent[]> {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': reportKeys.reportAudit().pk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => ReportViewItem().parse(i));
  },
});
export type ReportViews = ReturnType<typeof reportViews>;
