import * as z from 'zod';

// A questionnaire as data: the built-in measures (builtin.ts) and any a service adds in its
// config are validated by this one schema when loaded, so a broken definition fails `cdk synth`
// or the cold start with a message that names the problem, never a patient's submission.

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an id is lower-case letters, digits and hyphens');
const ItemId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_]{0,39}$/, 'an item id is lower-case letters, digits and underscores');
const Loinc = z.string().regex(/^\d{1,7}-\d$/, 'a LOINC code looks like 44249-1');
const LoincAnswer = z.string().regex(/^LA\d{1,7}-\d$/, 'a LOINC answer code looks like LA6568-5');

export const AnswerOption = z.strictObject({
  value: z.number().int().min(0).max(100),
  label: z.string().trim().min(1).max(200),
  loinc: LoincAnswer.optional(),
});
export type AnswerOption = z.infer<typeof AnswerOption>;

export const QuestionnaireItem = z.strictObject({
  id: ItemId,
  text: z.string().trim().min(1).max(500),
  loinc: Loinc.optional(),
  /** Replaces the questionnaire's options for this item only. */
  options: z.array(AnswerOption).min(2).optional(),
  /**
   * An extra answer that leaves the item out of the total (WSAS work item: "not applicable:
   * retired or not working for reasons unrelated to my problem").
   */
  notApplicable: z.strictObject({ label: z.string().trim().min(1).max(200) }).optional(),
});
export type QuestionnaireItem = z.infer<typeof QuestionnaireItem>;

export const SeverityBand = z.strictObject({
  min: z.number().int().min(0),
  max: z.number().int().min(0),
  label: z.string().trim().min(1).max(100),
});
export type SeverityBand = z.infer<typeof SeverityBand>;

export const QuestionnaireDefinition = z
  .strictObject({
    id: Id,
    title: z.string().trim().min(1).max(150),
    /** The question every item completes ("Over the last 2 weeks, how often..."). */
    stem: z.string().trim().min(1).max(500),
    /** Shown with the questionnaire: a licence notice, or that the wording is not the instrument's. */
    notice: z.string().trim().min(1).max(1000).optional(),
    loinc: z.strictObject({ panel: Loinc, total: Loinc.optional() }).optional(),
    items: z.array(QuestionnaireItem).min(1).max(50),
    options: z.array(AnswerOption).min(2),
    /** 'sum': total = sum of answered items. 'none': item scores only (no official total). */
    scoring: z.enum(['sum', 'none']),
    bands: z.array(SeverityBand).default([]),
    /** An answer above `above` raises the risk flag (PHQ-9 item 9, risk.md). */
    riskItem: z.strictObject({ itemId: ItemId, above: z.number().int().min(0) }).optional(),
  })
  .superRefine((d, ctx) => {
    const problem = (message: string, path: (string | number)[] = []) =>
      ctx.addIssue({ code: 'custom', message, path });
    const itemIds = d.items.map((i) => i.id);
    const dup = itemIds.find((id, i) => itemIds.indexOf(id) !== i);
    if (dup) problem(`item id "${dup}" is used twice`, ['items']);
    for (const [i, item] of d.items.entries()) {
      const values = (item.options ?? d.options).map((o) => o.value);
      if (new Set(values).size !== values.length)
        problem('two options share a value', ['items', i, 'options']);
    }
    const values = d.options.map((o) => o.value);
    if (new Set(values).size !== values.length) problem('two options share a value', ['options']);
    if (d.riskItem) {
      const riskItem = d.items.find((i) => i.id === d.riskItem?.itemId);
      if (!riskItem)
        problem(`the risk item "${d.riskItem.itemId}" is not one of the items`, ['riskItem', 'itemId']);
      else {
        // A threshold no answer can pass would silently never raise a flag (hazard H5); one every
        // answer passes would flag everyone.
        const riskValues = (riskItem.options ?? d.options).map((o) => o.value);
        if (!riskValues.some((v) => v > (d.riskItem?.above ?? 0))) {
          problem(
            `no answer to the risk item is above ${d.riskItem.above}, so the flag could never be raised`,
            ['riskItem', 'above'],
          );
        }
        if (!riskValues.some((v) => v <= (d.riskItem?.above ?? 0))) {
          problem(
            `every answer to the risk item is above ${d.riskItem.above}, so every response would be flagged`,
            ['riskItem', 'above'],
          );
        }
      }
    }
    if (d.scoring === 'none') {
      if (d.bands.length) problem('a questionnaire with no total cannot have severity bands', ['bands']);
      return;
    }
    // Bands must cover every possible total exactly once, from 0 to the maximum.
    const maxTotal = d.items.reduce(
      (sum, item) => sum + Math.max(...(item.options ?? d.options).map((o) => o.value)),
      0,
    );
    if (d.bands.length === 0) return;
    const sorted = [...d.bands].sort((a, b) => a.min - b.min);
    let expected = 0;
    for (const band of sorted) {
      if (band.max < band.min) problem(`band "${band.label}" ends before it starts`, ['bands']);
      if (band.min !== expected) {
        problem(
          band.min > expected
            ? `no band covers totals ${expected} to ${band.min - 1}`
            : `bands overlap at ${band.min} ("${band.label}")`,
          ['bands'],
        );
      }
      expected = band.max + 1;
    }
    if (expected - 1 !== maxTotal)
      problem(`the bands end at ${expected - 1} but the highest possible total is ${maxTotal}`, ['bands']);
  });
export type QuestionnaireDefinition = z.output<typeof QuestionnaireDefinition>;

/** Wording a service supplies for a built-in measure whose wording is not reproduced here (WSAS, phobia scales). */
export const QuestionnaireWording = z.strictObject({
  title: z.string().trim().min(1).max(150).optional(),
  stem: z.string().trim().min(1).max(500),
  /** Shown with the questionnaire, e.g. that the demo's prompts are not the instrument's wording. */
  notice: z.string().trim().min(1).max(1000).optional(),
  items: z.record(z.string(), z.string().trim().min(1).max(500)),
  /**
   * The words the scale's points carry, by value ("0": "not at all", ...), as the service's
   * licensed version prints them (WSAS labels the even points). Without them a point shows its
   * number alone (WSAS) or the reference's two end words (phobia scales).
   */
  anchors: z.record(z.string(), z.string().trim().min(1).max(100)).optional(),
});
export type QuestionnaireWording = z.infer<typeof QuestionnaireWording>;
