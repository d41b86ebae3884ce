import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancelledByCondition } from '../data/dynamo.js';
import type { Deps } from '../deps.js';
import { type ContactPreferences, describeChange, lacksAddressFor } from '../domain/contact-preferences.js';
import type { PatientRecord } from '../domain/patient.js';

// The patient changes how they are contacted (F4), from the page or the JSON API: the change and
// its audit entry in one transaction, on condition that nothing the patient saw has changed.

export type ChangeOutcome =
  | { readonly ok: true; readonly value: ContactPreferences }
  | { readonly ok: false; readonly reason: 'no-address' | 'changed-meanwhile' };

export const changeContactPreferences = async (
  deps: Pick<Deps, 'patients' | 'auditLog' | 'table' | 'clock'>,
  patient: PatientRecord,
  next: ContactPreferences,
  requestId: string,
): Promise<ChangeOutcome> => {
  if (lacksAddressFor(next.contactPreference, patient)) return { ok: false, reason: 'no-address' };
  const detail = describeChange(patient, next);
  // Saving what is already stored changes nothing, and is not audited.
  if (!detail) return { ok: true, value: next };
  const now = deps.clock();
  try {
    await deps.table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          deps.patients.contactPreferencesUpdate(patient, next, now),
          deps.auditLog.appendItem({
            id: randomUUID(),
            patientId: patient.id,
            at: now.toISOString(),
            actor: 'patient',
            role: 'patient',
            action: 'changed-contact-preferences',
            requestId,
            detail,
          }),
        ],
      }),
    );
    return { ok: true, value: next };
  } catch (e) {
    if (cancelledByCondition(e)?.[0]) return { ok: false, reason: 'changed-meanwhile' };
    throw e;
  }
};
