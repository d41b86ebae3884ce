import { describe, expect, it } from 'vitest';
import { demoPatient, seedDemo } from '../../local/seed.js';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import { cookieValue, createFixture } from '../support/portal-fixture.js';

// The demo service `npm start` seeds (issue 14 item 9), on DynamoDB Local: from the checked-in
// config and local/seed.ts, a newcomer can try every appointments page at once.

const demo = loadServiceConfig('infra/services/demo.json');
const secrets = { demoSecureId: 'ABCDEFGHJKMNP', integrationKey: 'k'.repeat(43) };
// Monday 7 June 2027, 09:00 BST.
const NOW = new Date('2027-06-07T08:00:00Z');

interface Slot {
  readonly clinicianId: string;
  readonly locationId: string;
  readonly start: string;
  readonly end: string;
}

/** Minutes past midnight on the clock of an ISO time with its offset (the JSON gives them so). */
const clockMinutes = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

describe('the demo service npm start seeds', () => {
  it('offers free times with two clinicians at two locations, never the hidden one or lunch', async () => {
    const f = await createFixture({ service: demo, start: NOW });
    await seedDemo(f.deps, secrets);
    // A second run (kept .data/) adds nothing and breaks nothing.
    await seedDemo(f.deps, secrets);
    // The demo patient's episode (referral) opened with them, once.
    expect(await f.deps.episodes.ofPatient(demoPatient.id)).toEqual([
      expect.objectContaining({ startedAt: NOW.toISOString(), endedAt: null }),
    ]);

    const signIn = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId: secrets.demoSecureId, dateOfBirth: demoPatient.dateOfBirth },
    });
    expect(signIn.status).toBe(200);
    const cookies = { '__Host-session': cookieValue(signIn.cookies, '__Host-session') ?? '' };

    const free = await f.call({
      method: 'GET',
      path: '/api/patient/availability?from=2027-06-14&to=2027-06-18&serviceType=session',
      cookies,
    });
    expect(free.status).toBe(200);
    const slots = free.json<{ slots: Slot[] }>().slots;
    const pairs = new Set(slots.map((s) => `${s.clinicianId}@${s.locationId}`));
    expect(pairs).toEqual(
      new Set([
        'alex-morgan@riverside',
        'alex-morgan@high-street',
        'sam-patel@riverside',
        'sam-patel@high-street',
      ]),
    );
    // Robin Hughes works (at Riverside) but is hidden: never offered.
    expect(slots.some((s) => s.clinicianId === 'robin-hughes')).toBe(false);
    // Lunch, 12:30 to 13:30, is never inside a slot or its 10-minute buffer.
    const session = demo.serviceTypes.find((t) => t.id === 'session');
    for (const s of slots) {
      const from = clockMinutes(s.start);
      const until = clockMinutes(s.end) + (session?.bufferMinutes ?? 0);
      expect(until <= 12 * 60 + 30 || from >= 13 * 60 + 30, s.start).toBe(true);
    }

    // New patients may ask for intakes and existing ones for sessions; anyone may look.
    expect(demo.appointments.portal).toBe('everyone');
    expect(demo.serviceTypes.filter((t) => t.requestableBy !== 'nobody').map((t) => t.requestableBy)).toEqual(
      ['existing-patients', 'new-patients'],
    );

    // The demo patient has requests waiting and appointments booked, once each however often seeded.
    const list = await f.call({ method: 'GET', path: '/api/patient/appointments', cookies });
    const { upcoming, pending } = list.json<{ upcoming: unknown[]; pending: unknown[] }>();
    expect(pending).toHaveLength(2);
    expect(upcoming).toHaveLength(2);
  });
});
