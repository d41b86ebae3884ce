import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GAD7, iaptPhobia, PHQ9, wsas } from '../../shared/domain/questionnaires/builtin.js';
import type { QuestionnaireDefinition } from '../../shared/domain/questionnaires/definition.js';
import { scoreAnswers, type ScoredAnswers } from '../../shared/domain/questionnaires/scoring.js';

const WSAS = wsas({
  stem: 'How much does your problem affect each of these?',
  items: {
    wsas_work: 'Work',
    wsas_home: 'Home',
    wsas_social: 'Social',
    wsas_private: 'Private',
    wsas_relationships: 'Relationships',
  },
});
const PHOBIA = iaptPhobia({
  stem: 'How much would you avoid each of these?',
  items: { phobia_social: 'Social', phobia_panic: 'Panic', phobia_specific: 'Specific' },
});

const maxOf = (d: QuestionnaireDefinition) => Math.max(...d.options.map((o) => o.value));

/** Answers that sum to `target`: each item takes as much as it can, in item order, with `fixed` kept as given. */
const answersSummingTo = (
  d: QuestionnaireDefinition,
  target: number,
  fixed: Record<string, number | 'na'> = {},
): Record<string, number | 'na'> => {
  let remaining =
    target - Object.values(fixed).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
  const answers: Record<string, number | 'na'> = {};
  for (const item of d.items) {
    const given = fixed[item.id];
    if (given !== undefined) {
      answers[item.id] = given;
      continue;
    }
    const value = Math.min(maxOf(d), remaining);
    answers[item.id] = value;
    remaining -= value;
  }
  if (remaining !== 0) throw new Error(`cannot reach ${target}`);
  return answers;
};

