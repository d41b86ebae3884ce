import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { riskResponseOutcomes, type Todo } from '../domain/todo.js';
import { isConditionFailure, queryAll, type Table } from './dynamo.js';
import { todoKeys } from './keys.js';
import type { StaffAlerts } from './staff-alerts.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// Staff to-dos (shared/domain/todo.ts). Each is one item found by its id; the open ones are also
// in gsi1 (TODOS#OPEN), which acknowledging removes, and every one of a patient's is in gsi2.
// They are written in the same transaction as their cause (a risk answer, a disabled Secure ID),
// with the staff alert that emails the duty address about them (shared/data/staff-alerts.ts).

const Acknowledgement = lazy(() =>
  z.object({ at: z.string(), by: z.string(), role: z.string(), note: z.string() }),
);
const base = () => ({
  id: z.string(),
  patientId: z.string(),
  createdAt: z.string(),
  clinicianId: z.optional(z.string()),
  status: z.enum(['open', 'acknowledged']),
  acknowledgement: z.optional(Acknowledgement()),
});
const TodoItem = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      ...base(),
      kind: z.literal('risk'),
      questionnaireId: z.string(),
      responseDate: z.string(),
      riskItemValue: z.number(),
      previousRiskItemValue: z.nullable(z.number()),
      total: z.nullable(z.number()),
      reviewPolicy: z.string(),
      responseOutcome: z.enum(riskResponseOutcomes),
    }),
    z.object({ ...base(), kind: z.literal('secure_id_disabled') }),
  ]),
);

/** Open to-dos read per page while looking for the oldest of a kind. */
const OLDEST_OPEN_PAGE = 25;

const toTodo = (item: Record<string, unknown>): Todo => TodoItem().parse(item);

export const todos = ({ db, name }: Table) => {
  const queryTodos = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<Todo[]> =>
    (await queryAll(db, { TableName: name, ...input })).map(toTodo);

  return {
    /**
     * The puts that file a to-do and its staff alert (the outbox: docs/messages.md); the caller
     * writes them in the same transaction as its cause. The to-do comes first, so a condition
     * failure at its position still means "filed already", and then its alert is not filed
     * again: a to-do that existed sends no second email. The outbox is an argument, so only the
     * Lambdas that file to-dos wire (and bundle) it.
     */
    openItems(todo: Todo, alerts: Pick<StaffAlerts, 'pendingItem'>): TransactItem[] {
      return [
        {
          // The id is the caller's: a deterministic one makes a repeat of the same cause file nothing.
          Put: {
            TableName: name,
            Item: {
              ...todoKeys.todo(todo.id),
              ...todoKeys.openTodosIndex(todo.createdAt, todo.id),
              ...todoKeys.patientTodosIndex(todo.patientId, todo.createdAt, todo.id),
              ...todo,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        alerts.pendingItem({ todoId: todo.id, kind: todo.kind, createdAt: todo.createdAt }),
      ];
    },

    async get(todoId: string): Promise<Todo | undefined> {
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: todoKeys.todo(todoId), ConsistentRead: true }),
      );
      return Item ? toTodo(Item) : undefined;
    },

    /** Every open to-do of the service, oldest first: one Query on the sparse open index. */
    listOpen(): Promise<Todo[]> {
      return queryTodos({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': todoKeys.openTodos().gsi1pk },
      });
    },

    /**
     * When the oldest open to-do of a kind was filed, or undefined when none is open: the reminder
     * scan's age metric (OldestOpenRiskTodoAgeMinutes). The open index is oldest first and holds
     * every kind, so this reads from its start until the first of the kind: one Query of one
     * page unless many open to-dos of another kind come first.
     */
    async oldestOpen(kind: Todo['kind']): Promise<Date | undefined> {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: name,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            FilterExpression: '#kind = :kind',
            ProjectionExpression: 'createdAt',
            ExpressionAttributeNames: { '#kind': 'kind' },
            ExpressionAttributeValues: { ':pk': todoKeys.openTodos().gsi1pk, ':kind': kind },
            Limit: OLDEST_OPEN_PAGE,
            ExclusiveStartKey: start,
          }),
        );
        const createdAt = page.Items?.[0]?.createdAt;
        if (typeof createdAt === 'string') return new Date(createdAt);
        start = page.LastEvaluatedKey;
      } while (start);
      return undefined;
    },

    /** A patient's to-dos, open and acknowledged, oldest first. */
    forPatient(patientId: string): Promise<Todo[]> {
      return queryTodos({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': todoKeys.patientTodos(patientId).gsi2pk },
      });
    },

    /**
     * Acknowledges an open to-do: it leaves the open list and keeps who, when and the note. Only
     * an open one can be acknowledged, so two people acknowledging at once cannot overwrite the
     * first one's note.
     */
    async acknowledge(
      todoId: string,
      acknowledgement: z.infer<ReturnType<typeof Acknowledgement>>,
    ): Promise<'acknowledged' | 'not-open'> {
      try {
        await db.send(
          new UpdateCommand({ TableName: name, ...this.acknowledgeInput(todoId, acknowledgement) }),
        );
        return 'acknowledged';
      } catch (e) {
        if (isConditionFailure(e)) return 'not-open';
        throw e;
      }
    },

    /** The same change as a transaction item, for a cause that resolves its to-do (a reissue). */
    acknowledgeItem(
      todoId: string,
      acknowledgement: z.infer<ReturnType<typeof Acknowledgement>>,
    ): TransactItem {
      return { Update: { TableName: name, ...this.acknowledgeInput(todoId, acknowledgement) } };
    },

    acknowledgeInput(todoId: string, acknowledgement: z.infer<ReturnType<typeof Acknowledgement>>) {
      return {
        Key: todoKeys.todo(todoId),
        UpdateExpression: 'SET #status = :acknowledged, acknowledgement = :ack REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':acknowledged': 'acknowledged',
          ':open': 'open',
          ':ack': acknowledgement,
        },
      };
    },
  };
};
export type Todos = ReturnType<typeof todos>;
