import {
  type EpisodeOutcome,
  type FirstAndLast,
  OUTCOME_MEASURES,
  type OutcomeMeasure,
  type OutcomeSummary,
} from './episode-outcome.js';

// What the GP is told at discharge (PRODUCT.md F24; reference/outcomes.md "GP report at
// discharge"): sessions attended, first and last PHQ-9, GAD-7 and WSAS with their bands, caseness
// at start and the outcome. Pure: built from an ended episode's outcome; the words for the outcome
// are added where the report is rendered (shared/outcomes/gp-report.ts), so the JSON, the HTML
// page and the PDF all say the same sentence.
//
// Worked example: 6 sessions, PHQ-9 18 ("Moderately severe") → 8 ("Mild"), GAD-7 14 → 6, no WSAS
// → measures.wsas null, caseness true, outcome 'reliable-recovery'.

export interface GpReportMeasure {
  readonly first: number;
  /** The band the first total fell in when it was scored; null for a questionnaire without bands. */
  readonly firstBand: string | null;
  /** The service's calendar date of the first total, YYYY-MM-DD. */
  readonly firstDate: string;
  readonly last: number;
  readonly lastBand: string | null;
  readonly lastDate: string;
}

export interface GpReportContent {
  readonly episodeId: string;
  /** UTC ISO instants: referral and discharge. */
  readonly startedAt: string;
  readonly endedAt: string;
  /** Attended treatment sessions in the episode (follow-ups not counted). */
  readonly sessionsAttended: number;
  /** Null for a measure the patient never completed in the episode. */
  readonly measures: Readonly<Record<OutcomeMeasure, GpReportMeasure | null>>;
  /** From the first PHQ-9 and GAD-7; null when it cannot be told (outcomes.md, caseness at start). */
  readonly caseness: boolean | null;
  readonly outcome: OutcomeSummary;
}

export interface EndedEpisode {
  readonly id: string;
  readonly startedAt: string;
  readonly endedAt: string;
}

const measureOf = (scores: FirstAndLast | null): GpReportMeasure | null =>
  scores && {
    first: scores.first.total,
    firstBand: scores.first.severity,
    firstDate: scores.first.date,
    last: scores.last.total,
    lastBand: scores.last.severity,
    lastDate: scores.last.date,
  };

/** The report's content for an ended episode and its outcome (episodeOutcome over its own scores). */
export const gpReportContent = (episode: EndedEpisode, outcome: EpisodeOutcome): GpReportContent => ({
  episodeId: episode.id,
  startedAt: episode.startedAt,
  endedAt: episode.endedAt,
  sessionsAttended: outcome.treatmentSessionsAttended,
  measures: Object.fromEntries(OUTCOME_MEASURES.map((m) => [m, measureOf(outcome.scores[m])])) as Record<
    OutcomeMeasure,
    GpReportMeasure | null
  >,
  caseness: outcome.casenessAtStart,
  outcome: outcome.summary,
});
