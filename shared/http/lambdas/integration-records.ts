import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAttendance,
  wireEpisodes,
  wireIntegrationKeys,
  wireAuditLog,
  wireLetters,
  wireNotices,
  wirePatients,
  wireResponses,
  wireConsents,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { episodesApi } from '../routes/episodes-api.js';
import { gpReportApi } from '../routes/gp-report-api.js';
import { integrationConsentsApi } from '../routes/integration-consents-api.js';

// The integration API's routes of issue 16 (docs/API.md): episodes (discharge, referrals) and
// attendance, and (from the other issue-16 work) the GP report and consents
// (the service report is integration-reports').
// A Lambda of its own, so the integration Lambda keeps its bundle and its KMS and SQS clients to
// itself. Bearer keys as in the integration Lambda.
export const integrationRecordsWiring: DepsWiring = {
  integrationKeys: wireIntegrationKeys,
  episodes: wireEpisodes,
  // Attendance updates the appointment and its patient-partition copy (attendance.ts reads them
  // with appointments.ts's parser).
  appointments: wireAppointments,
  attendance: wireAttendance,
  // The GP report: produced on the first fetch (the letter, the patient's notice and the audit
  // entry in one transaction) from the patient and the episode's scores and sessions.
  patients: wirePatients,
  letters: wireLetters,
  notices: wireNotices,
  auditLog: wireAuditLog,
  responses: wireResponses,
  // Another recipient than the GP needs the patient's consent (requireConsent).
  // ...and the consents the EPR records and withdraws, each with its audit entry.
  consents: wireConsents,
};

/** The integration-records Lambda's routes: the bearer-key API for EPR systems. */
export const integrationRecordsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, integrationRecordsWiring);
  const episodes = episodesApi(deps);
  const gpReport = gpReportApi(deps);
  const consents = integrationConsentsApi(deps);
  return portalHandler<'integration-records'>(deps, {
    'POST /api/v1/patients/{id}/discharge': episodes.discharge,
    'POST /api/v1/patients/{id}/referrals': episodes.referral,
    'POST /api/v1/appointments/{id}/attendance': episodes.attendance,
    'GET /api/v1/patients/{id}/gp-report': gpReport.get,
    'POST /api/v1/patients/{id}/consents': consents.record,
    'DELETE /api/v1/patients/{id}/consents/{consentId}': consents.withdraw,
  });
};
