import { randomUUID } from 'node:crypto';
import type { Deps } from '../shared/deps.js';
import { appointmentEnd } from '../shared/domain/appointments.js';
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
 * both with lunch 12:30 to 13:30; Robin Hughes hidden from patients. Each item only where none is.
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
};

/** Idempotent: a second run over kept data finds what it needs and adds nothing. */
export const seedDemo = async (
  deps: Deps,
  secrets: Pick<LocalSecrets, 'demoSecureId' | 'integrationKey'>,
): Promise<void> => {
  const now = deps.clock();
  if (!(await deps.patients.get(demoPatient.id))) {
    await deps.patients.create(demoPatient, deps.hasher.secureId(secrets.demoSecureId), now);
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
};
