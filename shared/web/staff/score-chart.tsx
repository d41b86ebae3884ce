import type { VNode } from 'preact';
import { scoreChartMessages } from '../messages.js';
import { dateOfDayNumber, dayNumber, formatShortDate } from './calendar-date-format.js';

// PHQ-9 and GAD-7 totals over time for the staff console: one small chart per measure, drawn on
// the server as SVG (no script, nothing to load), each followed by a table of the same totals.
//
// Accessibility pattern: each <svg> is role="img", named by its <title> and described by its
// <desc> (first and last totals with dates and bands, and where the last stands against
// caseness), so a screen reader hears the trend in words; its drawn text is not read twice
// because role="img" makes the children presentational. The table that follows carries every
// total, date and band, and is the full equivalent for anyone who needs the numbers.
//
// The CSP is style-src 'self': colours, dashes and sizes are SVG presentation attributes (not
// styles), and the layout classes (app-score-chart*) live in static/portal.css.

export interface ScorePoint {
  /** YYYY-MM-DD, the service's calendar date. */
  readonly date: string;
  readonly total: number;
}
export interface ScoreSeries {
  readonly questionnaireId: 'phq-9' | 'gad-7';
  readonly title: string;
  readonly max: number;
  readonly caseness: number;
  readonly bands: readonly { readonly label: string; readonly min: number; readonly max: number }[];
  readonly points: readonly ScorePoint[];
}
export interface ScoreChartProps {
  readonly series: readonly ScoreSeries[];
  /** Shown under the charts, for example "Dates are the service's dates in UK time." */
  readonly timeZoneNote?: string;
}

/**
 * NHS palette (nhsuk-frontend core/settings/_colours-palette.scss). Band fills are greys of the
 * palette and the halfway mixes between them, lightest for the lowest band: every line and marker
 * colour has at least 3:1 contrast against every fill (WCAG 2.2 SC 1.4.11), which the unit tests
 * check by computing the ratios.
 */
export const CHART_COLOURS = {
  text: '#212b32', // black (text colour)
  axis: '#4c6272', // grey-1 (secondary text)
  caseness: '#212b32',
  bandFills: ['#ffffff', '#f0f4f5', '#e4e9eb', '#d8dde0', '#c3cacf'],
  markerOutline: '#ffffff',
  frame: '#aeb7bd', // grey-3: edges the plot where a band's fill meets the page's
} as const;

/** Each measure's line and marker: the shapes differ as well as the colours, so colour is never the only cue. */
export const SERIES_STYLES = {
  'phq-9': { colour: '#005eb8', shape: 'circle' }, // blue
  'gad-7': { colour: '#7c2855', shape: 'square' }, // dark pink
} as const;

// Geometry in viewBox units. The SVG scales to its column; fonts scale with it.
export const VIEW_WIDTH = 500;
export const VIEW_HEIGHT = 300;
/** The right margin holds the band labels; "Moderately severe" is the longest built-in one. */
const PLOT = { left: 40, right: 364, top: 14, bottom: 250 } as const;
/** Keeps the first and last markers off the y axis and the band labels. */
const X_INSET = 12;
const FONT_SIZE = 13;
/** A generous width of one character (Frutiger and its fallbacks), to keep date labels apart. */
const CHAR_WIDTH = FONT_SIZE * 0.55;
const MARKER_RADIUS = 4.5;

/** One decimal is finer than a pixel at any width the chart is shown at, and keeps the markup small. */
const round = (n: number): number => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

/** Vertical position of a total: 0 at the bottom of the plot, the measure's maximum at the top. */
export const yOf = (series: Pick<ScoreSeries, 'max'>, value: number): number =>
  round(PLOT.bottom - (clamp(value, 0, series.max) / series.max) * (PLOT.bottom - PLOT.top));

interface TimeScale {
  readonly x: (date: string) => number;
  readonly ticks: readonly string[];
}

/**
 * Dates by time, not by index: two answers a week apart are half as far apart as two a fortnight
 * apart. A single date sits in the middle. Ticks: the first and last dates, and between them
 * the thirds or else the half of the span (rounded to a day), where their labels clear each other.
 */
const timeScale = (points: readonly ScorePoint[]): TimeScale => {
  const days = points.map((p) => dayNumber(p.date));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const left = PLOT.left + X_INSET;
  const width = PLOT.right - X_INSET - left;
  const x = (date: string) =>
    round(last === first ? left + width / 2 : left + ((dayNumber(date) - first) / (last - first)) * width);
  const dates = (fractions: number[]) => [
    ...new Set(fractions.map((f) => dateOfDayNumber(first + Math.round(f * (last - first))))),
  ];
  const fits = (ticks: string[]) =>
    ticks
      .map((t, i) => labelExtent(t, x(t), tickAnchor(i, ticks.length)))
      .every(([left], i, extents) => i === 0 || left >= (extents[i - 1]?.[1] ?? 0) + FONT_SIZE);
  const ticks = [dates([0, 1 / 3, 2 / 3, 1]), dates([0, 1 / 2, 1])].find(fits) ?? dates([0, 1]);
  return { x, ticks };
};

