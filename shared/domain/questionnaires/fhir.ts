import { answeredWith, definitionVersion } from './answered-with.js';
import type { AnswerOption, QuestionnaireDefinition, QuestionnaireItem } from './definition.js';
import { responseResourceId, uuidFullUrl } from './fhir-ids.js';
import { loincDisplay } from './loinc.js';
import { itemOptions, scoreAnswers } from './scoring.js';
import type { AnsweredWith, AnswerValue, QuestionnaireResponse } from './types.js';

export { definitionVersion } from './answered-with.js';

// FHIR R4 (4.0.1) forms of the questionnaires and their responses, for `?format=fhir` and
// `GET /api/v1/questionnaires/{id}?format=fhir`. No FHIR library: the few resource shapes used
// are typed here. docs/fhir-export.md describes the output for a receiving system.
//
// - A Questionnaire: status active, url `${base}/Questionnaire/${id}`, code the LOINC panel (or
//   the portal's own code), a display item with the stem, then one choice item per question
//   (linkId = item id, code = LOINC item), each answerOption a Coding with the ordinalValue
//   extension, and for a measure with a total a read-only integer item `${id}-total` carrying
//   the LOINC total code and its maximum (maxValue).
// - A QuestionnaireResponse: a stable id (fhir-ids.ts), status completed, questionnaire
//   `url|version` of the version it was answered with, subject the Patient, authored the
//   submission time; one answer per item (R4 allows at most one value[x] per answer) with the
//   item text the patient saw, a Coding (LOINC answer code where one exists) with the
//   ordinalValue extension, and the total as the `${id}-total` item with valueInteger and the
//   highest total the answers allowed (WSAS with work not applicable: 32, not 40).
// - LOINC Codings carry LOINC's own display (loinc.ts), never the portal's wording.
//
// Error messages name ids only, never an answer or a score (they may reach a log).

export const LOINC = 'http://loinc.org';
export const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
/** The code given to a "not applicable" answer (WSAS work item), in the portal's answer system. */
export const NOT_APPLICABLE_CODE = 'not-applicable';
/** The standard extension giving a Questionnaire item's highest allowed value. */
export const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';

export type FhirExtension =
  | { readonly url: string; readonly valueDecimal: number }
  | { readonly url: string; readonly valueInteger: number };

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
  readonly extension?: readonly FhirExtension[];
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
export type FhirAnswer =
  | { readonly valueCoding: FhirCoding }
  | { readonly valueInteger: number; readonly extension?: readonly FhirExtension[] };

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
  readonly id: string;
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
  readonly entry: readonly {
    readonly fullUrl: string;
    readonly resource: R;
    readonly search: { readonly mode: 'match' };
  }[];
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
export const totalLinkId = (questionnaireId: string): string => `${questionnaireId}-total`;
const stemLinkId = (questionnaireId: string): string => `${questionnaireId}-stem`;

/**
 * The portal's extension on a response's total: the highest total the answers allowed. Not the
 * Questionnaire's maxValue: with an item answered "not applicable" it is lower (WSAS: 32).
 */
export const maximumTotalExtension = (canonicalBase: string): string =>
  `${base(canonicalBase)}/StructureDefinition/maximum-total`;

const ordinal = (value: number): FhirExtension[] => [{ url: ORDINAL_VALUE, valueDecimal: value }];

/** A LOINC Coding, with LOINC's own display where the portal holds it. */
const loincCoding = (code: string): FhirCoding => {
  const display = loincDisplay(code);
  return { system: LOINC, code, ...(display === undefined ? {} : { display }) };
};

/** An answer's Coding: its LOINC answer code where it has one, else its value in the portal's system. */
const valueCoding = (
  value: number,
  answer: { readonly label: string; readonly loinc?: string | undefined },
  canonicalBase: string,
): FhirCoding => ({
  ...(answer.loinc
    ? loincCoding(answer.loinc)
    : { system: answerCodeSystem(canonicalBase), code: String(value), display: answer.label }),
  extension: ordinal(value),
});

const optionCoding = (option: AnswerOption, canonicalBase: string): FhirCoding =>
  valueCoding(option.value, option, canonicalBase);

const notApplicableCoding = (label: string | undefined, canonicalBase: string): FhirCoding => ({
  system: answerCodeSystem(canonicalBase),
  code: NOT_APPLICABLE_CODE,
  ...(label === undefined ? {} : { display: label }),
});

const itemCode = (item: QuestionnaireItem): FhirCoding[] | undefined =>
  item.loinc ? [loincCoding(item.loinc)] : undefined;

/** The highest total a definition allows (every item answered with its highest value). */
const highestTotal = (definition: QuestionnaireDefinition): number =>
  definition.items.reduce(
    (sum, item) => sum + Math.max(...itemOptions(definition, item).map((o) => o.value)),
    0,
  );

