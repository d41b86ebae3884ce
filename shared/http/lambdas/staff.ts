import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAuditLog,
  wireMessageLog,
  wireBlackouts,
  wireClinicians,
  wireLocations,
  wirePatients,
  wireResponses,
  wireServiceSetup,
  wireServiceTypes,
  wireStaffSessions,
  wireTodos,
  wireWelcomeQueue,
  wireWorkSchedules,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffMeApi } from '../routes/staff-api.js';
import { staffConsoleApi } from '../routes/staff-console-api.js';
import { staffConsolePages } from '../routes/staff-console-pages.js';
import { staffSetupApi } from '../routes/staff-setup-api.js';
import { staffSetupPages } from '../routes/staff-setup-pages.js';

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
  // The service set-up (admin pages and JSON), and the stored clinicians' names on console pages.
  clinicians: wireClinicians,
  locations: wireLocations,
  serviceTypes: wireServiceTypes,
  workSchedules: wireWorkSchedules,
  blackouts: wireBlackouts,
  serviceSetup: wireServiceSetup,
};

/** The staff Lambda's routes: the console's pages and the staff API. */
export const staffHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffWiring);
  const api = staffMeApi(deps);
  const consolePages = staffConsolePages(deps);
  const consoleApi = staffConsoleApi(deps);
  const setupPages = staffSetupPages(deps);
  const setupApi = staffSetupApi(deps);
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
    'GET /staff/setup': setupPages.overview,
    'GET /staff/setup/clinicians/{id}': setupPages.clinicianForm,
    'POST /staff/setup/clinicians/{id}': setupPages.clinicianSave,
    'GET /staff/setup/locations/{id}': setupPages.locationForm,
    'POST /staff/setup/locations/{id}': setupPages.locationSave,
    'GET /staff/setup/service-types/{id}': setupPages.serviceTypeForm,
    'POST /staff/setup/service-types/{id}': setupPages.serviceTypeSave,
    'GET /staff/setup/clinicians/{id}/schedule': setupPages.scheduleForm,
    'POST /staff/setup/clinicians/{id}/schedule': setupPages.scheduleSave,
    'GET /staff/setup/clinicians/{id}/blackouts': setupPages.blackouts,
    'POST /staff/setup/clinicians/{id}/blackouts': setupPages.blackoutAdd,
    'POST /staff/setup/clinicians/{id}/blackouts/{blackoutId}/remove': setupPages.blackoutRemove,
    'GET /api/staff/setup': setupApi.setup,
    'POST /api/staff/setup/clinicians': setupApi.createClinician,
    'PUT /api/staff/setup/clinicians/{id}': setupApi.updateClinician,
    'POST /api/staff/setup/locations': setupApi.createLocation,
    'PUT /api/staff/setup/locations/{id}': setupApi.updateLocation,
    'POST /api/staff/setup/service-types': setupApi.createServiceType,
    'PUT /api/staff/setup/service-types/{id}': setupApi.updateServiceType,
    'PUT /api/staff/setup/clinicians/{id}/schedule': setupApi.schedule,
    'GET /api/staff/setup/clinicians/{id}/blackouts': setupApi.blackouts,
    'POST /api/staff/setup/clinicians/{id}/blackouts': setupApi.addBlackout,
    'DELETE /api/staff/setup/clinicians/{id}/blackouts/{blackoutId}': setupApi.deleteBlackout,
  });
};
