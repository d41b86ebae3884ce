import { describe, expect, it } from 'vitest';
import { episodeOutcome, type EpisodeScore } from '../../shared/domain/outcomes/episode-outcome.js';
import { serviceReport, type ReportEpisode } from '../../shared/domain/outcomes/service-report.js';
import { csvField, outcomesReportCsv } from '../../shared/web/staff/outcomes-report-csv.js';

// The service report (issue F26, reference/outcomes.md "Rates", reference/suppression.md):
// opted-out patients removed first, rates over the right denominators, every figure suppressed.

const PERIOD = { from: '2026-01-01', to: '2026-03-31' };

interface Shape {
  phq?: number[];
  gad?: number[];
  sessions?: number;
  referredOn?: string;
  endedOn?: string | null;
  optedOut?: boolean;
}

const scoresOf = (questionnaireId: string, totals: number[]): EpisodeScore[] =>
  totals.map((total, i) => ({
    questionnaireId,
    date: `2026-02-${String(i + 1).padStart(2, '0')}`,
    total,
    severity: null,
  }));

const episode = ({
  phq = [],
  gad = [],
  sessions = 6,
  referredOn = '2026-01-10',
  endedOn = '2026-03-01',
  optedOut = false,
}: Shape): ReportEpisode => ({
  referredOn,
  endedOn,
  optedOutOfNationalReporting: optedOut,
  outcome: episodeOutcome(
    {
      ended: endedOn !== null,
      treatmentSessionsAttended: sessions,
      scores: [...scoresOf('phq-9', phq), ...scoresOf('gad-7', gad)],
    },
    'reference-default',
  ),
});

const times = (n: number, shape: Shape): ReportEpisode[] => Array.from({ length: n }, () => episode(shape));

// 24 finished courses with paired scores:
// 8 reliably recovered, 2 recovered without reliable improvement, 4 reliably improved still at
// caseness, 2 reliably deteriorated from caseness, 7 below caseness with no change, 1 below
// caseness reliably deteriorated. So 16 at caseness, 10 recovered, 12 improved, 3 deteriorated,
// 9 with no reliable change.
const COHORT = [
  ...times(8, { phq: [15, 5], gad: [10, 3] }),
  ...times(2, { phq: [11, 9], gad: [8, 7] }),
  ...times(4, { phq: [20, 12], gad: [12, 12] }),
  ...times(2, { phq: [12, 20], gad: [9, 9] }),
  ...times(7, { phq: [5, 5], gad: [4, 4] }),
  ...times(1, { phq: [3, 9], gad: [2, 2] }),
];

