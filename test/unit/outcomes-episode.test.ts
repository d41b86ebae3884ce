import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combinedMeasuresPolicies,
  episodeOutcome,
  measuredOutcome,
  type CombinedMeasuresPolicy,
  type EpisodeInput,
  type EpisodeScore,
} from '../../shared/domain/outcomes/episode-outcome.js';

// reference/outcomes.md: which scores are compared, caseness (PHQ-9 ≥ 10, GAD-7 ≥ 8), reliable
// change (6 and 4 points), recovery and reliable recovery, each at its boundary.

const DATES = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02'];

/** Totals of one measure on successive weekly dates. */
const series = (questionnaireId: string, ...totals: number[]): EpisodeScore[] =>
  totals.map((total, i) => ({ questionnaireId, date: DATES[i] as string, total, severity: null }));

const finished = (scores: EpisodeScore[], sessions = 6): EpisodeInput => ({
  ended: true,
  treatmentSessionsAttended: sessions,
  scores,
});

/** The outcome of a finished 6-session course with PHQ-9 and GAD-7 going from first to last. */
const outcomeOf = (
  phq: [number, number],
  gad: [number, number],
  policy: CombinedMeasuresPolicy = 'reference-default',
) => episodeOutcome(finished([...series('phq-9', ...phq), ...series('gad-7', ...gad)]), policy);

