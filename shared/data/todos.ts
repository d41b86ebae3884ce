import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Table } from './dynamo.js';
import { keys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A risk flag waiting for a clinician (risk.md): open until a clinician acknowledges it with a
 * note (the staff console, a later capability). It carries what the clinician needs to triage,
 * never the other answers.
 */
export const RiskTodo = z.object({
  id: z.string(),
  kind: z.literal('risk-flag'),
  status: z.enum(['open', 'acknowledged']),
  clinicianId: z.string(),
  patientId: z.string(),
  questionnaireId: z.string(),
  responseDate: z.string(),
  submittedAt: z.string(),
  riskItemValue: z.number(),
  total: z.number().nullable(),
  /** The service's policy, e.g. "Review within 1 working day", shown on the to-do. */
  reviewPolicy: z.string(),
});
export type RiskTodo = z.infer<typeof RiskTodo>;

export const todos = ({ db, name }: Table) => ({
  /** The put that files a to-do; the caller writes it in the same transaction as its cause. */
  riskTodoItem(todo: RiskTodo): TransactItem {
    return {
      Put: {
        TableName: name,
        Item: {
          ...keys.clinicianTodo(todo.clinicianId, todo.submittedAt, todo.id),
          ...keys.openTodosIndex(todo.submittedAt, todo.id),
          ...todo,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  },

  /** A clinician's to-do items, oldest first. */
  async forClinician(clinicianId: string): Promise<RiskTodo[]> {
    const { pk, skPrefix } = keys.clinicianTodos(clinicianId);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      }),
    );
    return Items.map((i) => RiskTodo.parse(i));
  },
});
export type Todos = ReturnType<typeof todos>;
