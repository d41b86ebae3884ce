import type { Deps } from '../deps.js';
import { calendarDateIn } from '../domain/calendar-date.js';
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

/**
 * Provisional, until `episodeInputOf` (shared/outcomes/episode-input.ts, from the episodes work)
 * is merged, which replaces it in the two Lambdas' wiring: the patient's responses dated within the
 * episode (service dates), and their appointments inside it whose status is `attended`.
 */
export const provisionalEpisodeInput =
  (deps: Pick<Deps, 'service' | 'responses' | 'appointments' | 'clock'>) =>
  async (episode: ReportSourceEpisode): Promise<EpisodeInput> => {
    const end = episode.endedAt ?? deps.clock().toISOString();
    const dateOf = (iso: string) => calendarDateIn(new Date(iso), deps.service.timeZone);
    const [responses, appointments] = await Promise.all([
      deps.responses.between(episode.patientId, dateOf(episode.startedAt), dateOf(end)),
      deps.appointments.forPatient(episode.patientId),
    ]);
    return {
      ended: episode.endedAt !== null,
      treatmentSessionsAttended: appointments.filter(
        (a) => (a.status as string) === 'attended' && episode.startedAt <= a.start && a.start <= end,
      ).length,
      scores: responses.map(({ questionnaireId, date, total, severity }) => ({
        questionnaireId,
        date,
        total,
        severity,
      })),
    };
  };