describe('episodeOutcome: which scores are compared', () => {
  it('compares the first and the last total by date, not the best or the worst', () => {
    const outcome = episodeOutcome(
      finished([
        { questionnaireId: 'phq-9', date: '2026-01-19', total: 3, severity: 'None–minimal' },
        { questionnaireId: 'phq-9', date: '2026-02-02', total: 14, severity: 'Moderate' },
        { questionnaireId: 'phq-9', date: '2026-01-05', total: 19, severity: 'Moderately severe' },
        ...series('gad-7', 10, 9),
      ]),
      'reference-default',
    );
    expect(outcome.scores['phq-9']).toEqual({
      first: { date: '2026-01-05', total: 19, severity: 'Moderately severe' },
      last: { date: '2026-02-02', total: 14, severity: 'Moderate' },
      count: 3,
    });
    // 19 → 14 is 5 points: no reliable change, although the best (3) was 16 points lower.
    expect(outcome.measured?.changes['phq-9']).toBe('no-reliable-change');
  });

  it('keeps the order given for two totals on the same date', () => {
    const outcome = episodeOutcome(
      finished([
        { questionnaireId: 'phq-9', date: '2026-01-05', total: 12, severity: null },
        { questionnaireId: 'phq-9', date: '2026-01-05', total: 20, severity: null },
      ]),
      'reference-default',
    );
    expect(outcome.scores['phq-9']?.first.total).toBe(12);
    expect(outcome.scores['phq-9']?.last.total).toBe(20);
  });

  it('reports WSAS first and last with their bands, and leaves out other measures and totals that are null', () => {
    const outcome = episodeOutcome(
      finished([
        { questionnaireId: 'wsas', date: '2026-01-05', total: 24, severity: 'Moderately severe or worse' },
        { questionnaireId: 'iapt-phobia', date: '2026-01-06', total: null, severity: null },
        { questionnaireId: 'wsas', date: '2026-01-07', total: null, severity: null },
        { questionnaireId: 'wsas', date: '2026-02-02', total: 8, severity: 'Subclinical' },
      ]),
      'reference-default',
    );
    expect(outcome.scores.wsas).toEqual({
      first: { date: '2026-01-05', total: 24, severity: 'Moderately severe or worse' },
      last: { date: '2026-02-02', total: 8, severity: 'Subclinical' },
      count: 2,
    });
    expect(outcome.scores['phq-9']).toBeNull();
  });

  it('gives no outcome while the episode is open, but still its first and last scores', () => {
    const outcome = episodeOutcome(
      {
        ended: false,
        treatmentSessionsAttended: 8,
        scores: [...series('phq-9', 18, 6), ...series('gad-7', 15, 3)],
      },
      'reference-default',
    );
    expect(outcome).toMatchObject({ finishedCourse: false, measured: null, summary: 'episode-open' });
    expect(outcome.scores['phq-9']?.last.total).toBe(6);
    expect(outcome.casenessAtStart).toBe(true);
  });

  it('needs 2 attended treatment sessions for a finished course: 1 has no outcome, 2 has one', () => {
    const scores = [...series('phq-9', 18, 6), ...series('gad-7', 15, 3)];
    expect(episodeOutcome(finished(scores, 0), 'reference-default').summary).toBe('too-few-sessions');
    const one = episodeOutcome(finished(scores, 1), 'reference-default');
    expect(one).toMatchObject({ finishedCourse: false, measured: null, summary: 'too-few-sessions' });
    const two = episodeOutcome(finished(scores, 2), 'reference-default');
    expect(two).toMatchObject({ finishedCourse: true, summary: 'reliable-recovery' });
  });

  it('gives no outcome for a finished course with a single PHQ-9 or GAD-7 total', () => {
    const singlePhq = episodeOutcome(
      finished([...series('phq-9', 18), ...series('gad-7', 15, 3)]),
      'reference-default',
    );
    expect(singlePhq).toMatchObject({ finishedCourse: true, measured: null, summary: 'too-few-scores' });
    expect(singlePhq.scores['phq-9']).toMatchObject({ count: 1, first: { total: 18 }, last: { total: 18 } });
    const singleGad = episodeOutcome(
      finished([...series('phq-9', 18, 6), ...series('gad-7', 15)]),
      'reference-default',
    );
    expect(singleGad.summary).toBe('too-few-scores');
  });

  it('gives no outcome for a finished course missing a measure, and tells caseness at start where it can', () => {
    const atCase = episodeOutcome(finished(series('phq-9', 12, 4)), 'reference-default');
    expect(atCase).toMatchObject({ summary: 'too-few-scores', measured: null, casenessAtStart: true });
    // PHQ-9 9 is below caseness, but a GAD-7 we do not have might have been at it.
    expect(episodeOutcome(finished(series('phq-9', 9, 4)), 'reference-default').casenessAtStart).toBeNull();
    expect(episodeOutcome(finished(series('gad-7', 7, 4)), 'reference-default').casenessAtStart).toBeNull();
    expect(episodeOutcome(finished(series('gad-7', 8, 4)), 'reference-default').casenessAtStart).toBe(true);
    expect(episodeOutcome(finished([]), 'reference-default')).toMatchObject({
      casenessAtStart: null,
      summary: 'too-few-scores',
    });
  });
});

describe('episodeOutcome: caseness at start', () => {
  it('puts PHQ-9 10 at caseness and 9 below it', () => {
    expect(outcomeOf([10, 10], [0, 0]).casenessAtStart).toBe(true);
    expect(outcomeOf([9, 9], [0, 0]).casenessAtStart).toBe(false);
  });

  it('puts GAD-7 8 at caseness and 7 below it', () => {
    expect(outcomeOf([0, 0], [8, 8]).casenessAtStart).toBe(true);
    expect(outcomeOf([0, 0], [7, 7]).casenessAtStart).toBe(false);
  });
});

