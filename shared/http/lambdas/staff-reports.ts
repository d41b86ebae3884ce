import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointmentRequests,
  wireAppointments,
  wireAuditLog,
  wireConsents,
  wireEpisodes,
  wireLetters,
  wireMessageLog,
  wirePatients,
  wireReportViews,
  wireResponses,
  wireStaffSessions,
  wireTodos,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { outcomesReportPages } from '../routes/outcomes-report-pages.js';
import { staffMyData } from '../routes/staff-my-data.js';
import { serviceReportDeps } from '../../outcomes/service-report-deps.js';
import { episodeInputOf } from '../../outcomes/episode-input.js';

// The staff pages that read across many repositories (issue 16): the service outcomes report and
// its CSV, and subject access produced by staff (F27). Apart from staff-records, whose forms
// and GP report need none of these readers, so both bundles stay under the 130 KiB limit.
export const staffReportsWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  auditLog: wireAuditLog,
  patients: wirePatients,
  appointments: wireAppointments,
  episodes: wireEpisodes,
  responses: wireResponses,
  // Subject access reads everything held about the patient.
  appointmentRequests: wireAppointmentRequests,
  todos: wireTodos,
  consents: wireConsents,
  messageLog: wireMessageLog,
  letters: wireLetters,
  // The service report: each view's audit entry in the report partition.
  reportViews: wireReportViews,
};

/** The staff-reports Lambda's routes. */
export const staffReportsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffReportsWiring);
  const myData = staffMyData(deps);
  const report = outcomesReportPages(
    deps,
    serviceReportDeps(deps, (episode) => episodeInputOf(deps, episode)),
  );
  return portalHandler<'staff-reports'>(deps, {
    'GET /staff/patients/{id}/my-data': myData.page,
    'GET /staff/patients/{id}/my-data.json': myData.download,
    'GET /staff/reports/outcomes': report.page,
    'GET /staff/reports/outcomes.csv': report.csv,
  });
};
