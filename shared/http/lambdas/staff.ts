import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAuditLog,
  wireMessageLog,
  wireClinicians,
  wirePatients,
  wireResponses,
  wireStaffSessions,
  wireTodos,
  wireWelcomeQueue,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffMeApi } from '../routes/staff-api.js';
import { staffConsoleApi } from '../routes/staff-console-api.js';
import { staffConsolePages } from '../routes/staff-console-pages.js';

// Staff sessions, patients, their appointments, responses, to-dos and messages, and the audit log. No
// identity provider: signing in and out is the staff-auth Lambda's.
export const staffWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  patients: wirePatients,
  appointments: wireAppointments,
  responses: wireResponses,
  todos: wireTodos,
  auditLog: wireAuditLog,
  messageLog: wireMessageLog,
  welcomeQueue: wireWelcomeQueue,
  // The stored clinicians' names on console pages (the set-up itself is the staff-setup Lambda's).
  clinicians: wireClinicians,
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
    'POST /staff/patients/{id}/secure-id': consolePages.reissue,
    'GET /staff/patients/{id}/audit': consolePages.audit,
    'GET /api/staff/todos': consoleApi.todos,
    'POST /api/staff/todos/{id}/acknowledge': consoleApi.acknowledge,
    'GET /api/staff/patients': consoleApi.patients,
    'GET /api/staff/patients/{id}': consoleApi.patient,
    'GET /api/staff/patients/{id}/audit': consoleApi.audit,
    'POST /api/staff/patients/{id}/secure-id': consoleApi.reissue,
  });
};
