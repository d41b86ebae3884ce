import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAttendance,
  wireAuditLog,
  wireEpisodes,
  wirePatients,
  wireReportViews,
  wireResponses,
  wireStaffSessions,
  wireAppointmentRequests,
  wireConsents,
  wireMessageLog,
  wireTodos,
  wireLetters,
  wireNotices,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { outcomesReportPages } from '../routes/outcomes-report-pages.js';
import { staffRecordsPages } from '../routes/staff-records-pages.js';
import { gpReportPages } from '../routes/gp-report-pages.js';
import { staffMyData } from '../routes/staff-my-data.js';
import { staffConsentsPages } from '../routes/staff-consents-pages.js';
import { serviceReportDeps } from '../../outcomes/service-report-deps.js';
import { episodeInputOf } from '../../outcomes/episode-input.js';

// Staff pages for outcomes and information governance (issue 16): discharge, new referrals and
// attendance from the patient page, and (from the other issue-16 work) the GP report, the service
// report, consents and subject access. A Lambda of its own, apart from the console's, whose
// bundle has no room left under the 130 KiB limit. Patients and their appointments decide a
// clinician's reach; the audit log takes every change.
export const staffRecordsWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  auditLog: wireAuditLog,
  patients: wirePatients,
  appointments: wireAppointments,
  episodes: wireEpisodes,
  attendance: wireAttendance,
  // The GP report: the letter, the patient's notice in its transaction, and the episode's scores.
  letters: wireLetters,
  notices: wireNotices,
  responses: wireResponses,
  // Subject access produced by staff (F27) reads everything held about the patient.
  appointmentRequests: wireAppointmentRequests,
  todos: wireTodos,
  consents: wireConsents,
  messageLog: wireMessageLog,
  // The service report: each ended episode's responses (and appointments, above).
  reportViews: wireReportViews,
};

/** The staff-records Lambda's routes. */
export const staffRecordsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffRecordsWiring);
  const records = staffRecordsPages(deps);
  const gpReport = gpReportPages(deps);
  const myData = staffMyData(deps);
  const consents = staffConsentsPages(deps);
  const report = outcomesReportPages(
    deps,
    serviceReportDeps(deps, (episode) => episodeInputOf(deps, episode)),
  );
  return portalHandler<'staff-records'>(deps, {
    'POST /staff/patients/{id}/discharge': records.discharge,
    'POST /staff/patients/{id}/referral': records.referral,
    'POST /staff/appointments/{id}/attendance': records.attendance,
    'GET /staff/patients/{id}/gp-report': gpReport.view,
    'POST /staff/patients/{id}/gp-report': gpReport.produce,
    'GET /staff/patients/{id}/gp-report/pdf': gpReport.pdf,
    'GET /staff/patients/{id}/my-data': myData.page,
    'GET /staff/patients/{id}/my-data.json': myData.download,
    'GET /staff/reports/outcomes': report.page,
    'GET /staff/reports/outcomes.csv': report.csv,
    'GET /staff/patients/{id}/consents': consents.view,
    'POST /staff/patients/{id}/consents': consents.record,
    'POST /staff/patients/{id}/consents/{consentId}/withdraw': consents.withdraw,
  });
};
