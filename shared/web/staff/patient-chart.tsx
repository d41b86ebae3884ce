import { GAD7, PHQ9 } from '../../domain/questionnaires/builtin.js';
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import type { QuestionnaireResponse } from '../../domain/questionnaires/types.js';
import { ScoreChart } from './score-chart.js';
import { scoreSeriesFrom } from './score-series.js';

/**
 * The patient page's chart: PHQ-9 and GAD-7 totals over time against their bands and caseness
 * lines, each with its table alternative. The service's own definitions win over the built-ins
 * where it has them (it cannot change their bands, which are the instruments').
 */
export const patientChart = (
  questionnaires: ReadonlyMap<string, QuestionnaireDefinition>,
  responses: readonly QuestionnaireResponse[],
) =>
  ScoreChart({
    series: [PHQ9, GAD7].map((builtin) =>
      scoreSeriesFrom(questionnaires.get(builtin.id) ?? builtin, responses),
    ),
  });
