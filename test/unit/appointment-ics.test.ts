import { describe, expect, it } from 'vitest';
import { appointmentIcs } from '../../shared/appointments/appointment-ics.js';

// The confirmation's calendar file (docs/appointments.md, "Staff decisions"): times as UTC
// instants, so 09:00 in London is the right wall time on both sides of the March 2027 change.

const event = (start: string, end: string) => ({
  appointmentId: 'appt-1',
  serviceId: 'demo',
  serviceName: 'Demo Talking Therapies',
  serviceTypeName: 'Therapy session',
  locationName: 'Riverside Clinic',
  start,
  end,
  localStart: 'at 9am',
});

const property = (ics: string, name: string) =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .find((l) => l.startsWith(`${name}:`))
    ?.slice(name.length + 1);

describe('appointmentIcs', () => {
  it('writes 09:00 London as 09:00Z before the clocks go forward and 08:00Z after', async () => {
    // Friday 26 March 2027 (GMT) and Monday 29 March 2027 (BST): 09:00 local both days.
    const before = await appointmentIcs(event('2027-03-26T09:00:00.000Z', '2027-03-26T09:50:00.000Z'));
    const after = await appointmentIcs(event('2027-03-29T08:00:00.000Z', '2027-03-29T08:50:00.000Z'));
    expect([property(before, 'DTSTART'), property(before, 'DTEND')]).toEqual([
      '20270326T090000Z',
      '20270326T095000Z',
    ]);
    expect([property(after, 'DTSTART'), property(after, 'DTEND')]).toEqual([
      '20270329T080000Z',
      '20270329T085000Z',
    ]);
  });

  it('names the service and type, the place, and a UID stable for the appointment', async () => {
    const ics = await appointmentIcs(event('2027-03-29T08:00:00.000Z', '2027-03-29T08:50:00.000Z'));
    const again = await appointmentIcs(event('2027-03-29T08:00:00.000Z', '2027-03-29T08:50:00.000Z'));
    expect(property(ics, 'UID')).toBe('appt-1@demo');
    expect(property(again, 'UID')).toBe('appt-1@demo');
    expect(property(ics, 'SUMMARY')).toBe('Demo Talking Therapies: Therapy session');
    expect(property(ics, 'LOCATION')).toBe('Riverside Clinic');
    expect(ics.split('\r\n')[0]).toBe('BEGIN:VCALENDAR');
  });
});
