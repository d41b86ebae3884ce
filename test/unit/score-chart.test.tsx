import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { atCaseness, CASENESS } from '../../shared/domain/outcomes/caseness.js';
import { GAD7, iaptPhobia, PHQ9, wsas } from '../../shared/domain/questionnaires/builtin.js';
import type { QuestionnaireResponse } from '../../shared/domain/questionnaires/types.js';
import { CalendarDateFormatError, formatShortDate } from '../../shared/web/staff/calendar-date-format.js';
import {
  ScoreChart,
  type ScoreChartProps,
  type ScorePoint,
  type ScoreSeries,
} from '../../shared/web/staff/score-chart.js';
import { scoreSeriesFrom, UnchartableQuestionnaireError } from '../../shared/web/staff/score-series.js';

type Element = ReturnType<typeof DomUtils.findAll>[number];

const response = (questionnaireId: string, date: string, total: number | null): QuestionnaireResponse => ({
  patientId: 'p1',
  questionnaireId,
  date,
  submittedAt: `${date}T10:00:00+00:00`,
  answers: {},
  total,
  severity: null,
  riskFlag: false,
});

const phqSeries = (points: readonly ScorePoint[]): ScoreSeries => ({
  ...scoreSeriesFrom(PHQ9, []),
  points,
});
const gadSeries = (points: readonly ScorePoint[]): ScoreSeries => ({
  ...scoreSeriesFrom(GAD7, []),
  points,
});

/** The rendered markup as a tree; XML mode keeps SVG's camel-case attributes (viewBox). */
const renderChart = (props: ScoreChartProps) => {
  const html = render(<ScoreChart {...props} />);
  const doc = parseDocument(html, { xmlMode: true });
  const all = (test: (e: Element) => boolean, root: Element[] = doc.children as Element[]) =>
    DomUtils.findAll(test, root);
  const byClass = (name: string, root?: Element[]) =>
    all((e) => (DomUtils.getAttributeValue(e, 'class') ?? '').split(' ').includes(name), root);
  const byTag = (name: string, root?: Element[]) => all((e) => e.name === name, root);
  return { html, doc, all, byClass, byTag };
};

const attr = (e: Element | undefined, name: string): string => {
  const value = e && DomUtils.getAttributeValue(e, name);
  if (value === undefined) throw new Error(`no ${name} attribute`);
  return value;
};
const num = (e: Element | undefined, name: string): number => Number(attr(e, name));
const text = (e: Element | undefined): string => (e ? DomUtils.textContent(e) : '');

/** One chart's parts, found in its <section>. */
const chartOf = (rendered: ReturnType<typeof renderChart>, questionnaireId: string) => {
  const section = rendered.all(
    (e) => e.name === 'section' && attr(e, 'aria-labelledby').includes(questionnaireId),
  )[0];
  if (!section) throw new Error(`no section for ${questionnaireId}`);
  const within = [section];
  const svg = rendered.byTag('svg', within)[0];
  const markers = rendered.byClass('app-score-chart__points', within).flatMap((g) => g.children as Element[]);
  const yAxisLabels = rendered.byTag('text', rendered.byClass('app-score-chart__y-axis', within));
  const xAxisLabels = rendered.byTag('text', rendered.byClass('app-score-chart__x-axis', within));
  /**
   * The y of a total read off the chart's own axis (the ticks at 0 and 5), not from the code under
   * test, so a misplaced band, line or marker shows as a mismatch.
   */
  const yOfTotal = (total: number): number => {
    const tick = (label: string) =>
      num(
        yAxisLabels.find((t) => text(t) === label),
        'y',
      );
    return tick('0') + ((tick('5') - tick('0')) / 5) * total;
  };
  const markerCentre = (m: Element) =>
    m.name === 'circle'
      ? { x: num(m, 'cx'), y: num(m, 'cy') }
      : { x: num(m, 'x') + num(m, 'width') / 2, y: num(m, 'y') + num(m, 'height') / 2 };
  const rows = rendered
    .byTag('tr', rendered.byTag('tbody', within))
    .map((tr) => rendered.byTag('td', [tr]).map(text));
  return { section, within, svg, markers, xAxisLabels, yOfTotal, markerCentre, rows };
};

