import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { reissueSecureId } from '../auth/reissue-secure-id.js';
import type { WelcomeQueued } from '../messages/welcome-queue.js';
import { cancelledByCondition } from '../data/dynamo.js';
import type { MessageLogEntry } from '../data/message-log.js';
import type { Deps } from '../deps.js';
import type { Appointment } from '../domain/appointments.js';
import type { AuditEvent } from '../domain/audit.js';
import { calendarDateIn } from '../domain/calendar-date.js';
import type { PatientRecord, Stage } from '../domain/patient.js';
import { foldName, parsePatientQuery } from '../domain/patient-search.js';
import type { QuestionnaireResponse } from '../domain/questionnaires/types.js';
import type { StaffPrincipal } from '../domain/staff.js';
import { type StaffContext, staffAuditEvent } from './staff-audit.js';
import {
  allows,
  isOwnPatient,
  mayAcknowledge,
  type StaffPermission,
  seesTodo,
} from '../domain/staff-access.js';
import { byTodoPriority, type Todo } from '../domain/todo.js';
import type { Episode } from '../data/episodes.js';
import { type EpisodeOutcome, episodeOutcome } from '../domain/outcomes/episode-outcome.js';
import { episodeInputFrom } from '../outcomes/episode-input.js';

// The staff console's use cases (issue "Staff"), for its pages and its JSON API alike. Every one
// checks the role rules (shared/domain/staff-access.ts) itself, and every view of a patient's
// record and every change is appended to the audit log (F23).

/** Who is acting, and the request's id for the audit log. */
export type { StaffContext } from './staff-audit.js';

export interface PatientName {
  readonly id: string;
  readonly name: string;
}

export type TodoWithPatient = Todo & { readonly patient: PatientName };

const nameOf = (
  p: Pick<PatientRecord, 'id' | 'givenName' | 'familyName'> | undefined,
  id: string,
): PatientName => ({
  id,
  name: p ? `${p.givenName} ${p.familyName}` : '',
});

/** The open to-dos on the person's list: risk flags first, oldest first; then the others. */
export const openTodosFor = async (deps: Deps, principal: StaffPrincipal): Promise<TodoWithPatient[]> => {
  const visible = (await deps.todos.listOpen()).filter((t) => seesTodo(principal, t)).sort(byTodoPriority);
  const patients = await deps.patients.getMany(visible.map((t) => t.patientId));
  return visible.map((t) => ({ ...t, patient: nameOf(patients.get(t.patientId), t.patientId) }));
};

export type AcknowledgeOutcome = 'acknowledged' | 'note-required' | 'not-found' | 'forbidden' | 'not-open';

export const MAX_NOTE_CHARS = 2000;

/** Acknowledges a to-do with a required note; who and when are kept, with an audit entry. */
export const acknowledgeTodo = async (
  deps: Deps,
  context: StaffContext,
  todoId: string,
  note: string,
): Promise<AcknowledgeOutcome> => {
  const text = note.trim();
  if (!text || text.length > MAX_NOTE_CHARS) return 'note-required';
  const todo = await deps.todos.get(todoId);
  if (!todo) return 'not-found';
  if (!mayAcknowledge(context.principal, todo)) return 'forbidden';
  if (todo.status !== 'open') return 'not-open';
  const at = deps.clock().toISOString();
  try {
    await deps.table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          deps.todos.acknowledgeItem(todoId, {
            at,
            by: context.principal.email,
            role: context.principal.role,
            note: text,
          }),
          deps.auditLog.appendItem(
            staffAuditEvent(deps, context, todo.patientId, 'acknowledged-todo', todo.kind),
          ),
        ],
      }),
    );
    if (todo.kind === 'risk') deps.metrics.count('RiskFlagsAcknowledged');
    return 'acknowledged';
  } catch (e) {
    if (cancelledByCondition(e)?.[0]) return 'not-open';
    throw e;
  }
};

/** What decides a clinician's reach: the patient's appointments (with whom) and assignment. */
const ownership = async (deps: Deps, principal: StaffPrincipal, patient: PatientRecord) => {
  const appointments = await deps.appointments.forPatient(patient.id);
  return {
    appointments,
    own: isOwnPatient(
      principal,
      patient,
      appointments.map((a) => a.clinicianId),
    ),
  };
};

