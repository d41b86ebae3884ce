import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import type { QuestionnaireResponse } from '../domain/questionnaires/types.js';
import { queryAll, type Table } from './dynamo.js';
import { responseKeys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const ResponseItem = lazy(() =>
  z.object({
    patientId: z.string(),
    questionnaireId: z.string(),
    date: z.string(),
    submittedAt: z.string(),
    appointmentId: z.optional(z.string()),
    answers: z.record(z.string(), z.union([z.number(), z.literal('na')])),
    total: z.nullable(z.number()),
    severity: z.nullable(z.string()),
    riskFlag: z.boolean(),
    riskItemValue: z.optional(z.number()),
    // Kept since responses store what they were answered with; older items lack both.
    maxTotal: z.optional(z.nullable(z.number())),
    asAnswered: z.optional(
      z.object({
        version: z.string(),
        title: z.string(),
        loinc: z.optional(z.object({ panel: z.string(), total: z.optional(z.string()) })),
        items: z.array(
          z.object({
            id: z.string(),
            text: z.string(),
            loinc: z.optional(z.string()),
            answer: z.object({ label: z.string(), loinc: z.optional(z.string()) }),
          }),
        ),
      }),
    ),
  }),
);

const toResponse = (item: Record<string, unknown>): QuestionnaireResponse => ResponseItem().parse(item);

/** Completed questionnaires, in the patient's partition, keyed by date then questionnaire. */
export const responses = ({ db, name }: Table) => ({
  /**
   * The put that stores a response; the use case writes it in one transaction with what it gives
   * rise to (a risk to-do). The condition makes "once per questionnaire per day" hold under
   * concurrent submissions: of ten at once, one is stored and nine are told it is already done.
   */
  saveItem(response: QuestionnaireResponse): TransactItem {
    return {
      Put: {
        TableName: name,
        Item: {
          ...responseKeys.response(response.patientId, response.date, response.questionnaireId),
          ...response,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  },

  /** Responses dated fromDate..toDate inclusive: one Query, sized by the days, not by history. */
  async between(patientId: string, fromDate: string, toDate: string): Promise<QuestionnaireResponse[]> {
    const range = responseKeys.responsesBetween(patientId, fromDate, toDate);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
      }),
    );
    return Items.map(toResponse);
  },

  /** Every response of a patient, oldest first (exports). */
  async all(patientId: string): Promise<QuestionnaireResponse[]> {
    const { pk, skPrefix } = responseKeys.allResponses(patientId);
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map(toResponse);
  },
});
export type Responses = ReturnType<typeof responses>;
