import { DomUtils, parseDocument } from 'htmlparser2';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { episodeOutcome, type EpisodeScore } from '../../shared/domain/outcomes/episode-outcome.js';
import { gpReportContent } from '../../shared/domain/outcomes/gp-report.js';
import { gpReportMessages, outcomeMessages } from '../../shared/web/messages.js';
import {
  type GpReportDetails,
  gpReportDocument,
  outcomeText,
} from '../../shared/web/gp-report/gp-report-document.js';
import { GpReportBody } from '../../shared/web/gp-report/gp-report-page.js';
import { renderGpReportPdf } from '../../shared/web/gp-report/gp-report-pdf.js';

// F24, the GP report: its content from an episode's outcome (reference/outcomes.md "GP report at
// discharge"), its HTML page and its PDF.

const episode = { id: 'ep-1', startedAt: '2026-09-01T09:00:00.000Z', endedAt: '2026-11-20T16:30:00.000Z' };

const score = (
  questionnaireId: string,
  date: string,
  total: number,
  severity: string | null,
): EpisodeScore => ({
  questionnaireId,
  date,
  total,
  severity,
});

/** 6 sessions, PHQ-9 18 → 8 and GAD-7 14 → 6 (reliable recovery), WSAS 22 → 9. */
const recovered = episodeOutcome(
  {
    ended: true,
    treatmentSessionsAttended: 6,
    scores: [
      score('phq-9', '2026-09-02', 18, 'Moderately severe'),
      score('gad-7', '2026-09-02', 14, 'Moderate'),
      score('wsas', '2026-09-02', 22, 'Moderately severe or worse'),
      score('phq-9', '2026-10-01', 12, 'Moderate'),
      score('gad-7', '2026-10-01', 9, 'Mild'),
      score('phq-9', '2026-11-18', 8, 'Mild'),
      score('gad-7', '2026-11-18', 6, 'Mild'),
      score('wsas', '2026-11-18', 9, 'Subclinical'),
    ],
  },
  'reference-default',
);

const details: GpReportDetails = {
  service: { name: 'Northshire Talking Therapies', phone: '01632 960 001', timeZone: 'Europe/London' },
  patient: {
    givenName: 'Zoë',
    familyName: 'Łukasik-O\u2019Neill',
    dateOfBirth: '1980-02-29',
    externalId: 'EPR-42',
  },
  producedAt: new Date('2026-11-20T17:00:00.000Z'),
};

describe('gpReportContent', () => {
  it('reports the sessions attended, first and last scores with their bands, caseness and the outcome', () => {
    expect(gpReportContent(episode, recovered)).toEqual({
      episodeId: 'ep-1',
      startedAt: episode.startedAt,
      endedAt: episode.endedAt,
      sessionsAttended: 6,
      measures: {
        'phq-9': {
          first: 18,
          firstBand: 'Moderately severe',
          firstDate: '2026-09-02',
          last: 8,
          lastBand: 'Mild',
          lastDate: '2026-11-18',
        },
        'gad-7': {
          first: 14,
          firstBand: 'Moderate',
          firstDate: '2026-09-02',
          last: 6,
          lastBand: 'Mild',
          lastDate: '2026-11-18',
        },
        wsas: {
          first: 22,
          firstBand: 'Moderately severe or worse',
          firstDate: '2026-09-02',
          last: 9,
          lastBand: 'Subclinical',
          lastDate: '2026-11-18',
        },
      },
      caseness: true,
      outcome: 'reliable-recovery',
    });
  });

  it('gives a measure never completed as null, and caseness as unknown when it cannot be told', () => {
    const outcome = episodeOutcome(
      { ended: true, treatmentSessionsAttended: 1, scores: [score('phq-9', '2026-09-02', 7, 'Mild')] },
      'reference-default',
    );

    const content = gpReportContent(episode, outcome);

    expect(content.measures['gad-7']).toBeNull();
    expect(content.measures.wsas).toBeNull();
    expect(content.measures['phq-9']).toMatchObject({ first: 7, last: 7 });
    expect(content.caseness).toBeNull();
    expect(content.outcome).toBe('too-few-sessions');
  });

  it('reports caseness false when both first scores are below the threshold', () => {
    const outcome = episodeOutcome(
      {
        ended: true,
        treatmentSessionsAttended: 4,
        scores: [score('phq-9', '2026-09-02', 9, 'Mild'), score('gad-7', '2026-09-02', 7, 'Mild')],
      },
      'reference-default',
    );

    expect(gpReportContent(episode, outcome).caseness).toBe(false);
  });

  it('says the outcome in the plain words of outcomeMessages', () => {
    expect(outcomeText(gpReportContent(episode, recovered))).toBe(
      outcomeMessages.summary['reliable-recovery'],
    );
  });
});

