import { describe, expect, it } from 'vitest';
import { moveCells } from '../../shared/data/cell-locks.js';
import { buildWeek, mondayOf, weekStartingFrom, weekWindow } from '../../shared/domain/staff-calendar.js';

// The staff calendar's week (shared/domain/staff-calendar.ts) in Europe/London, whose clocks go
// forward at 01:00 GMT on Sunday 28 March 2027 and back at 01:00 GMT on Sunday 31 October 2027;
// and the cell items of a move (shared/data/cell-locks.ts).

const LONDON = 'Europe/London';
const empty = { periods: [], weeklyBlackouts: [], oneOffBlackouts: [], appointments: [], requests: [] };

describe('the staff calendar week', () => {
  it('starts on Monday, from any day of it', () => {
    expect(mondayOf('2027-03-28')).toBe('2027-03-22');
    expect(mondayOf('2027-03-22')).toBe('2027-03-22');
    expect(weekStartingFrom('2027-03-24')).toBe('2027-03-22');
    expect(weekStartingFrom('2027-02-30')).toBeUndefined();
    expect(weekStartingFrom('next week')).toBeUndefined();
  });

  it('runs from local midnight to local midnight: 167 hours the week the clocks go forward, 169 when they go back', () => {
    const hours = ({ from, to }: { from: string; to: string }) =>
      (Date.parse(to) - Date.parse(from)) / 3_600_000;
    expect(weekWindow('2027-03-22', LONDON)).toEqual({
      from: '2027-03-22T00:00:00.000Z',
      to: '2027-03-28T23:00:00.000Z',
    });
    expect(hours(weekWindow('2027-03-22', LONDON))).toBe(167);
    expect(hours(weekWindow('2027-10-25', LONDON))).toBe(169);
  });

  it('puts an appointment on the local day it starts, late on Sunday evening included', () => {
    const week = buildWeek({
      ...empty,
      monday: '2027-03-22',
      timeZone: LONDON,
      // 23:30 BST on Sunday 28 March is 22:30Z the same day; 00:30 BST on Monday 29 is 23:30Z on Sunday.
      appointments: [
        {
          id: 'late',
          patientId: 'p',
          start: '2027-03-28T22:30:00.000Z',
          end: '2027-03-28T22:45:00.000Z',
          serviceType: 's',
        },
        {
          id: 'monday',
          patientId: 'p',
          start: '2027-03-28T23:30:00.000Z',
          end: '2027-03-28T23:45:00.000Z',
          serviceType: 's',
        },
      ],
    });
    expect(week.map((d) => d.entries.map((e) => e.id))).toEqual([[], [], [], [], [], [], ['late']]);
  });

  it('shows a one-off blackout on each day it touches, cut to that day', () => {
    const week = buildWeek({
      ...empty,
      monday: '2027-03-22',
      timeZone: LONDON,
      oneOffBlackouts: [{ id: 'leave', start: '2027-03-26T12:00:00.000Z', end: '2027-03-28T12:00:00.000Z' }],
    });
    expect(week.slice(4).map((d) => d.entries.map((e) => [e.kind, e.start, e.end]))).toEqual([
      [['blackout', '2027-03-26T12:00:00.000Z', '2027-03-27T00:00:00.000Z']],
      [['blackout', '2027-03-27T00:00:00.000Z', '2027-03-28T00:00:00.000Z']],
      [['blackout', '2027-03-28T00:00:00.000Z', '2027-03-28T12:00:00.000Z']],
    ]);
  });

  it('reads weekly times on the clock of each day, within their dates', () => {
    const week = buildWeek({
      ...empty,
      monday: '2027-03-22',
      timeZone: LONDON,
      periods: [{ weekday: 7, start: '09:00', end: '17:00', locationId: 'loc' }],
      weeklyBlackouts: [
        {
          id: 'lunch',
          clinicianId: 'c',
          weekdays: [6, 7],
          start: '12:30',
          end: '13:30',
          until: '2027-03-27',
        },
      ],
    });
    expect(week[5]?.entries.map((e) => [e.kind, e.start])).toEqual([
      ['weekly-blackout', '2027-03-27T12:30:00.000Z'],
    ]);
    expect(week[6]?.entries).toEqual([]);
    expect(week[6]?.work).toEqual([
      { start: '2027-03-28T08:00:00.000Z', end: '2027-03-28T16:00:00.000Z', locationId: 'loc' },
    ]);
  });
});

describe('moveCells', () => {
  const kinds = (items: ReturnType<typeof moveCells>) =>
    items.map((i) =>
      i.Put
        ? `put ${String(i.Put.Item?.sk)}`
        : i.Delete
          ? `delete ${String(i.Delete.Key?.sk)}`
          : `check ${String(i.ConditionCheck?.Key?.sk)}`,
    );

  it('checks the cells a move keeps, puts the new ones and deletes the old, each cell named once', () => {
    const items = moveCells(
      't',
      { clinicianId: 'c', cells: ['09:30', '09:45', '10:00', '10:15'] },
      { clinicianId: 'c', cells: ['10:00', '10:15', '10:30', '10:45'] },
      { appointmentId: 'a' },
    );
    expect(kinds(items)).toEqual([
      'put CELL#10:30',
      'put CELL#10:45',
      'check CELL#10:00',
      'check CELL#10:15',
      'delete CELL#09:30',
      'delete CELL#09:45',
    ]);
  });

  it('keeps nothing when the clinician changes, even at the same time', () => {
    const items = moveCells(
      't',
      { clinicianId: 'a', cells: ['10:00'] },
      { clinicianId: 'b', cells: ['10:00'] },
      { appointmentId: 'x' },
    );
    expect(
      items.map((i) => (i.Put ? `put ${String(i.Put.Item?.pk)}` : `delete ${String(i.Delete?.Key?.pk)}`)),
    ).toEqual(['put CLINICIAN#b', 'delete CLINICIAN#a']);
  });
});
