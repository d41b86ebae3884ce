// Hazard H7 (two patients booked into one slot) starts here: a time that is held is never offered.
import { describe, expect, it } from 'vitest';
import type { AvailabilityData, AvailabilityQuery } from '../../shared/domain/availability/slots.js';
import { availabilityWindow, availableSlots } from '../../shared/domain/availability/slots.js';
import type { Hold, WeeklyBlackout, WorkPeriod } from '../../shared/domain/availability/setup.js';
import {
  instantOfLocalTime,
  instantsOfLocalRange,
  zoneDay,
} from '../../shared/domain/availability/wall-clock.js';

const london = 'Europe/London';
// Monday 1 March 2027, 08:00 GMT: before any slot asked for below.
const query = (over: Partial<AvailabilityQuery> = {}): AvailabilityQuery => ({
  timeZone: london,
  now: '2027-03-01T08:00:00.000Z',
  from: '2027-03-01',
  to: '2027-03-01',
  clinicianIds: 'any',
  serviceType: { durationMinutes: 50, bufferMinutes: 10 },
  minimumNoticeMinutes: 0,
  horizonDays: 56,
  ...over,
});
const everyDay = (start: string, end: string, locationId = 'riverside'): WorkPeriod[] =>
  ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, start, end, locationId }));
const data = (over: Partial<AvailabilityData> = {}): AvailabilityData => ({
  schedules: [{ clinicianId: 'alex', periods: everyDay('09:00', '12:00') }],
  blackouts: { oneOff: [], weekly: [] },
  holds: [],
  ...over,
});
const hold = (start: string, end: string, bufferMinutes = 10, clinicianId = 'alex'): Hold => ({
  clinicianId,
  start,
  end,
  bufferMinutes,
});
const starts = (d: AvailabilityData, q: AvailabilityQuery = query()) =>
  availableSlots(d, q).map((s) => s.start);
/** Local wall-clock reading of an instant, for reading clock-change examples. */
const local = (instant: string, timeZone = london) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(instant),
  );

