import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointmentRequests,
  wireAppointments,
  wireAuditLog,
  wireNotices,
  wirePatients,
  wireClinicians,
  wireLocations,
  wireServiceTypes,
  wireStaffSessions,
  wireTodos,
  wireWelcomeQueue,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffRequestsApi } from '../routes/staff-requests-api.js';
import { staffRequestsPages } from '../routes/staff-requests-pages.js';
import { staffSecureIdRoutes } from '../routes/staff-secure-id.js';

// Staff deciding appointment requests (F13, F14): the requests pages and their JSON. A Lambda of
// its own, apart from the console's: it carries the `ics` package for the confirmation's calendar
// file, and the welcome queue (SQS and KMS clients) for a requester approved as a new patient,
// which together would push the console over the 130 KiB bundle limit.
export const staffAppointmentsWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  appointmentRequests: wireAppointmentRequests,
  appointments: wireAppointments,
  patients: wirePatients,
  notices: wireNotices,
  auditLog: wireAuditLog,
  // The stored clinicians, locations and service types, for their names.
  clinicians: wireClinicians,
  locations: wireLocations,
  serviceTypes: wireServiceTypes,
  welcomeQueue: wireWelcomeQueue,
  // A new Secure ID from the console (moved here from the console's Lambda, which had no room):
  // it resolves the patient's "Secure ID disabled" to-dos.
  todos: wireTodos,
};

/** The staff-appointments Lambda's routes: /staff/requests and /api/staff/appointment-requests. */
export const staffAppointmentsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffAppointmentsWiring);
  const pages = staffRequestsPages(deps);
  const api = staffRequestsApi(deps);
  const secureId = staffSecureIdRoutes(deps);
  return portalHandler<'staff-appointments'>(deps, {
    'GET /staff/requests': pages.list,
    'GET /staff/requests/{id}': pages.detail,
    'POST /staff/requests/{id}/approve': pages.approve,
    'POST /staff/requests/{id}/deny': pages.deny,
    'GET /api/staff/appointment-requests': api.list,
    'GET /api/staff/appointment-requests/{id}': api.detail,
    'POST /api/staff/appointment-requests/{id}/approve': api.approve,
    'POST /api/staff/appointment-requests/{id}/deny': api.deny,
    'POST /staff/patients/{id}/secure-id': secureId.page,
    'POST /api/staff/patients/{id}/secure-id': secureId.api,
  });
};
