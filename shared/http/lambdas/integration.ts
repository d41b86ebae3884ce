import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAuditLog,
  wireClinicians,
  wireConsents,
  wireIntegrationKeys,
  wirePatients,
  wireResponses,
  wireServiceTypes,
  wireTodos,
  wireWelcomeQueue,
  wireEpisodes,
  wireAttendance,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { appointmentsApi } from '../routes/appointments-api.js';
import { patientsApi } from '../routes/patients-api.js';
import { responsesExportApi } from '../routes/responses-export-api.js';

// Bearer keys, patients (a reissued Secure ID raises a to-do), appointments, the response export.
export const integrationWiring: DepsWiring = {
  integrationKeys: wireIntegrationKeys,
  patients: wirePatients,
  appointments: wireAppointments,
  responses: wireResponses,
  todos: wireTodos,
  welcomeQueue: wireWelcomeQueue,
  // The stored set-up's lists: what a booking may name, and GET /api/v1/clinicians, service-types.
  clinicians: wireClinicians,
  serviceTypes: wireServiceTypes,
  // A new patient's first episode opens in the same transaction as the patient.
  episodes: wireEpisodes,
  // Past appointments an EPR sends as history (POST /api/v1/appointments with a status).
  attendance: wireAttendance,
  // The response export to a party other than the GP checks consent and audits a refusal (F25).
  consents: wireConsents,
  auditLog: wireAuditLog,
};

/** The integration Lambda's routes: the bearer-key API for EPR systems. */
export const integrationHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, integrationWiring);
  const patients = patientsApi(deps);
  const appointments = appointmentsApi(deps);
  const exports = responsesExportApi(deps);
  return portalHandler<'integration'>(deps, {
    'POST /api/v1/patients': patients.create,
    'PATCH /api/v1/patients/{id}': patients.update,
    'POST /api/v1/patients/{id}/secure-id': patients.reissueSecureId,
    'GET /api/v1/patients/{id}/questionnaire-responses': exports.list,
    'POST /api/v1/appointments': appointments.book,
    'POST /api/v1/appointments/{id}/cancel': appointments.cancel,
    'GET /api/v1/clinicians': appointments.clinicians,
    'GET /api/v1/service-types': appointments.serviceTypes,
    'GET /api/v1/questionnaires/{id}': exports.questionnaire,
  });
};