export interface PatientSummary {
  readonly id: string;
  readonly name: string;
  readonly dateOfBirth: string;
  readonly externalId?: string | undefined;
}

const MAX_RESULTS = 25;

/** Patients by name, date of birth or external id, limited to those the person may see. */
export const searchPatients = async (
  deps: Deps,
  principal: StaffPrincipal,
  typed: string,
): Promise<PatientSummary[]> => {
  const query = parsePatientQuery(typed, calendarDateIn(deps.clock(), deps.service.timeZone));
  if (query.kind === 'empty' || !allowsAny(principal, 'search patients')) return [];
  const found: PatientRecord[] = [];
  if (query.kind === 'date-of-birth')
    found.push(...(await deps.patients.findByDateOfBirth(query.dateOfBirth, MAX_RESULTS)));
  else {
    const [byName, byExternalId] = await Promise.all([
      deps.patients.findByName(query.family, MAX_RESULTS * 4),
      deps.patients.findByExternalId(query.raw),
    ]);
    if (byExternalId) found.push(byExternalId);
    const given = query.given;
    found.push(
      ...byName.filter(
        (p) => p.id !== byExternalId?.id && (!given || foldName(p.givenName).startsWith(given)),
      ),
    );
  }
  const permitted = await Promise.all(
    found.map(async (p) =>
      allows(
        principal,
        'search patients',
        principal.role === 'clinician' && (await ownership(deps, principal, p)).own,
      )
        ? p
        : undefined,
    ),
  );
  return permitted
    .filter((p): p is PatientRecord => p !== undefined)
    .slice(0, MAX_RESULTS)
    .map((p) => ({
      id: p.id,
      name: `${p.givenName} ${p.familyName}`,
      dateOfBirth: p.dateOfBirth,
      externalId: p.externalId,
    }));
};

const allowsAny = (principal: StaffPrincipal, permission: StaffPermission): boolean =>
  allows(principal, permission, true);

export interface PatientRecordView {
  readonly patient: PatientRecord;
  readonly upcoming: readonly Appointment[];
  /** The patient's latest messages, sent or not, and what became of them (no clinical content). */
  readonly messageLog: readonly MessageLogEntry[];
  /** Present only for the roles that may see clinical content. */
  readonly clinical?: {
    readonly responses: readonly QuestionnaireResponse[];
    readonly todos: readonly Todo[];
  };
  readonly may: {
    readonly changeStage: boolean;
    readonly reissueSecureId: boolean;
    readonly readAudit: boolean;
    readonly dischargeAndRefer: boolean;
    readonly recordAttendance: boolean;
    readonly produceGpReport: boolean;
    readonly recordConsent: boolean;
    readonly produceSubjectAccess: boolean;
  };
  /** Appointments that have started (newest first), with their attendance. */
  readonly past: readonly Appointment[];
  /**
   * The current episode, or the last ended one, with its outcome (issue 16); for the roles that
   * see answers and scores. Null: the patient has no episode (all ended long ago is still one).
   */
  readonly episode?: { readonly episode: Episode; readonly outcome: EpisodeOutcome } | null;
}

export type RecordOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'not-found' | 'forbidden' };

const loadForStaff = async (
  deps: Deps,
  principal: StaffPrincipal,
  patientId: string,
  permission: StaffPermission,
) => {
  const patient = await deps.patients.get(patientId);
  if (!patient) return { ok: false as const, reason: 'not-found' as const };
  const { appointments, own } = await ownership(deps, principal, patient);
  if (!allows(principal, permission, own)) return { ok: false as const, reason: 'forbidden' as const };
  return { ok: true as const, patient, appointments, own };
};

/** How many of a patient's latest messages their record shows. */
const RECENT_MESSAGES = 10;

