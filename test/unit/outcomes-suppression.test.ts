import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SUPPRESSION_THRESHOLD,
  SuppressionInputError,
  suppressFigures,
  type CountGroup,
} from '../../shared/domain/outcomes/suppression.js';

// reference/suppression.md: 0 → 0; 1 to the threshold (7) → *; otherwise 5 × round(n / 5);
// derived values from unrounded numbers, * when an input is suppressed; secondary suppression.

const shown = (n: number, threshold?: number) => suppressFigures({ counts: { n } }, threshold).counts.n;

describe('suppressFigures: one count', () => {
  it.each([
    [0, { kind: 'count', value: 0 }],
    [1, { kind: 'suppressed', reason: 'small' }],
    [5, { kind: 'suppressed', reason: 'small' }],
    [7, { kind: 'suppressed', reason: 'small' }],
    [8, { kind: 'count', value: 10 }],
    [12, { kind: 'count', value: 10 }],
    [13, { kind: 'count', value: 15 }],
  ])('publishes %i as %o', (n, expected) => {
    expect(shown(n)).toEqual(expected);
  });

  it('rounds to the nearest 5 on both sides of a multiple: 17 → 15, 18 → 20, 22 → 20, 23 → 25', () => {
    expect([17, 18, 22, 23].map((n) => shown(n))).toEqual(
      [15, 20, 20, 25].map((value) => ({ kind: 'count', value })),
    );
  });

  it('hides up to the configured threshold and no further: with 4, 4 is hidden and 5 shown as 5', () => {
    expect(shown(4, 4)).toEqual({ kind: 'suppressed', reason: 'small' });
    expect(shown(5, 4)).toEqual({ kind: 'count', value: 5 });
    expect(shown(10, 10)).toEqual({ kind: 'suppressed', reason: 'small' });
    expect(shown(11, 10)).toEqual({ kind: 'count', value: 10 });
  });

  it('defaults to a threshold of 7 and says so, and that figures are rounded independently', () => {
    const published = suppressFigures({ counts: { n: 8 } });
    expect(DEFAULT_SUPPRESSION_THRESHOLD).toBe(7);
    expect(published.threshold).toBe(7);
    expect(published.roundedIndependently).toBe(true);
  });
});

describe('suppressFigures: percentages and means', () => {
  it('hides a percentage whose numerator is 6', () => {
    const { derived } = suppressFigures({
      counts: { recovered: 6, atCaseness: 40 },
      derived: { rate: { kind: 'percentage', numerator: 'recovered', denominator: 'atCaseness' } },
    });
    expect(derived.rate).toEqual({ kind: 'suppressed' });
  });

  it('hides a percentage whose denominator is hidden, and a mean whose n is hidden', () => {
    const { derived } = suppressFigures({
      counts: { part: 0, whole: 7 },
      derived: {
        rate: { kind: 'percentage', numerator: 'part', denominator: 'whole' },
        mean: { kind: 'mean', sum: 70, n: 'whole' },
      },
    });
    expect(derived).toEqual({ rate: { kind: 'suppressed' }, mean: { kind: 'suppressed' } });
  });

  it('computes percentages and means from the unrounded counts: 9 of 12 is 75%, not 10 of 10', () => {
    const { counts, derived } = suppressFigures({
      counts: { improved: 9, finished: 12 },
      derived: {
        rate: { kind: 'percentage', numerator: 'improved', denominator: 'finished' },
        mean: { kind: 'mean', sum: 150, n: 'finished' },
      },
    });
    expect(counts).toEqual({
      improved: { kind: 'count', value: 10 },
      finished: { kind: 'count', value: 10 },
    });
    expect(derived).toEqual({ rate: { kind: 'value', value: 75 }, mean: { kind: 'value', value: 12.5 } });
  });

  it('shows a percentage with numerator 0 as 0, and one over a denominator of 0 as not applicable', () => {
    const { derived } = suppressFigures({
      counts: { none: 0, some: 20, empty: 0 },
      derived: {
        zero: { kind: 'percentage', numerator: 'none', denominator: 'some' },
        undefinedRate: { kind: 'percentage', numerator: 'none', denominator: 'empty' },
        undefinedMean: { kind: 'mean', sum: 0, n: 'empty' },
      },
    });
    expect(derived).toEqual({
      zero: { kind: 'value', value: 0 },
      undefinedRate: { kind: 'not-applicable' },
      undefinedMean: { kind: 'not-applicable' },
    });
  });
});

