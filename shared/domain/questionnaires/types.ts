// The shapes the questionnaire rules, the data layer and the exports share. Definitions
// themselves are validated by the zod schema in definition.ts.

/** An answer: the option's value, or 'na' where the item allows "not applicable" (WSAS work). */
export type AnswerValue = number | 'na';

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
}
