import { describe, expect, it } from 'vitest';
import { testService } from '../support/portal-fixture.js';
import { holdsFromCells } from '../../shared/appointments/patient-booking.js';
import {
  mayCancelAppointment,
  mayUsePortalBooking,
  requestableTypes,
} from '../../shared/domain/appointment-requests.js';

// The portal's rules on requests (F11, F15): who may ask, which types each kind of patient sees,
// the cancellation cut-off, and reading held cells back as holds.

const types = [
  { id: 'intake', requestableBy: 'new-patients' },
  { id: 'session', requestableBy: 'existing-patients' },
  { id: 'staff-only', requestableBy: 'nobody' },
] as const;

describe('who may ask for what', () => {
  it.each([
    ['everyone', 'new', ['intake']],
    ['everyone', 'existing', ['session']],
    ['existing-patients', 'new', []],
    ['existing-patients', 'existing', ['session']],
    ['nobody', 'new', []],
    ['nobody', 'existing', []],
  ] as const)('with %s, a %s patient sees %j', (audience, who, expected) => {
    expect(requestableTypes(audience, who, types).map((t) => t.id)).toEqual(expected);
    expect(mayUsePortalBooking(audience, who)).toBe(expected.length > 0);
  });
});

describe('the cancellation cut-off', () => {
  const start = '2027-06-02T08:00:00.000Z';
  it('allows a cancel up to and at the cut-off, and refuses one a minute after', () => {
    expect(mayCancelAppointment(start, new Date('2027-06-01T07:00:00Z'), 24)).toBe(true);
    expect(mayCancelAppointment(start, new Date('2027-06-01T08:00:00Z'), 24)).toBe(true);
    expect(mayCancelAppointment(start, new Date('2027-06-01T08:01:00Z'), 24)).toBe(false);
    expect(mayCancelAppointment(start, new Date('2027-06-02T07:59:00Z'), 0)).toBe(true);
  });
});

describe('held cells as holds', () => {
  it('joins consecutive cells and keeps gaps', () => {
    const cells = ['09:00', '09:15', '09:30', '10:15', '09:45'].map((t) => ({
      cell: `2027-06-03T${t}:00.000Z`,
    }));
    expect(holdsFromCells('clin-a', cells)).toEqual([
      {
        clinicianId: 'clin-a',
        start: '2027-06-03T09:00:00.000Z',
        end: '2027-06-03T10:00:00.000Z',
        bufferMinutes: 0,
      },
      {
        clinicianId: 'clin-a',
        start: '2027-06-03T10:15:00.000Z',
        end: '2027-06-03T10:30:00.000Z',
        bufferMinutes: 0,
      },
    ]);
  });
});

describe('the appointments config', () => {
  it('defaults to existing patients, a 24-hour cut-off, and explains a wrong value', () => {
    expect(testService().appointments).toEqual({
      portal: 'existing-patients',
      cancelCutoffHours: 24,
      minimumNoticeHours: 24,
      horizonDays: 56,
      requestExpiryWorkingDays: 5,
      publicRequestLimits: { perEmail: 3, perNetwork: 20, windowHours: 24 },
    });
    expect(() => testService({ appointments: { portal: 'patients' as 'nobody' } })).toThrow(
      /appointments\.portal must be "everyone", "existing-patients" or "nobody"/,
    );
    expect(() => testService({ appointments: { cancelCutoffHours: 1.5 } })).toThrow(
      /cancelCutoffHours must be a whole number of hours/,
    );
  });
});
