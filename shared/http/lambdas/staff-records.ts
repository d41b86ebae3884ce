import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAuditLog,
  wireEpisodes,
  wirePatients,
  wireReportViews,
  wireResponses,
  wireStaffSessions,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { outcomesReportPages } from '../routes/outcomes-report-pages.js';
import { staffRecordsPages } from '../routes/staff-records-pages.js';
import { provisionalEpisodeInput, serviceReportDeps } from '../../outcomes/service-report-deps.js';

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
  // The service report: each ended episode's responses (and appointments, above).
  responses: wireResponses,
  reportViews: wireReportViews,
};

/** The staff-records Lambda's routes. */
export const staffRecordsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffRecordsWiring);
  const records = staffRecordsPages(deps);
  const report = outcomesReportPages(deps, serviceReportDeps(deps, provisionalEpisodeInput(deps)));
  return portalHandler<'staff-records'>(deps, {
    'POST /staff/patients/{id}/discharge': records.discharge,
    'POST /staff/patients/{id}/referral': records.referral,
    'GET /staff/reports/outcomes': report.page,
    'GET /staff/reports/outcomes.csv': report.csv,
  });
};
