import { atCaseness, type CasenessMeasure } from './caseness.js';

// One episode's (one referral's) outcome, by the NHS Talking Therapies rules in
// reference/outcomes.md. Pure: the caller passes the episode's own scores and its count of
// attended treatment sessions; nothing here reads a clock or a store.
//
// Worked examples (reference-default policy):
// - Ended, 6 sessions, PHQ-9 18 → 8 and GAD-7 14 → 6: at caseness at start, below it at the end
//   (recovery), both measures reliably better → 'reliable-recovery'.
// - Ended, 6 sessions, PHQ-9 16 → 9 and GAD-7 6 → 11: PHQ-9 reliably better, GAD-7 reliably worse,
//   so neither reliable improvement nor deterioration (the rule's "and not") → 'mixed-change'; the
//   'deterioration-wins' policy calls the same episode a reliable deterioration.
// - Ended after 1 session → 'too-few-sessions': only courses with 2 or more attended treatment
//   sessions have outcomes.

/** Reliable change: a difference of at least this many points (outcomes.md "Constants"). */
export const RELIABLE_CHANGE = { 'phq-9': 6, 'gad-7': 4 } as const satisfies Record<CasenessMeasure, number>;

/** A finished course of treatment needs at least this many attended treatment sessions. */
export const MINIMUM_TREATMENT_SESSIONS = 2;

/** The measures an episode's outcome reports first and last scores of (the GP report's list). */
export const OUTCOME_MEASURES = ['phq-9', 'gad-7', 'wsas'] as const;
export type OutcomeMeasure = (typeof OUTCOME_MEASURES)[number];

/**
 * How PHQ-9 and GAD-7 combine into reliable improvement and deterioration: an assumption in
 * outcomes.md, so a named policy the service config selects.
 * - 'reference-default': outcomes.md's rule. Improvement is a reliable improvement on either
 *   measure with no reliable worsening on the other, deterioration the reverse; one better and one
 *   worse is neither (no reliable change).
 * - 'deterioration-wins': a reliable worsening on either measure is a reliable deterioration, even
 *   when the other measure reliably improved; improvement is as in the default. For services that
 *   want every reliable worsening counted and reviewed.
 */
export const combinedMeasuresPolicies = ['reference-default', 'deterioration-wins'] as const;
export type CombinedMeasuresPolicy = (typeof combinedMeasuresPolicies)[number];
export const DEFAULT_COMBINED_MEASURES_POLICY: CombinedMeasuresPolicy = 'reference-default';

/** One completed measure as stored (a QuestionnaireResponse has these fields). */
export interface EpisodeScore {
  readonly questionnaireId: string;
  /** The service's calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly total: number | null;
  /** The band label the total fell in when it was scored. */
  readonly severity: string | null;
}

export interface EpisodeInput {
  /** Whether the episode has ended (discharged): only ended episodes finish a course. */
  readonly ended: boolean;
  /** Attended treatment sessions; the caller leaves out follow-ups (outcomes.md). */
  readonly treatmentSessionsAttended: number;
  /** The episode's own scores, any measures, any order; two on one date keep the order given. */
  readonly scores: readonly EpisodeScore[];
}

export interface ScorePoint {
  readonly date: string;
  readonly total: number;
  readonly severity: string | null;
}

/** A measure's first and last totals in the episode, and how many there were. */
export interface FirstAndLast {
  readonly first: ScorePoint;
  readonly last: ScorePoint;
  readonly count: number;
}

/** How one measure moved between its first and last total. */
export type MeasureChange = 'reliably-improved' | 'reliably-worsened' | 'no-reliable-change';

/** The outcome flags of a finished course with paired scores (outcomes.md "Rules"). */
export interface MeasuredOutcome {
  readonly atCaseness: boolean;
  readonly recovery: boolean;
  readonly reliableImprovement: boolean;
  readonly reliableDeterioration: boolean;
  readonly noReliableChange: boolean;
  readonly reliableRecovery: boolean;
  readonly changes: Readonly<Record<CasenessMeasure, MeasureChange>>;
}

/**
 * The outcome as one value the pages map to a sentence (shared/web/messages.ts). The first three
 * say why there is no outcome; the rest combine recovery with the reliable change.
 */
export const outcomeSummaries = [
  'episode-open',
  'too-few-sessions',
  'too-few-scores',
  'reliable-recovery',
  'recovery',
  'recovery-with-reliable-deterioration',
  'recovery-with-mixed-change',
  'reliable-improvement',
  'reliable-deterioration',
  'mixed-change',
  'no-reliable-change',
] as const;
export type OutcomeSummary = (typeof outcomeSummaries)[number];

export interface EpisodeOutcome {
  readonly treatmentSessionsAttended: number;
  /** Ended with at least 2 attended treatment sessions. */
  readonly finishedCourse: boolean;
  /** Null for a measure with no total in the episode. */
  readonly scores: Readonly<Record<OutcomeMeasure, FirstAndLast | null>>;
  /**
   * From the first PHQ-9 and GAD-7: true when either is at caseness, false when both are below,
   * null when that cannot be told (one missing and the other below caseness, or both missing).
   */
  readonly casenessAtStart: boolean | null;
  /** Set only for a finished course with at least two totals of both PHQ-9 and GAD-7. */
  readonly measured: MeasuredOutcome | null;
  readonly summary: OutcomeSummary;
}

