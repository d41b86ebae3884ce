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
import { provisionalEpisodeInput, serviceReportDeps } from '../../outcomes/service-report-deps.js';
import { portalHandler } from '../portal-handler.js';
import { episodesApi } from '../routes/episodes-api.js';
import { outcomesReportApi } from '../routes/outcomes-report-api.js';

// The integration API's routes of issue 16 (docs/API.md): episodes (discharge, referrals) and
// attendance, and (from the other issue-16 work) the GP report, the service report and consents.
// A Lambda of its own, so the integration Lambda keeps its bundle and its KMS and SQS clients to
// itself. Bearer keys as in the integration Lambda.
export const integrationRecordsWiring: DepsWiring = {
  integrationKeys: wireIntegrationKeys,
  episodes: wireEpisodes,
  // The service report: opt-out flags, each ended episode's responses and appointments (its views
  // are audited in the report partition).
  patients: wirePatients,
  responses: wireResponses,
  appointments: wireAppointments,
  reportViews: wireReportViews,
};

/** The integration-records Lambda's routes: the bearer-key API for EPR systems. */
export const integrationRecordsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, integrationRecordsWiring);
  const episodes = episodesApi(deps);
  const report = outcomesReportApi(deps, serviceReportDeps(deps, provisionalEpisodeInput(deps)));
  return portalHandler<'integration-records'>(deps, {
    'POST /api/v1/patients/{id}/discharge': episodes.discharge,
    'POST /api/v1/patients/{id}/referrals': episodes.referral,
    'GET /api/v1/reports/outcomes': report.outcomes,
  });
};
