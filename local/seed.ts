import { randomUUID } from 'node:crypto';
import type { Deps } from '../shared/deps.js';
import { appointmentEnd } from '../shared/domain/appointments.js';
import { addDays, instantOfLocalTime, zoneDay } from '../shared/domain/availability/wall-clock.js';
import { calendarDateIn } from '../shared/domain/calendar-date.js';
import { integrationScopes } from '../shared/domain/integration-scopes.js';
import type { StoredWeeklyBlackout, WorkPeriod } from '../shared/domain/availability/setup.js';
import type { Patient } from '../shared/domain/patient.js';
import { seedSetupFromConfig } from '../shared/setup/service-setup.js';
import { sha256 } from '../shared/security/keyed-hash.js';
import type { LocalSecrets } from './local-secrets.js';

// Demo data for the local portal: the service, its clinicians (one hidden) and service types come
// from infra/services/demo.json, stored as the first seed of the set-up; this adds two locations,
// weekday working weeks at both, a lunch blackout, a patient to sign in as, an appointment for
// them about a day ahead (so questionnaires are due), and an integration key.
// Fictional details only (Ofcom's drama number range, example.com).

export const demoPatient: Patient = {
  id: '00000000-0000-4000-8000-000000000001',
  givenName: 'Jo',
  familyName: 'Bloggs',
  dateOfBirth: '1985-03-27',
  phone: '+447700900123',
  email: 'jo.bloggs@example.com',
  contactPreference: 'sms',
  stage: 'assessment',
};

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * An appointment about a day ahead, so the demo patient has questionnaires due whenever the
 * portal starts (they open 72 hours before an appointment).
 */
const seedNextAppointment = async (deps: Deps): Promise<void> => {
  const now = deps.clock();
  if (await deps.appointments.nextForPatient(demoPatient.id, now)) return;
  const start = new Date(Math.ceil((now.getTime() + 24 * 3600_000) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS);
  const serviceType = deps.service.serviceTypes[0];
  const clinician = deps.service.clinicians[0];
  if (!serviceType || !clinician) return;
  await deps.appointments.book(
    {
      id: randomUUID(),
      patientId: demoPatient.id,
      clinicianId: clinician.id,
      start: start.toISOString(),
      end: appointmentEnd(start.toISOString(), serviceType),
      serviceType: serviceType.id,
    },
    serviceType.bufferMinutes,
    // Booked inside the reminder lead time: the first local scan sends its reminder.
    now,
  );
};

const demoLocations = [
  { id: 'riverside', name: 'Riverside Clinic' },
  { id: 'high-street', name: 'High Street Health Centre' },
];

/** Monday to Friday, 09:00 to 17:00, each day at the location `where` names for it. */
const weekdaysAt = (where: (weekday: 1 | 2 | 3 | 4 | 5) => string): WorkPeriod[] =>
  ([1, 2, 3, 4, 5] as const).map((weekday) => ({
    weekday,
    start: '09:00',
    end: '17:00',
    locationId: where(weekday),
  }));

const lunch = (clinicianId: string): StoredWeeklyBlackout => ({
  id: `weekly-lunch-${clinicianId}`,
  clinicianId,
  weekdays: [1, 2, 3, 4, 5],
  start: '12:30',
  end: '13:30',
});

/**
 * Set-up a newcomer can try every page with: two locations; Alex Morgan at Riverside on Monday,
 * Wednesday and Friday and at High Street on Tuesday and Thursday, Sam Patel the other way round,
 * both with lunch 12:30 to 13:30; Robin Hughes hidden from patients, though working (at
 * Riverside), so the free times show that hidden means hidden. Each item only where none is.
 */
const seedDemoSetup = async (deps: Deps): Promise<void> => {
  await seedSetupFromConfig(deps);
  await deps.locations.seed(demoLocations);
  const alternate = (first: string, second: string) => (weekday: number) =>
    weekday % 2 === 1 ? first : second;
  await deps.workSchedules.of('alex-morgan').seed(weekdaysAt(alternate('riverside', 'high-street')));
  await deps.workSchedules.of('sam-patel').seed(weekdaysAt(alternate('high-street', 'riverside')));
  await deps.blackouts.weekly('alex-morgan').seed([lunch('alex-morgan')]);
  await deps.blackouts.weekly('sam-patel').seed([lunch('sam-patel')]);
  await deps.workSchedules.of('robin-hughes').seed(weekdaysAt(() => 'riverside'));
  await deps.blackouts.weekly('robin-hughes').seed([lunch('robin-hughes')]);
};

/** The instant a local date and time names on the service's clock. */
const localInstant = (deps: Deps, date: string, time: string): string => {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return new Date(instantOfLocalTime(zoneDay(date, deps.service.timeZone), minutes)).toISOString();
};

/** The `n`th weekday after today on the service's clock. */
const weekdayAhead = (deps: Deps, n: number): string => {
  let date = calendarDateIn(deps.clock(), deps.service.timeZone);
  for (let left = n; left > 0;) {
    date = addDays(date, 1);
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) left -= 1;
  }
  return date;
};

