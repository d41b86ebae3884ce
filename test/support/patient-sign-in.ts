import type { Patient } from '../../shared/domain/patient.js';
import { cookieValue, type Fixture } from './portal-fixture.js';

// A patient added and signed in through the JSON API: what the records tests start from.

export interface SignedInPatient {
  readonly patient: Patient;
  readonly session: string;
}

export const signedInPatient = async (
  f: Fixture,
  overrides: Partial<Patient> = {},
): Promise<SignedInPatient> => {
  const dateOfBirth = overrides.dateOfBirth ?? '1985-03-27';
  const { patient, secureId } = await f.addPatient({ dateOfBirth, ...overrides });
  const res = await f.call({ method: 'POST', path: '/api/patient/session', body: { secureId, dateOfBirth } });
  const session = cookieValue(res.cookies, '__Host-session');
  if (!session) throw new Error('no session');
  return { patient, session };
};
