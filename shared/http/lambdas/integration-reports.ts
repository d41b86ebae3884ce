import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireEpisodes,
  wireIntegrationKeys,
  wirePatients,
  wireReportViews,
  wireResponses,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { serviceReportDeps } from '../../outcomes/service-report-deps.js';
import { episodeInputOf } from '../../outcomes/episode-input.js';
import { outcomesReportApi } from '../routes/outcomes-report-api.js';

// The service outcomes report for EPR systems (F26, docs/API.md), apart from integration-records,
// whose bundle has no room for the report's readers and renderers. Bearer keys as in the
// integration Lambda.
export const integrationReportsWiring: DepsWiring = {
  integrationKeys: wireIntegrationKeys,
  // Patients' opt-out flags, each ended episode's responses and appointments; each view's audit
  // entry in the report partition.
  patients: wirePatients,
  episodes: wireEpisodes,
  responses: wireResponses,
  appointments: wireAppointments,
  reportViews: wireReportViews,
};

/** The integration-reports Lambda's routes: the bearer-key service report. */
export const integrationReportsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, integrationReportsWiring);
  const report = outcomesReportApi(
    deps,
    serviceReportDeps(deps, (episode) => episodeInputOf(deps, episode)),
  );
  return portalHandler<'integration-reports'>(deps, {
    'GET /api/v1/reports/outcomes': report.outcomes,
  });
};