/** WCAG 2.2 relative luminance and contrast ratio of two #rrggbb colours. */
const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

const TREATMENT: ScorePoint[] = [
  { date: '2026-01-03', total: 18 },
  { date: '2026-01-10', total: 15 },
  { date: '2026-01-31', total: 12 },
  { date: '2026-11-24', total: 7 },
];

describe('ScoreChart', () => {
  it('shades a region for every band that holds exactly that band’s totals', () => {
    for (const series of [phqSeries(TREATMENT), gadSeries(TREATMENT)]) {
      const r = renderChart({ series: [series] });
      const chart = chartOf(r, series.questionnaireId);
      const regions = r.all((e) => e.name === 'rect' && DomUtils.hasAttrib(e, 'data-band'), chart.within);
      expect(regions.map((e) => attr(e, 'data-band'))).toEqual(series.bands.map((b) => b.label));
      for (const band of series.bands) {
        const region = regions.find((e) => attr(e, 'data-band') === band.label);
        const top = num(region, 'y');
        const bottom = top + num(region, 'height');
        // Rounded to a tenth of a unit, so the ends are allowed that much; a neighbour is half a total away.
        const inside = (total: number) =>
          chart.yOfTotal(total) >= top - 0.1 && chart.yOfTotal(total) <= bottom + 0.1;
        expect(inside(band.min) && inside(band.max), band.label).toBe(true);
        expect(inside(band.min - 1) || inside(band.max + 1), band.label).toBe(false);
      }
      const labels = r.byTag('text', r.byClass('app-score-chart__band-labels', chart.within)).map(text);
      expect(labels).toEqual(series.bands.map((b) => b.label));
    }
  });

  it('draws a dashed caseness line at 10 on PHQ-9 and 8 on GAD-7, labelled with the threshold', () => {
    const r = renderChart({ series: [phqSeries(TREATMENT), gadSeries(TREATMENT)] });
    for (const [id, caseness] of [
      ['phq-9', 10],
      ['gad-7', 8],
    ] as const) {
      const chart = chartOf(r, id);
      const group = r.byClass('app-score-chart__caseness', chart.within);
      const line = r.byTag('line', group)[0];
      expect(attr(line, 'stroke-dasharray')).toMatch(/\d/);
      expect(num(line, 'y1')).toBeCloseTo(chart.yOfTotal(caseness), 0);
      expect(num(line, 'y2')).toBe(num(line, 'y1'));
      expect(text(r.byTag('text', group)[0])).toBe(`Caseness (${caseness})`);
    }
  });

  it('marks every total once, PHQ-9 with circles and GAD-7 with squares', () => {
    const r = renderChart({ series: [phqSeries(TREATMENT), gadSeries(TREATMENT.slice(1))] });
    const phq = chartOf(r, 'phq-9');
    const gad = chartOf(r, 'gad-7');
    expect(phq.markers.map((m) => m.name)).toEqual(['circle', 'circle', 'circle', 'circle']);
    expect(gad.markers.map((m) => m.name)).toEqual(['rect', 'rect', 'rect']);
    const line = r.byClass('app-score-chart__line', phq.within)[0];
    expect(attr(line, 'points').split(' ')).toHaveLength(4);
  });

  it('places totals at their height on the axis, 0 at the bottom and the maximum at the top', () => {
    const r = renderChart({
      series: [
        phqSeries([
          { date: '2026-01-01', total: 0 },
          { date: '2026-01-08', total: 27 },
          { date: '2026-01-15', total: 13 },
        ]),
      ],
    });
    const chart = chartOf(r, 'phq-9');
    const ys = chart.markers.map((m) => chart.markerCentre(m).y);
    expect(ys[0]).toBeCloseTo(chart.yOfTotal(0), 0);
    expect(ys[1]).toBeCloseTo(chart.yOfTotal(27), 0);
    expect(ys[2]).toBeCloseTo(chart.yOfTotal(13), 0);
  });

  it('spaces dates by time: a gap three times as long is three times as wide', () => {
    const r = renderChart({
      series: [
        gadSeries([
          { date: '2026-03-01', total: 9 },
          { date: '2026-03-08', total: 8 },
          { date: '2026-03-29', total: 6 },
        ]),
      ],
    });
    const chart = chartOf(r, 'gad-7');
    const [a, b, c] = chart.markers.map((m) => chart.markerCentre(m).x) as [number, number, number];
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
    expect((c - b) / (b - a)).toBeCloseTo(3, 1);
  });

  it('sorts totals given out of order and puts two on the same date one above the other', () => {
    const r = renderChart({
      series: [
        phqSeries([
          { date: '2026-02-01', total: 5 },
          { date: '2026-01-01', total: 20 },
          { date: '2026-01-01', total: 16 },
        ]),
      ],
    });
    const chart = chartOf(r, 'phq-9');
    const centres = chart.markers.map((m) => chart.markerCentre(m));
    expect(centres[0]?.x).toBe(centres[1]?.x);
    expect(centres[2]?.x).toBeGreaterThan(centres[0]?.x ?? Infinity);
    expect(chart.rows).toEqual([
      ['1 Jan 2026', '20', 'Severe'],
      ['1 Jan 2026', '16', 'Moderately severe'],
      ['1 Feb 2026', '5', 'Mild'],
    ]);
  });

  it('labels the date axis in NHS short form, from the first date to the last', () => {
    const r = renderChart({ series: [phqSeries(TREATMENT)] });
    const labels = chartOf(r, 'phq-9').xAxisLabels.map(text);
    expect(labels[0]).toBe('3 Jan 2026');
    expect(labels[labels.length - 1]).toBe('24 Nov 2026');
  });

  it('names the chart in its title and summarises first and last totals, bands and caseness in its desc', () => {
    const r = renderChart({ series: [phqSeries(TREATMENT)] });
    const { svg } = chartOf(r, 'phq-9');
    expect(attr(svg, 'role')).toBe('img');
    const title = r.all((e) => e.name === 'title' && attr(e, 'id') === attr(svg, 'aria-labelledby'))[0];
    const desc = r.all((e) => e.name === 'desc' && attr(e, 'id') === attr(svg, 'aria-describedby'))[0];
    expect(text(title)).toBe('PHQ-9 totals over time');
    expect(text(desc)).toBe(
      '4 PHQ-9 totals from 3 Jan 2026 to 24 Nov 2026. First: 18 (Moderately severe) on 3 Jan 2026. ' +
        'Last: 7 (Mild) on 24 Nov 2026. Totals run from 0 to 27; caseness is 10 or more. ' +
        'The last total is below caseness.',
    );
  });

  it('gives a table with caption, date, total and band for every total, oldest first', () => {
    const r = renderChart({ series: [gadSeries(TREATMENT)] });
    const chart = chartOf(r, 'gad-7');
    const table = r.byTag('table', chart.within)[0];
    expect(attr(table, 'class')).toContain('nhsuk-table');
    expect(text(r.byTag('caption', chart.within)[0])).toBe('GAD-7 totals');
    expect(r.byTag('th', chart.within).map(text)).toEqual(['Date', 'Total (out of 21)', 'Severity']);
    expect(chart.rows).toEqual([
      ['3 Jan 2026', '18', 'Severe'],
      ['10 Jan 2026', '15', 'Severe'],
      ['31 Jan 2026', '12', 'Moderate'],
      ['24 Nov 2026', '7', 'Mild'],
    ]);
  });

  it('names the band of every total in the table, at each band’s edges', () => {
    const totals = [0, 4, 5, 9, 10, 14, 15, 21];
    const points = totals.map((total, i) => ({ date: `2026-05-${String(i + 1).padStart(2, '0')}`, total }));
    const chart = chartOf(renderChart({ series: [gadSeries(points)] }), 'gad-7');
    expect(chart.rows.map((row) => row[2])).toEqual([
      'Minimal',
      'Minimal',
      'Mild',
      'Mild',
      'Moderate',
      'Moderate',
      'Severe',
      'Severe',
    ]);
  });

  it('shows one total in the middle, with no line, and says so in its desc', () => {
    const r = renderChart({ series: [gadSeries([{ date: '2026-11-24', total: 8 }])] });
    const chart = chartOf(r, 'gad-7');
    expect(chart.markers).toHaveLength(1);
    expect(r.byClass('app-score-chart__line', chart.within)).toHaveLength(0);
    const [, , width] = attr(chart.svg, 'viewBox').split(' ').map(Number) as [number, number, number];
    const x = chart.markerCentre(chart.markers[0] as Element).x;
    expect(x).toBeGreaterThan(width * 0.3);
    expect(x).toBeLessThan(width * 0.6);
    expect(text(r.byTag('desc', chart.within)[0])).toContain('One GAD-7 total: 8 (Mild) on 24 Nov 2026.');
    expect(text(r.byTag('desc', chart.within)[0])).toContain('The last total is at caseness.');
  });

  it('draws and tabulates 150 totals', () => {
    const points = Array.from({ length: 150 }, (_, i) => ({
      date: new Date(Date.UTC(2024, 0, 1 + i * 5)).toISOString().slice(0, 10),
      total: i % 28,
    }));
    const chart = chartOf(renderChart({ series: [phqSeries(points)] }), 'phq-9');
    expect(chart.markers).toHaveLength(150);
    expect(chart.rows).toHaveLength(150);
  });

  it('says there are no answers yet, with no empty chart or table', () => {
    const r = renderChart({ series: [phqSeries([]), gadSeries(TREATMENT)] });
    const phq = chartOf(r, 'phq-9');
    expect(text(phq.section)).toContain('No PHQ-9 answers yet');
    expect(phq.svg).toBeUndefined();
    expect(r.byTag('table', phq.within)).toHaveLength(0);
    expect(chartOf(r, 'gad-7').svg).toBeDefined();
  });

  it('shows the time-zone note when given', () => {
    expect(
      renderChart({ series: [phqSeries(TREATMENT)], timeZoneNote: 'Dates are UK dates.' }).html,
    ).toContain('Dates are UK dates.');
  });

  it('uses no inline style and no style element, which the CSP would block', () => {
    const r = renderChart({ series: [phqSeries(TREATMENT), gadSeries(TREATMENT)] });
    expect(r.all((e) => DomUtils.hasAttrib(e, 'style'))).toEqual([]);
    expect(r.byTag('style')).toEqual([]);
    expect(r.html).not.toMatch(/style=/i);
  });

  it('gives the line and markers at least 3:1 contrast against every band shading (WCAG 1.4.11)', () => {
    const r = renderChart({ series: [phqSeries(TREATMENT), gadSeries(TREATMENT)] });
    for (const id of ['phq-9', 'gad-7']) {
      const chart = chartOf(r, id);
      const fills = r
        .all((e) => e.name === 'rect' && DomUtils.hasAttrib(e, 'data-band'), chart.within)
        .map((e) => attr(e, 'fill'));
      const line = r.byClass('app-score-chart__line', chart.within)[0];
      const foregrounds = [attr(line, 'stroke'), ...chart.markers.map((m) => attr(m, 'fill'))];
      for (const fg of foregrounds)
        for (const bg of fills) expect(contrast(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps every coordinate inside the viewBox for any totals within range', () => {
    const day = fc.integer({
      min: Date.UTC(2000, 0, 1) / 86_400_000,
      max: Date.UTC(2099, 11, 31) / 86_400_000,
    });
    const pointsUpTo = (max: number) =>
      fc.array(
        fc.record({
          date: day.map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
          total: fc.integer({ min: 0, max }),
        }),
        { maxLength: 120 },
      );
    fc.assert(
      fc.property(pointsUpTo(27), pointsUpTo(21), (phq, gad) => {
        const r = renderChart({ series: [phqSeries(phq), gadSeries(gad)] });
        for (const svg of r.byTag('svg')) {
          const [, , width, height] = attr(svg, 'viewBox').split(' ').map(Number) as number[];
          const inside = (x: number, y: number) =>
            Number.isFinite(x) &&
            Number.isFinite(y) &&
            x >= 0 &&
            y >= 0 &&
            x <= (width ?? 0) &&
            y <= (height ?? 0);
          for (const e of r.all(() => true, [svg])) {
            const has = (name: string) => DomUtils.hasAttrib(e, name);
            const corners: [number, number][] = [];
            if (e.name === 'circle')
              corners.push(
                [num(e, 'cx') - num(e, 'r'), num(e, 'cy') - num(e, 'r')],
                [num(e, 'cx') + num(e, 'r'), num(e, 'cy') + num(e, 'r')],
              );
            else if (e.name === 'rect')
              corners.push(
                [num(e, 'x'), num(e, 'y')],
                [num(e, 'x') + num(e, 'width'), num(e, 'y') + num(e, 'height')],
              );
            else if (e.name === 'line')
              corners.push([num(e, 'x1'), num(e, 'y1')], [num(e, 'x2'), num(e, 'y2')]);
            else if (e.name === 'polyline')
              corners.push(
                ...attr(e, 'points')
                  .split(' ')
                  .map((p) => p.split(',').map(Number) as [number, number]),
              );
            else if (has('x') && has('y')) corners.push([num(e, 'x'), num(e, 'y')]);
            for (const [x, y] of corners) expect(inside(x, y), `${e.name} at ${x},${y}`).toBe(true);
          }
        }
        expect(r.byClass('app-score-chart__points').flatMap((g) => g.children)).toHaveLength(
          phq.length + gad.length,
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('scoreSeriesFrom', () => {
  it('takes bands and maximum from the definition and caseness from the outcome constants', () => {
    const phq = scoreSeriesFrom(PHQ9, []);
    expect(phq).toMatchObject({ questionnaireId: 'phq-9', title: 'PHQ-9', max: 27, caseness: 10 });
    expect(phq.bands.map((b) => [b.min, b.max, b.label])).toEqual(
      PHQ9.bands.map((b) => [b.min, b.max, b.label]),
    );
    expect(scoreSeriesFrom(GAD7, [])).toMatchObject({
      questionnaireId: 'gad-7',
      title: 'GAD-7',
      max: 21,
      caseness: 8,
    });
  });

  it('keeps only this questionnaire’s responses with a total, oldest first', () => {
    const series = scoreSeriesFrom(GAD7, [
      response('gad-7', '2026-03-01', 6),
      response('phq-9', '2026-02-01', 14),
      response('gad-7', '2026-02-01', null),
      response('gad-7', '2026-01-01', 15),
    ]);
    expect(series.points).toEqual([
      { date: '2026-01-01', total: 15 },
      { date: '2026-03-01', total: 6 },
    ]);
  });

  it('refuses a questionnaire with no caseness or no bands', () => {
    const wording = { stem: 'How much?', items: {} as Record<string, string> };
    const wsasDefinition = wsas({
      ...wording,
      items: { wsas_work: 'a', wsas_home: 'b', wsas_social: 'c', wsas_private: 'd', wsas_relationships: 'e' },
    });
    const phobia = iaptPhobia({
      ...wording,
      items: { phobia_social: 'a', phobia_panic: 'b', phobia_specific: 'c' },
    });
    expect(() => scoreSeriesFrom(wsasDefinition, [])).toThrow(UnchartableQuestionnaireError);
    expect(() => scoreSeriesFrom(phobia, [])).toThrow(UnchartableQuestionnaireError);
  });
});

describe('caseness', () => {
  it('counts 10 on PHQ-9 and 8 on GAD-7 as caseness, and one less as not', () => {
    expect(CASENESS).toEqual({ 'phq-9': 10, 'gad-7': 8 });
    expect([atCaseness('phq-9', 10), atCaseness('phq-9', 9)]).toEqual([true, false]);
    expect([atCaseness('gad-7', 8), atCaseness('gad-7', 7)]).toEqual([true, false]);
  });
});

describe('formatShortDate', () => {
  it('writes calendar dates as the NHS short form', () => {
    expect(formatShortDate('2026-11-24')).toBe('24 Nov 2026');
    expect(formatShortDate('2026-09-01')).toBe('1 Sep 2026');
  });

  it('refuses a date that does not exist', () => {
    expect(() => formatShortDate('2026-02-30')).toThrow(CalendarDateFormatError);
    expect(() => formatShortDate('24/11/2026')).toThrow(CalendarDateFormatError);
  });
});