const document = gpReportDocument(gpReportContent(episode, recovered), details);

describe('the GP report page', () => {
  const html = parseDocument(render(<GpReportBody report={document} />));
  const all = (name: string) => DomUtils.findAll((e) => e.name === name, html.children);

  it('has one h1 and a heading for each part', () => {
    expect(all('h1').map((e) => DomUtils.textContent(e))).toEqual([gpReportMessages.heading]);
    expect(all('h2').map((e) => DomUtils.textContent(e))).toEqual([
      gpReportMessages.patientHeading,
      gpReportMessages.episodeHeading,
      gpReportMessages.measuresHeading,
      gpReportMessages.outcomeHeading,
      gpReportMessages.contactHeading,
    ]);
  });

  it('puts the scores in a table with a caption and header cells scoped to their column and row', () => {
    const [table] = all('table');
    expect(
      DomUtils.textContent(DomUtils.findOne((e) => e.name === 'caption', table?.children ?? []) ?? []),
    ).toBe(gpReportMessages.measuresCaption);
    const headers = all('th');
    expect(headers.filter((th) => th.attribs.scope === 'col')).toHaveLength(3);
    expect(headers.filter((th) => th.attribs.scope === 'row').map((th) => DomUtils.textContent(th))).toEqual([
      gpReportMessages.measureNames['phq-9'],
      gpReportMessages.measureNames['gad-7'],
      gpReportMessages.measureNames.wsas,
    ]);
    expect(all('td').map((td) => DomUtils.textContent(td))).toContain(
      '18 (Moderately severe) on 2 September 2026',
    );
  });

  it('shows the patient, the sessions, caseness and the outcome sentence', () => {
    const text = DomUtils.textContent(html);
    for (const expected of [
      'Zoë Łukasik-O\u2019Neill',
      '29 February 1980',
      'EPR-42',
      '1 September 2026',
      '20 November 2026',
      outcomeMessages.summary['reliable-recovery'],
    ])
      expect(text).toContain(expected);
  });
});

describe('the GP report PDF', () => {
  it('opens as a PDF with the report\u2019s title shown in the title bar and its language set', async () => {
    const bytes = await renderGpReportPdf(document, {
      producedAt: details.producedAt,
      author: details.service.name,
    });

    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(gpReportMessages.letterTitle);
    expect(pdf.catalog.get(PDFName.of('Lang'))).toEqual(PDFString.of('en-GB'));
    const viewer = pdf.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(viewer.get(PDFName.of('DisplayDocTitle'))?.toString()).toBe('true');
    expect(pdf.getCreationDate()).toEqual(details.producedAt);
    expect(pdf.getPageCount()).toBe(1);
  });

  it('writes the same document to the same bytes, so a stored copy can be checked against a new rendering', async () => {
    const options = { producedAt: details.producedAt, author: details.service.name };

    const [a, b] = await Promise.all([
      renderGpReportPdf(document, options),
      renderGpReportPdf(document, options),
    ]);

    expect(Buffer.from(a)).toEqual(Buffer.from(b));
  });

  it('writes text outside the standard fonts\u2019 characters without failing', async () => {
    const odd = gpReportDocument(gpReportContent(episode, recovered), {
      ...details,
      patient: { ...details.patient, givenName: 'Đorđe 李' },
    });

    await expect(
      renderGpReportPdf(odd, { producedAt: details.producedAt, author: 'x' }),
    ).resolves.toBeInstanceOf(Uint8Array);
  });

  it('continues on a second page when the text does not fit on one', async () => {
    const long = { ...document, outcome: { ...document.outcome, text: 'word '.repeat(3000) } };

    const pdf = await PDFDocument.load(
      await renderGpReportPdf(long, { producedAt: details.producedAt, author: 'x' }),
    );

    expect(pdf.getPageCount()).toBeGreaterThan(1);
  });
});
