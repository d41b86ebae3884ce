// Small-number suppression (reference/suppression.md, F26): every count, rate or mean that leaves
// the service goes through suppressFigures, so no published figure can identify a patient.
//
// The rules, with the default threshold of 7 (the hospital statistics' stricter rule, because one
// service is a small population):
// - a count of 0 is shown as 0; 1 to 7 as `*`; any other n as 5 × round(n / 5):
//   0, 1, 5, 7, 8, 12, 13 → 0, *, *, *, 10, 10, 15;
// - a percentage or mean is computed from the unrounded counts, and is `*` when any count it is
//   computed from is suppressed (a percentage with numerator 6 → `*`);
// - secondary suppression: when the total of a group is shown and exactly one of its parts is
//   suppressed, the next smallest part is suppressed too, so the hidden one cannot be worked out by
//   subtraction. Repeated until no group has a lone suppressed part, since one secondary
//   suppression can leave another group with a lone one;
// - the output says that figures are rounded independently and need not add up.

export const DEFAULT_SUPPRESSION_THRESHOLD = 7;
/** Shown counts are multiples of this. */
export const ROUNDING_BASE = 5;

/** A published count: rounded, or hidden because it is small (or would reveal a small one). */
export type ShownCount =
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'suppressed'; readonly reason: 'small' | 'secondary' };

/** A published percentage or mean; not-applicable when its denominator or n is 0. */
export type ShownDerived =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'suppressed' }
  | { readonly kind: 'not-applicable' };

/** A figure computed from counts: a percentage (0–100) or a mean of values summed over n. */
export type DerivedFigure<C extends string> =
  | { readonly kind: 'percentage'; readonly numerator: C; readonly denominator: C }
  | { readonly kind: 'mean'; readonly sum: number; readonly n: C };

/** A group of counts that add up: the total is the sum of the parts (a row or column). */
export interface CountGroup<C extends string> {
  readonly total: C;
  readonly parts: readonly C[];
}

export interface FiguresToPublish<C extends string, D extends string> {
  readonly counts: Readonly<Record<C, number>>;
  readonly groups?: readonly CountGroup<C>[];
  readonly derived?: Readonly<Record<D, DerivedFigure<C>>>;
}

export interface PublishedFigures<C extends string, D extends string> {
  readonly counts: Readonly<Record<C, ShownCount>>;
  readonly derived: Readonly<Record<D, ShownDerived>>;
  /** Counts from 1 up to and including this were hidden. */
  readonly threshold: number;
  /** Always true: each figure is rounded on its own, so totals need not equal their parts. */
  readonly roundedIndependently: true;
}

export class SuppressionInputError extends Error {
  override name = 'SuppressionInputError';
}

const keysOf = <K extends string>(record: Readonly<Record<K, unknown>>): K[] => Object.keys(record) as K[];

/**
 * Applies small-number suppression to a set of figures. `threshold` is the largest count hidden
 * (default 7; at least 2). Throws SuppressionInputError for a bad threshold, a count that is not a whole number ≥ 0, a group or
 * derived figure naming an unknown count, or a group whose parts do not add up to its total: all
 * are bugs in the caller, and publishing from them could reveal what the rules hide.
 */
export const suppressFigures = <C extends string, D extends string = never>(
  figures: FiguresToPublish<C, D>,
  threshold: number = DEFAULT_SUPPRESSION_THRESHOLD,
): PublishedFigures<C, D> => {
  // Below 2, a count of 1 or 2 would be shown rounded to 0, which is not true.
  if (!Number.isInteger(threshold) || threshold < 2)
    throw new SuppressionInputError('the suppression threshold must be a whole number, 2 or more');
  const { counts } = figures;
  const groups = figures.groups ?? [];
  const derived = figures.derived ?? ({} as Readonly<Record<D, DerivedFigure<C>>>);
  const known = (name: C) => {
    if (!Object.hasOwn(counts, name)) throw new SuppressionInputError(`no count named ${name}`);
    return counts[name];
  };
  for (const name of keysOf(counts)) {
    const n = counts[name];
    if (!Number.isInteger(n) || n < 0)
      throw new SuppressionInputError(`count ${name} must be a whole number, 0 or more`);
  }
  for (const group of groups) {
    const sum = group.parts.reduce((s, part) => s + known(part), 0);
    if (sum !== known(group.total))
      throw new SuppressionInputError(`the parts of ${group.total} do not add up to it`);
  }

  const hidden = new Map<C, 'small' | 'secondary'>();
  for (const name of keysOf(counts)) {
    const n = counts[name];
    if (n >= 1 && n <= threshold) hidden.set(name, 'small');
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      if (hidden.has(group.total)) continue;
      const lone = group.parts.filter((p) => hidden.has(p));
      if (lone.length !== 1) continue;
      // The next smallest part, preferring one above 0: a hidden 0 beside a hidden 1 would let a
      // reader who knows `*` means 1 to 7 tell the two apart.
      const candidates = group.parts
        .filter((p) => !hidden.has(p))
        .sort((a, b) => (counts[a] === 0 ? 1 : 0) - (counts[b] === 0 ? 1 : 0) || counts[a] - counts[b]);
      const next = candidates[0];
      if (next !== undefined) {
        hidden.set(next, 'secondary');
        changed = true;
      }
    }
  }

  const shownCounts = {} as Record<C, ShownCount>;
  for (const name of keysOf(counts)) {
    const reason = hidden.get(name);
    shownCounts[name] = reason
      ? { kind: 'suppressed', reason }
      : { kind: 'count', value: ROUNDING_BASE * Math.round(counts[name] / ROUNDING_BASE) };
  }

  const shownDerived = {} as Record<D, ShownDerived>;
  for (const name of keysOf(derived)) {
    const figure = derived[name];
    if (figure.kind === 'percentage') {
      const numerator = known(figure.numerator);
      const denominator = known(figure.denominator);
      if (numerator > denominator)
        throw new SuppressionInputError(`the numerator of ${name} is larger than its denominator`);
      shownDerived[name] =
        hidden.has(figure.numerator) || hidden.has(figure.denominator)
          ? { kind: 'suppressed' }
          : denominator === 0
            ? { kind: 'not-applicable' }
            : { kind: 'value', value: (100 * numerator) / denominator };
    } else {
      const n = known(figure.n);
      shownDerived[name] = hidden.has(figure.n)
        ? { kind: 'suppressed' }
        : n === 0
          ? { kind: 'not-applicable' }
          : { kind: 'value', value: figure.sum / n };
    }
  }

  return { counts: shownCounts, derived: shownDerived, threshold, roundedIndependently: true };
};
