// Hazard H7 (two patients booked into one slot): whatever the schedules, holds, blackouts, zone
// and clock, a free time never overlaps a held one; and the fast function gives exactly what a
// minute-by-minute reference, written here from the rules alone, gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  Hold,
  OneOffBlackout,
  WeeklyBlackout,
  Weekday,
  WorkPeriod,
  WorkSchedule,
} from '../../shared/domain/availability/setup.js';
import type { AvailabilityData, AvailabilityQuery, Slot } from '../../shared/domain/availability/slots.js';
import { availableSlots } from '../../shared/domain/availability/slots.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

// Zones with different habits, each with the day before its 2027 changes: London and New York
// change at night, Lord Howe by half an hour, Santiago at midnight, Kolkata never.
const zoneNights = [
  { timeZone: 'Europe/London', anchor: '2027-03-27' },
  { timeZone: 'Europe/London', anchor: '2027-10-30' },
  { timeZone: 'America/New_York', anchor: '2027-03-13' },
  { timeZone: 'America/New_York', anchor: '2027-11-06' },
  { timeZone: 'Australia/Lord_Howe', anchor: '2027-04-03' },
  { timeZone: 'Australia/Lord_Howe', anchor: '2027-10-02' },
  { timeZone: 'America/Santiago', anchor: '2027-04-02' },
  { timeZone: 'America/Santiago', anchor: '2027-09-04' },
  { timeZone: 'Asia/Kolkata', anchor: '2027-06-15' },
  { timeZone: 'Europe/London', anchor: '2027-06-15' },
];
const clinicians = ['a', 'b', 'c'];
const locations = ['x', 'y'];

const dateMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const hhmm = (quarter: number) =>
  `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// The reference: every minute of the window read off the zone's clock with Intl, and the rules of
// docs/appointments.md applied minute by minute. No code shared with the function under test.

interface Clock {
  readonly start: number; // first minute of the window, UTC ms
  readonly readings: string[]; // local `YYYY-MM-DDTHH:MM` of each minute
}

const clocks = new Map<string, Clock>();
/** Minute-by-minute readings from two days before the anchor to four days after it. */
const clockFor = (timeZone: string, anchor: string): Clock => {
  const key = `${timeZone} ${anchor}`;
  const cached = clocks.get(key);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const start = dateMs(anchor) - 2 * DAY;
  const readings: string[] = [];
  for (let t = start; t < dateMs(anchor) + 5 * DAY; t += MIN) {
    const p = Object.fromEntries(format.formatToParts(t).map((part) => [part.type, part.value]));
    readings.push(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`);
  }
  const clock = { start, readings };
  clocks.set(key, clock);
  return clock;
};

/** The first minute whose reading is `date time` or later (docs: what a local time means). */
const runsCache = new Map<string, [number, number][]>();
/**
 * The stretches of the window, [start, end) in ms, during which the clock shows `date` and a time
 * in [from, until): what a weekly period or blackout covers (docs: clock changes).
 */
const runsShowing = (clock: Clock, date: string, from: string, until: string): [number, number][] => {
  const key = `${clock.start} ${clock.readings[0]} ${date} ${from} ${until}`;
  const cached = runsCache.get(key);
  if (cached) return cached;
  const runs: [number, number][] = [];
  clock.readings.forEach((reading, i) => {
    const shows = reading.slice(0, 10) === date && reading.slice(11) >= from && reading.slice(11) < until;
    if (!shows) return;
    const t = clock.start + i * MIN;
    const last = runs[runs.length - 1];
    if (last && last[1] === t) last[1] = t + MIN;
    else runs.push([t, t + MIN]);
  });
  runsCache.set(key, runs);
  return runs;
};

const weekdayOf = (date: string) => ((new Date(dateMs(date)).getUTCDay() + 6) % 7) + 1;

