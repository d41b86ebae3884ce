// Pending requests expire after a number of working days on the service's clock (issue 14 item
// 7): worked examples for the cases people ask about, and properties over zones that change their
// clocks in different ways.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRequestExpired, requestDeadline } from '../../shared/domain/working-days.js';

const LONDON = 'Europe/London';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** The date, weekday (1 = Monday) and HH:MM:SS.mmm the zone's clock shows at an instant. */
const wallClock = (instant: Date, timeZone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '') + 1;
  const ms = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    time: `${parts.hour}:${parts.minute}:${parts.second}.${ms}`,
  };
};

/** Monday-to-Friday dates after `from` up to and including `to` (YYYY-MM-DD). */
const workingDatesBetween = (from: string, to: string): number => {
  let count = 0;
  for (let ms = Date.parse(`${from}T00:00:00Z`) + DAY; ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) count += 1;
  }
  return count;
};

describe('requestDeadline', () => {
  it('gives a request made on Friday afternoon until the same time the next Friday', () => {
    const deadline = requestDeadline(new Date('2026-11-27T15:30:00Z'), 5, LONDON);
    expect(deadline.toISOString()).toBe('2026-12-04T15:30:00.000Z');
  });

  it('keeps the time on the clock across the March change: 10:00 GMT on Thursday, 10:00 BST a week later', () => {
    // The clocks go forward on Sunday 28 March 2027: the deadline is an hour less than a week on.
    const deadline = requestDeadline(new Date('2027-03-25T10:00:00Z'), 5, LONDON);
    expect(deadline.toISOString()).toBe('2027-04-01T09:00:00.000Z');
  });

  it('keeps the time on the clock across the October change', () => {
    const deadline = requestDeadline(new Date('2027-10-29T09:15:00Z'), 5, LONDON); // 10:15 BST
    expect(deadline.toISOString()).toBe('2027-11-05T10:15:00.000Z'); // 10:15 GMT
  });

  it('starts the count of a weekend request at 00:00 on Monday', () => {
    const saturday = requestDeadline(new Date('2026-11-28T10:00:00Z'), 5, LONDON);
    const sunday = requestDeadline(new Date('2026-11-29T23:59:00Z'), 5, LONDON);
    expect(saturday.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(sunday.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    // The weekend of the clock change: the count starts at 00:00 BST on Monday 29 March.
    expect(requestDeadline(new Date('2027-03-27T12:00:00Z'), 1, LONDON).toISOString()).toBe(
      '2027-03-29T23:00:00.000Z',
    );
  });

  it('skips both weekends of a longer limit', () => {
    const deadline = requestDeadline(new Date('2026-11-25T08:00:00Z'), 10, LONDON); // Wednesday
    expect(deadline.toISOString()).toBe('2026-12-09T08:00:00.000Z');
  });

  it('counts a bank holiday as a working day (they are not known)', () => {
    // Friday 25 and Monday 28 December 2026 are bank holidays in England; both still count.
    const deadline = requestDeadline(new Date('2026-12-24T10:00:00Z'), 2, LONDON); // Thursday
    expect(deadline.toISOString()).toBe('2026-12-28T10:00:00.000Z');
  });

  it('is past at the deadline and not a moment before', () => {
    const createdAt = new Date('2026-11-27T15:30:00Z');
    expect(isRequestExpired(createdAt, new Date('2026-12-04T15:29:59.999Z'), 5, LONDON)).toBe(false);
    expect(isRequestExpired(createdAt, new Date('2026-12-04T15:30:00Z'), 5, LONDON)).toBe(true);
  });
});

// Zones that change in different ways: at night (London, New York), by half an hour (Lord Howe),
// at midnight (Santiago), never (Kolkata); instants over 2026 to 2028.
const zones = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kolkata',
];
const instant = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') })
  .map((ms) => new Date(ms));
const days = fc.integer({ min: 1, max: 20 });

describe('requestDeadline properties', () => {
  it('falls on a weekday, after the request, N working days on (N + 1 from a weekend)', () => {
    fc.assert(
      fc.property(instant, days, fc.constantFrom(...zones), (createdAt, n, zone) => {
        const deadline = requestDeadline(createdAt, n, zone);
        const made = wallClock(createdAt, zone);
        const due = wallClock(deadline, zone);
        expect(deadline.getTime()).toBeGreaterThan(createdAt.getTime());
        expect(due.weekday).toBeLessThanOrEqual(5);
        const fromWeekend = made.weekday > 5;
        expect(workingDatesBetween(made.date, due.date)).toBe(fromWeekend ? n + 1 : n);
        // Between N and N + 2 weeks of calendar time, whatever the clocks did.
        expect(deadline.getTime() - createdAt.getTime()).toBeLessThan((Math.ceil(n / 5) * 7 + 3) * DAY);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows the same time on the clock as the request (00:00 from a weekend), unless the clocks skip it', () => {
    fc.assert(
      fc.property(instant, days, fc.constantFrom(...zones), (createdAt, n, zone) => {
        const deadline = requestDeadline(createdAt, n, zone);
        const made = wallClock(createdAt, zone);
        const due = wallClock(deadline, zone);
        const expected = made.weekday > 5 ? '00:00:00.000' : made.time;
        // A time the clocks skip that day becomes the moment they jump: just after it on the clock.
        const skipped = new Date(deadline.getTime() - 1);
        if (due.time !== expected) {
          expect(wallClock(skipped, zone).time < expected).toBe(true);
          expect(due.time > expected).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives a later request an earlier deadline (so the oldest-first scan may stop early)', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 10 * DAY }),
        days,
        fc.constantFrom(...zones),
        (a, gap, n, zone) => {
          const b = new Date(a.getTime() + gap);
          expect(requestDeadline(b, n, zone).getTime()).toBeGreaterThanOrEqual(
            requestDeadline(a, n, zone).getTime(),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
