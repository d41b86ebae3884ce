// Hazard H7 (two patients booked into one slot): the cells an appointment locks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appointmentEnd, isoWithOffset, occupiedCells } from '../../shared/domain/appointments.js';
import { parseJsonBody } from '../../shared/http/json-body.js';
import type { PortalRequest } from '../../shared/http/request.js';
import { bookAppointmentBody } from '../../shared/http/routes/appointments-api.js';

const at = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;
const sharesACell = (a: string[], b: string[]) => a.some((cell) => b.includes(cell));

describe('appointmentEnd', () => {
  it('adds the service type’s duration to the start', () => {
    expect(appointmentEnd(at('10:00'), { durationMinutes: 50 })).toBe(at('10:50'));
  });

  it('counts elapsed time across the October clock change', () => {
    // 00:30 UTC is 01:30 BST; 60 minutes later it is 01:30 GMT again.
    expect(appointmentEnd('2026-10-25T00:30:00.000Z', { durationMinutes: 60 })).toBe(
      '2026-10-25T01:30:00.000Z',
    );
  });
});

describe('occupiedCells', () => {
  it('locks every quarter-hour of a session and its buffer', () => {
    expect(occupiedCells(at('10:00'), at('10:50'), 10)).toEqual([
      at('10:00'),
      at('10:15'),
      at('10:30'),
      at('10:45'),
    ]);
  });

  it('locks the cell a session ends in, without a buffer', () => {
    expect(occupiedCells(at('10:00'), at('10:50'), 0)).toEqual([
      at('10:00'),
      at('10:15'),
      at('10:30'),
      at('10:45'),
    ]);
  });

  it('does not lock the cell that starts where the buffer ends', () => {
    expect(occupiedCells(at('10:00'), at('10:45'), 15)).toEqual([
      at('10:00'),
      at('10:15'),
      at('10:30'),
      at('10:45'),
    ]);
    expect(occupiedCells(at('10:00'), at('11:00'), 0)).not.toContain(at('11:00'));
  });

  it('makes a 10:45 start clash with 10:00–10:50 plus a 10-minute buffer, and lets 11:00 through', () => {
    const first = occupiedCells(at('10:00'), at('10:50'), 10);
    expect(sharesACell(first, occupiedCells(at('10:45'), at('11:35'), 10))).toBe(true);
    expect(sharesACell(first, occupiedCells(at('11:00'), at('11:50'), 10))).toBe(false);
  });

  it('locks partly used cells for off-grid times: a false conflict, never a missed one', () => {
    expect(occupiedCells(at('10:05'), at('10:55'), 0)).toEqual([
      at('10:00'),
      at('10:15'),
      at('10:30'),
      at('10:45'),
    ]);
    // 10:55 does not overlap 10:05–10:55, but both touch the 10:45 cell.
    expect(
      sharesACell(occupiedCells(at('10:05'), at('10:55'), 0), occupiedCells(at('10:55'), at('11:45'), 0)),
    ).toBe(true);
  });

  it('gives overlapping appointments at least one common cell, wherever they start', () => {
    // Every pair of 50-minute sessions (5-minute buffer) starting on minutes of one morning.
    const cellsFrom = (minute: number) => {
      const start = new Date(Date.parse(at('09:00')) + minute * 60_000).toISOString();
      return occupiedCells(start, appointmentEnd(start, { durationMinutes: 50 }), 5);
    };
    for (let a = 0; a < 120; a += 1) {
      for (let b = a; b < 120; b += 7) {
        const overlap = b < a + 55; // b starts before a's session and buffer are over
        if (overlap) expect(sharesACell(cellsFrom(a), cellsFrom(b)), `${a} and ${b}`).toBe(true);
      }
    }
  });

  it('uses the UTC grid whatever the wall clock says', () => {
    // 09:00 BST on 1 July is 08:00 UTC.
    expect(occupiedCells('2026-07-01T08:00:00.000Z', '2026-07-01T08:30:00.000Z', 0)).toEqual([
      '2026-07-01T08:00:00.000Z',
      '2026-07-01T08:15:00.000Z',
    ]);
  });
});

