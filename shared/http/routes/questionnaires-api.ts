import * as z from 'zod/mini';
import { signedInPatientWith } from '../../auth/patient-session.js';
import type { Deps } from '../../deps.js';
import type { PatientRecord } from '../../domain/patient.js';
import {
  type DueReads,
  definitionOf,
  dueView,
  readDue,
  submitQuestionnaire,
} from '../../questionnaires/patient-questionnaires.js';
import { messages, questionnaireApiMessages, sessionMessages } from '../../web/messages.js';
import { sessionToken } from '../cookies.js';
import { parseJsonBody } from '../json-body.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The questionnaire flow as JSON (API.md "Patient API"): the same use cases as the pages.

export const AnswersBody = z.strictObject({
  answers: z.record(
    z.string().check(z.maxLength(40, messages.fields.tooLong(40))),
    z.union(
      [z.number(), z.string().check(z.maxLength(3, messages.fields.tooLong(3)))],
      questionnaireApiMessages.answerType,
    ),
  ),
});

export const questionnairesApi = (deps: Deps) => {
  // The due reads run beside reading the patient: two round trips before any write.
  const forPatient =
    (
      route: (req: PortalRequest, patient: PatientRecord, reads: DueReads) => Promise<PortalResponse>,
    ): RouteHandler =>
    async (req) => {
      const signedIn = await signedInPatientWith(deps, sessionToken(req, deps.cookieSecure), (id) =>
        readDue(deps, id),
      );
      return signedIn
        ? route(req, signedIn.patient, signedIn.also)
        : apiError(401, 'unauthenticated', sessionMessages.unauthenticated);
    };

  /** The service's contacts for urgent help (risk.md), in every answer that carries a risk flag. */
  const urgentHelp = () => ({
    contacts: [
      ...deps.service.urgentHelp,
      `Call ${deps.service.name} on ${deps.service.phone}${deps.service.phoneHours ? ` (${deps.service.phoneHours})` : ''}, or your GP surgery.`,
    ],
    phone: deps.service.phone,
    ...(deps.service.phoneHours ? { hours: deps.service.phoneHours } : {}),
  });
  const notFound = () => apiError(404, 'not_found', questionnaireApiMessages.unknown);

  const due = forPatient(async (_req, patient, reads) => {
    const { state, today } = dueView(deps, patient, reads);
    const open = state.kind === 'open' ? state : undefined;
    return json(200, {
      date: today,
      items: (open?.items ?? []).map((i) => ({
        id: i.id,
        title: deps.questionnaires.get(i.id)?.title ?? i.id,
        status: i.status,
      })),
      next: open?.next ?? null,
      completedToday: open?.completedToday ?? false,
      ...(state.kind !== 'no-appointment'
        ? { appointment: { start: state.appointment.start.toISOString() } }
        : {}),
    });
  });

  const definition = forPatient(async (req) => {
    const d = definitionOf(deps, req.pathParameters.id ?? '');
    if (!d) return notFound();
    return json(200, {
      id: d.id,
      title: d.title,
      stem: d.stem,
      ...(d.notice ? { notice: d.notice } : {}),
      items: d.items.map((item) => ({
        id: item.id,
        text: item.text,
        options: [
          ...(item.options ?? d.options).map((o) => ({ value: o.value, label: o.label })),
          ...(item.notApplicable ? [{ value: 'na', label: item.notApplicable.label }] : []),
        ],
      })),
    });
  });

  const submit = forPatient(async (req, patient, reads) => {
    const id = req.pathParameters.id ?? '';
    if (!definitionOf(deps, id)) return notFound();
    const body = parseJsonBody(req, AnswersBody);
    if (!body.ok) return body.response;
    const outcome = await submitQuestionnaire(deps, patient, reads, id, body.value.answers);
    if (outcome.ok) {
      const { questionnaireId, total, severity, riskFlag } = outcome.response;
      return json(201, {
        questionnaireId,
        total,
        severity,
        riskFlag,
        next: outcome.next,
        ...(riskFlag ? { urgentHelp: urgentHelp() } : {}),
      });
    }
    if (outcome.reason === 'unknown') return notFound();
    // A refused answer that carries a risk flag still brings the urgent-help contacts (risk.md).
    const help = outcome.riskFlag ? { urgentHelp: urgentHelp() } : {};
    const refused = (status: number, code: string, message: string, fields?: Record<string, string>) =>
      apiError(status, code, message, fields, { alongside: help });
    switch (outcome.reason) {
      case 'incomplete':
        return refused(400, 'incomplete', questionnaireApiMessages.incomplete, {
          ...Object.fromEntries(
            outcome.missing.map((item) => [item, questionnaireApiMessages.missingAnswer]),
          ),
          ...Object.fromEntries(
            outcome.invalid.map((item) => [item, questionnaireApiMessages.invalidAnswer]),
          ),
        });
      case 'already-completed':
        return refused(409, 'already_completed', questionnaireApiMessages.alreadyCompleted);
      case 'not-next':
        return refused(409, 'not_next', questionnaireApiMessages.notNext);
      case 'not-due':
        return refused(409, 'not_due', questionnaireApiMessages.notDue);
      case 'busy':
        return refused(503, 'try_again', messages.api.tryAgain);
    }
  });

  return { due, definition, submit };
};
