// The shapes the questionnaire rules, the data layer and the exports share. Definitions
// themselves are validated by the zod schema in definition.ts.

/** An answer: the option's value, or 'na' where the item allows "not applicable" (WSAS work). */
export type AnswerValue = number | 'na';

/** One item as the patient saw and answered it. */
export interface AnsweredItem {
  readonly id: string;
  readonly text: string;
  /** The item's LOINC code, when the definition gave one. */
  readonly loinc?: string | undefined;
  /** The chosen answer's label as shown (with its anchor word), and its LOINC answer code. */
  readonly answer: { readonly label: string; readonly loinc?: string | undefined };
}

/**
 * What a response was answered with, kept with it so an export after a wording change, a new
 * definition version or the questionnaire's retirement still says what the patient saw.
 */
export interface AnsweredWith {
  /** The definition's version (fhir.ts definitionVersion) when the response was stored. */
  readonly version: string;
  readonly title: string;
  readonly loinc?: { readonly panel: string; readonly total?: string | undefined } | undefined;
  /** The items in the definition's order (a list, as a stored map would not keep the order). */
  readonly items: readonly AnsweredItem[];
}

/** One completed questionnaire, as stored and exported. */
export interface QuestionnaireResponse {
  readonly patientId: string;
  readonly questionnaireId: string;
  /** The service's calendar date of the submission, YYYY-MM-DD (the once-a-day rule uses it). */
  readonly date: string;
  /** The submission instant, ISO 8601 with the service's offset (FHIR `authored`). */
  readonly submittedAt: string;
  /** The appointment the questionnaire was due for. */
  readonly appointmentId?: string | undefined;
  readonly answers: Readonly<Record<string, AnswerValue>>;
  /** Null for measures with no total (the IAPT phobia scales). */
  readonly total: number | null;
  readonly severity: string | null;
  readonly riskFlag: boolean;
  /** The risk item's answer when the flag is raised (PHQ-9 item 9: 1, 2 or 3). */
  readonly riskItemValue?: number | undefined;
  /**
   * The highest total possible given the items answered (WSAS with work not applicable: 32).
   * Absent on responses stored before it was kept; null for measures with no total.
   */
  readonly maxTotal?: number | null | undefined;
  /** Absent on responses stored before it was kept: those export with the current definition. */
  readonly asAnswered?: AnsweredWith | undefined;
}
