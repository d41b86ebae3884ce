import { describe, expect, it } from 'vitest';
import type { WeeklyBlackout, WorkPeriod } from '../../shared/domain/availability/setup.js';
import {
  localTimeProblem,
  oneOffBlackoutFromForm,
  setupProblems,
  validateLocation,
  validateOneOffBlackout,
  validateServiceType,
  validateWeeklyBlackout,
  validateWorkSchedule,
} from '../../shared/domain/availability/setup-validation.js';
import { setupValidationMessages } from '../../shared/web/messages.js';

const locations = new Set(['riverside', 'high-street']);
const period = (over: Partial<WorkPeriod> = {}): WorkPeriod => ({
  weekday: 1,
  start: '09:00',
  end: '12:00',
  locationId: 'riverside',
  ...over,
});
const schedule = (...periods: WorkPeriod[]) => ({ clinicianId: 'alex-morgan', periods });

describe('localTimeProblem', () => {
  it('accepts quarter hours of the 24-hour clock', () => {
    for (const time of ['00:00', '09:15', '13:30', '23:45']) expect(localTimeProblem(time)).toBeUndefined();
  });

  it('refuses what is not a HH:MM time', () => {
    for (const time of ['', '9:00', '24:00', '12:60', '9am', '09:00:00', ' 09:00']) {
      expect(localTimeProblem(time)).toBe('not-a-time');
    }
  });

  it('refuses times off the 15-minute grid', () => {
    expect(localTimeProblem('09:05')).toBe('off-grid');
    expect(localTimeProblem('16:50')).toBe('off-grid');
  });
});

describe('validateWorkSchedule', () => {
  it('accepts several periods a day at different locations, touching but not overlapping', () => {
    const week = schedule(
      period(),
      period({ start: '12:00', end: '17:00', locationId: 'high-street' }),
      period({ weekday: 2, start: '18:00', end: '21:00' }),
    );
    expect(validateWorkSchedule(week, locations)).toEqual([]);
  });

  it('refuses an end before or at the start', () => {
    expect(validateWorkSchedule(schedule(period({ start: '12:00', end: '09:00' })), locations)).toEqual([
      { field: 'periods.0.end', problem: 'end-not-after-start' },
    ]);
    expect(validateWorkSchedule(schedule(period({ start: '12:00', end: '12:00' })), locations)).toEqual([
      { field: 'periods.0.end', problem: 'end-not-after-start' },
    ]);
  });

  it('refuses times off the grid, naming the field', () => {
    expect(validateWorkSchedule(schedule(period({ start: '09:10' })), locations)).toEqual([
      { field: 'periods.0.start', problem: 'off-grid' },
    ]);
  });

  it('says a time is not a time, without also saying it ends before the start', () => {
    expect(validateWorkSchedule(schedule(period({ end: 'noon' })), locations)).toEqual([
      { field: 'periods.0.end', problem: 'not-a-time' },
    ]);
  });

  it('refuses a location the service does not have', () => {
    expect(validateWorkSchedule(schedule(period({ locationId: 'the-moon' })), locations)).toEqual([
      { field: 'periods.0.locationId', problem: 'unknown-location' },
    ]);
  });

  it('refuses a weekday outside Monday (1) to Sunday (7)', () => {
    expect(validateWorkSchedule(schedule(period({ weekday: 0 as never })), locations)).toEqual([
      { field: 'periods.0.weekday', problem: 'unknown-weekday' },
    ]);
  });

  it('reports overlapping periods of one day once, on the later one', () => {
    const week = schedule(period(), period({ weekday: 2 }), period({ start: '11:45', end: '13:00' }));
    expect(validateWorkSchedule(week, locations)).toEqual([
      { field: 'periods.2.start', problem: 'period-overlap' },
    ]);
  });

  it('finds a period inside another one as an overlap', () => {
    const week = schedule(period({ start: '09:00', end: '17:00' }), period({ start: '10:00', end: '11:00' }));
    expect(validateWorkSchedule(week, locations)).toEqual([
      { field: 'periods.1.start', problem: 'period-overlap' },
    ]);
  });
});

describe('validateWeeklyBlackout', () => {
  const lunch: WeeklyBlackout = {
    clinicianId: 'alex-morgan',
    weekdays: [1, 2, 3, 4, 5],
    start: '12:30',
    end: '13:30',
  };

  it('accepts lunch on weekdays, with or without a stretch of dates', () => {
    expect(validateWeeklyBlackout(lunch)).toEqual([]);
    expect(validateWeeklyBlackout({ ...lunch, from: '2027-01-04', until: '2027-07-23' })).toEqual([]);
  });

  it('needs at least one real weekday', () => {
    expect(validateWeeklyBlackout({ ...lunch, weekdays: [] })).toEqual([
      { field: 'weekdays', problem: 'no-weekdays' },
    ]);
    expect(validateWeeklyBlackout({ ...lunch, weekdays: [1, 8 as never] })).toEqual([
      { field: 'weekdays', problem: 'unknown-weekday' },
    ]);
  });

  it('refuses an end before the start and times off the grid', () => {
    expect(validateWeeklyBlackout({ ...lunch, start: '13:30', end: '12:30' })).toEqual([
      { field: 'end', problem: 'end-not-after-start' },
    ]);
    expect(validateWeeklyBlackout({ ...lunch, end: '13:20' })).toEqual([
      { field: 'end', problem: 'off-grid' },
    ]);
  });

  it('refuses dates that do not exist and a last date before the first', () => {
    expect(validateWeeklyBlackout({ ...lunch, from: '2027-02-29' })).toEqual([
      { field: 'from', problem: 'not-a-date' },
    ]);
    expect(validateWeeklyBlackout({ ...lunch, from: '2027-03-01', until: '2027-02-28' })).toEqual([
      { field: 'until', problem: 'until-before-from' },
    ]);
  });
});