/**
 * What "Your appointments" and the staff pages show at once: two pending requests (a few working
 * days ahead, in the clinicians' hours, clear of lunch) and a second booked appointment, a week
 * ahead. Only while the patient has none pending; each time may already be taken (kept data), in
 * which case it is left out.
 */
const seedDemoRequests = async (deps: Deps): Promise<void> => {
  const now = deps.clock();
  const session = deps.service.serviceTypes.find((t) => t.requestableBy === 'existing-patients');
  if (!session) return;
  if ((await deps.appointmentRequests.pendingForPatient(demoPatient.id)).length === 0) {
    const wanted = [
      { clinicianId: 'sam-patel', date: weekdayAhead(deps, 3), time: '10:00' },
      { clinicianId: 'alex-morgan', date: weekdayAhead(deps, 4), time: '14:00' },
    ];
    for (const { clinicianId, date, time } of wanted) {
      const start = localInstant(deps, date, time);
      await deps.appointmentRequests.submit(
        {
          id: randomUUID(),
          patientId: demoPatient.id,
          clinicianId,
          start,
          end: appointmentEnd(start, session),
          serviceType: session.id,
          comment: 'Mornings or early afternoons suit me best.',
        },
        session.bufferMinutes,
        now,
      );
    }
  }
  const booked = await deps.appointments.forPatient(demoPatient.id);
  if (booked.filter((a) => a.status === 'booked' && a.start > now.toISOString()).length < 2) {
    const start = localInstant(deps, weekdayAhead(deps, 6), '11:00');
    await deps.appointments.book(
      {
        id: randomUUID(),
        patientId: demoPatient.id,
        clinicianId: 'sam-patel',
        start,
        end: appointmentEnd(start, session),
        serviceType: session.id,
      },
      session.bufferMinutes,
      now,
    );
  }
};

/** Idempotent: a second run over kept data finds what it needs and adds nothing. */
export const seedDemo = async (
  deps: Deps,
  secrets: Pick<LocalSecrets, 'demoSecureId' | 'integrationKey'>,
): Promise<void> => {
  const now = deps.clock();
  if (!(await deps.patients.get(demoPatient.id))) {
    await deps.patients.create(
      demoPatient,
      deps.hasher.secureId(secrets.demoSecureId),
      now,
      deps.episodes.openItems({ id: randomUUID(), patientId: demoPatient.id, startedAt: now.toISOString() }),
    );
  }
  // The printed key may do everything, including a key kept in .data/ from a run before scopes
  // existed (stored without any): locally that is the point of it.
  const keyHash = sha256(secrets.integrationKey);
  const key = await deps.integrationKeys.find(keyHash);
  if (!key) await deps.integrationKeys.add(keyHash, 'local', integrationScopes, now);
  else if (integrationScopes.some((s) => !key.scopes.includes(s))) {
    await deps.integrationKeys.setScopes(key, integrationScopes);
  }
  await seedDemoSetup(deps);
  await seedNextAppointment(deps);
  await seedDemoRequests(deps);
};