describe('episodeOutcome: reliable change on one measure', () => {
  it('counts a PHQ-9 fall of 6 as reliable improvement, and 5 as not', () => {
    expect(outcomeOf([20, 14], [10, 10]).measured).toMatchObject({
      reliableImprovement: true,
      recovery: false,
    });
    expect(outcomeOf([20, 14], [10, 10]).summary).toBe('reliable-improvement');
    expect(outcomeOf([20, 15], [10, 10]).measured).toMatchObject({
      reliableImprovement: false,
      noReliableChange: true,
    });
    expect(outcomeOf([20, 15], [10, 10]).summary).toBe('no-reliable-change');
  });

  it('counts a GAD-7 fall of 4 as reliable improvement, and 3 as not', () => {
    expect(outcomeOf([15, 15], [15, 11]).measured?.reliableImprovement).toBe(true);
    expect(outcomeOf([15, 15], [15, 12]).measured?.reliableImprovement).toBe(false);
  });

  it('counts a PHQ-9 rise of 6 as reliable deterioration, and 5 as not', () => {
    expect(outcomeOf([4, 10], [3, 3]).measured).toMatchObject({ reliableDeterioration: true });
    expect(outcomeOf([4, 10], [3, 3]).summary).toBe('reliable-deterioration');
    expect(outcomeOf([4, 9], [3, 3]).measured).toMatchObject({
      reliableDeterioration: false,
      noReliableChange: true,
    });
  });

  it('counts a GAD-7 rise of 4 as reliable deterioration, and 3 as not', () => {
    expect(outcomeOf([3, 3], [2, 6]).measured?.reliableDeterioration).toBe(true);
    expect(outcomeOf([3, 3], [2, 5]).measured?.reliableDeterioration).toBe(false);
  });

  it('counts reliable improvement that starts below caseness, without recovery', () => {
    const outcome = outcomeOf([9, 3], [7, 7]);
    expect(outcome.measured).toMatchObject({
      atCaseness: false,
      recovery: false,
      reliableImprovement: true,
      reliableRecovery: false,
    });
    expect(outcome.summary).toBe('reliable-improvement');
  });
});

describe('episodeOutcome: recovery', () => {
  it('recovers from caseness to below it on both measures: PHQ-9 10 → 9, GAD-7 8 → 7', () => {
    const outcome = outcomeOf([10, 9], [8, 7]);
    expect(outcome.measured).toMatchObject({
      recovery: true,
      reliableImprovement: false,
      reliableRecovery: false,
    });
    expect(outcome.summary).toBe('recovery');
  });

  it('does not recover while either last total is still at caseness', () => {
    expect(outcomeOf([18, 10], [12, 2]).measured?.recovery).toBe(false);
    expect(outcomeOf([18, 2], [12, 8]).measured?.recovery).toBe(false);
  });

  it('does not recover from below caseness, however low the last totals', () => {
    expect(outcomeOf([9, 0], [7, 0]).measured?.recovery).toBe(false);
  });

  it('recovers reliably when recovery comes with reliable improvement', () => {
    const outcome = outcomeOf([16, 9], [8, 7]);
    expect(outcome.measured).toMatchObject({
      recovery: true,
      reliableImprovement: true,
      reliableRecovery: true,
    });
    expect(outcome.summary).toBe('reliable-recovery');
    // At the boundary: 15 → 9 is exactly 6 points, 14 → 9 one point short.
    expect(outcomeOf([15, 9], [8, 7]).summary).toBe('reliable-recovery');
    expect(outcomeOf([14, 9], [8, 7]).summary).toBe('recovery');
  });

  it('says when recovery comes with a reliable worsening of the other measure', () => {
    // PHQ-9 10 → 9 (recovered, 1 point), GAD-7 0 → 7 (4 or more points worse, below caseness).
    const outcome = outcomeOf([10, 9], [0, 7]);
    expect(outcome.measured).toMatchObject({
      recovery: true,
      reliableDeterioration: true,
      reliableRecovery: false,
    });
    expect(outcome.summary).toBe('recovery-with-reliable-deterioration');
  });
});

