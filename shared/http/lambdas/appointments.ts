import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointmentRequests,
  wireAppointments,
  wireBlackouts,
  wireClinicians,
  wireLocations,
  wireNotices,
  wirePatients,
  wireServiceSetup,
  wireServiceTypes,
  wireSessions,
  wireWorkSchedules,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { patientAppointmentsApi } from '../routes/patient-appointments-api.js';
import { patientAppointmentsPages } from '../routes/patient-appointments-pages.js';

// Patients' appointments: free times, requests and cancelling, pages and JSON. A Lambda of its own
// so that the availability rules and the set-up's repositories stay out of the sign-in Lambda's
// bundle (every bundle stays under 130 KiB gzipped). The session and the patient are read to sign
// the patient in; the set-up and the clinicians' cell locks to find free times; blackouts is the
// repository that reads the cells. The set-up's one Query parses each item with its own
// repository's schema, so clinicians, locations, service types and schedules are wired too.
export const appointmentsWiring: DepsWiring = {
  sessions: wireSessions,
  patients: wirePatients,
  appointments: wireAppointments,
  appointmentRequests: wireAppointmentRequests,
  blackouts: wireBlackouts,
  serviceSetup: wireServiceSetup,
  clinicians: wireClinicians,
  locations: wireLocations,
  serviceTypes: wireServiceTypes,
  workSchedules: wireWorkSchedules,
  // The staff's new-request emails (notices). The public form is the public-requests Lambda's.
  notices: wireNotices,
};

/** The appointments Lambda's routes. */
export const appointmentsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, appointmentsWiring);
  const api = patientAppointmentsApi(deps);
  const pages = patientAppointmentsPages(deps);
  return portalHandler<'appointments'>(deps, {
    'GET /appointments': pages.mine,
    'GET /appointments/request': pages.find,
    'GET /appointments/confirm-request': pages.confirm,
    'POST /appointments/request': pages.send,
    'POST /appointments/requests/{id}/cancel': pages.cancelPendingRequest,
    'POST /appointments/{id}/cancel': pages.cancelAppointment,
    'GET /api/patient/availability': api.availability,
    'POST /api/patient/appointment-requests': api.submitRequest,
    'DELETE /api/patient/appointment-requests/{id}': api.deleteRequest,
    'GET /api/patient/appointments': api.list,
    'POST /api/patient/appointments/{id}/cancel': api.cancelAppointment,
  });
};