describe('validateOneOffBlackout', () => {
  const leave = { startDate: '2027-04-01', startTime: '09:00', endDate: '2027-04-09', endTime: '17:00' };

  it('accepts leave over several days, and an afternoon', () => {
    expect(validateOneOffBlackout(leave)).toEqual([]);
    expect(validateOneOffBlackout({ ...leave, endDate: '2027-04-01', startTime: '13:00' })).toEqual([]);
  });

  it('refuses an end before or at the start', () => {
    expect(validateOneOffBlackout({ ...leave, endDate: '2027-03-31' })).toEqual([
      { field: 'endTime', problem: 'end-not-after-start' },
    ]);
    expect(validateOneOffBlackout({ ...leave, endDate: '2027-04-01', endTime: '09:00' })).toEqual([
      { field: 'endTime', problem: 'end-not-after-start' },
    ]);
  });

  it('names each field that is not a date or a time on the grid', () => {
    expect(
      validateOneOffBlackout({
        startDate: '2027-13-01',
        startTime: '09:07',
        endDate: 'soon',
        endTime: '25:00',
      }),
    ).toEqual([
      { field: 'startDate', problem: 'not-a-date' },
      { field: 'startTime', problem: 'off-grid' },
      { field: 'endDate', problem: 'not-a-date' },
      { field: 'endTime', problem: 'not-a-time' },
    ]);
  });

  it('turns local times into instants in the service’s zone, summer time included', () => {
    expect(oneOffBlackoutFromForm('alex-morgan', leave, 'Europe/London')).toEqual({
      clinicianId: 'alex-morgan',
      start: '2027-04-01T08:00:00.000Z',
      end: '2027-04-09T16:00:00.000Z',
    });
  });

  it('starts leave given in the skipped hour when the clocks go forward', () => {
    const form = { startDate: '2027-03-28', startTime: '01:30', endDate: '2027-03-28', endTime: '12:00' };
    expect(oneOffBlackoutFromForm('alex-morgan', form, 'Europe/London').start).toBe(
      '2027-03-28T01:00:00.000Z',
    );
  });
});

describe('validateServiceType', () => {
  const session = {
    id: 'session',
    name: 'Therapy session',
    durationMinutes: 50,
    bufferMinutes: 10,
    requestableBy: 'existing-patients',
  } as const;

  it('accepts a 50-minute session with a 10-minute buffer that existing patients may ask for', () => {
    expect(validateServiceType(session)).toEqual([]);
  });

  it('needs a name of at most 100 characters', () => {
    expect(validateServiceType({ ...session, name: '  ' })).toEqual([
      { field: 'name', problem: 'name-missing' },
    ]);
    expect(validateServiceType({ ...session, name: 'x'.repeat(101) })).toEqual([
      { field: 'name', problem: 'name-too-long' },
    ]);
  });

  it('keeps the duration and buffer to whole minutes within limits', () => {
    expect(validateServiceType({ ...session, durationMinutes: 0 })).toEqual([
      { field: 'durationMinutes', problem: 'duration-out-of-range' },
    ]);
    expect(validateServiceType({ ...session, durationMinutes: 50.5, bufferMinutes: -5 })).toEqual([
      { field: 'durationMinutes', problem: 'duration-out-of-range' },
      { field: 'bufferMinutes', problem: 'buffer-out-of-range' },
    ]);
  });

  it('knows only new patients, existing patients and nobody as requesters', () => {
    expect(validateServiceType({ ...session, requestableBy: 'everyone' as never })).toEqual([
      { field: 'requestableBy', problem: 'unknown-requester' },
    ]);
  });
});

describe('validateLocation', () => {
  it('needs a name', () => {
    expect(validateLocation({ id: 'riverside', name: 'Riverside Centre' })).toEqual([]);
    expect(validateLocation({ id: 'riverside', name: '' })).toEqual([
      { field: 'name', problem: 'name-missing' },
    ]);
  });
});

describe('set-up messages', () => {
  it('has a plain-English sentence for every problem, with no trailing full stop as in the NHS error summary', () => {
    for (const problem of setupProblems) {
      expect(setupValidationMessages[problem]).toMatch(/^[A-Z].*[^.]$/);
    }
  });
});
