import * as z from 'zod';
import { type AnswerOption, QuestionnaireDefinition, type QuestionnaireWording } from './definition.js';

// The built-in measures as data. Every one goes through the QuestionnaireDefinition schema when
// this module loads (or, for WSAS and the phobia scales, when a service's wording is applied), so
// a slip in a code, a band or an id fails the first test, `cdk synth` and the cold start.
//
// PHQ-9 and GAD-7 carry their wording: no permission is needed to reproduce them (Pfizer notice).
// WSAS and the IAPT phobia scales carry structure only: their wording is not reproduced here, and
// each service supplies the wording it uses in its config (`questionnaires.wording`).

export class QuestionnaireConfigError extends Error {
  override name = 'QuestionnaireConfigError';
}

const parseBuiltin = (raw: z.input<typeof QuestionnaireDefinition>): QuestionnaireDefinition => {
  const parsed = QuestionnaireDefinition.safeParse(raw);
  if (!parsed.success) {
    throw new QuestionnaireConfigError(
      `the built-in questionnaire "${raw.id}" is not a valid definition:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
};

export const PFIZER_NOTICE =
  '© Pfizer Inc. Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and ' +
  'colleagues, with an educational grant from Pfizer Inc. No permission is required to reproduce, ' +
  'translate, display or distribute.';

/** The four answers of PHQ-9 and GAD-7, with their LOINC answer codes (the same on every item). */
const FREQUENCY_OPTIONS: AnswerOption[] = [
  { value: 0, label: 'Not at all', loinc: 'LA6568-5' },
  { value: 1, label: 'Several days', loinc: 'LA6569-3' },
  { value: 2, label: 'More than half the days', loinc: 'LA6570-1' },
  { value: 3, label: 'Nearly every day', loinc: 'LA6571-9' },
];

/**
 * PHQ-9. The optional 10th, unscored question ("how difficult have these problems made it...",
 * LOINC 69722-7, asked only when the total is above 0) is left out: offering it is a per-service
 * setting, off by default, and not built yet.
 */
export const PHQ9: QuestionnaireDefinition = parseBuiltin({
  id: 'phq-9',
  title: 'PHQ-9: Patient Health Questionnaire',
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  notice: PFIZER_NOTICE,
  loinc: { panel: '44249-1', total: '44261-6' },
  items: [
    { id: 'phq9_1', loinc: '44250-9', text: 'Little interest or pleasure in doing things' },
    { id: 'phq9_2', loinc: '44255-8', text: 'Feeling down, depressed, or hopeless' },
    { id: 'phq9_3', loinc: '44259-0', text: 'Trouble falling or staying asleep, or sleeping too much' },
    { id: 'phq9_4', loinc: '44254-1', text: 'Feeling tired or having little energy' },
    { id: 'phq9_5', loinc: '44251-7', text: 'Poor appetite or overeating' },
    {
      id: 'phq9_6',
      loinc: '44258-2',
      text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    },
    {
      id: 'phq9_7',
      loinc: '44252-5',
      text: 'Trouble concentrating on things, such as reading the newspaper or watching television',
    },
    {
      id: 'phq9_8',
      loinc: '44253-3',
      text:
        'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so ' +
        'fidgety or restless that you have been moving around a lot more than usual',
    },
    {
      id: 'phq9_9',
      loinc: '44260-8',
      text: 'Thoughts that you would be better off dead or of hurting yourself in some way',
    },
  ],
  options: FREQUENCY_OPTIONS,
  scoring: 'sum',
  bands: [
    { min: 0, max: 4, label: 'None–minimal' },
    { min: 5, max: 9, label: 'Mild' },
    { min: 10, max: 14, label: 'Moderate' },
    { min: 15, max: 19, label: 'Moderately severe' },
    { min: 20, max: 27, label: 'Severe' },
  ],
  // risk.md: item 9 answered 1, 2 or 3 raises the flag, whatever the total.
  riskItem: { itemId: 'phq9_9', above: 0 },
});

export const GAD7: QuestionnaireDefinition = parseBuiltin({
  id: 'gad-7',
  title: 'GAD-7: Generalised Anxiety Disorder Assessment',
  // Some copies say "any of the following problems"; this one is kept stable.
  stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  notice: PFIZER_NOTICE,
  loinc: { panel: '69737-5', total: '70274-6' },
  items: [
    { id: 'gad7_1', loinc: '69725-0', text: 'Feeling nervous, anxious or on edge' },
    { id: 'gad7_2', loinc: '68509-9', text: 'Not being able to stop or control worrying' },
    { id: 'gad7_3', loinc: '69733-4', text: 'Worrying too much about different things' },
    { id: 'gad7_4', loinc: '69734-2', text: 'Trouble relaxing' },
    { id: 'gad7_5', loinc: '69735-9', text: 'Being so restless that it is hard to sit still' },
    { id: 'gad7_6', loinc: '69689-8', text: 'Becoming easily annoyed or irritable' },
    { id: 'gad7_7', loinc: '69736-7', text: 'Feeling afraid as if something awful might happen' },
  ],
  // The same four answers and LOINC answer codes as PHQ-9 (LA6570-1 for 2 on every item, although
  // LOINC's own list for 68509-9 differs); the 0 answer is "Not at all" (not the "Not at all sure"
  // misprint).
  options: FREQUENCY_OPTIONS,
  scoring: 'sum',
  bands: [
    { min: 0, max: 4, label: 'Minimal' },
    { min: 5, max: 9, label: 'Mild' },
    { min: 10, max: 14, label: 'Moderate' },
    { min: 15, max: 21, label: 'Severe' },
  ],
});

/** A 0–8 scale with the printed anchors on the points given; the other points are just the number. */
const zeroToEight = (anchors: Record<number, string>): AnswerOption[] =>
  Array.from({ length: 9 }, (_, value) => ({
    value,
    label: anchors[value] === undefined ? String(value) : `${value} – ${anchors[value]}`,
  }));

/** The WSAS item ids, one per domain, in order. Services key their wording by these. */
export const WSAS_ITEM_IDS = [
  'wsas_work',
  'wsas_home',
  'wsas_social',
  'wsas_private',
  'wsas_relationships',
] as const;

/** The IAPT phobia scale item ids: social phobia, panic / agoraphobia, specific phobia. */
export const PHOBIA_ITEM_IDS = ['phobia_social', 'phobia_panic', 'phobia_specific'] as const;

/**
 * The anchor words a service's wording gives, keyed by scale point; throws naming a key that is
 * not a point of the 0–8 scale. Undefined when the wording gives none.
 */
const anchorWords = (id: string, wording: QuestionnaireWording): Record<number, string> | undefined => {
  if (wording.anchors === undefined) return undefined;
  const anchors: Record<number, string> = {};
  for (const [key, word] of Object.entries(wording.anchors)) {
    if (!/^[0-8]$/.test(key)) {
      throw new QuestionnaireConfigError(
        `the wording for "${id}" has an anchor for "${key}", which is not a point of its 0–8 scale`,
      );
    }
    anchors[Number(key)] = word;
  }
  return anchors;
};

/** Checks a service's wording covers exactly the measure's items, naming what is missing or extra. */
const itemTexts = (id: string, itemIds: readonly string[], wording: QuestionnaireWording): string[] => {
  const missing = itemIds.filter((itemId) => !Object.hasOwn(wording.items, itemId));
  if (missing.length) {
    throw new QuestionnaireConfigError(
      `the wording for "${id}" has no text for item ${missing.map((m) => `"${m}"`).join(', ')} ` +
        `(it needs ${itemIds.join(', ')})`,
    );
  }
  const extra = Object.keys(wording.items).filter((itemId) => !itemIds.includes(itemId));
  if (extra.length) {
    throw new QuestionnaireConfigError(
      `the wording for "${id}" has text for unknown item ${extra.map((e) => `"${e}"`).join(', ')} ` +
        `(its items are ${itemIds.join(', ')})`,
    );
  }
  return itemIds.map((itemId) => wording.items[itemId] as string);
};

/**
 * WSAS (© Isaac M. Marks): 5 items answered 0–8. The work item has a "not applicable" answer
 * that leaves it out of the total (maximum 32 instead of 40). Bands from Mundt et al. 2002. The
 * words on the scale's points are the instrument's wording too, so they come from the service's
 * wording (`anchors`), like its items; without them each point shows its number alone.
 */
export const wsas = (wording: QuestionnaireWording): QuestionnaireDefinition => {
  const texts = itemTexts('wsas', WSAS_ITEM_IDS, wording);
  return parseBuiltin({
    id: 'wsas',
    title: wording.title ?? 'Work and Social Adjustment Scale',
    stem: wording.stem,
    notice: wording.notice ?? 'Work and Social Adjustment Scale © Isaac M. Marks.',
    items: WSAS_ITEM_IDS.map((id, i) => ({
      id,
      text: texts[i] as string,
      ...(id === 'wsas_work'
        ? {
            notApplicable: {
              label: 'Not applicable: retired or not working for reasons unrelated to my problem',
            },
          }
        : {}),
    })),
    options: zeroToEight(anchorWords('wsas', wording) ?? {}),
    scoring: 'sum',
    bands: [
      { min: 0, max: 9, label: 'Subclinical' },
      { min: 10, max: 20, label: 'Significant functional impairment' },
      { min: 21, max: 40, label: 'Moderately severe or worse' },
    ],
  });
};

/**
 * The IAPT phobia scales: 3 items answered 0–8, recorded item by item. There is no official total
 * or bands, so none is invented (scoring 'none'). Unless the service's wording gives its anchors,
 * only the two ends of the scale are labelled (the reference gives those two anchors' wording
 * and no other).
 */
export const iaptPhobia = (wording: QuestionnaireWording): QuestionnaireDefinition => {
  const texts = itemTexts('iapt-phobia', PHOBIA_ITEM_IDS, wording);
  return parseBuiltin({
    id: 'iapt-phobia',
    title: wording.title ?? 'Phobia scales',
    stem: wording.stem,
    ...(wording.notice === undefined ? {} : { notice: wording.notice }),
    items: PHOBIA_ITEM_IDS.map((id, i) => ({ id, text: texts[i] as string })),
    options: zeroToEight(
      anchorWords('iapt-phobia', wording) ?? { 0: 'would not avoid it', 8: 'always avoid it' },
    ),
    scoring: 'none',
  });
};

/** Built-in measures whose wording the service supplies, by id. */
const WORDED_BUILTINS: Record<string, (wording: QuestionnaireWording) => QuestionnaireDefinition> = {
  wsas,
  'iapt-phobia': iaptPhobia,
};

/** Every built-in id, in the order the catalogue lists them. */
export const BUILTIN_IDS = ['phq-9', 'gad-7', 'wsas', 'iapt-phobia'] as const;

export interface CatalogueConfig {
  readonly wording: Readonly<Record<string, QuestionnaireWording>>;
  readonly definitions: readonly unknown[];
}

const describeRaw = (raw: unknown): string => {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string') {
    return `"${raw.id}"`;
  }
  return '(no id)';
};

/**
 * The questionnaires a service can ask: PHQ-9 and GAD-7, WSAS and the phobia scales when the
 * service supplies their wording, and the service's own definitions. `wanted` is every id the
 * stages use. Throws QuestionnaireConfigError, naming the problem, when a wanted id is unknown, a
 * wanted built-in has no wording, wording is given for a measure that takes none, a service
 * definition is invalid, or two definitions share an id.
 */
export const questionnaireCatalogue = (
  config: CatalogueConfig,
  wanted: readonly string[],
): ReadonlyMap<string, QuestionnaireDefinition> => {
  const catalogue = new Map<string, QuestionnaireDefinition>([
    [PHQ9.id, PHQ9],
    [GAD7.id, GAD7],
  ]);

  for (const id of Object.keys(config.wording)) {
    if (!Object.hasOwn(WORDED_BUILTINS, id)) {
      throw new QuestionnaireConfigError(
        `questionnaires.wording has wording for "${id}", but only ${Object.keys(WORDED_BUILTINS).join(' and ')} ` +
          `take their wording from the config (a service's own questionnaire carries its wording in its definition)`,
      );
    }
  }
  for (const [id, build] of Object.entries(WORDED_BUILTINS)) {
    const wording = config.wording[id];
    if (wording !== undefined) catalogue.set(id, build(wording));
  }

  for (const [index, raw] of config.definitions.entries()) {
    const where = `questionnaires.definitions[${index}] ${describeRaw(raw)}`;
    const parsed = QuestionnaireDefinition.safeParse(raw);
    if (!parsed.success) {
      throw new QuestionnaireConfigError(
        `${where} is not a valid questionnaire definition:\n${z.prettifyError(parsed.error)}`,
      );
    }
    const { id } = parsed.data;
    if ((BUILTIN_IDS as readonly string[]).includes(id)) {
      throw new QuestionnaireConfigError(
        `${where} uses the id of the built-in questionnaire "${id}": give the service's own questionnaire another id`,
      );
    }
    if (catalogue.has(id)) {
      throw new QuestionnaireConfigError(`${where} uses the id "${id}" of an earlier definition`);
    }
    catalogue.set(id, parsed.data);
  }

  for (const id of new Set(wanted)) {
    if (catalogue.has(id)) continue;
    if (Object.hasOwn(WORDED_BUILTINS, id)) {
      throw new QuestionnaireConfigError(
        `the stages ask for "${id}", but questionnaires.wording has no wording for it: ` +
          `the service supplies the wording it is licensed to use`,
      );
    }
    throw new QuestionnaireConfigError(
      `the stages ask for "${id}", which is not a known questionnaire (known: ${[...catalogue.keys()].join(', ')})`,
    );
  }
  return catalogue;
};