describe('availableSlots', () => {
  it('offers sessions back to back every duration + buffer from the period’s start', () => {
    expect(availableSlots(data(), query())).toEqual([
      {
        clinicianId: 'alex',
        start: '2027-03-01T09:00:00.000Z',
        end: '2027-03-01T09:50:00.000Z',
        locationId: 'riverside',
      },
      {
        clinicianId: 'alex',
        start: '2027-03-01T10:00:00.000Z',
        end: '2027-03-01T10:50:00.000Z',
        locationId: 'riverside',
      },
      {
        clinicianId: 'alex',
        start: '2027-03-01T11:00:00.000Z',
        end: '2027-03-01T11:50:00.000Z',
        locationId: 'riverside',
      },
    ]);
  });

  it('rounds the rhythm up to the 15-minute grid: 60 minutes + 15 buffer gives 09:00, 10:15, then nothing before 12:00', () => {
    const q = query({ serviceType: { durationMinutes: 60, bufferMinutes: 15 } });
    expect(starts(data(), q)).toEqual(['2027-03-01T09:00:00.000Z', '2027-03-01T10:15:00.000Z']);
  });

  it('moves past a pending request with both buffers: 09:30–10:20 (+10) leaves only 10:30', () => {
    const d = data({ holds: [hold('2027-03-01T09:30:00.000Z', '2027-03-01T10:20:00.000Z')] });
    expect(starts(d)).toEqual(['2027-03-01T10:30:00.000Z']);
  });

  it('keeps a hold’s buffer free: 10:00–10:50 with 25 minutes after blocks 11:00 and allows 11:15', () => {
    const d = data({
      schedules: [{ clinicianId: 'alex', periods: everyDay('09:00', '13:00') }],
      holds: [hold('2027-03-01T10:00:00.000Z', '2027-03-01T10:50:00.000Z', 25)],
    });
    expect(starts(d)).toEqual(['2027-03-01T09:00:00.000Z', '2027-03-01T11:15:00.000Z']);
  });

  it('keeps the slot’s own buffer clear of the next hold: a session at 10:00 would run into 11:00 by its buffer', () => {
    const d = data({ holds: [hold('2027-03-01T10:55:00.000Z', '2027-03-01T11:45:00.000Z', 0)] });
    // 10:00–10:50 plus 10 minutes reaches 11:00, past 10:55.
    expect(starts(d)).toEqual(['2027-03-01T09:00:00.000Z']);
  });

  it('starts again on the grid after a hold that ends off it', () => {
    const d = data({ holds: [hold('2027-03-01T09:00:00.000Z', '2027-03-01T09:55:00.000Z', 0)] });
    expect(starts(d)).toEqual(['2027-03-01T10:00:00.000Z', '2027-03-01T11:00:00.000Z']);
    const later = data({ holds: [hold('2027-03-01T09:00:00.000Z', '2027-03-01T10:05:00.000Z', 0)] });
    expect(starts(later)).toEqual(['2027-03-01T10:15:00.000Z']);
  });

  it('ignores other clinicians’ holds', () => {
    const d = data({ holds: [hold('2027-03-01T09:00:00.000Z', '2027-03-01T12:00:00.000Z', 0, 'sam')] });
    expect(starts(d)).toHaveLength(3);
  });

  describe('blackouts, always respected', () => {
    const lunch: WeeklyBlackout = {
      clinicianId: 'alex',
      weekdays: [1, 2, 3, 4, 5],
      start: '12:30',
      end: '13:30',
    };
    const fullDay = { clinicianId: 'alex', periods: everyDay('09:00', '17:00') };

    it('keeps a weekday lunch free, sessions and their buffers included', () => {
      const d = data({ schedules: [fullDay], blackouts: { oneOff: [], weekly: [lunch] } });
      expect(starts(d).map((s) => s.slice(11, 16))).toEqual([
        '09:00',
        '10:00',
        '11:00',
        '13:30',
        '14:30',
        '15:30',
      ]);
    });

    it('does not apply a weekday lunch on Saturday', () => {
      const d = data({ schedules: [fullDay], blackouts: { oneOff: [], weekly: [lunch] } });
      expect(starts(d, query({ from: '2027-03-06', to: '2027-03-06' }))).toHaveLength(8);
    });

    it('applies a weekly blackout only between its first and last dates', () => {
      const termOnly = { ...lunch, from: '2027-03-02', until: '2027-03-02' };
      const d = data({ schedules: [fullDay], blackouts: { oneOff: [], weekly: [termOnly] } });
      const byDay = (date: string) => starts(d, query({ from: date, to: date })).length;
      expect([byDay('2027-03-01'), byDay('2027-03-02'), byDay('2027-03-03')]).toEqual([8, 6, 8]);
    });

    it('offers nothing during leave, a practitioner’s first complaint about other portals', () => {
      const leave = {
        clinicianId: 'alex',
        start: '2027-03-02T00:00:00.000Z',
        end: '2027-03-06T00:00:00.000Z',
      };
      const d = data({ blackouts: { oneOff: [leave], weekly: [] } });
      const week = starts(d, query({ from: '2027-03-01', to: '2027-03-07' }));
      expect(week.map((s) => s.slice(0, 10))).toEqual([
        ...Array(3).fill('2027-03-01'),
        ...Array(3).fill('2027-03-06'),
        ...Array(3).fill('2027-03-07'),
      ]);
    });
  });

  it('offers nothing sooner than the minimum notice, and keeps the rhythm after it', () => {
    const q = query({ now: '2027-03-01T08:20:00.000Z', minimumNoticeMinutes: 60 });
    expect(starts(data(), q)).toEqual(['2027-03-01T10:00:00.000Z', '2027-03-01T11:00:00.000Z']);
  });

  it('offers nothing after the horizon, counted in the service’s dates', () => {
    const q = query({ from: '2027-03-01', to: '2027-03-31', horizonDays: 2 });
    expect(new Set(starts(data(), q).map((s) => s.slice(0, 10)))).toEqual(
      new Set(['2027-03-01', '2027-03-02', '2027-03-03']),
    );
  });

  it('offers nothing for dates before today', () => {
    expect(starts(data(), query({ from: '2027-02-20', to: '2027-02-28' }))).toEqual([]);
  });

  it('sorts by start, then clinician, and filters by clinician and location', () => {
    const d = data({
      schedules: [
        { clinicianId: 'sam', periods: everyDay('09:00', '11:00', 'high-street') },
        { clinicianId: 'alex', periods: everyDay('10:00', '12:00') },
        { clinicianId: 'kim', periods: everyDay('09:00', '10:00') },
      ],
    });
    const all = availableSlots(d, query()).map(
      (s) => `${s.start.slice(11, 16)} ${s.clinicianId} ${s.locationId}`,
    );
    expect(all).toEqual([
      '09:00 kim riverside',
      '09:00 sam high-street',
      '10:00 alex riverside',
      '10:00 sam high-street',
      '11:00 alex riverside',
    ]);
    expect(availableSlots(d, query({ clinicianIds: ['sam'] })).map((s) => s.clinicianId)).toEqual([
      'sam',
      'sam',
    ]);
    expect(availableSlots(d, query({ locationId: 'riverside' })).map((s) => s.clinicianId)).toEqual([
      'kim',
      'alex',
      'alex',
    ]);
  });

  describe('clock changes in 2027 (Europe/London)', () => {
    const weekend = (from: string, to: string) => query({ from, to, now: '2027-03-20T00:00:00.000Z' });

    it('keeps a 09:00 schedule at 09:00 on the clock on both sides of 28 March', () => {
      const slots = starts(data(), weekend('2027-03-27', '2027-03-29'));
      expect(slots.filter((s) => s.endsWith('00:00.000Z')).slice(0, 1)).toEqual(['2027-03-27T09:00:00.000Z']);
      expect(slots.map((s) => local(s))).toEqual([
        '27/03/2027, 09:00',
        '27/03/2027, 10:00',
        '27/03/2027, 11:00',
        '28/03/2027, 09:00',
        '28/03/2027, 10:00',
        '28/03/2027, 11:00',
        '29/03/2027, 09:00',
        '29/03/2027, 10:00',
        '29/03/2027, 11:00',
      ]);
      expect(slots[3]).toBe('2027-03-28T08:00:00.000Z'); // 09:00 BST
    });

    it('never offers 01:00 to 01:59 on 28 March, which does not exist', () => {
      const night = data({ schedules: [{ clinicianId: 'alex', periods: everyDay('00:00', '04:00') }] });
      const slots = starts(night, weekend('2027-03-28', '2027-03-28'));
      // 00:00 GMT, then 02:00 and 03:00 BST: three hours of elapsed time, three sessions.
      expect(slots).toEqual([
        '2027-03-28T00:00:00.000Z',
        '2027-03-28T01:00:00.000Z',
        '2027-03-28T02:00:00.000Z',
      ]);
      expect(slots.map((s) => local(s).slice(12))).toEqual(['00:00', '02:00', '03:00']);
    });

    it('starts a period given in the skipped hour when the clocks jump to 02:00 BST', () => {
      const night = data({ schedules: [{ clinicianId: 'alex', periods: everyDay('01:30', '04:00') }] });
      expect(starts(night, weekend('2027-03-28', '2027-03-28')).map((s) => local(s).slice(12))).toEqual([
        '02:00',
        '03:00',
      ]);
    });

    it('offers both 01:00s of 31 October in a period that spans the repeated hour, each its own instant', () => {
      const night = data({ schedules: [{ clinicianId: 'alex', periods: everyDay('00:00', '03:00') }] });
      const slots = starts(
        night,
        query({ from: '2027-10-31', to: '2027-10-31', now: '2027-10-20T00:00:00.000Z' }),
      );
      expect(slots).toEqual([
        '2027-10-30T23:00:00.000Z', // 00:00 BST
        '2027-10-31T00:00:00.000Z', // 01:00 BST
        '2027-10-31T01:00:00.000Z', // 01:00 GMT
        '2027-10-31T02:00:00.000Z', // 02:00 GMT
      ]);
    });

    it('covers a period that ends in the repeated hour on both passes of the clock: 00:00 to 01:30 is two pieces', () => {
      const night = data({ schedules: [{ clinicianId: 'alex', periods: everyDay('00:00', '01:30') }] });
      const q = query({
        from: '2027-10-31',
        to: '2027-10-31',
        now: '2027-10-20T00:00:00.000Z',
        serviceType: { durationMinutes: 30, bufferMinutes: 0 },
      });
      expect(starts(night, q)).toEqual([
        '2027-10-30T23:00:00.000Z', // 00:00 BST
        '2027-10-30T23:30:00.000Z', // 00:30 BST
        '2027-10-31T00:00:00.000Z', // 01:00 BST; the clocks then go back to 01:00
        '2027-10-31T01:00:00.000Z', // 01:00 GMT, the second pass
      ]);
    });

    it('keeps a blackout in the repeated hour on both passes of the clock', () => {
      const night = data({
        schedules: [{ clinicianId: 'alex', periods: everyDay('00:00', '03:00') }],
        blackouts: {
          oneOff: [],
          weekly: [{ clinicianId: 'alex', weekdays: [7], start: '01:00', end: '02:00' }],
        },
      });
      const q = query({
        from: '2027-10-31',
        to: '2027-10-31',
        now: '2027-10-20T00:00:00.000Z',
        serviceType: { durationMinutes: 60, bufferMinutes: 0 },
      });
      expect(starts(night, q).map((s) => local(s).slice(12))).toEqual(['00:00', '02:00']);
    });

    it('holds a lunch blackout at 12:30 on the clock on both sides of 31 October', () => {
      const d = data({
        schedules: [{ clinicianId: 'alex', periods: everyDay('11:00', '14:30') }],
        blackouts: {
          oneOff: [],
          weekly: [{ clinicianId: 'alex', weekdays: [6, 7], start: '12:00', end: '13:30' }],
        },
      });
      const q = query({ from: '2027-10-30', to: '2027-10-31', now: '2027-10-20T00:00:00.000Z' });
      expect(starts(d, q).map((s) => local(s))).toEqual([
        '30/10/2027, 11:00',
        '30/10/2027, 13:30',
        '31/10/2027, 11:00',
        '31/10/2027, 13:30',
      ]);
    });
  });
});

