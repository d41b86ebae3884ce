// NHS Talking Therapies caseness: a total at or above the threshold counts as a clinical case
// (reference/outcomes.md, "Constants"; secondary sources). Recovery and the outcome rates compare
// the first and last totals against these, so they live in one named place.

export const CASENESS = { 'phq-9': 10, 'gad-7': 8 } as const;

/** The measures with a caseness threshold. */
export type CasenessMeasure = keyof typeof CASENESS;

export const isCasenessMeasure = (questionnaireId: string): questionnaireId is CasenessMeasure =>
  Object.hasOwn(CASENESS, questionnaireId);

/** Whether a total is at caseness: 10 on PHQ-9 is, 9 is not. */
export const atCaseness = (measure: CasenessMeasure, total: number): boolean => total >= CASENESS[measure];
