import type { EpisodeOutcome } from './episode-outcome.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, suppressFigures, type PublishedFigures } from './suppression.js';

// The service's outcomes report for a date range (F26; reference/outcomes.md "Rates",
// reference/suppression.md). Patients who opted out of national data sharing are removed before
// anything is counted, and every figure is published through suppressFigures.
//
// Which episodes count where:
// - referrals: episodes referred in the period;
// - finished courses: episodes that ended in the period with at least 2 attended treatment
//   sessions. Of those, the ones with two or more PHQ-9 and GAD-7 totals ("paired scores") have an
//   outcome; they are the denominators of the improvement and deterioration rates, and those at
//   caseness at start are the denominators of the recovery rates. A finished course without
//   paired scores is counted, but cannot be in a rate: its outcome is unknown, not "no change".
// - means of first and last PHQ-9 and GAD-7: over the finished courses with paired scores.
//
// Every count the report publishes has its complement published too (finished courses with and
// without paired scores, at and not at caseness, ...), so each sum is a group that secondary
// suppression protects.

export interface ReportEpisode {
  /** The calendar date the referral was received, YYYY-MM-DD. */
  readonly referredOn: string;
  /** The calendar date it ended (discharge), or null while open. */
  readonly endedOn: string | null;
  /** Set by the EPR: this patient's data stays out of every count. */
  readonly optedOutOfNationalReporting: boolean;
  readonly outcome: EpisodeOutcome;
}

/** Both ends included, YYYY-MM-DD. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

/** The report's counts, in the order a page or CSV lists them. */
export const reportCounts = [
  'referrals',
  'finishedCourses',
  'finishedWithoutPairedScores',
  'finishedWithPairedScores',
  'notAtCasenessAtStart',
  'atCasenessAtStart',
  'notRecovered',
  'recovered',
  'recoveredNotReliably',
  'reliablyRecovered',
  'reliablyImproved',
  'reliablyDeteriorated',
  'noReliableChange',
] as const;
export type ReportCount = (typeof reportCounts)[number];

/** The report's percentages and means, in listing order. */
export const reportDerived = [
  'recoveryRate',
  'reliableRecoveryRate',
  'reliableImprovementRate',
  'reliableDeteriorationRate',
  'meanFirstPhq9',
  'meanLastPhq9',
  'meanFirstGad7',
  'meanLastGad7',
] as const;
export type ReportDerived = (typeof reportDerived)[number];

export interface ServiceReport {
  readonly period: ReportPeriod;
  readonly figures: PublishedFigures<ReportCount, ReportDerived>;
}

const within = (date: string | null, period: ReportPeriod): boolean =>
  date !== null && period.from <= date && date <= period.to;

/**
 * Counts, suppresses and rounds the service's outcomes for a period. `threshold` is the largest
 * count hidden (the service config's suppressionThreshold; default 7).
 */
export const serviceReport = (
  episodes: readonly ReportEpisode[],
  period: ReportPeriod,
  threshold: number = DEFAULT_SUPPRESSION_THRESHOLD,
): ServiceReport => {
  // Opted-out patients go first, before any count or sum (suppression.md).
  const included = episodes.filter((e) => !e.optedOutOfNationalReporting);
  const finished = included.filter((e) => within(e.endedOn, period) && e.outcome.finishedCourse);
  const paired = finished.flatMap((e) => {
    const { measured, scores } = e.outcome;
    const phq = scores['phq-9'];
    const gad = scores['gad-7'];
    return measured && phq && gad ? [{ measured, phq, gad }] : [];
  });
  const count = (test: (p: (typeof paired)[number]) => boolean) => paired.filter(test).length;
  const sum = (value: (p: (typeof paired)[number]) => number) => paired.reduce((s, p) => s + value(p), 0);

  const atCaseness = count((p) => p.measured.atCaseness);
  const recovered = count((p) => p.measured.recovery);
  const reliablyRecovered = count((p) => p.measured.reliableRecovery);
  const counts: Record<ReportCount, number> = {
    referrals: included.filter((e) => within(e.referredOn, period)).length,
    finishedCourses: finished.length,
    finishedWithoutPairedScores: finished.length - paired.length,
    finishedWithPairedScores: paired.length,
    notAtCasenessAtStart: paired.length - atCaseness,
    atCasenessAtStart: atCaseness,
    notRecovered: atCaseness - recovered,
    recovered,
    recoveredNotReliably: recovered - reliablyRecovered,
    reliablyRecovered,
    reliablyImproved: count((p) => p.measured.reliableImprovement),
    reliablyDeteriorated: count((p) => p.measured.reliableDeterioration),
    noReliableChange: count((p) => p.measured.noReliableChange),
  };

  const figures = suppressFigures<ReportCount, ReportDerived>(
    {
      counts,
      groups: [
        { total: 'finishedCourses', parts: ['finishedWithoutPairedScores', 'finishedWithPairedScores'] },
        { total: 'finishedWithPairedScores', parts: ['notAtCasenessAtStart', 'atCasenessAtStart'] },
        { total: 'atCasenessAtStart', parts: ['notRecovered', 'recovered'] },
        { total: 'recovered', parts: ['recoveredNotReliably', 'reliablyRecovered'] },
        {
          total: 'finishedWithPairedScores',
          parts: ['reliablyImproved', 'reliablyDeteriorated', 'noReliableChange'],
        },
      ],
      derived: {
        recoveryRate: { kind: 'percentage', numerator: 'recovered', denominator: 'atCasenessAtStart' },
        reliableRecoveryRate: {
          kind: 'percentage',
          numerator: 'reliablyRecovered',
          denominator: 'atCasenessAtStart',
        },
        reliableImprovementRate: {
          kind: 'percentage',
          numerator: 'reliablyImproved',
          denominator: 'finishedWithPairedScores',
        },
        reliableDeteriorationRate: {
          kind: 'percentage',
          numerator: 'reliablyDeteriorated',
          denominator: 'finishedWithPairedScores',
        },
        meanFirstPhq9: { kind: 'mean', sum: sum((p) => p.phq.first.total), n: 'finishedWithPairedScores' },
        meanLastPhq9: { kind: 'mean', sum: sum((p) => p.phq.last.total), n: 'finishedWithPairedScores' },
        meanFirstGad7: { kind: 'mean', sum: sum((p) => p.gad.first.total), n: 'finishedWithPairedScores' },
        meanLastGad7: { kind: 'mean', sum: sum((p) => p.gad.last.total), n: 'finishedWithPairedScores' },
      },
    },
    threshold,
  );
  return { period, figures };
};
