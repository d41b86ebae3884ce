import { createHash } from 'node:crypto';
import type { QuestionnaireDefinition } from './definition.js';
import { itemOptions } from './scoring.js';
import type { AnsweredItem, AnsweredWith, AnswerValue } from './types.js';

// A response keeps the definition version and the wording it was answered with (AnsweredWith), so
// history is not rewritten when a service changes its wording, a definition gets a new version,
// or a questionnaire leaves the service's config. Built when the response is stored; for a
// response stored before this was kept, the export builds it from the current definition.

const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/**
 * The Questionnaire's version: a fingerprint of the definition (wording, options, scoring), so
 * any change to what patients see or how it is scored gives a new version. A definition has no
 * version field of its own.
 */
export const definitionVersion = (definition: QuestionnaireDefinition): string =>
  createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 12);

/**
 * The wording a set of answers was given with, or undefined when the answers do not fit the
 * definition (an item it lacks, a value that is not an option, "not applicable" where the item
 * does not allow it): a response stored under an older definition that the current one no longer
 * describes.
 */
export const answeredWith = (
  definition: QuestionnaireDefinition,
  answers: Readonly<Record<string, AnswerValue>>,
): AnsweredWith | undefined => {
  const itemIds = new Set(definition.items.map((i) => i.id));
  if (Object.keys(answers).some((k) => !itemIds.has(k))) return undefined;
  const items: AnsweredItem[] = [];
  for (const item of definition.items) {
    if (!Object.hasOwn(answers, item.id)) continue;
    const value = answers[item.id];
    let answer: AnsweredItem['answer'];
    if (value === 'na') {
      if (!item.notApplicable) return undefined;
      answer = { label: item.notApplicable.label };
    } else {
      const option = itemOptions(definition, item).find((o) => o.value === value);
      if (!option) return undefined;
      answer = { label: option.label, ...(option.loinc ? { loinc: option.loinc } : {}) };
    }
    items.push({ id: item.id, text: item.text, ...(item.loinc ? { loinc: item.loinc } : {}), answer });
  }
  return {
    version: definitionVersion(definition),
    title: definition.title,
    ...(definition.loinc ? { loinc: definition.loinc } : {}),
    items,
  };
};
