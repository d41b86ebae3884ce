import { randomUUID } from 'node:crypto';
import { calendarDateIn } from '../domain/calendar-date.js';
import type { Appointment } from '../domain/appointments.js';
import { isoWithOffset } from '../domain/appointments.js';
import type { Patient } from '../domain/patient.js';
import type { QuestionnaireDefinition } from '../domain/questionnaires/definition.js';
import { checkSubmission, type DueState, dueState } from '../domain/questionnaires/due.js';
import { scoreAnswers } from '../domain/questionnaires/scoring.js';
import type { QuestionnaireResponse } from '../domain/questionnaires/types.js';
import type { Deps } from '../deps.js';

// The questionnaire flow's use cases, shared by the pages and the JSON API: what is due for a
// patient now, and submitting one questionnaire. Domain rules are in shared/domain/questionnaires.

export interface DueView {
  readonly state: DueState;
  /** The service's calendar date now. */
  readonly today: string;
  readonly appointment: Appointment | undefined;
}

/**
 * Two reads, in parallel, whatever the length of the patient's history: the next appointment,
 * and the responses dated since the earliest day a window ending in the future can have opened.
 */
export const loadDue = async (deps: Deps, patient: Patient): Promise<DueView> => {
  const now = deps.clock();
  const { timeZone } = deps.service;
  const { windowHours, stages } = deps.service.questionnaires;
  const today = calendarDateIn(now, timeZone);
  const earliest = calendarDateIn(new Date(now.getTime() - windowHours * 3600_000), timeZone);
  const [appointment, responses] = await Promise.all([
    deps.appointments.nextForPatient(patient.id, now),
    deps.responses.between(patient.id, earliest, today),
  ]);
  const state = dueState({
    stageQuestionnaires: stages[patient.stage],
    nextAppointment: appointment && { id: appointment.id, start: new Date(appointment.start) },
    responses,
    now,
    today,
    windowHours,
  });
  return { state, today, appointment };
};

export const definitionOf = (deps: Deps, questionnaireId: string): QuestionnaireDefinition | undefined =>
  deps.questionnaires.get(questionnaireId);

export type SubmitOutcome =
  | { readonly ok: true; readonly response: QuestionnaireResponse; readonly next: string | null }
  | { readonly ok: false; readonly reason: 'unknown' | 'not-due' | 'already-completed' | 'not-next' }
  | {
      readonly ok: false;
      readonly reason: 'incomplete';
      readonly missing: string[];
      readonly invalid: string[];
    };

/**
 * Checks the questionnaire is the one due next, scores the answers, and stores the response, with
 * a to-do for the clinician in the same transaction when the risk item is answered above 0 (so a
 * stored risk answer can never lack its to-do). Nothing is stored unless every item is answered.
 */
export const submitQuestionnaire = async (
  deps: Deps,
  patient: Patient,
  questionnaireId: string,
  answers: Record<string, unknown>,
): Promise<SubmitOutcome> => {
  const definition = definitionOf(deps, questionnaireId);
  if (!definition) return { ok: false, reason: 'unknown' };
  const { state, today, appointment } = await loadDue(deps, patient);
  const check = checkSubmission(state, questionnaireId);
  if (!check.ok) return check;
  const scored = scoreAnswers(definition, answers);
  if (!scored.ok)
    return { ok: false, reason: 'incomplete', missing: scored.missing, invalid: scored.invalid };

  const now = deps.clock();
  const response: QuestionnaireResponse = {
    patientId: patient.id,
    questionnaireId,
    date: today,
    submittedAt: isoWithOffset(now, deps.service.timeZone),
    appointmentId: check.appointment.id,
    answers: scored.answers,
    total: scored.total,
    severity: scored.severity,
    riskFlag: scored.riskFlag,
    ...(scored.riskFlag ? { riskItemValue: scored.riskItemValue } : {}),
  };
  const alongside =
    scored.riskFlag && appointment
      ? [
          deps.todos.riskTodoItem({
            id: randomUUID(),
            kind: 'risk-flag',
            status: 'open',
            clinicianId: appointment.clinicianId,
            patientId: patient.id,
            questionnaireId,
            responseDate: today,
            submittedAt: response.submittedAt,
            riskItemValue: scored.riskItemValue as number,
            total: scored.total,
            reviewPolicy: deps.service.questionnaires.riskReview,
          }),
        ]
      : [];
  const saved = await deps.responses.save(response, alongside);
  if (saved === 'already-completed') return { ok: false, reason: 'already-completed' };
  const after =
    state.kind === 'open'
      ? (state.items.find((i) => i.status === 'due' && i.id !== questionnaireId)?.id ?? null)
      : null;
  return { ok: true, response, next: after };
};