const referenceSlots = (data: AvailabilityData, q: AvailabilityQuery, anchor: string): Slot[] => {
  const clock = clockFor(q.timeZone, anchor);
  const minutes = clock.readings.length;
  const indexOf = (ms: number) => Math.round((ms - clock.start) / MIN);
  const wanted = (id: string) => q.clinicianIds === 'any' || q.clinicianIds.includes(id);
  const busy = new Map<string, Uint8Array>();
  const block = (id: string, from: number, to: number) => {
    if (!busy.has(id)) busy.set(id, new Uint8Array(minutes));
    const minutesOf = busy.get(id) as Uint8Array;
    for (let i = Math.max(0, indexOf(from)); i < Math.min(minutes, indexOf(to)); i++) minutesOf[i] = 1;
  };
  for (const h of data.holds)
    block(h.clinicianId, Date.parse(h.start), Date.parse(h.end) + h.bufferMinutes * MIN);
  for (const b of data.blackouts.oneOff) block(b.clinicianId, Date.parse(b.start), Date.parse(b.end));

  const nowMs = Date.parse(q.now);
  const today = clock.readings[indexOf(nowMs)]?.slice(0, 10) as string;
  const lastDay = dateAt(dateMs(today) + q.horizonDays * DAY);
  const days: string[] = [];
  for (let d = dateMs(q.from); d <= dateMs(q.to); d += DAY) {
    const date = dateAt(d);
    if (date >= today && date <= lastDay) days.push(date);
  }
  for (const b of data.blackouts.weekly) {
    for (const date of days) {
      if (!b.weekdays.includes(weekdayOf(date) as Weekday)) continue;
      if ((b.from && date < b.from) || (b.until && date > b.until)) continue;
      for (const [from, to] of runsShowing(clock, date, b.start, b.end)) block(b.clinicianId, from, to);
    }
  }

  const { durationMinutes, bufferMinutes } = q.serviceType;
  const occupies = durationMinutes + bufferMinutes;
  const step = Math.ceil(occupies / 15) * 15;
  const out: Slot[] = [];
  for (const schedule of data.schedules) {
    if (!wanted(schedule.clinicianId)) continue;
    const minutesOf = busy.get(schedule.clinicianId) ?? new Uint8Array(minutes);
    const isFree = (t: number) => {
      for (let i = indexOf(t); i < indexOf(t) + occupies; i++) if (minutesOf[i]) return false;
      return true;
    };
    for (const date of days) {
      for (const p of schedule.periods) {
        if (p.weekday !== weekdayOf(date)) continue;
        if (q.locationId !== undefined && p.locationId !== q.locationId) continue;
        for (const [runStart, end] of runsShowing(clock, date, p.start, p.end)) {
          let t = runStart;
          while (t % (15 * MIN) !== 0) t += MIN;
          while (t + occupies * MIN <= end) {
            if (!isFree(t)) {
              t += 15 * MIN;
              continue;
            }
            if (t >= nowMs + q.minimumNoticeMinutes * MIN) {
              out.push({
                clinicianId: schedule.clinicianId,
                start: new Date(t).toISOString(),
                end: new Date(t + durationMinutes * MIN).toISOString(),
                locationId: p.locationId,
              });
            }
            t += step * MIN;
          }
        }
      }
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.clinicianId.localeCompare(b.clinicianId));
};

// ---------------------------------------------------------------------------------------------
// Generated cases.

// Night times often, so that periods and blackouts start and end in skipped and repeated hours.
const quarterOfDay = fc.oneof(
  fc.integer({ min: 0, max: 16 }),
  fc.integer({ min: 88, max: 94 }),
  fc.integer({ min: 0, max: 94 }),
);
const timeRange = fc
  .tuple(quarterOfDay, fc.integer({ min: 1, max: 40 }))
  .map(([start, length]) => ({ start: hhmm(start), end: hhmm(Math.min(95, start + length)) }))
  .filter((r) => r.start < r.end);

/** Periods of one clinician, overlapping ones of the same day dropped (set-up refuses them). */
const periodsOn = (weekday: fc.Arbitrary<Weekday>) =>
  fc
    .array(fc.record({ weekday, range: timeRange, locationId: fc.constantFrom(...locations) }), {
      maxLength: 8,
    })
    .map((list) => {
      const kept: WorkPeriod[] = [];
      for (const { weekday: w, range, locationId } of list) {
        if (kept.some((k) => k.weekday === w && k.start < range.end && range.start < k.end)) continue;
        kept.push({ weekday: w, start: range.start, end: range.end, locationId });
      }
      return kept;
    });

const caseArb = fc
  .constantFrom(...zoneNights)
  .chain(({ timeZone, anchor }) => {
    // Mostly the weekdays of the nights around the change, so periods land on them.
    const near = [0, 1, 2].map((k) => weekdayOf(dateAt(dateMs(anchor) + k * DAY)) as Weekday);
    const weekday = fc.oneof(
      fc.constantFrom(...near),
      fc.integer({ min: 1, max: 7 }) as fc.Arbitrary<Weekday>,
    );
    const periods = periodsOn(weekday);
    return fc.record({
      timeZone: fc.constant(timeZone),
      anchor: fc.constant(anchor),
      nowOffsetMinutes: fc.integer({ min: -2 * 1440, max: 2 * 1440 }),
      fromOffset: fc.integer({ min: -1, max: 1 }),
      days: fc.integer({ min: 0, max: 2 }),
      horizonDays: fc.integer({ min: 0, max: 5 }),
      minimumNoticeMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2880 })),
      durationMinutes: fc.oneof(fc.integer({ min: 5, max: 120 }), fc.constantFrom(15, 30, 50, 60)),
      bufferMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
      clinicianIds: fc.oneof(fc.constant('any' as const), fc.subarray(clinicians)),
      locationId: fc.option(fc.constantFrom(...locations), { nil: undefined }),
      schedules: fc.tuple(periods, periods, periods),
      holds: fc.array(
        fc.record({
          clinicianId: fc.constantFrom(...clinicians),
          at: fc.integer({ min: -1440, max: 4 * 1440 }),
          length: fc.integer({ min: 5, max: 120 }),
          bufferMinutes: fc.integer({ min: 0, max: 30 }),
          onGrid: fc.boolean(),
        }),
        { maxLength: 10 },
      ),
      oneOff: fc.array(
        fc.record({
          clinicianId: fc.constantFrom(...clinicians),
          at: fc.integer({ min: -1440, max: 4 * 1440 }),
          length: fc.integer({ min: 15, max: 1440 }),
        }),
        { maxLength: 3 },
      ),
      weekly: fc.array(
        fc.record({
          clinicianId: fc.constantFrom(...clinicians),
          weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7] as Weekday[], { minLength: 1 }),
          range: timeRange,
          from: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
    });
  })
  .map((c) => {
    const anchorMs = dateMs(c.anchor);
    const from = dateAt(anchorMs + c.fromOffset * DAY);
    const minute = (at: number, onGrid = false) => anchorMs + (onGrid ? Math.round(at / 15) * 15 : at) * MIN;
    const holds: Hold[] = c.holds.map((h) => ({
      clinicianId: h.clinicianId,
      start: new Date(minute(h.at, h.onGrid)).toISOString(),
      end: new Date(minute(h.at, h.onGrid) + h.length * MIN).toISOString(),
      bufferMinutes: h.bufferMinutes,
    }));
    const oneOff: OneOffBlackout[] = c.oneOff.map((b) => ({
      clinicianId: b.clinicianId,
      start: new Date(minute(b.at)).toISOString(),
      end: new Date(minute(b.at) + b.length * MIN).toISOString(),
    }));
    const weekly: WeeklyBlackout[] = c.weekly.map((b) => ({
      clinicianId: b.clinicianId,
      weekdays: b.weekdays,
      ...b.range,
      ...(b.from === undefined
        ? {}
        : { from: dateAt(anchorMs + b.from * DAY), until: dateAt(anchorMs + (b.from + 1) * DAY) }),
    }));
    const schedules: WorkSchedule[] = c.schedules.map((p, i) => ({
      clinicianId: clinicians[i] as string,
      periods: p,
    }));
    const query: AvailabilityQuery = {
      timeZone: c.timeZone,
      now: new Date(anchorMs + c.nowOffsetMinutes * MIN).toISOString(),
      from,
      to: dateAt(dateMs(from) + c.days * DAY),
      clinicianIds: c.clinicianIds,
      locationId: c.locationId,
      serviceType: { durationMinutes: c.durationMinutes, bufferMinutes: c.bufferMinutes },
      minimumNoticeMinutes: c.minimumNoticeMinutes,
      horizonDays: c.horizonDays,
    };
    const data: AvailabilityData = { schedules, holds, blackouts: { oneOff, weekly } };
    return { data, query, anchor: c.anchor };
  });

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];
const occupied = (slot: Slot, q: AvailabilityQuery): [number, number] => [
  Date.parse(slot.start),
  Date.parse(slot.end) + q.serviceType.bufferMinutes * MIN,
];
const reading = (ms: number, timeZone: string, anchor: string) => {
  const clock = clockFor(timeZone, anchor);
  return clock.readings[Math.round((ms - clock.start) / MIN)] as string;
};

