import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAuditLog,
  wireHealthProbe,
  wirePatients,
  wireResponses,
  wireSessions,
  wireSignInAttempts,
  wireStaffAlerts,
  wireTodos,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { contactPreferencesApi } from '../routes/contact-preferences-api.js';
import { contactPreferencesPages } from '../routes/contact-preferences-pages.js';
import { healthApi } from '../routes/health-api.js';
import { patientPages } from '../routes/patient-pages.js';
import { sessionApi } from '../routes/session-api.js';

// Sign-in (lock-out counters, the to-do raised at 20 failures with its staff alert, the session),
// the home page's due list (appointments, responses), contact preferences (audited), and the
// health check: the smallest Lambda that already holds the table and the HMAC key.
export const patientSessionWiring: DepsWiring = {
  patients: wirePatients,
  sessions: wireSessions,
  signInAttempts: wireSignInAttempts,
  todos: wireTodos,
  staffAlerts: wireStaffAlerts,
  appointments: wireAppointments,
  responses: wireResponses,
  auditLog: wireAuditLog,
  healthProbe: wireHealthProbe,
};

/** The patient-session Lambda's routes: sign in and out, pages and JSON. */
export const patientSessionHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, patientSessionWiring);
  const pages = patientPages(deps);
  const api = sessionApi(deps);
  const preferences = contactPreferencesPages(deps);
  const preferencesApi = contactPreferencesApi(deps);
  const health = healthApi(deps);
  return portalHandler<'patient-session'>(deps, {
    'GET /': pages.start,
    'GET /sign-in': pages.signInPage,
    'POST /sign-in': pages.submitSignIn,
    'POST /sign-out': pages.signOut,
    'GET /signed-out': pages.signedOut,
    'GET /home': pages.home,
    'POST /api/patient/session': api.create,
    'DELETE /api/patient/session': api.remove,
    'GET /contact-preferences': preferences.page,
    'POST /contact-preferences': preferences.submit,
    'GET /api/patient/contact-preferences': preferencesApi.get,
    'PUT /api/patient/contact-preferences': preferencesApi.put,
    'GET /api/health': health.get,
  });
};
