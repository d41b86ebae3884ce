import { describe, expect, it } from 'vitest';
import { calendarDateIn, parseDateOfBirth, parseIsoDateOfBirth } from '../../shared/domain/calendar-date.js';

const today = '2026-11-23';
const dob = (day: string, month: string, year: string) => parseDateOfBirth({ day, month, year }, today);

describe('parseDateOfBirth', () => {
  it('reads day, month and year boxes as a calendar date', () => {
    expect(dob('27', '3', '1985')).toEqual({ ok: true, value: '1985-03-27' });
    expect(dob(' 01 ', '01', '2000')).toEqual({ ok: true, value: '2000-01-01' });
  });

  it('refuses dates that do not exist', () => {
    expect(dob('30', '2', '2023')).toEqual({ ok: false, problem: 'impossible' });
    expect(dob('29', '2', '2023')).toEqual({ ok: false, problem: 'impossible' });
    expect(dob('31', '4', '1990')).toEqual({ ok: false, problem: 'impossible' });
    expect(dob('1', '13', '1990')).toEqual({ ok: false, problem: 'impossible' });
    expect(dob('0', '1', '1990')).toEqual({ ok: false, problem: 'impossible' });
  });

  it('accepts 29 February in leap years, including 2000', () => {
    expect(dob('29', '2', '2024')).toEqual({ ok: true, value: '2024-02-29' });
    expect(dob('29', '2', '2000')).toEqual({ ok: true, value: '2000-02-29' });
    expect(dob('29', '2', '1900')).toEqual({ ok: false, problem: 'impossible' });
  });

  it('allows today and refuses tomorrow', () => {
    expect(dob('23', '11', '2026')).toEqual({ ok: true, value: '2026-11-23' });
    expect(dob('24', '11', '2026')).toEqual({ ok: false, problem: 'in-the-future' });
  });

  it('says which part of the entry is wrong', () => {
    expect(dob('', '', '')).toEqual({ ok: false, problem: 'missing' });
    expect(dob('27', '', '1985')).toEqual({ ok: false, problem: 'incomplete' });
    expect(dob('27', 'March', '1985')).toEqual({ ok: false, problem: 'not-a-number' });
    expect(dob('27', '3', '85')).toEqual({ ok: false, problem: 'year-too-short' });
    expect(dob('27', '3', '1850')).toEqual({ ok: false, problem: 'too-long-ago' });
  });
});

describe('parseIsoDateOfBirth', () => {
  it('reads YYYY-MM-DD and applies the same rules', () => {
    expect(parseIsoDateOfBirth('1985-03-27', today)).toEqual({ ok: true, value: '1985-03-27' });
    expect(parseIsoDateOfBirth('2023-02-30', today)).toEqual({ ok: false, problem: 'impossible' });
    expect(parseIsoDateOfBirth('2030-01-01', today)).toEqual({ ok: false, problem: 'in-the-future' });
    expect(parseIsoDateOfBirth('27/03/1985', today)).toEqual({ ok: false, problem: 'not-a-number' });
  });
});

describe('calendarDateIn', () => {
  it('gives the service’s date, not UTC’s, in British Summer Time', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    expect(calendarDateIn(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(calendarDateIn(new Date('2026-12-31T23:30:00Z'), 'Europe/London')).toBe('2026-12-31');
  });
});