describe('isoWithOffset', () => {
  const london = 'Europe/London';

  it('writes GMT as +00:00 and BST as +01:00', () => {
    expect(isoWithOffset('2026-11-24T10:00:00.000Z', london)).toBe('2026-11-24T10:00:00+00:00');
    expect(isoWithOffset('2026-07-01T10:00:00.000Z', london)).toBe('2026-07-01T11:00:00+01:00');
  });

  it('switches to +01:00 at 01:00 UTC on the last Sunday of March', () => {
    expect(isoWithOffset('2026-03-29T00:59:59.000Z', london)).toBe('2026-03-29T00:59:59+00:00');
    // Local 01:00–01:59 does not exist that night: the clock goes from 00:59:59 to 02:00.
    expect(isoWithOffset('2026-03-29T01:00:00.000Z', london)).toBe('2026-03-29T02:00:00+01:00');
  });

  it('gives the repeated hour of the last Sunday of October both offsets', () => {
    expect(isoWithOffset('2026-10-25T00:30:00.000Z', london)).toBe('2026-10-25T01:30:00+01:00');
    expect(isoWithOffset('2026-10-25T01:30:00.000Z', london)).toBe('2026-10-25T01:30:00+00:00');
  });

  it('round-trips: the text parses back to the same instant', () => {
    for (const instant of [
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-10-25T00:59:59.999Z',
    ]) {
      expect(new Date(isoWithOffset(instant, london)).toISOString()).toBe(instant);
    }
  });

  it('keeps milliseconds only when there are some', () => {
    expect(isoWithOffset(new Date('2026-07-01T10:00:00.250Z'), london)).toBe('2026-07-01T11:00:00.250+01:00');
  });

  it('writes negative and half-hour offsets', () => {
    expect(isoWithOffset('2026-11-24T10:00:00.000Z', 'America/St_Johns')).toBe('2026-11-24T06:30:00-03:30');
    expect(isoWithOffset('2026-11-24T10:00:00.000Z', 'Asia/Kolkata')).toBe('2026-11-24T15:30:00+05:30');
    expect(isoWithOffset('2026-11-24T23:30:00.000Z', 'UTC')).toBe('2026-11-24T23:30:00+00:00');
  });

  it('moves the date when the offset crosses midnight', () => {
    expect(isoWithOffset('2026-07-01T23:30:00.000Z', london)).toBe('2026-07-02T00:30:00+01:00');
  });
});

describe('bookAppointmentBody', () => {
  const service = {
    clinicians: [{ id: 'clin-a', name: 'A', visible: true }],
    serviceTypes: [{ id: 'session', name: 'Session', durationMinutes: 50, bufferMinutes: 0 }],
  };
  const schema = bookAppointmentBody(service, new Date('2026-11-23T10:00:00Z'));
  const request = (body: string): PortalRequest => ({
    routeKey: 'POST /api/v1/appointments',
    path: '/api/v1/appointments',
    pathParameters: {},
    query: {},
    headers: { 'content-type': 'application/json' },
    cookies: {},
    body,
    sourceIp: '192.0.2.1',
    requestId: 'r',
  });

  it('gives a value or a 400, never a crash, for any body', () => {
    const field = fc.oneof(
      fc.string(),
      fc.jsonValue(),
      fc.date().map((d) => (isNaN(d.getTime()) ? '' : d.toISOString())),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .record(
              {
                patientId: fc.uuid(),
                clinicianId: field,
                start: field,
                serviceType: field,
                locationId: field,
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
        ),
        (body) => {
          const result = parseJsonBody(request(body), schema);
          if (!result.ok) expect(result.response.statusCode).toBe(400);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a start with any offset as the same instant', () => {
    const base = {
      patientId: '00000000-0000-4000-8000-000000000001',
      clinicianId: 'clin-a',
      serviceType: 'session',
    };
    const starts = ['2027-07-01T10:00:00Z', '2027-07-01T11:00:00+01:00', '2027-07-01T05:00:00.000-05:00'];
    for (const start of starts) {
      const parsed = parseJsonBody(request(JSON.stringify({ ...base, start })), schema);
      expect(parsed.ok && parsed.value.start.toISOString(), start).toBe('2027-07-01T10:00:00.000Z');
    }
  });
});