/** A patient's record as the person may see it; the view is audited. */
export const viewPatientRecord = async (
  deps: Deps,
  context: StaffContext,
  patientId: string,
): Promise<RecordOutcome<PatientRecordView>> => {
  const { principal } = context;
  const loaded = await loadForStaff(deps, principal, patientId, 'see contact details');
  if (!loaded.ok) return loaded;
  const { patient, appointments, own } = loaded;
  const clinical = allows(principal, 'see answers and scores', own);
  const now = deps.clock().getTime();
  const [[responses, todos], messageLog] = await Promise.all([
    clinical
      ? Promise.all([deps.responses.all(patientId), deps.todos.forPatient(patientId)])
      : Promise.resolve([[], []] as const),
    deps.messageLog.recent(patientId, RECENT_MESSAGES),
  ]);
  // The episode the outcome is about: the open one, else the last ended (the GP report's).
  const episode = clinical
    ? ((await deps.episodes.current(patientId)) ?? (await deps.episodes.lastEnded(patientId)))
    : undefined;
  await deps.auditLog.append(staffAuditEvent(deps, context, patientId, 'viewed-record'));
  return {
    ok: true,
    value: {
      patient,
      upcoming: appointments.filter((a) => Date.parse(a.start) > now),
      past: appointments.filter((a) => Date.parse(a.start) <= now).reverse(),
      messageLog,
      ...(clinical ? { clinical: { responses, todos: todos.filter((t) => seesTodo(principal, t)) } } : {}),
      ...(episode !== undefined
        ? {
            episode: episode && {
              episode,
              outcome: episodeOutcome(
                episodeInputFrom(episode, responses, appointments, deps.clock(), deps.service.timeZone),
                deps.service.outcomes.combinedMeasures,
              ),
            },
          }
        : {}),
      may: {
        changeStage: allows(principal, 'change the stage of care', own),
        reissueSecureId: allows(principal, 'issue a new Secure ID', own),
        readAudit: allows(principal, 'read the audit trail', own),
        dischargeAndRefer: allows(principal, 'discharge and refer', own),
        recordAttendance: allows(principal, 'record attendance', own),
        produceGpReport: allows(principal, 'produce a GP report', own),
        recordConsent: allows(principal, 'record consent', own),
        produceSubjectAccess: allows(principal, 'produce subject access', own),
      },
    },
  };
};

export const changeStage = async (
  deps: Deps,
  context: StaffContext,
  patientId: string,
  stage: Stage,
): Promise<RecordOutcome<Stage>> => {
  const loaded = await loadForStaff(deps, context.principal, patientId, 'change the stage of care');
  if (!loaded.ok) return loaded;
  if (loaded.patient.stage === stage) return { ok: true, value: stage };
  const result = await deps.patients.setStage(patientId, stage, deps.clock());
  if (result === 'not-found') return { ok: false, reason: 'not-found' };
  await deps.auditLog.append(
    staffAuditEvent(deps, context, patientId, 'changed-stage', `stage: ${loaded.patient.stage} -> ${stage}`),
  );
  return { ok: true, value: stage };
};

/** A reissued Secure ID, and whether its welcome is on its way to the patient (error: its name). */
export interface Reissued {
  readonly secureId: string;
  readonly welcome: WelcomeQueued;
  readonly welcomeError?: string | undefined;
}

/**
 * A new Secure ID from the console: shown once, the old one ends, a disabled to-do resolves, and
 * the patient's welcome with the new ID is queued.
 */
export const reissueFromConsole = async (
  deps: Deps,
  context: StaffContext,
  patientId: string,
): Promise<RecordOutcome<Reissued> | { readonly ok: false; readonly reason: 'changed-meanwhile' }> => {
  const loaded = await loadForStaff(deps, context.principal, patientId, 'issue a new Secure ID');
  if (!loaded.ok) return loaded;
  const outcome = await reissueSecureId(
    deps,
    patientId,
    { by: context.principal.email, role: context.principal.role },
    [deps.auditLog.appendItem(staffAuditEvent(deps, context, patientId, 'reissued-secure-id'))],
  );
  if (!outcome.ok) return { ok: false, reason: outcome.reason };
  const { secureId, welcome, welcomeError } = outcome;
  return { ok: true, value: { secureId, welcome, welcomeError } };
};

/** A patient's audit trail, for admins; reading it is itself audited. */
export const auditTrail = async (
  deps: Deps,
  context: StaffContext,
  patientId: string,
): Promise<RecordOutcome<{ patient: PatientRecord; events: AuditEvent[] }>> => {
  const loaded = await loadForStaff(deps, context.principal, patientId, 'read the audit trail');
  if (!loaded.ok) return loaded;
  const events = await deps.auditLog.forPatient(patientId);
  await deps.auditLog.append(staffAuditEvent(deps, context, patientId, 'viewed-audit'));
  return { ok: true, value: { patient: loaded.patient, events } };
};