type Anchor = 'start' | 'middle' | 'end';

/** The outer labels align to their ticks' outer side, so they stay inside the chart. */
const tickAnchor = (index: number, count: number): Anchor =>
  count === 1 ? 'middle' : index === 0 ? 'start' : index === count - 1 ? 'end' : 'middle';

const labelExtent = (date: string, x: number, anchor: Anchor): [number, number] => {
  const width = formatShortDate(date).length * CHAR_WIDTH;
  const left = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  return [left, left + width];
};

const bandOf = (series: ScoreSeries, total: number): string =>
  series.bands.find((b) => total >= b.min && total <= b.max)?.label ?? scoreChartMessages.outsideBands;

/** The <desc>: what a sighted reader takes from the chart at a glance, in words. */
export const describeSeries = (series: ScoreSeries): string => {
  const text = scoreChartMessages;
  const first = series.points[0];
  const last = series.points[series.points.length - 1];
  if (!first || !last) return text.noAnswers(series.title);
  const trend =
    series.points.length === 1
      ? [text.oneTotal(series.title, first.total, bandOf(series, first.total), formatShortDate(first.date))]
      : [
          text.manyTotals(
            series.points.length,
            series.title,
            formatShortDate(first.date),
            formatShortDate(last.date),
          ),
          text.firstTotal(first.total, bandOf(series, first.total), formatShortDate(first.date)),
          text.lastTotal(last.total, bandOf(series, last.total), formatShortDate(last.date)),
        ];
  return [
    ...trend,
    text.scale(series.max, series.caseness),
    last.total >= series.caseness ? text.lastAtCaseness : text.lastBelowCaseness,
  ].join(' ');
};

/** Where each band's label goes: the middle of its band, moved clear of the caseness label. */
const bandLabelYs = (series: ScoreSeries, casenessY: number): number[] => {
  const gap = FONT_SIZE * 1.6;
  return series.bands.map((b) => {
    const top = yOf(series, b.max + 0.5);
    const bottom = yOf(series, b.min - 0.5);
    const middle = (top + bottom) / 2;
    if (Math.abs(middle - casenessY) >= gap) return middle;
    const below = casenessY + gap;
    const above = casenessY - gap;
    if (below + FONT_SIZE / 2 <= bottom) return below;
    if (above - FONT_SIZE / 2 >= top) return above;
    return middle;
  });
};

const yTicks = (max: number): number[] => {
  const fives = Array.from({ length: Math.floor(max / 5) + 1 }, (_, i) => i * 5);
  // The maximum is labelled too, unless it would crowd the last multiple of 5 (as 27 and 21 do).
  return max - (fives[fives.length - 1] ?? 0) >= 3 ? [...fives, max] : fives;
};

const Marker = ({ series, cx, cy }: { series: ScoreSeries; cx: number; cy: number }) => {
  const style = SERIES_STYLES[series.questionnaireId];
  const common = { fill: style.colour, stroke: CHART_COLOURS.markerOutline, 'stroke-width': 1 };
  return style.shape === 'circle' ? (
    <circle cx={cx} cy={cy} r={MARKER_RADIUS} {...common} />
  ) : (
    <rect
      x={round(cx - MARKER_RADIUS)}
      y={round(cy - MARKER_RADIUS)}
      width={MARKER_RADIUS * 2}
      height={MARKER_RADIUS * 2}
      {...common}
    />
  );
};

const idsOf = (series: ScoreSeries) => {
  const base = `score-chart-${series.questionnaireId}`;
  return { heading: `${base}-heading`, title: `${base}-title`, desc: `${base}-desc` };
};

