import { createHash } from 'node:crypto';
import type { AnswerOption, QuestionnaireDefinition, QuestionnaireItem } from './definition.js';
import { itemOptions } from './scoring.js';
import type { AnswerValue, QuestionnaireResponse } from './types.js';

// FHIR R4 (4.0.1) forms of the questionnaires and their responses, for `?format=fhir` and
// `GET /api/v1/questionnaires`. No FHIR library: the few resource shapes used are typed here.
//
// - A Questionnaire: status active, url `${base}/Questionnaire/${id}`, code the LOINC panel (or
//   the portal's own code), a display item with the stem, then one choice item per question
//   (linkId = item id, code = LOINC item), each answerOption a Coding with the ordinalValue
//   extension, and for a measure with a total a read-only integer item `${id}-total` carrying
//   the LOINC total code.
// - A QuestionnaireResponse: status completed, questionnaire `url|version`, subject the Patient,
//   authored the submission time; one answer per item (R4 allows at most one value[x] per
//   answer), a Coding (LOINC answer code where one exists) with the ordinalValue extension, and
//   the total as the `${id}-total` item with valueInteger.
//
// Error messages name ids only, never an answer or a score (they may reach a log).

export const LOINC = 'http://loinc.org';
export const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
/** The code given to a "not applicable" answer (WSAS work item), in the portal's answer system. */
export const NOT_APPLICABLE_CODE = 'not-applicable';

export interface FhirExtension {
  readonly url: string;
  readonly valueDecimal: number;
}

export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
  readonly extension?: readonly FhirExtension[];
}

export interface FhirQuestionnaireItem {
  readonly linkId: string;
  readonly text: string;
  readonly type: 'display' | 'choice' | 'integer';
  readonly code?: readonly FhirCoding[];
  readonly required?: boolean;
  readonly readOnly?: boolean;
  readonly answerOption?: readonly { readonly valueCoding: FhirCoding }[];
}

export interface FhirQuestionnaire {
  readonly resourceType: 'Questionnaire';
  readonly id: string;
  readonly url: string;
  readonly version: string;
  readonly title: string;
  readonly status: 'active';
  readonly subjectType: readonly ['Patient'];
  readonly code: readonly FhirCoding[];
  readonly copyright?: string;
  readonly item: readonly FhirQuestionnaireItem[];
}

/** R4: `QuestionnaireResponse.item.answer.value[x]` is 0..1, so each answer holds exactly one. */
export type FhirAnswer = { readonly valueCoding: FhirCoding } | { readonly valueInteger: number };

export interface FhirQuestionnaireResponseItem {
  readonly linkId: string;
  readonly text?: string;
  readonly answer: readonly FhirAnswer[];
}

export interface FhirReference {
  readonly reference: string;
  readonly identifier?: { readonly system: string; readonly value: string };
}

export interface FhirQuestionnaireResponse {
  readonly resourceType: 'QuestionnaireResponse';
  readonly questionnaire: string;
  readonly status: 'completed';
  readonly subject: FhirReference;
  readonly authored: string;
  readonly item: readonly FhirQuestionnaireResponseItem[];
}

export interface FhirBundle<R> {
  readonly resourceType: 'Bundle';
  readonly type: 'searchset';
  readonly total: number;
  readonly entry: readonly { readonly resource: R; readonly search: { readonly mode: 'match' } }[];
}

const base = (canonicalBase: string): string => {
  if (!/^https?:\/\/[^/\s]+/.test(canonicalBase)) {
    throw new Error(`the FHIR canonical base must be an absolute http(s) URL, not "${canonicalBase}"`);
  }
  return canonicalBase.replace(/\/+$/, '');
};

/** The portal's own code system for questionnaires with no LOINC panel (code = questionnaire id). */
export const questionnaireCodeSystem = (canonicalBase: string): string =>
  `${base(canonicalBase)}/CodeSystem/questionnaires`;
/** The portal's own code system for answers with no LOINC answer code (code = the value, or not-applicable). */
export const answerCodeSystem = (canonicalBase: string): string =>
  `${base(canonicalBase)}/CodeSystem/answers`;
export const questionnaireUrl = (canonicalBase: string, id: string): string =>
  `${base(canonicalBase)}/Questionnaire/${id}`;
/** The system of the patient's external id (from the service's EPR) in a subject identifier. */
export const externalIdSystem = (canonicalBase: string): string =>
  `${base(canonicalBase)}/NamingSystem/external-id`;
export const totalLinkId = (definition: QuestionnaireDefinition): string => `${definition.id}-total`;
const stemLinkId = (definition: QuestionnaireDefinition): string => `${definition.id}-stem`;

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

const ordinal = (value: number): FhirExtension[] => [{ url: ORDINAL_VALUE, valueDecimal: value }];

const optionCoding = (option: AnswerOption, canonicalBase: string): FhirCoding => ({
  ...(option.loinc
    ? { system: LOINC, code: option.loinc }
    : { system: answerCodeSystem(canonicalBase), code: String(option.value) }),
  display: option.label,
  extension: ordinal(option.value),
});

const notApplicableCoding = (label: string, canonicalBase: string): FhirCoding => ({
  system: answerCodeSystem(canonicalBase),
  code: NOT_APPLICABLE_CODE,
  display: label,
});