describe('availabilityWindow', () => {
  it('spans the bookable dates from local midnight to local midnight, whatever the clocks do', () => {
    const q = query({ from: '2027-03-27', to: '2027-03-28', now: '2027-03-20T00:00:00.000Z' });
    expect(availabilityWindow(q)).toEqual({
      from: '2027-03-27T00:00:00.000Z',
      to: '2027-03-28T23:00:00.000Z',
    });
  });

  it('stops at the horizon, so what is read does not grow with the range asked', () => {
    const q = query({ from: '2027-03-01', to: '2099-12-31', horizonDays: 7 });
    expect(availabilityWindow(q)).toEqual({
      from: '2027-03-01T00:00:00.000Z',
      to: '2027-03-09T00:00:00.000Z',
    });
  });

  it('is empty for a range wholly in the past', () => {
    expect(availabilityWindow(query({ from: '2026-01-01', to: '2026-01-31' }))).toBeUndefined();
  });
});

describe('instantOfLocalTime', () => {
  const at = (date: string, hhmm: string, timeZone = london, occurrence: 'first' | 'last' = 'first') => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return new Date(instantOfLocalTime(zoneDay(date, timeZone), h * 60 + m, occurrence))
      .toISOString()
      .slice(0, 16);
  };

  it('finds the minute London’s clocks change in 2027', () => {
    expect(zoneDay('2027-03-28', london).change).toBe(Date.parse('2027-03-28T01:00:00Z'));
    expect(zoneDay('2027-10-31', london).change).toBe(Date.parse('2027-10-31T01:00:00Z'));
    expect(zoneDay('2027-03-25', london).change).toBeUndefined();
  });

  it('reads a skipped time as the moment the clocks jump past it', () => {
    expect([
      at('2027-03-28', '00:45'),
      at('2027-03-28', '01:00'),
      at('2027-03-28', '01:45'),
      at('2027-03-28', '02:00'),
    ]).toEqual(['2027-03-28T00:45', '2027-03-28T01:00', '2027-03-28T01:00', '2027-03-28T01:00']);
  });

  it('reads a repeated time as its first or last occurrence, as asked', () => {
    expect(at('2027-10-31', '01:15', london, 'last')).toBe('2027-10-31T01:15');
    expect(at('2027-10-31', '02:00', london, 'last')).toBe('2027-10-31T02:00');
    expect([at('2027-10-31', '00:45'), at('2027-10-31', '01:15'), at('2027-10-31', '02:00')]).toEqual([
      '2027-10-30T23:45',
      '2027-10-31T00:15',
      '2027-10-31T02:00',
    ]);
  });

  it('handles other zones’ rules: New York at 02:00, Lord Howe’s half hour, Santiago’s midnight', () => {
    expect(at('2027-03-14', '02:30', 'America/New_York')).toBe('2027-03-14T07:00');
    expect(at('2027-04-04', '01:45', 'Australia/Lord_Howe')).toBe('2027-04-03T14:45'); // first 01:45, +11:00
    expect(at('2027-09-05', '00:00', 'America/Santiago')).toBe('2027-09-05T04:00'); // 01:00 -03, midnight skipped
    expect(at('2027-04-03', '23:30', 'America/Santiago')).toBe('2027-04-04T02:30'); // first 23:30, -03:00
  });
});