const scored = (d: QuestionnaireDefinition, answers: Record<string, unknown>): ScoredAnswers => {
  const result = scoreAnswers(d, answers);
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result)}`);
  return result;
};

describe('PHQ-9 scoring', () => {
  it.each([
    [0, 'None–minimal'],
    [4, 'None–minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Moderately severe'],
    [19, 'Moderately severe'],
    [20, 'Severe'],
    [27, 'Severe'],
  ])('puts a total of %i in the band "%s"', (target, band) => {
    const result = scored(PHQ9, answersSummingTo(PHQ9, target));
    expect(result.total).toBe(target);
    expect(result.maxTotal).toBe(27);
    expect(result.severity).toBe(band);
  });

  it('returns the answers as numbers in item order', () => {
    const result = scored(PHQ9, answersSummingTo(PHQ9, 5));
    expect(Object.keys(result.answers)).toEqual(PHQ9.items.map((i) => i.id));
    expect(result.answers).toMatchObject({ phq9_1: 3, phq9_2: 2, phq9_3: 0 });
  });
});

describe('GAD-7 scoring', () => {
  it.each([
    [0, 'Minimal'],
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Severe'],
    [21, 'Severe'],
  ])('puts a total of %i in the band "%s"', (target, band) => {
    const result = scored(GAD7, answersSummingTo(GAD7, target));
    expect(result.total).toBe(target);
    expect(result.maxTotal).toBe(21);
    expect(result.severity).toBe(band);
  });
});

describe('WSAS scoring', () => {
  it.each([
    [0, 'Subclinical'],
    [9, 'Subclinical'],
    [10, 'Significant functional impairment'],
    [20, 'Significant functional impairment'],
    [21, 'Moderately severe or worse'],
    [40, 'Moderately severe or worse'],
  ])('puts a total of %i in the band "%s"', (target, band) => {
    const result = scored(WSAS, answersSummingTo(WSAS, target));
    expect(result.total).toBe(target);
    expect(result.maxTotal).toBe(40);
    expect(result.severity).toBe(band);
  });

  it.each([
    [0, 'Subclinical'],
    [9, 'Subclinical'],
    [10, 'Significant functional impairment'],
    [21, 'Moderately severe or worse'],
    [32, 'Moderately severe or worse'],
  ])('leaves a not-applicable work item out of the total (%i, "%s", maximum 32)', (target, band) => {
    const result = scored(WSAS, answersSummingTo(WSAS, target, { wsas_work: 'na' }));
    expect(result.answers.wsas_work).toBe('na');
    expect(result.total).toBe(target);
    expect(result.maxTotal).toBe(32);
    expect(result.severity).toBe(band);
  });

  it('accepts "na" as a form sends it, on the work item only', () => {
    const answers = {
      wsas_work: 'na',
      wsas_home: '8',
      wsas_social: '8',
      wsas_private: '8',
      wsas_relationships: '8',
    };
    expect(scored(WSAS, answers).total).toBe(32);
    expect(scoreAnswers(WSAS, { ...answers, wsas_home: 'na' })).toEqual({
      ok: false,
      missing: [],
      invalid: ['wsas_home'],
    });
  });

  it('accepts the odd points of the 0–8 scale', () => {
    const result = scored(WSAS, {
      wsas_work: 1,
      wsas_home: 3,
      wsas_social: 5,
      wsas_private: 7,
      wsas_relationships: 0,
    });
    expect(result.total).toBe(16);
  });
});

describe('phobia scales scoring', () => {
  it('keeps the three item scores and invents no total or severity', () => {
    const result = scored(PHOBIA, { phobia_social: 8, phobia_panic: '0', phobia_specific: 3 });
    expect(result).toEqual({
      ok: true,
      answers: { phobia_social: 8, phobia_panic: 0, phobia_specific: 3 },
      total: null,
      maxTotal: null,
      severity: null,
      riskFlag: false,
    });
  });
});

describe('risk flag', () => {
  it.each([1, 2, 3])('is raised when PHQ-9 item 9 is %i, even when that is the whole total', (value) => {
    const result = scored(PHQ9, answersSummingTo(PHQ9, value, { phq9_9: value }));
    expect(result.total).toBe(value);
    expect(result.severity).toBe('None–minimal');
    expect(result.riskFlag).toBe(true);
    expect(result.riskItemValue).toBe(value);
  });

  it('is raised when item 9 is sent as a form string', () => {
    const result = scored(PHQ9, { ...answersSummingTo(PHQ9, 0), phq9_9: '2' });
    expect(result.riskFlag).toBe(true);
    expect(result.riskItemValue).toBe(2);
  });

  it.each([0, 10, 24])('is not raised when item 9 is 0 (total %i), and no item-9 value is set', (target) => {
    const result = scored(PHQ9, answersSummingTo(PHQ9, target, { phq9_9: 0 }));
    expect(result.total).toBe(target);
    expect(result.riskFlag).toBe(false);
    expect(result).not.toHaveProperty('riskItemValue');
  });

  it('is never raised by GAD-7, WSAS or the phobia scales, even at their maximum', () => {
    expect(scored(GAD7, answersSummingTo(GAD7, 21)).riskFlag).toBe(false);
    expect(scored(WSAS, answersSummingTo(WSAS, 40)).riskFlag).toBe(false);
    expect(scored(PHOBIA, { phobia_social: 8, phobia_panic: 8, phobia_specific: 8 }).riskFlag).toBe(false);
  });
});

describe('incomplete or invalid answers', () => {
  const complete = answersSummingTo(PHQ9, 12);

  it('rejects a submission with items left out, naming them in item order', () => {
    const { phq9_3: _3, phq9_9: _9, ...partial } = complete;
    expect(scoreAnswers(PHQ9, partial)).toEqual({ ok: false, missing: ['phq9_3', 'phq9_9'], invalid: [] });
  });

  it('treats an empty string or null as unanswered', () => {
    expect(scoreAnswers(PHQ9, { ...complete, phq9_1: '', phq9_2: null })).toEqual({
      ok: false,
      missing: ['phq9_1', 'phq9_2'],
      invalid: [],
    });
  });

  it('rejects an empty submission with every item missing', () => {
    expect(scoreAnswers(GAD7, {})).toEqual({ ok: false, missing: GAD7.items.map((i) => i.id), invalid: [] });
  });

  it.each([
    ['a value above the options', 4],
    ['a negative value', -1],
    ['a fraction', 2.5],
    ['a fraction as a string', '2.5'],
    ['a word', 'abc'],
    ['a padded number', ' 2'],
    ['not applicable on an item that does not allow it', 'na'],
    ['a boolean', true],
    ['an array', [2]],
    ['NaN', Number.NaN],
  ])('rejects %s as invalid', (_what, value) => {
    expect(scoreAnswers(PHQ9, { ...complete, phq9_4: value })).toEqual({
      ok: false,
      missing: [],
      invalid: ['phq9_4'],
    });
  });

  it('rejects an answer to an item the questionnaire does not have', () => {
    expect(scoreAnswers(PHQ9, { ...complete, phq9_10: 1 })).toEqual({
      ok: false,
      missing: [],
      invalid: ['phq9_10'],
    });
    expect(scoreAnswers(PHQ9, { ...complete, gad7_1: 1 })).toEqual({
      ok: false,
      missing: [],
      invalid: ['gad7_1'],
    });
  });

  it('reports missing and invalid items together', () => {
    const { phq9_9: _, ...partial } = complete;
    expect(scoreAnswers(PHQ9, { ...partial, phq9_1: 9 })).toEqual({
      ok: false,
      missing: ['phq9_9'],
      invalid: ['phq9_1'],
    });
  });

  it('accepts numeric strings as HTML forms send them, and scores them as numbers', () => {
    const strings = Object.fromEntries(Object.entries(complete).map(([k, v]) => [k, String(v)]));
    const result = scored(PHQ9, strings);
    expect(result.total).toBe(12);
    expect(Object.values(result.answers).every((v) => typeof v === 'number')).toBe(true);
  });
});

describe('scoring properties', () => {
  const builtins = [PHQ9, GAD7, WSAS];
  it('gives the sum of the item scores, in the one band that contains it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...builtins),
        fc.infiniteStream(fc.nat({ max: 8 })),
        (definition, stream) => {
          const max = maxOf(definition);
          const values = [...stream.take(definition.items.length)].map((v) => v % (max + 1));
          const answers = Object.fromEntries(definition.items.map((item, i) => [item.id, values[i]]));
          const result = scored(definition, answers);
          const sum = values.reduce<number>((s, v) => s + (v ?? 0), 0);
          expect(result.total).toBe(sum);
          const containing = definition.bands.filter((b) => b.min <= sum && sum <= b.max);
          expect(containing).toHaveLength(1);
          expect(result.severity).toBe(containing[0]?.label);
        },
      ),
    );
  });
});
