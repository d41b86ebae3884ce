import { CASENESS, isCasenessMeasure } from '../../domain/outcomes/caseness.js';
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import type { QuestionnaireResponse } from '../../domain/questionnaires/types.js';
import { scoreChartMessages } from '../messages.js';
import type { ScoreSeries } from './score-chart.js';

export class UnchartableQuestionnaireError extends Error {
  override name = 'UnchartableQuestionnaireError';
}

/**
 * One measure's chart data from its definition (bands, highest total) and the patient's stored
 * responses. Responses of other questionnaires and those without a total are left out, so a
 * caller may pass everything the patient has completed. Points come back oldest first; two on
 * the same date keep the order they were given in.
 */
export const scoreSeriesFrom = (
  definition: QuestionnaireDefinition,
  responses: readonly QuestionnaireResponse[],
): ScoreSeries => {
  const id = definition.id;
  if (!isCasenessMeasure(id) || definition.bands.length === 0)
    throw new UnchartableQuestionnaireError(`no score chart for questionnaire ${id}`);
  const points = responses
    .filter((r) => r.questionnaireId === id && r.total !== null)
    .map((r) => ({ date: r.date, total: r.total as number }))
    // ISO dates sort as strings; Array.prototype.sort is stable.
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    questionnaireId: id,
    title: scoreChartMessages.measureNames[id],
    // The schema makes the bands cover 0 to the highest possible total, so the top band ends there.
    max: Math.max(...definition.bands.map((b) => b.max)),
    caseness: CASENESS[id],
    bands: [...definition.bands]
      .sort((a, b) => a.min - b.min)
      .map((b) => ({ label: b.label, min: b.min, max: b.max })),
    points,
  };
};
