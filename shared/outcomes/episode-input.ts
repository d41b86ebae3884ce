import type { Episode } from '../data/episodes.js';
import type { Deps } from '../deps.js';
import { calendarDateIn } from '../domain/calendar-date.js';
import type { EpisodeInput } from '../domain/outcomes/episode-outcome.js';

// What one episode's outcome is worked out from (docs/outcomes.md, "Storage"): the patient's
// responses dated within the episode and the appointments they attended within it.
//
// - Responses carry the service's calendar date, so "within" is by date: from the start's date
//   to the end's date (today while open), both included, in the service's time zone. A patient
//   discharged and referred again on one day has that day's responses in both episodes.
// - Sessions are the appointments with status `attended` whose start is within the episode's
//   instants. Follow-ups are not told apart from treatment sessions: every attended session
//   counts (the portal has no appointment kind that says which is which).

export const episodeInputOf = async (
  deps: Pick<Deps, 'responses' | 'appointments' | 'clock' | 'service'>,
  episode: Episode,
): Promise<EpisodeInput> => {
  const { timeZone } = deps.service;
  const end = episode.endedAt ? new Date(episode.endedAt) : deps.clock();
  const fromDate = calendarDateIn(new Date(episode.startedAt), timeZone);
  const toDate = calendarDateIn(end, timeZone);
  // Every response, page after page, filtered here: `between` is one page (1 MB), which a long
  // episode of daily measures could outgrow.
  const [all, appointments] = await Promise.all([
    deps.responses.all(episode.patientId),
    deps.appointments.forPatient(episode.patientId),
  ]);
  const responses = all.filter((r) => r.date >= fromDate && r.date <= toDate);
  const from = Date.parse(episode.startedAt);
  const to = end.getTime();
  return {
    ended: episode.endedAt !== null,
    treatmentSessionsAttended: appointments.filter((a) => {
      const start = Date.parse(a.start);
      return a.status === 'attended' && start >= from && start <= to;
    }).length,
    scores: responses.map(({ questionnaireId, date, total, severity }) => ({
      questionnaireId,
      date,
      total,
      severity,
    })),
  };
};