// The reference reads the clock minute by minute: seconds, not milliseconds, per property.
describe('availableSlots, for any set-up, bookings, zone and clock', { timeout: 120_000 }, () => {
  it('gives the same slots as a minute-by-minute reference', () => {
    fc.assert(
      fc.property(caseArb, ({ data, query, anchor }) => {
        expect(availableSlots(data, query)).toEqual(referenceSlots(data, query, anchor));
      }),
      { numRuns: 300 },
    );
  });

  it('never overlaps a blackout, an appointment or a pending request, buffers included on both sides', () => {
    fc.assert(
      fc.property(caseArb, ({ data, query }) => {
        for (const slot of availableSlots(data, query)) {
          const mine = occupied(slot, query);
          for (const h of data.holds.filter((x) => x.clinicianId === slot.clinicianId)) {
            expect(overlaps(mine, [Date.parse(h.start), Date.parse(h.end) + h.bufferMinutes * MIN])).toBe(
              false,
            );
          }
          for (const b of data.blackouts.oneOff.filter((x) => x.clinicianId === slot.clinicianId)) {
            expect(overlaps(mine, [Date.parse(b.start), Date.parse(b.end)])).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every minute of a slot and its buffer off a weekly blackout’s clock times', () => {
    fc.assert(
      fc.property(caseArb, ({ data, query, anchor }) => {
        for (const slot of availableSlots(data, query)) {
          const [from, to] = occupied(slot, query);
          const date = reading(from, query.timeZone, anchor).slice(0, 10);
          for (const b of data.blackouts.weekly.filter((x) => x.clinicianId === slot.clinicianId)) {
            if (!b.weekdays.includes(weekdayOf(date) as Weekday)) continue;
            if ((b.from && date < b.from) || (b.until && date > b.until)) continue;
            for (let t = from; t < to; t += MIN) {
              const [day, time] = reading(t, query.timeZone, anchor).split('T') as [string, string];
              expect(day === date && time >= b.start && time < b.end).toBe(false);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('puts every minute of a slot and its buffer inside one of its clinician’s periods, at that period’s location, on the grid', () => {
    fc.assert(
      fc.property(caseArb, ({ data, query, anchor }) => {
        for (const slot of availableSlots(data, query)) {
          const [from, to] = occupied(slot, query);
          const [date, startTime] = reading(from, query.timeZone, anchor).split('T') as [string, string];
          const periodsOf = data.schedules.find((s) => s.clinicianId === slot.clinicianId)?.periods ?? [];
          const inside = periodsOf.some((p) => {
            if (p.weekday !== weekdayOf(date) || p.locationId !== slot.locationId) return false;
            for (let t = from; t < to; t += MIN) {
              const [day, time] = reading(t, query.timeZone, anchor).split('T') as [string, string];
              if (day !== date || time < p.start || time >= p.end) return false;
            }
            return true;
          });
          expect(inside).toBe(true);
          expect(from % (15 * MIN)).toBe(0);
          expect(Number(startTime.slice(3)) % 15).toBe(0);
          expect(Date.parse(slot.end) - from).toBe(query.serviceType.durationMinutes * MIN);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('offers nothing before the minimum notice, outside the dates asked or beyond the horizon', () => {
    fc.assert(
      fc.property(caseArb, ({ data, query, anchor }) => {
        const nowMs = Date.parse(query.now);
        const today = reading(nowMs, query.timeZone, anchor).slice(0, 10);
        const lastDay = dateAt(dateMs(today) + query.horizonDays * DAY);
        for (const slot of availableSlots(data, query)) {
          const date = reading(Date.parse(slot.start), query.timeZone, anchor).slice(0, 10);
          expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(nowMs + query.minimumNoticeMinutes * MIN);
          expect(date >= query.from && date <= query.to).toBe(true);
          expect(date <= lastDay).toBe(true);
          expect(query.clinicianIds === 'any' || query.clinicianIds.includes(slot.clinicianId)).toBe(true);
          expect(query.locationId === undefined || slot.locationId === query.locationId).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists slots in order of start, then clinician, without repeats', () => {
    fc.assert(
      fc.property(caseArb, ({ data, query }) => {
        const keys = availableSlots(data, query).map((s) => `${s.start} ${s.clinicianId}`);
        expect(keys).toEqual([...new Set(keys)].sort());
      }),
      { numRuns: 200 },
    );
  });
});
