import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAttendance,
  wireAuditLog,
  wireEpisodes,
  wirePatients,
  wireResponses,
  wireStaffSessions,
  wireLetters,
  wireNotices,
  wireConsents,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffRecordsPages } from '../routes/staff-records-pages.js';
import { gpReportPages } from '../routes/gp-report-pages.js';
import { staffConsentsPages } from '../routes/staff-consents-pages.js';

// Staff pages for outcomes and information governance (issue 16): discharge, new referrals and
// attendance from the patient page, and (from the other issue-16 work) the GP report (the service
// report and subject access are staff-reports'). A Lambda of its own, apart from the console's, whose
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
  // Consent to share recorded and withdrawn by staff (F25), each with its audit entry.
  consents: wireConsents,
};

/** The staff-records Lambda's routes. */
export const staffRecordsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffRecordsWiring);
  const records = staffRecordsPages(deps);
  const gpReport = gpReportPages(deps);
  const consents = staffConsentsPages(deps);
  return portalHandler<'staff-records'>(deps, {
    'POST /staff/patients/{id}/discharge': records.discharge,
    'POST /staff/patients/{id}/referral': records.referral,
    'POST /staff/appointments/{id}/attendance': records.attendance,
    'GET /staff/patients/{id}/gp-report': gpReport.view,
    'POST /staff/patients/{id}/gp-report': gpReport.produce,
    'GET /staff/patients/{id}/gp-report/pdf': gpReport.pdf,
    'GET /staff/patients/{id}/consents': consents.view,
    'POST /staff/patients/{id}/consents': consents.record,
    'POST /staff/patients/{id}/consents/{consentId}/withdraw': consents.withdraw,
  });
};