const firstAndLast = (scores: readonly EpisodeScore[], measure: OutcomeMeasure): FirstAndLast | null => {
  const points = scores
    .filter((s): s is EpisodeScore & { total: number } => s.questionnaireId === measure && s.total !== null)
    .map((s) => ({ date: s.date, total: s.total, severity: s.severity }))
    // ISO dates sort as strings; the sort is stable, so one date's scores keep the order given.
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = points[0];
  const last = points[points.length - 1];
  return first && last ? { first, last, count: points.length } : null;
};

const casenessOf = (phq: number | undefined, gad: number | undefined): boolean | null => {
  const phqCase = phq === undefined ? null : atCaseness('phq-9', phq);
  const gadCase = gad === undefined ? null : atCaseness('gad-7', gad);
  if (phqCase === true || gadCase === true) return true;
  return phqCase === false && gadCase === false ? false : null;
};

/** PHQ-9 16 → 10 is reliably improved (6 points); 16 → 11 is not. */
export const measureChange = (measure: CasenessMeasure, first: number, last: number): MeasureChange => {
  if (first - last >= RELIABLE_CHANGE[measure]) return 'reliably-improved';
  if (last - first >= RELIABLE_CHANGE[measure]) return 'reliably-worsened';
  return 'no-reliable-change';
};

/** outcomes.md "Rules", with the combination of the two measures chosen by the policy. */
export const measuredOutcome = (
  phq: { first: number; last: number },
  gad: { first: number; last: number },
  policy: CombinedMeasuresPolicy,
): MeasuredOutcome => {
  const changes = {
    'phq-9': measureChange('phq-9', phq.first, phq.last),
    'gad-7': measureChange('gad-7', gad.first, gad.last),
  };
  const improved = Object.values(changes).includes('reliably-improved');
  const worsened = Object.values(changes).includes('reliably-worsened');
  const atStart = atCaseness('phq-9', phq.first) || atCaseness('gad-7', gad.first);
  const atEnd = atCaseness('phq-9', phq.last) || atCaseness('gad-7', gad.last);
  const recovery = atStart && !atEnd;
  const reliableImprovement = improved && !worsened;
  const reliableDeterioration = policy === 'deterioration-wins' ? worsened : worsened && !improved;
  return {
    atCaseness: atStart,
    recovery,
    reliableImprovement,
    reliableDeterioration,
    noReliableChange: !reliableImprovement && !reliableDeterioration,
    reliableRecovery: recovery && reliableImprovement,
    changes,
  };
};

const summaryOf = (m: MeasuredOutcome): OutcomeSummary => {
  // Mixed: one measure reliably better and the other reliably worse, which the policy counted as
  // neither; saying "no reliable change" there would hide both movements.
  const mixed =
    !m.reliableImprovement &&
    !m.reliableDeterioration &&
    Object.values(m.changes).includes('reliably-improved') &&
    Object.values(m.changes).includes('reliably-worsened');
  if (m.recovery) {
    if (m.reliableImprovement) return 'reliable-recovery';
    if (m.reliableDeterioration) return 'recovery-with-reliable-deterioration';
    return mixed ? 'recovery-with-mixed-change' : 'recovery';
  }
  if (m.reliableImprovement) return 'reliable-improvement';
  if (m.reliableDeterioration) return 'reliable-deterioration';
  return mixed ? 'mixed-change' : 'no-reliable-change';
};

/**
 * An episode's first and last scores, caseness at start and, for a finished course, its outcome.
 * A measure needs two totals to have changed: with one, first and last are the same answer, so a
 * finished course with a single PHQ-9 or GAD-7 (or none) is 'too-few-scores', not "no change".
 */
export const episodeOutcome = (episode: EpisodeInput, policy: CombinedMeasuresPolicy): EpisodeOutcome => {
  const scores = {
    'phq-9': firstAndLast(episode.scores, 'phq-9'),
    'gad-7': firstAndLast(episode.scores, 'gad-7'),
    wsas: firstAndLast(episode.scores, 'wsas'),
  };
  const phq = scores['phq-9'];
  const gad = scores['gad-7'];
  const finishedCourse = episode.ended && episode.treatmentSessionsAttended >= MINIMUM_TREATMENT_SESSIONS;
  const base = {
    treatmentSessionsAttended: episode.treatmentSessionsAttended,
    finishedCourse,
    scores,
    casenessAtStart: casenessOf(phq?.first.total, gad?.first.total),
  };
  if (!episode.ended) return { ...base, measured: null, summary: 'episode-open' };
  if (!finishedCourse) return { ...base, measured: null, summary: 'too-few-sessions' };
  if (!phq || !gad || phq.count < 2 || gad.count < 2)
    return { ...base, measured: null, summary: 'too-few-scores' };
  const measured = measuredOutcome(
    { first: phq.first.total, last: phq.last.total },
    { first: gad.first.total, last: gad.last.total },
    policy,
  );
  return { ...base, measured, summary: summaryOf(measured) };
};