describe('episodeOutcome: one measure improves and the other worsens', () => {
  // PHQ-9 20 → 14 is reliably better (6) and still at caseness; GAD-7 3 → 7 is reliably worse (4).
  const phq: [number, number] = [20, 14];
  const gad: [number, number] = [3, 7];

  it('is neither reliable improvement nor deterioration under the reference default, and says mixed', () => {
    const outcome = outcomeOf(phq, gad, 'reference-default');
    expect(outcome.measured).toMatchObject({
      reliableImprovement: false,
      reliableDeterioration: false,
      noReliableChange: true,
      changes: { 'phq-9': 'reliably-improved', 'gad-7': 'reliably-worsened' },
    });
    expect(outcome.summary).toBe('mixed-change');
  });

  it('is reliable deterioration under deterioration-wins', () => {
    const outcome = outcomeOf(phq, gad, 'deterioration-wins');
    expect(outcome.measured).toMatchObject({
      reliableImprovement: false,
      reliableDeterioration: true,
      noReliableChange: false,
    });
    expect(outcome.summary).toBe('reliable-deterioration');
  });

  it('is mixed even with recovery, and stays no reliable recovery', () => {
    // PHQ-9 16 → 9 (better, below caseness), GAD-7 2 → 6 (worse, below caseness): recovered.
    const outcome = outcomeOf([16, 9], [2, 6], 'reference-default');
    expect(outcome.measured).toMatchObject({
      recovery: true,
      reliableRecovery: false,
      noReliableChange: true,
    });
    expect(outcome.summary).toBe('recovery-with-mixed-change');
    expect(outcomeOf([16, 9], [2, 6], 'deterioration-wins').summary).toBe(
      'recovery-with-reliable-deterioration',
    );
  });

  it('is mixed when each measure changes by exactly its reliable-change points, and not at one point less', () => {
    expect(outcomeOf([16, 10], [2, 6]).summary).toBe('mixed-change');
    expect(outcomeOf([16, 11], [2, 6]).summary).toBe('reliable-deterioration');
    expect(outcomeOf([16, 10], [2, 5]).summary).toBe('reliable-improvement');
  });
});

describe('measuredOutcome: properties', () => {
  const phqTotal = fc.integer({ min: 0, max: 27 });
  const gadTotal = fc.integer({ min: 0, max: 21 });
  const policy = fc.constantFrom(...combinedMeasuresPolicies);

  it('never calls one episode both reliably improved and reliably deteriorated, and no change is neither', () => {
    fc.assert(
      fc.property(phqTotal, phqTotal, gadTotal, gadTotal, policy, (p1, p2, g1, g2, pol) => {
        const m = measuredOutcome({ first: p1, last: p2 }, { first: g1, last: g2 }, pol);
        expect(m.reliableImprovement && m.reliableDeterioration).toBe(false);
        expect(m.noReliableChange).toBe(!m.reliableImprovement && !m.reliableDeterioration);
        expect(m.reliableRecovery).toBe(m.recovery && m.reliableImprovement);
        if (m.recovery) expect(m.atCaseness).toBe(true);
      }),
    );
  });

  it('under the reference default, swapping first and last swaps improvement and deterioration', () => {
    fc.assert(
      fc.property(phqTotal, phqTotal, gadTotal, gadTotal, (p1, p2, g1, g2) => {
        const forward = measuredOutcome(
          { first: p1, last: p2 },
          { first: g1, last: g2 },
          'reference-default',
        );
        const back = measuredOutcome({ first: p2, last: p1 }, { first: g2, last: g1 }, 'reference-default');
        expect(back.reliableImprovement).toBe(forward.reliableDeterioration);
        expect(back.reliableDeterioration).toBe(forward.reliableImprovement);
      }),
    );
  });

  it('the two policies differ only where one measure improves and the other worsens', () => {
    fc.assert(
      fc.property(phqTotal, phqTotal, gadTotal, gadTotal, (p1, p2, g1, g2) => {
        const ref = measuredOutcome({ first: p1, last: p2 }, { first: g1, last: g2 }, 'reference-default');
        const det = measuredOutcome({ first: p1, last: p2 }, { first: g1, last: g2 }, 'deterioration-wins');
        const mixed =
          Object.values(ref.changes).includes('reliably-improved') &&
          Object.values(ref.changes).includes('reliably-worsened');
        expect(ref.reliableDeterioration !== det.reliableDeterioration).toBe(mixed);
        expect(det.reliableImprovement).toBe(ref.reliableImprovement);
      }),
    );
  });
});