const itemCode = (item: QuestionnaireItem): FhirCoding[] | undefined =>
  item.loinc ? [{ system: LOINC, code: item.loinc, display: item.text }] : undefined;

/** A definition as a FHIR R4 Questionnaire resource. */
export const toFhirQuestionnaire = (
  definition: QuestionnaireDefinition,
  canonicalBase: string,
): FhirQuestionnaire => {
  const items: FhirQuestionnaireItem[] = [
    { linkId: stemLinkId(definition), text: definition.stem, type: 'display' },
    ...definition.items.map((item): FhirQuestionnaireItem => {
      const code = itemCode(item);
      return {
        linkId: item.id,
        text: item.text,
        type: 'choice',
        ...(code ? { code } : {}),
        required: true,
        answerOption: [
          ...itemOptions(definition, item).map((o) => ({ valueCoding: optionCoding(o, canonicalBase) })),
          ...(item.notApplicable
            ? [{ valueCoding: notApplicableCoding(item.notApplicable.label, canonicalBase) }]
            : []),
        ],
      };
    }),
  ];
  if (definition.scoring === 'sum') {
    const total = definition.loinc?.total;
    items.push({
      linkId: totalLinkId(definition),
      text: 'Total score',
      type: 'integer',
      ...(total
        ? { code: [{ system: LOINC, code: total, display: `${definition.title} total score` }] }
        : {}),
      readOnly: true,
    });
  }
  return {
    resourceType: 'Questionnaire',
    id: definition.id,
    url: questionnaireUrl(canonicalBase, definition.id),
    version: definitionVersion(definition),
    title: definition.title,
    status: 'active',
    subjectType: ['Patient'],
    code: [
      definition.loinc
        ? { system: LOINC, code: definition.loinc.panel, display: definition.title }
        : { system: questionnaireCodeSystem(canonicalBase), code: definition.id, display: definition.title },
    ],
    ...(definition.notice ? { copyright: definition.notice } : {}),
    item: items,
  };
};

export class FhirExportError extends Error {
  override name = 'FhirExportError';
}

const answerCoding = (
  definition: QuestionnaireDefinition,
  item: QuestionnaireItem,
  value: AnswerValue,
  canonicalBase: string,
): FhirCoding => {
  if (value === 'na') {
    if (!item.notApplicable) {
      throw new FhirExportError(
        `a ${definition.id} response answers "${item.id}" not applicable, which it does not allow`,
      );
    }
    return notApplicableCoding(item.notApplicable.label, canonicalBase);
  }
  const option = itemOptions(definition, item).find((o) => o.value === value);
  if (!option) {
    throw new FhirExportError(
      `a ${definition.id} response answers "${item.id}" with a value that is not one of its options`,
    );
  }
  return optionCoding(option, canonicalBase);
};

const toFhirResponse = (
  response: QuestionnaireResponse,
  definition: QuestionnaireDefinition,
  subject: FhirReference,
  canonicalBase: string,
): FhirQuestionnaireResponse => {
  const itemIds = new Set(definition.items.map((i) => i.id));
  const unknown = Object.keys(response.answers).filter((k) => !itemIds.has(k));
  if (unknown.length) {
    throw new FhirExportError(
      `a ${definition.id} response answers ${unknown.join(', ')}, which the definition does not have`,
    );
  }
  const items: FhirQuestionnaireResponseItem[] = [];
  for (const item of definition.items) {
    if (!Object.hasOwn(response.answers, item.id)) continue;
    const value = response.answers[item.id] as AnswerValue;
    items.push({
      linkId: item.id,
      text: item.text,
      answer: [{ valueCoding: answerCoding(definition, item, value, canonicalBase) }],
    });
  }
  if (response.total !== null) {
    items.push({
      linkId: totalLinkId(definition),
      text: 'Total score',
      answer: [{ valueInteger: response.total }],
    });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${questionnaireUrl(canonicalBase, definition.id)}|${definitionVersion(definition)}`,
    status: 'completed',
    subject,
    authored: response.submittedAt,
    item: items,
  };
};

/**
 * One patient's responses as a FHIR R4 searchset Bundle of QuestionnaireResponses. Throws
 * FhirExportError if a response belongs to another patient or does not fit its definition
 * (unknown questionnaire, unknown item, a value that is not an option): better no export than
 * a wrong one.
 */
export const toFhirResponseBundle = (
  responses: readonly QuestionnaireResponse[],
  definitions: ReadonlyMap<string, QuestionnaireDefinition>,
  patient: { readonly id: string; readonly externalId?: string | undefined },
  canonicalBase: string,
): FhirBundle<FhirQuestionnaireResponse> => {
  const subject: FhirReference = {
    reference: `Patient/${patient.id}`,
    ...(patient.externalId
      ? { identifier: { system: externalIdSystem(canonicalBase), value: patient.externalId } }
      : {}),
  };
  const entry = responses.map((response) => {
    if (response.patientId !== patient.id) {
      throw new FhirExportError('a response of another patient was given for this patient’s export');
    }
    const definition = definitions.get(response.questionnaireId);
    if (!definition) {
      throw new FhirExportError(`no definition for questionnaire "${response.questionnaireId}"`);
    }
    return {
      resource: toFhirResponse(response, definition, subject, canonicalBase),
      search: { mode: 'match' } as const,
    };
  });
  return { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
};
