import type { Deps } from '../shared/deps.js';
import type { Patient } from '../shared/domain/patient.js';
import { sha256 } from '../shared/security/keyed-hash.js';
import type { LocalSecrets } from './local-secrets.js';

// Demo data for the local portal: the service and its clinicians come from
// infra/services/demo.json; this adds a patient to sign in as and an integration key.
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

/** Idempotent: a second run over kept data finds both and adds nothing. */
export const seedDemo = async (deps: Deps, secrets: LocalSecrets): Promise<void> => {
  const now = deps.clock();
  if (!(await deps.patients.get(demoPatient.id))) {
    await deps.patients.create(demoPatient, deps.hasher.secureId(secrets.demoSecureId), now);
  }
  const keyHash = sha256(secrets.integrationKey);
  if (!(await deps.integrationKeys.find(keyHash))) await deps.integrationKeys.add(keyHash, 'local', now);
};