describe('suppressFigures: secondary suppression', () => {
  it('hides the next smallest part when one part of a shown total is hidden', () => {
    // 30 = 3 + 12 + 15: with only the 3 hidden, 30 − 12 − 15 would give it back.
    const { counts } = suppressFigures({
      counts: { total: 30, a: 3, b: 12, c: 15 },
      groups: [{ total: 'total', parts: ['a', 'b', 'c'] }],
    });
    expect(counts).toEqual({
      total: { kind: 'count', value: 30 },
      a: { kind: 'suppressed', reason: 'small' },
      b: { kind: 'suppressed', reason: 'secondary' },
      c: { kind: 'count', value: 15 },
    });
  });

  it('also hides a percentage that uses the part hidden second', () => {
    const { derived } = suppressFigures({
      counts: { total: 30, a: 3, b: 12, c: 15 },
      groups: [{ total: 'total', parts: ['a', 'b', 'c'] }],
      derived: { bRate: { kind: 'percentage', numerator: 'b', denominator: 'total' } },
    });
    expect(derived.bRate).toEqual({ kind: 'suppressed' });
  });

  it('prefers a part above 0 to a 0 as the second cell to hide', () => {
    const { counts } = suppressFigures({
      counts: { total: 30, a: 3, zero: 0, b: 27 },
      groups: [{ total: 'total', parts: ['a', 'zero', 'b'] }],
    });
    expect(counts.zero).toEqual({ kind: 'count', value: 0 });
    expect(counts.b).toEqual({ kind: 'suppressed', reason: 'secondary' });
  });

  it('hides nothing more when two parts are already hidden, or when the total is hidden', () => {
    const two = suppressFigures({
      counts: { total: 30, a: 3, b: 4, c: 23 },
      groups: [{ total: 'total', parts: ['a', 'b', 'c'] }],
    });
    expect(two.counts.c).toEqual({ kind: 'count', value: 25 });
    const hiddenTotal = suppressFigures({
      counts: { total: 7, a: 0, b: 7 },
      groups: [{ total: 'total', parts: ['a', 'b'] }],
    });
    expect(hiddenTotal.counts.a).toEqual({ kind: 'count', value: 0 });
  });

  it('follows a secondary suppression into another group it leaves with a lone hidden part', () => {
    // x = p + q + r and y = q + s: hiding p hides q (next smallest), and then y would give q back
    // unless s is hidden too.
    const { counts } = suppressFigures({
      counts: { x: 40, p: 2, q: 10, r: 28, y: 30, s: 20 },
      groups: [
        { total: 'x', parts: ['p', 'q', 'r'] },
        { total: 'y', parts: ['q', 's'] },
      ],
    });
    expect(counts.q).toEqual({ kind: 'suppressed', reason: 'secondary' });
    expect(counts.s).toEqual({ kind: 'suppressed', reason: 'secondary' });
    expect(counts.r).toEqual({ kind: 'count', value: 30 });
  });
});

describe('suppressFigures: bad input', () => {
  it('refuses a threshold below 2, which would round a count of 1 or 2 to 0', () => {
    expect(() => suppressFigures({ counts: { n: 2 } }, 1)).toThrow(SuppressionInputError);
    expect(() => suppressFigures({ counts: { n: 2 } }, 2.5)).toThrow(SuppressionInputError);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => suppressFigures({ counts: { n: -1 } })).toThrow(/whole number/);
    expect(() => suppressFigures({ counts: { n: 8.5 } })).toThrow(/whole number/);
  });

  it('refuses a group whose parts do not add up, and a figure naming an unknown count', () => {
    expect(() =>
      suppressFigures({ counts: { t: 20, a: 9, b: 10 }, groups: [{ total: 't', parts: ['a', 'b'] }] }),
    ).toThrow(/do not add up/);
    expect(() =>
      suppressFigures({
        counts: { a: 9 } as Record<'a' | 'b', number>,
        derived: { r: { kind: 'percentage', numerator: 'a', denominator: 'b' } },
      }),
    ).toThrow(/no count named b/);
    expect(() =>
      suppressFigures({
        counts: { a: 9, b: 8 },
        derived: { r: { kind: 'percentage', numerator: 'a', denominator: 'b' } },
      }),
    ).toThrow(/larger than its denominator/);
  });
});

describe('suppressFigures: properties', () => {
  const threshold = fc.integer({ min: 2, max: 20 });

  it('never shows a count from 1 to the threshold, and shows every other count as the nearest multiple of 5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), threshold, (n, t) => {
        const result = shown(n, t);
        if (n >= 1 && n <= t) expect(result).toEqual({ kind: 'suppressed', reason: 'small' });
        else {
          expect(result.kind).toBe('count');
          const value = result.kind === 'count' ? result.value : NaN;
          expect(value % 5).toBe(0);
          expect(Math.abs(value - n)).toBeLessThanOrEqual(2);
          if (n > 0) expect(value).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('shows a percentage as the exact one from unrounded counts, or hides it when an input is hidden', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 500 })
          .chain((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.constant(d))),
        threshold,
        ([num, den], t) => {
          const { derived } = suppressFigures(
            {
              counts: { num, den },
              derived: { rate: { kind: 'percentage', numerator: 'num', denominator: 'den' } },
            },
            t,
          );
          const hidden = (x: number) => x >= 1 && x <= t;
          if (hidden(num) || hidden(den)) expect(derived.rate).toEqual({ kind: 'suppressed' });
          else if (den === 0) expect(derived.rate).toEqual({ kind: 'not-applicable' });
          else expect(derived.rate).toEqual({ kind: 'value', value: (100 * num) / den });
        },
      ),
    );
  });

  it('leaves no shown total with exactly one hidden part', () => {
    // Random partitions: a total split into 2 to 5 parts, and a second group over some parts.
    const partition = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(partition, partition, threshold, (first, second, t) => {
        const counts: Record<string, number> = {};
        first.forEach((v, i) => (counts[`a${i}`] = v));
        second.forEach((v, i) => (counts[`b${i}`] = v));
        counts.ta = first.reduce((s, v) => s + v, 0);
        counts.tb = second.reduce((s, v) => s + v, 0);
        // Both groups share the grand total's parts: t = ta + tb.
        counts.t = counts.ta + counts.tb;
        const groups: CountGroup<string>[] = [
          { total: 'ta', parts: first.map((_, i) => `a${i}`) },
          { total: 'tb', parts: second.map((_, i) => `b${i}`) },
          { total: 't', parts: ['ta', 'tb'] },
        ];
        const published = suppressFigures({ counts, groups }, t);
        for (const g of groups) {
          if (published.counts[g.total]?.kind === 'suppressed') continue;
          const hiddenParts = g.parts.filter((p) => published.counts[p]?.kind === 'suppressed');
          expect(hiddenParts.length).not.toBe(1);
        }
      }),
    );
  });
});
