import type { GpReportContent } from '../../domain/outcomes/gp-report.js';
import { OUTCOME_MEASURES } from '../../domain/outcomes/episode-outcome.js';
import { gpReportMessages as m, outcomeMessages } from '../messages.js';

// The GP report as words, laid out once: the HTML page (gp-report-page.tsx) and the PDF
// (gp-report-pdf.ts) both render this, so the page staff read and the letter the GP and the
// patient get say the same things in the same order. Built when the report is produced and stored
// beside the PDF (shared/data/letters.ts), so a later view shows what was produced, not what the
// record says today.

export interface GpReportRow {
  readonly label: string;
  readonly value: string;
}

export interface GpReportSection {
  readonly heading: string;
  readonly rows: readonly GpReportRow[];
}

export interface GpReportDocument {
  readonly title: string;
  readonly heading: string;
  readonly intro: string;
  readonly sections: readonly GpReportSection[];
  readonly measures: {
    readonly heading: string;
    readonly caption: string;
    readonly headers: readonly [string, string, string];
    readonly rows: readonly (readonly [string, string, string])[];
  };
  readonly outcome: { readonly heading: string; readonly text: string };
  readonly contact: { readonly heading: string; readonly text: string };
  readonly produced: string;
}

export interface GpReportDetails {
  readonly service: { readonly name: string; readonly phone: string; readonly timeZone: string };
  readonly patient: {
    readonly givenName: string;
    readonly familyName: string;
    readonly dateOfBirth: string;
    readonly externalId?: string | undefined;
  };
  readonly producedAt: Date;
}

/** "24 November 2026": an instant's date in the service's zone. */
export const formatLongDate = (instant: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(
    instant,
  );

/** "24 November 2026" from a calendar date (YYYY-MM-DD), which has no zone to convert. */
export const formatCalendarDate = (date: string): string =>
  formatLongDate(new Date(`${date}T12:00:00Z`), 'UTC');

/** The outcome in plain words, as the JSON's outcomeText, the page and the PDF say it. */
export const outcomeText = (content: Pick<GpReportContent, 'outcome'>): string =>
  outcomeMessages.summary[content.outcome];

const casenessWord = (caseness: boolean | null): string =>
  caseness === null
    ? outcomeMessages.casenessAtStart.unknown
    : outcomeMessages.casenessAtStart[`${caseness}`];

export const gpReportDocument = (content: GpReportContent, details: GpReportDetails): GpReportDocument => {
  const { service, patient } = details;
  const zone = service.timeZone;
  return {
    title: m.letterTitle,
    heading: m.heading,
    intro: m.intro(service.name),
    sections: [
      {
        heading: m.patientHeading,
        rows: [
          { label: m.nameLabel, value: `${patient.givenName} ${patient.familyName}` },
          { label: m.dateOfBirthLabel, value: formatCalendarDate(patient.dateOfBirth) },
          ...(patient.externalId ? [{ label: m.referenceLabel, value: patient.externalId }] : []),
        ],
      },
      {
        heading: m.episodeHeading,
        rows: [
          { label: m.referredLabel, value: formatLongDate(new Date(content.startedAt), zone) },
          { label: m.dischargedLabel, value: formatLongDate(new Date(content.endedAt), zone) },
          { label: m.sessionsLabel, value: String(content.sessionsAttended) },
          { label: m.casenessLabel, value: casenessWord(content.caseness) },
        ],
      },
    ],
    measures: {
      heading: m.measuresHeading,
      caption: m.measuresCaption,
      headers: [m.measureHeader, m.firstHeader, m.lastHeader],
      rows: OUTCOME_MEASURES.map((measure) => {
        const scores = content.measures[measure];
        return scores
          ? ([
              m.measureNames[measure],
              m.score(scores.first, scores.firstBand, formatCalendarDate(scores.firstDate)),
              m.score(scores.last, scores.lastBand, formatCalendarDate(scores.lastDate)),
            ] as const)
          : ([m.measureNames[measure], m.notCompleted, m.notCompleted] as const);
      }),
    },
    outcome: { heading: m.outcomeHeading, text: outcomeText(content) },
    contact: { heading: m.contactHeading, text: m.contact(service.name, service.phone) },
    produced: m.producedOn(formatLongDate(details.producedAt, zone)),
  };
};
