import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancelledByCondition, isContention, withConflictRetries } from '../data/dynamo.js';
import type { Deps } from '../deps.js';
import { calendarDateIn } from '../domain/calendar-date.js';
import type { Appointment } from '../domain/appointments.js';
import { isoWithOffset } from '../domain/appointments.js';
import type { PatientRecord } from '../domain/patient.js';
import type { QuestionnaireDefinition } from '../domain/questionnaires/definition.js';
import { checkSubmission, type DueState, dueState } from '../domain/questionnaires/due.js';
import { answeredWith } from '../domain/questionnaires/answered-with.js';
import { raisedRiskAnswer, scoreAnswers } from '../domain/questionnaires/scoring.js';
import type { QuestionnaireResponse } from '../domain/questionnaires/types.js';
import { type RiskResponseOutcome, type RiskTodo, riskTodoClinician } from '../domain/todo.js';
import { stableId } from '../security/keyed-hash.js';

// The questionnaire flow's use cases, shared by the pages and the JSON API: what is due for a
// patient now, and submitting one questionnaire. Domain rules are in shared/domain/questionnaires.

/** What the due rules need read from the table for one patient. */
export interface DueReads {
  readonly appointment: Appointment | undefined;
  readonly responses: readonly QuestionnaireResponse[];
}

export interface DueView {
  readonly state: DueState;
  /** The service's calendar date now. */
  readonly today: string;
  readonly appointment: Appointment | undefined;
}

const windowOf = (deps: Deps) => {
  const now = deps.clock();
  const { timeZone } = deps.service;
  const { windowHours } = deps.service.questionnaires;
  return {
    now,
    today: calendarDateIn(now, timeZone),
    earliest: calendarDateIn(new Date(now.getTime() - windowHours * 3600_000), timeZone),
  };
};

/**
 * Two Queries, in parallel, whatever the length of the patient's history: the next appointment,
 * and the responses dated since the earliest day a window ending in the future can have opened.
 * They need only the patient's id, so a page runs them beside reading the patient
 * (shared/auth/patient-session.ts `signedInPatientWith`).
 */
export const readDue = async (deps: Deps, patientId: string): Promise<DueReads> => {
  const { now, today, earliest } = windowOf(deps);
  const [appointment, responses] = await Promise.all([
    deps.appointments.nextForPatient(patientId, now),
    deps.responses.between(patientId, earliest, today),
  ]);
  return { appointment, responses };
};

