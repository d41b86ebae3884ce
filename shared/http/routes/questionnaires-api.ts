import * as z from 'zod';
import { signedInPatient } from '../../auth/patient-session.js';
import type { Deps } from '../../deps.js';
import type { Patient } from '../../domain/patient.js';
import { definitionOf, loadDue, submitQuestionnaire } from '../../questionnaires/patient-questionnaires.js';
import { messages } from '../../web/messages.js';
import { parseJsonBody } from '../json-body.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The questionnaire flow as JSON (API.md "Patient API"): the same use cases as the pages.

export const AnswersBody = z.strictObject({
  answers: z.record(
    z.string().max(40, messages.fields.tooLong(40)),
    z.union([z.number(), z.string().max(3, messages.fields.tooLong(3))], messages.questionnaires.answerType),
  ),
});

export const questionnairesApi = (deps: Deps) => {
  const forPatient =
    (route: (req: PortalRequest, patient: Patient) => Promise<PortalResponse>): RouteHandler =>
    async (req) => {
      const patient = await signedInPatient(deps, req);
      return patient
        ? route(req, patient)
        : apiError(401, 'unauthenticated', messages.session.unauthenticated);
    };
  const notFound = () => apiError(404, 'not_found', messages.questionnaires.unknown);

  const due = forPatient(async (_req, patient) => {
    const { state, today } = await loadDue(deps, patient);
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

  const submit = forPatient(async (req, patient) => {
    const id = req.pathParameters.id ?? '';
    if (!definitionOf(deps, id)) return notFound();
    const body = parseJsonBody(req, AnswersBody);
    if (!body.ok) return body.response;
    const outcome = await submitQuestionnaire(deps, patient, id, body.value.answers);
    if (outcome.ok) {
      const { questionnaireId, total, severity, riskFlag } = outcome.response;
      return json(201, { questionnaireId, total, severity, riskFlag, next: outcome.next });
    }
    switch (outcome.reason) {
      case 'incomplete':
        return apiError(400, 'incomplete', messages.questionnaires.incomplete, {
          ...Object.fromEntries(outcome.missing.map((item) => [item, messages.questionnaires.missingAnswer])),
          ...Object.fromEntries(outcome.invalid.map((item) => [item, messages.questionnaires.invalidAnswer])),
        });
      case 'already-completed':
        return apiError(409, 'already_completed', messages.questionnaires.alreadyCompleted);
      case 'not-next':
        return apiError(409, 'not_next', messages.questionnaires.notNext);
      case 'not-due':
        return apiError(409, 'not_due', messages.questionnaires.notDue);
      default:
        return notFound();
    }
  });

  return { due, definition, submit };
};
