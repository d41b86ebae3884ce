import type { AnswerOption, QuestionnaireDefinition, QuestionnaireItem } from './definition.js';
import type { AnswerValue } from './types.js';

// Scoring a submission (questionnaires.md): every item must be answered with one of its values,
// the portal never prorates, and a total is the plain sum of the item scores.
//
// Worked examples:
// - PHQ-9 answered 1,1,1,1,1,0,0,0,0 → total 5, maxTotal 27, severity "Mild", no risk flag.
// - PHQ-9 answered 0,0,0,0,0,0,0,0,1 → total 1, severity "None–minimal", riskFlag true,
//   riskItemValue 1 (item 9 above 0 raises the flag whatever the total; risk.md).
// - GAD-7 answered 3 on every item → total 21, severity "Severe" (GAD-7 has no risk item).
// - WSAS answered 'na',8,8,8,8 → total 32, maxTotal 32 (the work item leaves the total),
//   severity "Moderately severe or worse".
// - Phobia scales answered 8,0,3 → total null, severity null, answers kept item by item.
// - PHQ-9 with item 9 left out and item 1 answered 4 → { ok: false, missing: ['phq9_9'],
//   invalid: ['phq9_1'] }.

export interface ScoredAnswers {
  readonly ok: true;
  /** The answers in item order, numbers parsed ("2" from a form becomes 2). */
  readonly answers: Record<string, AnswerValue>;
  /** Null when the questionnaire has no total (scoring 'none'). */
  readonly total: number | null;
  /** The highest total possible given the items answered 'na' (WSAS with work 'na': 32). */
  readonly maxTotal: number | null;
  /** The label of the band the total falls in; null when there is no total or no bands. */
  readonly severity: string | null;
  readonly riskFlag: boolean;
  /** The risk item's answer, set only when the flag is raised. */
  readonly riskItemValue?: number;
}

export interface RejectedAnswers {
  readonly ok: false;
  /** Items with no answer, in item order. */
  readonly missing: string[];
  /** Items answered with something not among their values, then keys that are not items. */
  readonly invalid: string[];
}

export type ScoreResult = ScoredAnswers | RejectedAnswers;

/** The options an item is answered with (its own, or the questionnaire's). */
export const itemOptions = (definition: QuestionnaireDefinition, item: QuestionnaireItem): AnswerOption[] =>
  item.options ?? definition.options;

const NUMERIC = /^\d{1,3}$/;

type Parsed = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'value'; value: AnswerValue };

/** One answer as sent: a number, a numeric string (HTML forms send strings), or 'na'. */
const parseAnswer = (definition: QuestionnaireDefinition, item: QuestionnaireItem, raw: unknown): Parsed => {
  if (raw === undefined || raw === null || raw === '') return { kind: 'missing' };
  if (raw === 'na') return item.notApplicable ? { kind: 'value', value: 'na' } : { kind: 'invalid' };
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && NUMERIC.test(raw)) value = Number(raw);
  else return { kind: 'invalid' };
  return itemOptions(definition, item).some((o) => o.value === value)
    ? { kind: 'value', value }
    : { kind: 'invalid' };
};

/** Checks and scores one submission against its definition. Pure: nothing is stored or logged. */
export const scoreAnswers = (
  definition: QuestionnaireDefinition,
  answers: Record<string, unknown>,
): ScoreResult => {
  const missing: string[] = [];
  const invalid: string[] = [];
  const parsed: Record<string, AnswerValue> = {};
  for (const item of definition.items) {
    const result = parseAnswer(
      definition,
      item,
      Object.hasOwn(answers, item.id) ? answers[item.id] : undefined,
    );
    if (result.kind === 'missing') missing.push(item.id);
    else if (result.kind === 'invalid') invalid.push(item.id);
    else parsed[item.id] = result.value;
  }
  const itemIds = new Set(definition.items.map((i) => i.id));
  for (const key of Object.keys(answers)) if (!itemIds.has(key)) invalid.push(key);
  if (missing.length || invalid.length) return { ok: false, missing, invalid };

  let total: number | null = null;
  let maxTotal: number | null = null;
  let severity: string | null = null;
  if (definition.scoring === 'sum') {
    total = 0;
    maxTotal = 0;
    for (const item of definition.items) {
      const value = parsed[item.id];
      if (typeof value !== 'number') continue; // 'na' leaves the item out of the total and the maximum
      total += value;
      maxTotal += Math.max(...itemOptions(definition, item).map((o) => o.value));
    }
    const t = total;
    severity = definition.bands.find((b) => b.min <= t && t <= b.max)?.label ?? null;
  }

  const riskValue = definition.riskItem ? parsed[definition.riskItem.itemId] : undefined;
  const riskFlag =
    definition.riskItem !== undefined &&
    typeof riskValue === 'number' &&
    riskValue > definition.riskItem.above;
  return {
    ok: true,
    answers: parsed,
    total,
    maxTotal,
    severity,
    riskFlag,
    ...(riskFlag ? { riskItemValue: riskValue as number } : {}),
  };
};

/**
 * The risk item's answer when it raises the flag, from answers that may be incomplete or
 * refused: the flag is computed first and never lost (risk.md). Example: a PHQ-9 with only
 * item 9 answered "2" gives 2; with item 9 answered "0", or not at all, undefined.
 */
export const raisedRiskAnswer = (
  definition: QuestionnaireDefinition,
  answers: Record<string, unknown>,
): number | undefined => {
  const risk = definition.riskItem;
  const item = risk && definition.items.find((i) => i.id === risk.itemId);
  if (!risk || !item) return undefined;
  const parsed = parseAnswer(
    definition,
    item,
    Object.hasOwn(answers, item.id) ? answers[item.id] : undefined,
  );
  return parsed.kind === 'value' && typeof parsed.value === 'number' && parsed.value > risk.above
    ? parsed.value
    : undefined;
};