/** The due state for a patient from what readDue read. */
export const dueView = (deps: Deps, patient: Pick<PatientRecord, 'stage'>, reads: DueReads): DueView => {
  const { now, today } = windowOf(deps);
  const { windowHours, stages } = deps.service.questionnaires;
  const { appointment, responses } = reads;
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

export type RefusalReason = 'not-due' | 'already-completed' | 'not-next';

export type SubmitOutcome =
  | { readonly ok: true; readonly response: QuestionnaireResponse; readonly next: string | null }
  | { readonly ok: false; readonly reason: 'unknown' }
  | {
      readonly ok: false;
      readonly reason: RefusalReason | 'busy';
      /** A risk answer came with it: the to-do is filed, and the patient must see urgent help. */
      readonly riskFlag: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: 'incomplete';
      readonly missing: string[];
      readonly invalid: string[];
      readonly riskFlag: boolean;
    };

/**
 * Submits one questionnaire. The risk item is scored before anything else (risk.md; hazard H5):
 * an answer above the threshold files a to-do for a clinician whatever happens to the response,
 * whether it is stored, refused (not due, already done, not next) or incomplete. The response is
 * stored when the rules allow, with its to-do in the same transaction, so a stored risk answer
 * never lacks its to-do; every to-do carries its staff alert (the duty email) in its transaction. One write (a transaction) after the reads: three round trips in all.
 */
export const submitQuestionnaire = async (
  deps: Deps,
  patient: PatientRecord,
  reads: DueReads,
  questionnaireId: string,
  answers: Record<string, unknown>,
): Promise<SubmitOutcome> => {
  const definition = definitionOf(deps, questionnaireId);
  if (!definition) return { ok: false, reason: 'unknown' };
  const scored = scoreAnswers(definition, answers);
  const riskValue = scored.ok
    ? scored.riskFlag
      ? scored.riskItemValue
      : undefined
    : raisedRiskAnswer(definition, answers);
  const { state, today, appointment } = dueView(deps, patient, reads);
  const check = checkSubmission(state, questionnaireId);
  const now = deps.clock();

  const riskTodo = (outcome: RiskResponseOutcome): RiskTodo | undefined =>
    riskValue === undefined
      ? undefined
      : {
          // One to-do per patient, day, questionnaire and answer: the same answer sent twice
          // (a second tab, a retry) files it once; a different answer files another.
          id: stableId('risk', patient.id, today, questionnaireId, String(riskValue)),
          kind: 'risk',
          status: 'open',
          patientId: patient.id,
          createdAt: now.toISOString(),
          clinicianId: riskTodoClinician(appointment?.clinicianId, patient.lastClinicianId),
          questionnaireId,
          responseDate: today,
          riskItemValue: riskValue,
          previousRiskItemValue: patient.lastRiskItems[questionnaireId] ?? null,
          total: scored.ok ? scored.total : null,
          reviewPolicy: deps.service.questionnaires.riskReview,
          responseOutcome: outcome,
        };

  if (!scored.ok) {
    await fileTodo(deps, riskTodo('incomplete'));
    return {
      ok: false,
      reason: 'incomplete',
      missing: scored.missing,
      invalid: scored.invalid,
      riskFlag: riskValue !== undefined,
    };
  }
  if (!check.ok) {
    await fileTodo(deps, riskTodo(check.reason));
    return { ok: false, reason: check.reason, riskFlag: riskValue !== undefined };
  }

  const asAnswered = answeredWith(definition, scored.answers);
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
    // What it was answered with, so exports keep it after the wording or the config changes.
    maxTotal: scored.maxTotal,
    ...(asAnswered ? { asAnswered } : {}),
  };
  const riskItem = definition.riskItem ? scored.answers[definition.riskItem.itemId] : undefined;
  const remember =
    typeof riskItem === 'number'
      ? [deps.patients.lastRiskItemUpdate(patient.id, questionnaireId, riskItem)]
      : [];
  const todo = riskTodo('stored');

  const store = (withTodo: boolean) =>
    withConflictRetries(() =>
      deps.table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            deps.responses.saveItem(response),
            ...remember,
            ...(withTodo && todo ? deps.todos.openItems(todo, deps.staffAlerts) : []),
          ],
        }),
      ),
    );
  try {
    await store(true);
    // Counted once filed: a repeat of the same answer files nothing, and counts nothing.
    if (todo) deps.metrics.count('RiskFlagsRaised');
  } catch (e) {
    const failed = cancelledByCondition(e);
    const todoIndex = 1 + remember.length;
    if (failed?.[0]) {
      // Another submission stored this questionnaire first (a second tab): refused, flag kept.
      await fileTodo(deps, riskTodo('already-completed'));
      return { ok: false, reason: 'already-completed', riskFlag: riskValue !== undefined };
    }
    if (failed?.[todoIndex] && !failed.slice(0, todoIndex).some(Boolean)) {
      // The same risk answer was filed already (an earlier refused attempt today): store the
      // response on its own; the to-do stands.
      await store(false);
    } else if (isContention(e)) {
      // Not stored, so the to-do must not say it was: staff look for the answer it names.
      await fileTodo(deps, riskTodo('busy'));
      return { ok: false, reason: 'busy', riskFlag: riskValue !== undefined };
    } else throw e;
  }
  deps.metrics.count('QuestionnairesCompleted');
  const after =
    state.kind === 'open'
      ? (state.items.find((i) => i.status === 'due' && i.id !== questionnaireId)?.id ?? null)
      : null;
  return { ok: true, response, next: after };
};

/** Files a risk to-do on its own, when no response is stored with it; a repeat files nothing. */
const fileTodo = async (deps: Deps, todo: RiskTodo | undefined): Promise<void> => {
  if (!todo) return;
  try {
    await withConflictRetries(() =>
      deps.table.db.send(
        new TransactWriteCommand({ TransactItems: deps.todos.openItems(todo, deps.staffAlerts) }),
      ),
    );
  } catch (e) {
    if (cancelledByCondition(e)?.[0]) return;
    throw e;
  }
  deps.metrics.count('RiskFlagsRaised');
};