/** A definition as a FHIR R4 Questionnaire resource. */
export const toFhirQuestionnaire = (
  definition: QuestionnaireDefinition,
  canonicalBase: string,
): FhirQuestionnaire => {
  const items: FhirQuestionnaireItem[] = [
    { linkId: stemLinkId(definition.id), text: definition.stem, type: 'display' },
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
      linkId: totalLinkId(definition.id),
      text: 'Total score',
      type: 'integer',
      ...(total ? { code: [loincCoding(total)] } : {}),
      readOnly: true,
      extension: [{ url: MAX_VALUE, valueInteger: highestTotal(definition) }],
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
        ? loincCoding(definition.loinc.panel)
        : { system: questionnaireCodeSystem(canonicalBase), code: definition.id, display: definition.title },
    ],
    ...(definition.notice ? { copyright: definition.notice } : {}),
    item: items,
  };
};

export class FhirExportError extends Error {
  override name = 'FhirExportError';
}

/**
 * What a response is exported with: the wording it was stored with; for a response stored before
 * that was kept, the current definition when the answers still fit it. Undefined when neither
 * exists (a retired questionnaire, or a definition changed beyond the old answers).
 */
const wordingOf = (
  response: QuestionnaireResponse,
  current: QuestionnaireDefinition | undefined,
): AnsweredWith | undefined =>
  response.asAnswered ?? (current ? answeredWith(current, response.answers) : undefined);

/** The highest total the answers allowed: stored, else worked out from the current definition. */
const maxTotalOf = (
  response: QuestionnaireResponse,
  current: QuestionnaireDefinition | undefined,
): number | undefined => {
  if (typeof response.maxTotal === 'number') return response.maxTotal;
  if (response.maxTotal === null || !current || response.asAnswered) return undefined;
  const scored = scoreAnswers(current, response.answers);
  return scored.ok && scored.maxTotal !== null ? scored.maxTotal : undefined;
};

const answerValueCoding = (
  value: AnswerValue,
  answer: AnsweredWith['items'][number]['answer'] | undefined,
  canonicalBase: string,
): FhirCoding => {
  if (value === 'na') return notApplicableCoding(answer?.label, canonicalBase);
  if (answer) return valueCoding(value, answer, canonicalBase);
  // Neither stored wording nor a definition that fits: the value, in the portal's own system.
  return { system: answerCodeSystem(canonicalBase), code: String(value), extension: ordinal(value) };
};

const toFhirResponse = (
  response: QuestionnaireResponse,
  current: QuestionnaireDefinition | undefined,
  subject: FhirReference,
  canonicalBase: string,
): FhirQuestionnaireResponse => {
  const wording = wordingOf(response, current);
  const items: FhirQuestionnaireResponseItem[] = [];
  const answered = wording?.items ?? Object.keys(response.answers).map((id) => ({ id }));
  for (const item of answered) {
    if (!Object.hasOwn(response.answers, item.id)) continue;
    const value = response.answers[item.id] as AnswerValue;
    const shown = 'answer' in item ? item : undefined;
    items.push({
      linkId: item.id,
      ...(shown ? { text: shown.text } : {}),
      answer: [{ valueCoding: answerValueCoding(value, shown?.answer, canonicalBase) }],
    });
  }
  if (response.total !== null) {
    const max = maxTotalOf(response, current);
    items.push({
      linkId: totalLinkId(response.questionnaireId),
      text: 'Total score',
      answer: [
        {
          valueInteger: response.total,
          ...(max === undefined
            ? {}
            : { extension: [{ url: maximumTotalExtension(canonicalBase), valueInteger: max }] }),
        },
      ],
    });
  }
  const url = questionnaireUrl(canonicalBase, response.questionnaireId);
  return {
    resourceType: 'QuestionnaireResponse',
    id: responseResourceId(response.patientId, response.date, response.questionnaireId),
    // Without the wording it was answered with, the version is unknown: the url alone says which.
    questionnaire: wording ? `${url}|${wording.version}` : url,
    status: 'completed',
    subject,
    authored: response.submittedAt,
    item: items,
  };
};

/**
 * One patient's responses as a FHIR R4 searchset Bundle of QuestionnaireResponses, each with the
 * version and wording it was answered with. A questionnaire the service has retired, or a
 * response older than its definition, still exports (with what is known of it). Throws
 * FhirExportError only if a response belongs to another patient: a caller's mistake.
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
    const resource = toFhirResponse(
      response,
      definitions.get(response.questionnaireId),
      subject,
      canonicalBase,
    );
    return { fullUrl: uuidFullUrl(resource.id), resource, search: { mode: 'match' } as const };
  });
  return { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
};
