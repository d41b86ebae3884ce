import { calendarDateIn } from '../domain/calendar-date.js';
import { addDays, instantsOfLocalRange, wallMidnightOf, zoneDay } from '../domain/availability/wall-clock.js';
import {
  type CombinedMeasuresPolicy,
  episodeOutcome,
  type EpisodeInput,
} from '../domain/outcomes/episode-outcome.js';
import { type ReportEpisode, type ServiceReport, serviceReport } from '../domain/outcomes/service-report.js';

// The service report for a date range (F26; docs/outcomes.md, "The service report"): the episodes
// referred or ended in the range, each patient's national data opt-out read once, opted-out
// patients removed, each ended episode's outcome by the service's policy, then serviceReport with
// the service's suppression threshold. The dates are the service's calendar dates, both included.
//
// Only an episode that ended inside the range can be a finished course, so only those have their
// responses and attendance read: an episode that is only a referral in the range counts by its
// referral date alone.

/** The most days a report may cover: two years and a leap day. Longer ranges read too much. */
export const MAX_REPORT_DAYS = 731;

/** An episode as the episodes repository gives it (shared/data/episodes.ts). */
export interface ReportSourceEpisode {
  readonly id: string;
  readonly patientId: string;
  /** UTC ISO instant of the referral. */
  readonly startedAt: string;
  /** UTC ISO instant of the discharge; null while open. */
  readonly endedAt: string | null;
}

/**
 * What the report reads. The routes pass `Deps` with `episodeInput` bound to `episodeInputOf`;
 * the unit tests pass functions of their own.
 */
export interface ServiceReportDeps {
  readonly service: {
    readonly timeZone: string;
    readonly outcomes: {
      readonly combinedMeasures: CombinedMeasuresPolicy;
      readonly suppressionThreshold: number;
    };
  };
  readonly episodes: {
    /** Episodes whose discharge falls in [fromIso, toIso], service-wide. */
    endedBetween(fromIso: string, toIso: string): Promise<readonly ReportSourceEpisode[]>;
    /** Episodes whose referral falls in [fromIso, toIso], service-wide. */
    startedBetween(fromIso: string, toIso: string): Promise<readonly ReportSourceEpisode[]>;
  };
  readonly patients: {
    /** Patients by id, one BatchGetItem per 100: the opt-out flag is on the profile. */
    getMany(
      patientIds: readonly string[],
    ): Promise<ReadonlyMap<string, { readonly nationalDataOptOut?: boolean | undefined }>>;
  };
  /** The episode's responses and attended treatment sessions (shared/outcomes/episode-input.ts). */
  readonly episodeInput: (episode: ReportSourceEpisode) => Promise<EpisodeInput>;
}

export type ReportDateProblem = 'missing' | 'not-a-date';
export type ReportRangeProblem = 'to-before-from' | 'too-long';

export type ReportRangeResult =
  | { readonly ok: true; readonly from: string; readonly to: string }
  | {
      readonly ok: false;
      readonly from?: ReportDateProblem | undefined;
      readonly to?: ReportDateProblem | undefined;
      readonly range?: ReportRangeProblem | undefined;
    };

const dateProblem = (value: string | undefined): ReportDateProblem | undefined => {
  if (value === undefined || value.trim() === '') return 'missing';
  return Number.isNaN(wallMidnightOf(value.trim())) ? 'not-a-date' : undefined;
};

/**
 * The range a person asked for, as `YYYY-MM-DD` dates: both real dates, `from` not after `to`,
 * and at most MAX_REPORT_DAYS days (so 2026-01-01 to 2028-01-01 is allowed, to 2028-01-02 is not).
 */
export const parseReportRange = (from: string | undefined, to: string | undefined): ReportRangeResult => {
  const fromProblem = dateProblem(from);
  const toProblem = dateProblem(to);
  if (fromProblem || toProblem || from === undefined || to === undefined)
    return { ok: false, from: fromProblem, to: toProblem };
  const [first, last] = [from.trim(), to.trim()];
  if (last < first) return { ok: false, range: 'to-before-from' };
  if (addDays(first, MAX_REPORT_DAYS - 1) < last) return { ok: false, range: 'too-long' };
  return { ok: true, from: first, to: last };
};

/** The first instant of a service calendar date (midnight, or when the day starts in its zone). */
const startOfDay = (date: string, timeZone: string): number => {
  const [first] = instantsOfLocalRange(zoneDay(date, timeZone), 0, 24 * 60);
  return first ? first[0] : wallMidnightOf(date);
};

/** The instants [from, to] that the service's calendar dates from..to cover, both ends included. */
export const instantsOfDates = (
  from: string,
  to: string,
  timeZone: string,
): { fromIso: string; toIso: string } => ({
  fromIso: new Date(startOfDay(from, timeZone)).toISOString(),
  toIso: new Date(startOfDay(addDays(to, 1), timeZone) - 1).toISOString(),
});

/** At most this many episodes' inputs are read at once: each is a couple of Queries. */
const READ_CONCURRENCY = 8;

const mapInBatches = async <T, R>(
  items: readonly T[],
  size: number,
  f: (item: T) => Promise<R>,
): Promise<R[]> => {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
};

const notEnded: EpisodeInput = { ended: false, treatmentSessionsAttended: 0, scores: [] };

/** What the report is built from, for its numbers and for the log (counts only). */
export interface ServiceReportRun {
  readonly report: ServiceReport;
  readonly episodesRead: number;
  readonly patientsOptedOut: number;
}

/** The suppressed service report for a checked range (parseReportRange). */
export const serviceReportForRange = async (
  deps: ServiceReportDeps,
  range: { readonly from: string; readonly to: string },
): Promise<ServiceReportRun> => {
  const { timeZone, outcomes } = deps.service;
  const { fromIso, toIso } = instantsOfDates(range.from, range.to, timeZone);
  const [ended, started] = await Promise.all([
    deps.episodes.endedBetween(fromIso, toIso),
    deps.episodes.startedBetween(fromIso, toIso),
  ]);
  // An episode referred and discharged in the range is in both lists: count it once.
  const byId = new Map<string, ReportSourceEpisode>();
  for (const e of [...ended, ...started]) byId.set(e.id, e);
  const episodes = [...byId.values()];

  // One read per patient, not per episode; opted-out patients go before anything about their
  // episodes is read or counted (reference/suppression.md).
  const profiles = await deps.patients.getMany([...new Set(episodes.map((e) => e.patientId))]);
  const optedOut = new Set([...profiles].filter(([, p]) => p.nationalDataOptOut === true).map(([id]) => id));
  const included = episodes.filter((e) => !optedOut.has(e.patientId));

  const dateOf = (iso: string | null) => (iso === null ? null : calendarDateIn(new Date(iso), timeZone));
  const reportEpisodes = await mapInBatches(included, READ_CONCURRENCY, async (e): Promise<ReportEpisode> => {
    const endedOn = dateOf(e.endedAt);
    const endedInRange = endedOn !== null && range.from <= endedOn && endedOn <= range.to;
    const input = endedInRange ? await deps.episodeInput(e) : notEnded;
    return {
      referredOn: dateOf(e.startedAt) ?? '',
      endedOn,
      optedOutOfNationalReporting: false,
      outcome: episodeOutcome(input, outcomes.combinedMeasures),
    };
  });
  return {
    report: serviceReport(reportEpisodes, { from: range.from, to: range.to }, outcomes.suppressionThreshold),
    episodesRead: episodes.length,
    patientsOptedOut: optedOut.size,
  };
};