describe('serviceReport', () => {
  it('counts, rounds and suppresses a cohort, with secondary suppression where a complement is small', () => {
    const { figures } = serviceReport(COHORT, PERIOD);
    const count = (value: number) => ({ kind: 'count', value });
    const small = { kind: 'suppressed', reason: 'small' };
    const secondary = { kind: 'suppressed', reason: 'secondary' };
    expect(figures.counts).toEqual({
      referrals: count(25),
      finishedCourses: count(25),
      finishedWithoutPairedScores: count(0),
      finishedWithPairedScores: count(25),
      notAtCasenessAtStart: count(10),
      atCasenessAtStart: count(15),
      // 6 not recovered is hidden, so the 10 recovered (16 − 6) is hidden with it.
      notRecovered: small,
      recovered: secondary,
      recoveredNotReliably: small,
      reliablyRecovered: count(10),
      reliablyImproved: count(10),
      // 3 deteriorated is hidden, and the next smallest part of the 24, the 9 with no change.
      reliablyDeteriorated: small,
      noReliableChange: secondary,
    });
  });

  it('computes rates over their own denominators from the unrounded counts, and hides those with a hidden input', () => {
    const { derived } = serviceReport(COHORT, PERIOD).figures;
    expect(derived.recoveryRate).toEqual({ kind: 'suppressed' });
    // 8 reliably recovered of 16 at caseness; 12 improved of 24 finished with paired scores.
    expect(derived.reliableRecoveryRate).toEqual({ kind: 'value', value: 50 });
    expect(derived.reliableImprovementRate).toEqual({ kind: 'value', value: 50 });
    expect(derived.reliableDeteriorationRate).toEqual({ kind: 'suppressed' });
  });

  it('gives the mean first and last PHQ-9 and GAD-7 over the finished courses with paired scores', () => {
    const { derived } = serviceReport(COHORT, PERIOD).figures;
    const mean = (totals: number[][]) => totals.flat().reduce((s, t) => s + t, 0) / 24;
    // first PHQ-9: 8×15 + 2×11 + 4×20 + 2×12 + 7×5 + 1×3 = 284
    expect(derived.meanFirstPhq9).toEqual({ kind: 'value', value: 284 / 24 });
    expect(derived.meanLastPhq9).toEqual({
      kind: 'value',
      value: mean([Array(8).fill(5), [9, 9], Array(4).fill(12), [20, 20], Array(7).fill(5), [9]]),
    });
    expect(derived.meanFirstGad7).toEqual({
      kind: 'value',
      value: (8 * 10 + 2 * 8 + 4 * 12 + 2 * 9 + 7 * 4 + 2) / 24,
    });
    expect(derived.meanLastGad7).toEqual({
      kind: 'value',
      value: (8 * 3 + 2 * 7 + 4 * 12 + 2 * 9 + 7 * 4 + 2) / 24,
    });
  });

  it('removes patients who opted out before counting anything', () => {
    // 7 referrals are hidden; counting the opted-out eighth would publish 10.
    const referrals = [...times(7, { endedOn: null }), episode({ endedOn: null, optedOut: true })];
    expect(serviceReport(referrals, PERIOD).figures.counts.referrals).toEqual({
      kind: 'suppressed',
      reason: 'small',
    });
    // 10 finished courses starting at PHQ-9 20; an opted-out one starting at 0 would pull the mean down.
    const finished = [
      ...times(10, { phq: [20, 8], gad: [10, 4] }),
      episode({ phq: [0, 0], gad: [0, 0], optedOut: true }),
    ];
    const report = serviceReport(finished, PERIOD).figures;
    expect(report.derived.meanFirstPhq9).toEqual({ kind: 'value', value: 20 });
    expect(report.derived.recoveryRate).toEqual({ kind: 'value', value: 100 });
  });

  it('counts referrals received and courses ended within the period, both ends included', () => {
    const episodes = [
      ...times(8, { referredOn: '2026-01-01', endedOn: '2026-03-31', phq: [15, 5], gad: [10, 3] }),
      ...times(8, { referredOn: '2026-03-31', endedOn: null }),
      // Outside by a day: referred the day before, and ended the day after.
      ...times(20, { referredOn: '2025-12-31', endedOn: '2026-01-15', phq: [15, 5], gad: [10, 3] }),
      ...times(20, { referredOn: '2026-02-01', endedOn: '2026-04-01', phq: [15, 5], gad: [10, 3] }),
    ];
    const { counts } = serviceReport(episodes, PERIOD).figures;
    // 8 + 8 + 20 referred in the period; 8 + 20 ended in it.
    expect(counts.referrals).toEqual({ kind: 'count', value: 35 });
    expect(counts.finishedCourses).toEqual({ kind: 'count', value: 30 });
    expect(counts.reliablyRecovered).toEqual({ kind: 'count', value: 30 });
  });

  it('leaves open episodes and ended ones with fewer than 2 sessions out of the finished courses', () => {
    const episodes = [
      ...times(10, { phq: [15, 5], gad: [10, 3] }),
      ...times(10, { phq: [15, 5], gad: [10, 3], sessions: 1 }),
      ...times(10, { phq: [15, 5], gad: [10, 3], endedOn: null }),
    ];
    const { counts } = serviceReport(episodes, PERIOD).figures;
    expect(counts.referrals).toEqual({ kind: 'count', value: 30 });
    expect(counts.finishedCourses).toEqual({ kind: 'count', value: 10 });
  });

  it('counts finished courses without paired scores, but keeps them out of every rate and mean', () => {
    const episodes = [
      ...times(10, { phq: [15, 5], gad: [10, 3] }),
      ...times(10, { phq: [15], gad: [10, 3] }),
    ];
    const { counts, derived } = serviceReport(episodes, PERIOD).figures;
    expect(counts.finishedCourses).toEqual({ kind: 'count', value: 20 });
    expect(counts.finishedWithoutPairedScores).toEqual({ kind: 'count', value: 10 });
    expect(counts.finishedWithPairedScores).toEqual({ kind: 'count', value: 10 });
    expect(derived.reliableImprovementRate).toEqual({ kind: 'value', value: 100 });
    expect(derived.meanLastPhq9).toEqual({ kind: 'value', value: 5 });
  });

  it('hides the finished courses with paired scores when those without are few, since the total would give them away', () => {
    const episodes = [...times(20, { phq: [15, 5], gad: [10, 3] }), ...times(2, { phq: [15], gad: [10] })];
    const { counts, derived } = serviceReport(episodes, PERIOD).figures;
    expect(counts.finishedCourses).toEqual({ kind: 'count', value: 20 });
    expect(counts.finishedWithoutPairedScores).toEqual({ kind: 'suppressed', reason: 'small' });
    expect(counts.finishedWithPairedScores).toEqual({ kind: 'suppressed', reason: 'secondary' });
    expect(derived.reliableImprovementRate).toEqual({ kind: 'suppressed' });
  });

  it('uses the configured threshold', () => {
    const episodes = times(5, { endedOn: null });
    expect(serviceReport(episodes, PERIOD, 4).figures.counts.referrals).toEqual({ kind: 'count', value: 5 });
    expect(serviceReport(episodes, PERIOD).figures.counts.referrals).toEqual({
      kind: 'suppressed',
      reason: 'small',
    });
  });

  it('publishes zeros, and rates and means as not applicable, for a period with nothing in it', () => {
    const { counts, derived } = serviceReport([], PERIOD).figures;
    expect(Object.values(counts).every((c) => c.kind === 'count' && c.value === 0)).toBe(true);
    expect(Object.values(derived).every((d) => d.kind === 'not-applicable')).toBe(true);
  });
});

