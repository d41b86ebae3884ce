import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { stages } from '../../domain/patient.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { decidesRequests, mayDecideRequest } from '../../domain/staff-access.js';
import {
  acknowledgeTodo,
  auditTrail,
  changeStage,
  openTodosFor,
  type RecordOutcome,
  searchPatients,
  type StaffContext,
  viewPatientRecord,
} from '../../staff/console.js';
import { currentClinicians } from '../../setup/service-setup.js';
import { messages, staffConsoleMessages } from '../../web/messages.js';
import { StaffHomePage } from '../../web/pages/staff/home.js';
import { AuditPage, PatientPage, PatientsPage, TodosPage } from '../../web/pages/staff/console.js';
import { patientChart } from '../../web/staff/patient-chart.js';
import { EpisodeOutcomePanel, PastAppointments } from '../../web/staff/episode-outcome.js';
import type { PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import { staffFormRoute, staffNoAccess, staffNotFound, staffPageWithCsrf } from '../staff-access.js';

// The staff console's pages: the to-do list, patient search, a patient's record, its audit
// trail, and the forms that change them. Each form carries the CSRF token, and answers with a
// redirect (Post/Redirect/Get). A new Secure ID is another Lambda's (staff-secure-id.ts).

const PatientId = z.uuid();

export const staffConsolePages = (deps: Deps) => {
  const page = staffPageWithCsrf(deps);
  const form = staffFormRoute(deps);
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });
  const notFound = () => staffNotFound(deps);
  const refused = (outcome: Extract<RecordOutcome<unknown>, { ok: false }>): PortalResponse =>
    outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();

  const signed = (principal: StaffPrincipal, csrf: string) => ({
    service: deps.service,
    principal,
    csrfToken: csrf,
    now: deps.clock(),
  });
  /** The service with its clinicians as stored (the console may have renamed one), for their names. */
  const withStoredClinicians = async () => ({
    ...deps.service,
    clinicians: (await currentClinicians(deps)).value,
  });

  /** The console's start page: who is signed in, in which role, and where the work is. */
  const home = page(async (_req, principal, csrf) =>
    htmlPage(200, StaffHomePage({ service: await withStoredClinicians(), principal, csrfToken: csrf })),
  );

  /**
   * The pending appointment requests this person may decide (one Query of the service-wide list),
   * for the to-do list's line; none for a role that decides none.
   */
  const requestsWaiting = async (principal: StaffPrincipal) => {
    if (!decidesRequests(principal)) return undefined;
    const mine = (await deps.appointmentRequests.pendingForService()).filter((r) =>
      mayDecideRequest(principal, r),
    );
    const [oldest] = mine;
    return oldest ? { count: mine.length, oldestSince: oldest.createdAt } : undefined;
  };

  const todos = page(async (_req, principal, csrf) => {
    const [service, list, waiting] = await Promise.all([
      withStoredClinicians(),
      openTodosFor(deps, principal),
      requestsWaiting(principal),
    ]);
    return htmlPage(
      200,
      TodosPage({ ...signed(principal, csrf), service, todos: list, requestsWaiting: waiting }),
    );
  });

  const acknowledge = form(async (req, principal, fields, csrf) => {
    const id = req.pathParameters.id ?? '';
    const outcome = await acknowledgeTodo(deps, context(req, principal), id, fields.note ?? '');
    if (outcome === 'acknowledged' || outcome === 'not-open') return seeOther('/staff/todos');
    if (outcome === 'forbidden') return staffNoAccess(deps);
    if (outcome === 'not-found') return notFound();
    // The note is required: the list again, the error by that to-do's field.
    return htmlPage(
      400,
      TodosPage({
        ...signed(principal, csrf),
        todos: await openTodosFor(deps, principal),
        errors: { [id]: staffConsoleMessages.noteRequired },
      }),
    );
  });

  const patients = page(async (req, principal, csrf) => {
    const query = (req.query.q ?? '').slice(0, 100);
    const results = query.trim() ? await searchPatients(deps, principal, query) : undefined;
    return htmlPage(200, PatientsPage({ ...signed(principal, csrf), query, results }));
  });

  const showPatient = async (
    req: PortalRequest,
    principal: StaffPrincipal,
    csrf: string,
    stageError?: string,
  ) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const outcome = await viewPatientRecord(deps, context(req, principal), id.data);
    if (!outcome.ok) return refused(outcome);
    const view = outcome.value;
    return htmlPage(
      stageError ? 400 : 200,
      PatientPage({
        ...signed(principal, csrf),
        ...view,
        questionnaires: deps.questionnaires,
        chart: view.clinical ? patientChart(deps.questionnaires, view.clinical.responses) : undefined,
        outcome:
          view.episode !== undefined
            ? EpisodeOutcomePanel({
                patientId: view.patient.id,
                episode: view.episode,
                mayDischargeAndRefer: view.may.dischargeAndRefer,
                csrfToken: csrf,
                timeZone: deps.service.timeZone,
              })
            : undefined,
        pastAppointments: PastAppointments({
          past: view.past,
          mayRecord: view.may.recordAttendance,
          csrfToken: csrf,
          timeZone: deps.service.timeZone,
          clinicianName: (id) => deps.service.clinicians.find((c) => c.id === id)?.name ?? id,
        }),
        stageError,
      }),
    );
  };

  const patient = page(async (req, principal, csrf) => showPatient(req, principal, csrf));

  const stage = form(async (req, principal, fields, csrf) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const chosen = z.enum(stages).safeParse(fields.stage);
    if (!chosen.success) return showPatient(req, principal, csrf, messages.staff.stageInvalid);
    const outcome = await changeStage(deps, context(req, principal), id.data, chosen.data);
    if (!outcome.ok) return refused(outcome);
    return seeOther(`/staff/patients/${id.data}`);
  });

  const audit = page(async (req, principal, csrf) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const outcome = await auditTrail(deps, context(req, principal), id.data);
    if (!outcome.ok) return refused(outcome);
    return htmlPage(200, AuditPage({ ...signed(principal, csrf), ...outcome.value }));
  });

  return { home, todos, acknowledge, patients, patient, stage, audit };
};
