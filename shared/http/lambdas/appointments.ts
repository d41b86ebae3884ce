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
  wirePublicRequestLimits,
  wireServiceSetup,
  wireServiceTypes,
  wireSessions,
  wireWorkSchedules,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { patientAppointmentsApi } from '../routes/patient-appointments-api.js';
import { patientAppointmentsPages } from '../routes/patient-appointments-pages.js';
import { publicRequestApi } from '../routes/public-request-api.js';
import { publicRequestPages } from '../routes/public-request-pages.js';

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
  // The staff's new-request emails and a public requester's link (notices), the public form's limits.
  notices: wireNotices,
  publicRequestLimits: wirePublicRequestLimits,
};

/** The appointments Lambda's routes. */
export const appointmentsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, appointmentsWiring);
  const api = patientAppointmentsApi(deps);
  const pages = patientAppointmentsPages(deps);
  const publicPages = publicRequestPages(deps);
  const publicApi = publicRequestApi(deps);
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
    'GET /request-an-appointment': publicPages.find,
    'GET /request-an-appointment/details': publicPages.details,
    'POST /request-an-appointment': publicPages.send,
    'GET /request-an-appointment/check-email': publicPages.checkEmail,
    'GET /request-an-appointment/verify': publicPages.verifyLink,
    'POST /request-an-appointment/verify': publicPages.verify,
    'POST /api/public/appointment-requests': publicApi.submit,
  });
};