describe('instantsOfLocalRange', () => {
  const pieces = (date: string, from: string, until: string, timeZone = london) => {
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    return instantsOfLocalRange(zoneDay(date, timeZone), minutes(from), minutes(until)).map(([a, b]) =>
      [a, b].map((ms) => new Date(ms).toISOString().slice(5, 16)).join(' to '),
    );
  };

  it('is one piece on an ordinary day, in winter and in summer', () => {
    expect(pieces('2027-03-27', '09:00', '17:00')).toEqual(['03-27T09:00 to 03-27T17:00']);
    expect(pieces('2027-03-28', '09:00', '17:00')).toEqual(['03-28T08:00 to 03-28T16:00']);
  });

  it('leaves out the skipped hour, in one piece', () => {
    expect(pieces('2027-03-28', '00:00', '04:00')).toEqual(['03-28T00:00 to 03-28T03:00']);
    expect(pieces('2027-03-28', '01:15', '01:45')).toEqual([]);
  });

  it('covers the repeated hour twice', () => {
    expect(pieces('2027-10-31', '00:00', '03:00')).toEqual(['10-30T23:00 to 10-31T03:00']);
    expect(pieces('2027-10-31', '01:30', '03:00')).toEqual([
      '10-31T00:30 to 10-31T01:00',
      '10-31T01:30 to 10-31T03:00',
    ]);
  });
});
