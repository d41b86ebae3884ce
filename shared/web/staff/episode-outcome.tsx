import type { Episode } from '../../data/episodes.js';
import type { Appointment } from '../../domain/appointments.js';
import {
  type EpisodeOutcome,
  OUTCOME_MEASURES,
  type ScorePoint,
} from '../../domain/outcomes/episode-outcome.js';
import { Button, CsrfField, SummaryList } from '../components.js';
import { formatDateTimeShort } from '../format.js';
import { episodeMessages as m, outcomeMessages } from '../messages.js';
import { formatShortDate } from './calendar-date-format.js';

// The staff patient page's parts for issue 16, next to the chart: the current (or last ended)
// episode's outcome in plain words, with sessions attended and first and last scores, the
// discharge and new-referral forms (staff-records Lambda), and the appointments that have started
// with a form to record attendance.

const point = (p: ScorePoint) => m.score(p.total, p.severity, formatShortDate(p.date));

export const EpisodeOutcomePanel = (p: {
  readonly patientId: string;
  readonly episode: { readonly episode: Episode; readonly outcome: EpisodeOutcome } | null;
  readonly mayDischargeAndRefer: boolean;
  readonly csrfToken: string;
  readonly timeZone: string;
}) => {
  const { episode: current } = p;
  const action = (path: 'discharge' | 'referral', label: string, hint: string) =>
    p.mayDischargeAndRefer && (
      <form method="post" action={`/staff/patients/${p.patientId}/${path}`}>
        <CsrfField token={p.csrfToken} />
        <p class="nhsuk-body-s">{hint}</p>
        <Button secondary>{label}</Button>
      </form>
    );
  if (!current) return <p>{m.noEpisode}</p>;
  const { episode, outcome } = current;
  const when = (iso: string) => formatDateTimeShort(new Date(iso), p.timeZone);
  const caseness = outcome.casenessAtStart;
  return (
    <section aria-labelledby="episode-outcome">
      <h2 id="episode-outcome">{episode.endedAt ? m.lastEpisodeHeading : m.outcomeHeading}</h2>
      <p>
        {episode.endedAt
          ? m.episodeBetween(when(episode.startedAt), when(episode.endedAt))
          : m.episodeSince(when(episode.startedAt))}
      </p>
      <div class="nhsuk-inset-text">
        <p>{outcomeMessages.summary[outcome.summary]}</p>
      </div>
      <SummaryList
        rows={[
          { key: m.sessionsAttended, value: String(outcome.treatmentSessionsAttended) },
          {
            key: m.casenessAtStart,
            value:
              outcomeMessages.casenessAtStart[caseness === null ? 'unknown' : caseness ? 'true' : 'false'],
          },
        ]}
      />
      <p class="nhsuk-body-s">{m.followUpsCounted}</p>
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption">{m.scoresCaption}</caption>
        <thead class="nhsuk-table__head">
          <tr>
            <th scope="col">{m.measureHeader}</th>
            <th scope="col">{m.firstHeader}</th>
            <th scope="col">{m.lastHeader}</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {OUTCOME_MEASURES.map((measure) => {
            const scores = outcome.scores[measure];
            return (
              <tr key={measure}>
                <th scope="row">{m.measureNames[measure]}</th>
                <td>{scores ? point(scores.first) : m.noScore}</td>
                <td>{scores ? point(scores.last) : m.noScore}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {episode.endedAt
        ? action('referral', m.startReferral, m.startReferralHint)
        : action('discharge', m.discharge, m.dischargeHint)}
    </section>
  );
};

/** Appointments that have started, newest first, each with its attendance and the form to record it. */
export const PastAppointments = (p: {
  readonly past: readonly Appointment[];
  readonly mayRecord: boolean;
  readonly csrfToken: string;
  readonly timeZone: string;
  readonly clinicianName: (id: string) => string;
}) => (
  <>
    <h2>{m.pastAppointments}</h2>
    {p.past.length === 0 ? (
      <p>None.</p>
    ) : (
      <ul class="nhsuk-list">
        {p.past.map((a) => {
          const when = `${formatDateTimeShort(new Date(a.start), p.timeZone)} with ${p.clinicianName(a.clinicianId)}`;
          return (
            <li key={a.id}>
              <p>
                {when}: {m.attendanceStatusLabel[a.status]}
              </p>
              {p.mayRecord && (
                <form method="post" action={`/staff/appointments/${a.id}/attendance`}>
                  <CsrfField token={p.csrfToken} />
                  <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                      {m.attendanceLegend} ({when})
                    </legend>
                    <div class="nhsuk-radios nhsuk-radios--inline">
                      {(['attended', 'did_not_attend'] as const).map((status) => (
                        <div class="nhsuk-radios__item" key={status}>
                          <input
                            class="nhsuk-radios__input"
                            id={`attendance-${a.id}-${status}`}
                            name="status"
                            type="radio"
                            value={status}
                            checked={a.status === status}
                          />
                          <label class="nhsuk-label nhsuk-radios__label" for={`attendance-${a.id}-${status}`}>
                            {status === 'attended' ? m.attended : m.didNotAttend}
                          </label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                  <Button secondary>{m.recordAttendance}</Button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    )}
  </>
);
