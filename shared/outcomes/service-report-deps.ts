import type { Deps } from '../deps.js';
import type { EpisodeInput } from '../domain/outcomes/episode-outcome.js';
import type { ReportSourceEpisode } from './service-report-for-range.js';
import type { ViewServiceReportDeps } from './view-service-report.js';

// The service report's deps from a Lambda's Deps: the episodes and patients repositories, the
// report's partition of the audit log, the service's outcomes settings, and how one episode's sessions and scores are read.

export const serviceReportDeps = (
  deps: Pick<Deps, 'service' | 'episodes' | 'patients' | 'reportViews' | 'clock'>,
  episodeInput: (episode: ReportSourceEpisode) => Promise<EpisodeInput>,
): ViewServiceReportDeps => ({
  service: deps.service,
  episodes: deps.episodes,
  patients: {
    getMany: async (patientIds) =>
      patientIds.length === 0 ? new Map() : await deps.patients.getMany(patientIds),
  },
  reportViews: deps.reportViews,
  clock: deps.clock,
  episodeInput,
});
