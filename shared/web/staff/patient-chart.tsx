import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import type { QuestionnaireResponse } from '../../domain/questionnaires/types.js';
import { ScoreChart } from './score-chart.js';
import { scoreSeriesFrom } from './score-series.js';

/** The measures the chart draws, in order; each has caseness (shared/domain/outcomes/caseness.ts). */
const CHARTED = ['phq-9', 'gad-7'] as const;

/**
 * The patient page's chart: PHQ-9 and GAD-7 totals over time against their bands and caseness
 * lines, each with its table alternative. The definitions are the service's (as synth prepared
 * them), so a service that asks neither measure shows no chart for it.
 */
export const patientChart = (
  questionnaires: ReadonlyMap<string, QuestionnaireDefinition>,
  responses: readonly QuestionnaireResponse[],
) =>
  ScoreChart({
    series: CHARTED.flatMap((id) => {
      const definition = questionnaires.get(id);
      return definition ? [scoreSeriesFrom(definition, responses)] : [];
    }),
  });