describe('outcomesReportCsv', () => {
  const csv = outcomesReportCsv(serviceReport(COHORT, PERIOD));
  const lines = csv.split('\r\n');

  it('starts with a header row and the period, one figure a row, with CRLF line ends', () => {
    expect(lines[0]).toBe('Figure,Value');
    expect(lines[1]).toBe('Period,2026-01-01 to 2026-03-31');
    expect(lines).toContain('Referrals received,25');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('shows hidden figures as *, and rates and means to one decimal place', () => {
    expect(lines).toContain('Reliably deteriorated,*');
    expect(lines).toContain('Reliable deterioration rate (%),*');
    expect(lines).toContain('Reliable improvement rate (%),50.0');
    expect(lines).toContain('Mean first PHQ-9 score,11.8');
  });

  it('ends with the note that figures are rounded independently, naming the threshold', () => {
    const note = lines[lines.length - 2] ?? '';
    expect(note).toMatch(/^Note,"Counts are rounded to the nearest 5, each on its own/);
    expect(note).toContain('from 1 to 7');
    expect(outcomesReportCsv(serviceReport([], PERIOD, 10))).toContain('from 1 to 10');
  });

  it('shows a rate with nothing to divide by as not applicable', () => {
    expect(outcomesReportCsv(serviceReport([], PERIOD))).toContain('Recovery rate (%),Not applicable');
  });
});

describe('csvField', () => {
  it('quotes fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});
