import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { isoWithOffset } from '../../domain/appointments.js';
import { stages } from '../../domain/patient.js';
import type { Todo } from '../../domain/todo.js';
import {
  acknowledgeTodo,
  auditTrail,
  MAX_NOTE_CHARS,
  openTodosFor,
  type RecordOutcome,
  searchPatients,
  type StaffContext,
  viewPatientRecord,
} from '../../staff/console.js';
import { messages, staffConsoleMessages } from '../../web/messages.js';
import { parseJsonBody } from '../json-body.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';
import { staffApi, staffApiForbidden } from '../staff-access.js';
import type { StaffPrincipal } from '../../domain/staff.js';

// The staff JSON API (API.md "Staff API"), on the same use cases as the console's pages. A
// request outside the person's role is 403 `forbidden` with the error shape.

export const AcknowledgeBody = z.strictObject({
  note: z
    .string(messages.fields.notText)
    .check(
      z.trim(),
      z.minLength(1, staffConsoleMessages.noteRequired),
      z.maxLength(MAX_NOTE_CHARS, staffConsoleMessages.noteTooLong(MAX_NOTE_CHARS)),
    ),
});
export const StageBody = z.strictObject({ stage: z.enum(stages, messages.staff.stageInvalid) });

const PatientId = z.uuid();

/** A to-do as JSON: times as instants with the service's offset. */
export const todoJson = (todo: Todo & { patient?: { id: string; name: string } }, timeZone: string) => ({
  ...todo,
  createdAt: isoWithOffset(todo.createdAt, timeZone),
  ...(todo.acknowledgement
    ? { acknowledgement: { ...todo.acknowledgement, at: isoWithOffset(todo.acknowledgement.at, timeZone) } }
    : {}),
});

export const staffConsoleApi = (deps: Deps) => {
  const api = staffApi(deps);
  const { timeZone } = deps.service;
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });
  const patientNotFound = () => apiError(404, 'not_found', messages.staff.patientNotFound);
  const refused = (outcome: Extract<RecordOutcome<unknown>, { ok: false }>): PortalResponse =>
    outcome.reason === 'forbidden' ? staffApiForbidden() : patientNotFound();

  const todos = api(async (req, principal) => {
    const status = req.query.status ?? 'open';
    if (status !== 'open') {
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        status: messages.fields.invalidChoice(['open']),
      });
    }
    const items = await openTodosFor(deps, principal);
    return json(200, { items: items.map((t) => todoJson(t, timeZone)) });
  });

  const acknowledge = api(async (req, principal) => {
    const body = parseJsonBody(req, AcknowledgeBody);
    if (!body.ok) return body.response;
    const outcome = await acknowledgeTodo(
      deps,
      context(req, principal),
      req.pathParameters.id ?? '',
      body.value.note,
    );
    switch (outcome) {
      case 'acknowledged':
        return json(200, { id: req.pathParameters.id, status: 'acknowledged' });
      case 'forbidden':
        return staffApiForbidden();
      case 'not-open':
        return apiError(409, 'already_acknowledged', staffConsoleMessages.alreadyAcknowledged);
      case 'note-required':
        return apiError(400, 'invalid_request', messages.api.invalidRequest, {
          note: staffConsoleMessages.noteRequired,
        });
      default:
        return apiError(404, 'not_found', staffConsoleMessages.todoNotFound);
    }
  });

  const patients = api(async (req, principal) =>
    json(200, { items: await searchPatients(deps, principal, req.query.q ?? '') }),
  );

  const patient = api(async (req, principal) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return patientNotFound();
    const outcome = await viewPatientRecord(deps, context(req, principal), id.data);
    if (!outcome.ok) return refused(outcome);
    const { patient: p, upcoming, clinical, messageLog } = outcome.value;
    return json(200, {
      id: p.id,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      phone: p.phone,
      email: p.email,
      contactPreference: p.contactPreference,
      stage: p.stage,
      externalId: p.externalId,
      secureIdDisabled: p.secureIdDisabled,
      // Issue 13, items 4 and 6: what the patient chose and what the providers reported.
      smsStopped: p.smsStopped,
      ...(p.smsStoppedAt ? { smsStoppedAt: p.smsStoppedAt } : {}),
      ...(p.emailBouncedAt ? { emailBouncedAt: p.emailBouncedAt } : {}),
      ...(p.emailComplaintAt ? { emailComplaintAt: p.emailComplaintAt } : {}),
      messages: messageLog.map(({ at, kind, channel, outcome: sent, reason, delivery, deliveryDetail }) => ({
        at,
        kind,
        ...(channel ? { channel } : {}),
        outcome: sent,
        ...(reason ? { reason } : {}),
        ...(delivery ? { delivery } : {}),
        ...(deliveryDetail ? { deliveryDetail } : {}),
      })),
      upcomingAppointments: upcoming.map((a) => ({
        id: a.id,
        start: isoWithOffset(a.start, timeZone),
        end: isoWithOffset(a.end, timeZone),
        clinicianId: a.clinicianId,
        serviceType: a.serviceType,
      })),
      // Clinical content only for the roles that may see it (a scheduler gets none of it).
      ...(clinical
        ? {
            questionnaireResponses: clinical.responses.map(
              ({ questionnaireId, date, answers, total, severity, riskFlag }) => ({
                questionnaireId,
                date,
                answers,
                total,
                severity,
                riskFlag,
              }),
            ),
            todos: clinical.todos.map((t) => todoJson(t, timeZone)),
          }
        : {}),
    });
  });

  const audit = api(async (req, principal) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return patientNotFound();
    const outcome = await auditTrail(deps, context(req, principal), id.data);
    if (!outcome.ok) return refused(outcome);
    return json(200, {
      items: outcome.value.events.map((e) => ({
        at: isoWithOffset(e.at, timeZone),
        actor: e.actor,
        role: e.role,
        action: e.action,
        requestId: e.requestId,
        ...(e.detail ? { detail: e.detail } : {}),
      })),
    });
  });

  return { todos, acknowledge, patients, patient, audit };
};
