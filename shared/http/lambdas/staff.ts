import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointmentRequests,
  wireAppointments,
  wireAuditLog,
  wireMessageLog,
  wireClinicians,
  wirePatients,
  wireResponses,
  wireStaffSessions,
  wireTodos,
  wireEpisodes,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffMeApi } from '../routes/staff-api.js';
import { staffConsoleApi } from '../routes/staff-console-api.js';
import { staffConsolePages } from '../routes/staff-console-pages.js';

// Staff sessions, patients, their appointments, responses, to-dos and messages, and the audit log. No
// identity provider: signing in and out is the staff-auth Lambda's. No welcome queue: a new Secure
// ID is issued by the staff-appointments Lambda (shared/http/routes/staff-secure-id.ts), which
// carries the SQS and KMS clients for new patients' welcomes already.
export const staffWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  patients: wirePatients,
  appointments: wireAppointments,
  responses: wireResponses,
  todos: wireTodos,
  auditLog: wireAuditLog,
  messageLog: wireMessageLog,
  // The stored clinicians' names on console pages (the set-up itself is the staff-setup Lambda's).
  clinicians: wireClinicians,
  // The to-do list's line about appointment requests waiting (the requests are staff-appointments').
  appointmentRequests: wireAppointmentRequests,
  // The patient page's outcome: the current or last ended episode (issue 16).
  episodes: wireEpisodes,
};

/** The staff Lambda's routes: the console's pages and the staff API. */
export const staffHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffWiring);
  const api = staffMeApi(deps);
  const consolePages = staffConsolePages(deps);
  const consoleApi = staffConsoleApi(deps);
  return portalHandler<'staff'>(deps, {
    'GET /staff': consolePages.home,
    'GET /api/staff/me': api.me,
    'GET /staff/todos': consolePages.todos,
    'POST /staff/todos/{id}/acknowledge': consolePages.acknowledge,
    'GET /staff/patients': consolePages.patients,
    'GET /staff/patients/{id}': consolePages.patient,
    'POST /staff/patients/{id}/stage': consolePages.stage,
    'GET /staff/patients/{id}/audit': consolePages.audit,
    'GET /api/staff/todos': consoleApi.todos,
    'POST /api/staff/todos/{id}/acknowledge': consoleApi.acknowledge,
    'GET /api/staff/patients': consoleApi.patients,
    'GET /api/staff/patients/{id}': consoleApi.patient,
    'GET /api/staff/patients/{id}/audit': consoleApi.audit,
  });
};
