import type { Episode } from '../data/episodes.js';
import type { Deps } from '../deps.js';
import type { Appointment } from '../domain/appointments.js';
import { calendarDateIn } from '../domain/calendar-date.js';
import type { EpisodeInput } from '../domain/outcomes/episode-outcome.js';
import type { QuestionnaireResponse } from '../domain/questionnaires/types.js';

// What one episode's outcome is worked out from (docs/outcomes.md, "Storage"): the patient's
// responses dated within the episode and the appointments they attended within it.
//
// - Responses carry the service's calendar date, so "within" is by date: from the start's date
//   to the end's date (today while open), both included, in the service's time zone. A patient
//   discharged and referred again on one day has that day's responses in both episodes.
// - Sessions are the appointments with status `attended` whose start is within the episode's
//   instants. Follow-ups are not told apart from treatment sessions: every attended session
//   counts (the portal has no appointment kind that says which is which).

/** The episode's input from the patient's responses and appointments, already read. */
export const episodeInputFrom = (
  episode: Episode,
  responses: readonly QuestionnaireResponse[],
  appointments: readonly Appointment[],
  now: Date,
  timeZone: string,
): EpisodeInput => {
  const end = episode.endedAt ? new Date(episode.endedAt) : now;
  const fromDate = calendarDateIn(new Date(episode.startedAt), timeZone);
  const toDate = calendarDateIn(end, timeZone);
  const from = Date.parse(episode.startedAt);
  const to = end.getTime();
  return {
    ended: episode.endedAt !== null,
    treatmentSessionsAttended: appointments.filter((a) => {
      const start = Date.parse(a.start);
      return a.status === 'attended' && start >= from && start <= to;
    }).length,
    scores: responses
      .filter((r) => r.date >= fromDate && r.date <= toDate)
      .map(({ questionnaireId, date, total, severity }) => ({ questionnaireId, date, total, severity })),
  };
};

/** The use case: reads the patient's responses and appointments, then episodeInputFrom. */
export const episodeInputOf = async (
  deps: Pick<Deps, 'responses' | 'appointments' | 'clock' | 'service'>,
  episode: Episode,
): Promise<EpisodeInput> => {
  // Every response, page after page, filtered by date: `between` is one page (1 MB), which a
  // long episode of daily measures could outgrow.
  const [responses, appointments] = await Promise.all([
    deps.responses.all(episode.patientId),
    deps.appointments.forPatient(episode.patientId),
  ]);
  return episodeInputFrom(episode, responses, appointments, deps.clock(), deps.service.timeZone);
};
