import { describe, expect, it } from 'vitest';
import type { EpisodeInput } from '../../shared/domain/outcomes/episode-outcome.js';
import {
  instantsOfDates,
  parseReportRange,
  type ReportSourceEpisode,
  serviceReportForRange,
  type ServiceReportDeps,
} from '../../shared/outcomes/service-report-for-range.js';

// The service report for a date range (F26): the range is checked, the service's dates become
// instants in its zone, each patient's opt-out is read once, opted-out patients are gone before
// anything is counted, and only episodes ended in the range have their sessions and scores read.

const ZONE = 'Europe/London';

describe('parseReportRange', () => {
  it('accepts a range of real dates, both ends included', () => {
    expect(parseReportRange('2026-01-01', '2026-03-31')).toEqual({
      ok: true,
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(parseReportRange(' 2026-05-05 ', '2026-05-05')).toEqual({
      ok: true,
      from: '2026-05-05',
      to: '2026-05-05',
    });
  });

  it('names each missing or impossible date', () => {
    expect(parseReportRange(undefined, '')).toEqual({ ok: false, from: 'missing', to: 'missing' });
    expect(parseReportRange('2026-02-30', '2026-13-01')).toEqual({
      ok: false,
      from: 'not-a-date',
      to: 'not-a-date',
    });
    expect(parseReportRange('1/2/2026', '2026-03-01')).toEqual({
      ok: false,
      from: 'not-a-date',
      to: undefined,
    });
  });

  it('refuses an end before the start', () => {
    expect(parseReportRange('2026-03-02', '2026-03-01')).toEqual({ ok: false, range: 'to-before-from' });
  });

  it('allows 731 days and refuses 732', () => {
    expect(parseReportRange('2026-01-01', '2028-01-01').ok).toBe(true);
    expect(parseReportRange('2026-01-01', '2028-01-02')).toEqual({ ok: false, range: 'too-long' });
  });
});

describe('instantsOfDates', () => {
  it('covers the service days, not UTC days: BST dates start an hour before UTC midnight', () => {
    expect(instantsOfDates('2026-06-01', '2026-06-30', ZONE)).toEqual({
      fromIso: '2026-05-31T23:00:00.000Z',
      toIso: '2026-06-30T22:59:59.999Z',
    });
    expect(instantsOfDates('2026-01-01', '2026-01-31', ZONE)).toEqual({
      fromIso: '2026-01-01T00:00:00.000Z',
      toIso: '2026-01-31T23:59:59.999Z',
    });
  });
});

// A finished course: at caseness at start, reliably recovered.
const recovered: EpisodeInput = {
  ended: true,
  treatmentSessionsAttended: 6,
  scores: [
    { questionnaireId: 'phq-9', date: '2026-01-05', total: 16, severity: null },
    { questionnaireId: 'phq-9', date: '2026-02-20', total: 5, severity: null },
    { questionnaireId: 'gad-7', date: '2026-01-05', total: 12, severity: null },
    { questionnaireId: 'gad-7', date: '2026-02-20', total: 3, severity: null },
  ],
};

interface World {
  readonly episodes: ReportSourceEpisode[];
  readonly optedOut: ReadonlySet<string>;
}

/** Deps over plain arrays, recording what was read. */
const depsOver = (world: World, threshold = 7) => {
  const reads = { profileBatches: [] as string[][], inputs: [] as string[], ranges: [] as string[][] };
  const inRange = (iso: string | null, from: string, to: string) => iso !== null && from <= iso && iso <= to;
  const deps: ServiceReportDeps = {
    service: {
      timeZone: ZONE,
      outcomes: { combinedMeasures: 'reference-default', suppressionThreshold: threshold },
    },
    episodes: {
      endedBetween: async (from, to) => {
        reads.ranges.push([from, to]);
        return world.episodes.filter((e) => inRange(e.endedAt, from, to));
      },
      startedBetween: async (from, to) => world.episodes.filter((e) => inRange(e.startedAt, from, to)),
    },
    patients: {
      getMany: async (ids) => {
        reads.profileBatches.push([...ids]);
        return new Map(ids.map((id) => [id, { nationalDataOptOut: world.optedOut.has(id) }]));
      },
    },
    episodeInput: async (episode) => {
      reads.inputs.push(episode.id);
      return recovered;
    },
  };
  return { deps, reads };
};

const finished = (id: string, patientId: string): ReportSourceEpisode => ({
  id,
  patientId,
  startedAt: '2026-01-03T10:00:00.000Z',
  endedAt: '2026-02-25T10:00:00.000Z',
});

const RANGE = { from: '2026-01-01', to: '2026-03-31' };

describe('serviceReportForRange', () => {
  it('counts an episode referred and ended in the range once in each figure', async () => {
    const world = {
      episodes: Array.from({ length: 12 }, (_, i) => finished(`e${i}`, `p${i}`)),
      optedOut: new Set<string>(),
    };
    const { deps } = depsOver(world);
    const { report } = await serviceReportForRange(deps, RANGE);
    expect(report.figures.counts.referrals).toEqual({ kind: 'count', value: 10 });
    expect(report.figures.counts.finishedCourses).toEqual({ kind: 'count', value: 10 });
    expect(report.figures.counts.reliablyRecovered).toEqual({ kind: 'count', value: 10 });
    expect(report.figures.derived.reliableRecoveryRate).toEqual({ kind: 'value', value: 100 });
  });

  it('reads each patient once, however many episodes they have', async () => {
    const world = {
      episodes: [finished('e1', 'p1'), finished('e2', 'p1'), finished('e3', 'p2')],
      optedOut: new Set<string>(),
    };
    const { deps, reads } = depsOver(world);
    await serviceReportForRange(deps, RANGE);
    expect(reads.profileBatches).toEqual([['p1', 'p2']]);
  });

  it('leaves opted-out patients out as if they did not exist, without reading their episodes', async () => {
    const others = Array.from({ length: 8 }, (_, i) => finished(`e${i}`, `p${i}`));
    const optedOutEpisodes = Array.from({ length: 5 }, (_, i) => finished(`x${i}`, 'opted-out'));
    const withThem = depsOver({
      episodes: [...others, ...optedOutEpisodes],
      optedOut: new Set(['opted-out']),
    });
    const without = depsOver({ episodes: others, optedOut: new Set<string>() });

    const run = await serviceReportForRange(withThem.deps, RANGE);
    const baseline = await serviceReportForRange(without.deps, RANGE);

    expect(run.report).toEqual(baseline.report);
    expect(run.report.figures.counts.finishedCourses).toEqual({ kind: 'count', value: 10 });
    expect(run.patientsOptedOut).toBe(1);
    expect(withThem.reads.inputs.filter((id) => id.startsWith('x'))).toEqual([]);
  });

  it('reads sessions and scores only for episodes that ended in the range', async () => {
    const referredOnly: ReportSourceEpisode = {
      id: 'open',
      patientId: 'p-open',
      startedAt: '2026-03-01T09:00:00.000Z',
      endedAt: null,
    };
    const endedLater: ReportSourceEpisode = {
      id: 'later',
      patientId: 'p-later',
      startedAt: '2026-03-10T09:00:00.000Z',
      endedAt: '2026-05-01T09:00:00.000Z',
    };
    const { deps, reads } = depsOver({
      episodes: [finished('e1', 'p1'), referredOnly, endedLater],
      optedOut: new Set(),
    });
    const run = await serviceReportForRange(deps, RANGE);
    expect(reads.inputs).toEqual(['e1']);
    expect(run.episodesRead).toBe(3);
  });

  it('asks for the range as the service zone`s instants and uses its threshold', async () => {
    const world = {
      episodes: Array.from({ length: 5 }, (_, i) => finished(`e${i}`, `p${i}`)),
      optedOut: new Set<string>(),
    };
    const strict = depsOver(world, 7);
    const loose = depsOver(world, 4);
    const { report: hidden } = await serviceReportForRange(strict.deps, {
      from: '2026-01-01',
      to: '2026-06-30',
    });
    const { report: shown } = await serviceReportForRange(loose.deps, {
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(strict.reads.ranges).toEqual([['2026-01-01T00:00:00.000Z', '2026-06-30T22:59:59.999Z']]);
    expect(hidden.figures.counts.finishedCourses).toEqual({ kind: 'suppressed', reason: 'small' });
    expect(shown.figures.counts.finishedCourses).toEqual({ kind: 'count', value: 5 });
  });

  it('counts a discharge by the service date: 23:30 UTC on 31 March in BST is 1 April, outside a March report', async () => {
    const lateNight = Array.from({ length: 10 }, (_, i) => ({
      ...finished(`e${i}`, `p${i}`),
      endedAt: '2026-03-31T23:30:00.000Z',
    }));
    const { deps } = depsOver({ episodes: lateNight, optedOut: new Set() });
    const { report } = await serviceReportForRange(deps, RANGE);
    expect(report.figures.counts.finishedCourses).toEqual({ kind: 'count', value: 0 });
  });
});