const Chart = ({ series }: { series: ScoreSeries }) => {
  const ids = idsOf(series);
  const style = SERIES_STYLES[series.questionnaireId];
  const scale = timeScale(series.points);
  const casenessY = yOf(series, series.caseness);
  const labelYs = bandLabelYs(series, casenessY);
  const coordinates = series.points.map((p) => ({ x: scale.x(p.date), y: yOf(series, p.total) }));
  return (
    <svg
      class="app-score-chart__svg"
      viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`}
      role="img"
      aria-labelledby={ids.title}
      aria-describedby={ids.desc}
      font-size={FONT_SIZE}
      fill={CHART_COLOURS.text}
    >
      <title id={ids.title}>{scoreChartMessages.chartTitle(series.title)}</title>
      <desc id={ids.desc}>{describeSeries(series)}</desc>
      <g class="app-score-chart__bands">
        {series.bands.map((b, i) => {
          // Totals are whole numbers, so a band's edges sit halfway between its ends and the
          // next band's: 9 is drawn inside Mild and 10 inside Moderate, never on an edge.
          const top = yOf(series, b.max + 0.5);
          const bottom = yOf(series, b.min - 0.5);
          return (
            <rect
              key={b.label}
              x={PLOT.left}
              y={top}
              width={PLOT.right - PLOT.left}
              height={round(bottom - top)}
              fill={CHART_COLOURS.bandFills[Math.min(i, CHART_COLOURS.bandFills.length - 1)]}
              data-band={b.label}
            />
          );
        })}
      </g>
      <rect
        x={PLOT.left}
        y={PLOT.top}
        width={PLOT.right - PLOT.left}
        height={PLOT.bottom - PLOT.top}
        fill="none"
        stroke={CHART_COLOURS.frame}
      />
      <g class="app-score-chart__band-labels">
        {series.bands.map((b, i) => (
          <text key={b.label} x={PLOT.right + 8} y={round(labelYs[i] ?? 0)} dominant-baseline="middle">
            {b.label}
          </text>
        ))}
      </g>
      <g class="app-score-chart__y-axis" fill={CHART_COLOURS.axis}>
        <line x1={PLOT.left} y1={PLOT.top} x2={PLOT.left} y2={PLOT.bottom} stroke={CHART_COLOURS.axis} />
        {yTicks(series.max).map((t) => (
          <g key={t}>
            <line
              x1={PLOT.left - 5}
              y1={yOf(series, t)}
              x2={PLOT.left}
              y2={yOf(series, t)}
              stroke={CHART_COLOURS.axis}
            />
            <text x={PLOT.left - 8} y={yOf(series, t)} text-anchor="end" dominant-baseline="middle">
              {t}
            </text>
          </g>
        ))}
      </g>
      <g class="app-score-chart__x-axis" fill={CHART_COLOURS.axis}>
        <line x1={PLOT.left} y1={PLOT.bottom} x2={PLOT.right} y2={PLOT.bottom} stroke={CHART_COLOURS.axis} />
        {scale.ticks.map((date, i) => (
          <g key={date}>
            <line
              x1={scale.x(date)}
              y1={PLOT.bottom}
              x2={scale.x(date)}
              y2={PLOT.bottom + 5}
              stroke={CHART_COLOURS.axis}
            />
            <text x={scale.x(date)} y={PLOT.bottom + 20} text-anchor={tickAnchor(i, scale.ticks.length)}>
              {formatShortDate(date)}
            </text>
          </g>
        ))}
      </g>
      <g class="app-score-chart__caseness">
        <line
          x1={PLOT.left}
          y1={casenessY}
          x2={PLOT.right}
          y2={casenessY}
          stroke={CHART_COLOURS.caseness}
          stroke-width={2}
          stroke-dasharray="6 4"
        />
        <text x={PLOT.right + 8} y={casenessY} dominant-baseline="middle" font-weight="bold">
          {scoreChartMessages.casenessLabel(series.caseness)}
        </text>
      </g>
      {coordinates.length > 1 && (
        <polyline
          class="app-score-chart__line"
          points={coordinates.map((c) => `${c.x},${c.y}`).join(' ')}
          fill="none"
          stroke={style.colour}
          stroke-width={2}
          stroke-linejoin="round"
        />
      )}
      <g class="app-score-chart__points">
        {coordinates.map((c, i) => (
          <Marker key={i} series={series} cx={c.x} cy={c.y} />
        ))}
      </g>
    </svg>
  );
};

const TotalsTable = ({ series }: { series: ScoreSeries }) => {
  const text = scoreChartMessages;
  return (
    <table class="nhsuk-table app-score-chart__table">
      <caption class="nhsuk-table__caption nhsuk-table__caption--s">
        {text.tableCaption(series.title)}
      </caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          <th scope="col" class="nhsuk-table__header">
            {text.dateHeader}
          </th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
            {text.totalHeader(series.max)}
          </th>
          <th scope="col" class="nhsuk-table__header">
            {text.bandHeader}
          </th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {series.points.map((p, i) => (
          <tr key={i} class="nhsuk-table__row">
            <td class="nhsuk-table__cell">{formatShortDate(p.date)}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{p.total}</td>
            <td class="nhsuk-table__cell">{bandOf(series, p.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** Points oldest first; a stable sort keeps same-day answers in the order given. */
const chronological = (series: ScoreSeries): ScoreSeries => ({
  ...series,
  points: [...series.points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
});

/**
 * The charts for one patient, one per series, side by side on a desktop and stacked below it.
 * Each has an h3 heading, so it goes under the page's h2 for questionnaire history.
 */
export const ScoreChart = ({ series, timeZoneNote }: ScoreChartProps): VNode => (
  <div class="app-score-charts">
    <div class="app-score-charts__grid">
      {series.map(chronological).map((s) => {
        const ids = idsOf(s);
        return (
          <section key={s.questionnaireId} class="app-score-charts__item" aria-labelledby={ids.heading}>
            <h3 id={ids.heading}>{s.title}</h3>
            {s.points.length === 0 ? (
              <p>{scoreChartMessages.noAnswers(s.title)}</p>
            ) : (
              <>
                <Chart series={s} />
                <TotalsTable series={s} />
              </>
            )}
          </section>
        );
      })}
    </div>
    {timeZoneNote && <p class="nhsuk-body-s app-score-charts__note">{timeZoneNote}</p>}
  </div>
);
