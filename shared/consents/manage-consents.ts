import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancelledByCondition, withConflictRetries } from '../data/dynamo.js';
import type { Deps } from '../deps.js';
import type { AuditEvent } from '../domain/audit.js';
import type { Consent, ConsentActor, ConsentDraft } from '../domain/consent.js';

// Recording and withdrawing consent (F25), whoever acts: the patient from the portal, staff from
// the patient's page, an EPR through the integration API. Each change and its audit entry are one
// transaction, so the audit trail never misses a change nor names one that did not happen. The
// audit detail names the consent's id, never the party or the purpose (free text).

export interface ConsentActing {
  readonly by: ConsentActor;
  /** The audit entry's who and role: "patient", a staff email, an integration key's id. */
  readonly actor: string;
  readonly role: string;
  readonly requestId: string;
}

type ConsentDeps = Pick<Deps, 'consents' | 'auditLog' | 'table' | 'clock'>;

const auditOf = (
  acting: ConsentActing,
  patientId: string,
  action: 'recorded-consent' | 'withdrew-consent',
  consentId: string,
  at: string,
): AuditEvent => ({
  id: randomUUID(),
  patientId,
  at,
  actor: acting.actor,
  role: acting.role,
  action,
  requestId: acting.requestId,
  detail: `consent ${consentId}`,
});

/** The acting parties as the audit log names them. */
export const patientActing = (requestId: string): ConsentActing => ({
  by: { kind: 'patient' },
  actor: 'patient',
  role: 'patient',
  requestId,
});
export const integrationActing = (keyId: string, requestId: string): ConsentActing => ({
  by: { kind: 'integration', keyId },
  actor: `integration key ${keyId}`,
  role: 'integration',
  requestId,
});

export const recordConsent = async (
  deps: ConsentDeps,
  patientId: string,
  draft: ConsentDraft,
  acting: ConsentActing,
): Promise<Consent> => {
  const at = deps.clock().toISOString();
  const consent: Consent = {
    id: randomUUID(),
    patientId,
    party: draft.party,
    purpose: draft.purpose,
    recordedAt: at,
    recordedBy: acting.by,
    withdrawnAt: null,
    withdrawnBy: null,
  };
  await deps.table.db.send(
    new TransactWriteCommand({
      TransactItems: [
        deps.consents.recordItem(consent),
        deps.auditLog.appendItem(auditOf(acting, patientId, 'recorded-consent', consent.id, at)),
      ],
    }),
  );
  return consent;
};

export type WithdrawOutcome = 'withdrawn' | 'not-found' | 'already-withdrawn';

/**
 * Withdraws one of the patient's consents. The id is looked up in the patient's own partition, so
 * another patient's consent id is simply not found. Of two withdrawals at once, one wins; the
 * other is told it was already withdrawn, and the first one's who and when stay.
 */
export const withdrawConsent = async (
  deps: ConsentDeps,
  patientId: string,
  consentId: string,
  acting: ConsentActing,
): Promise<WithdrawOutcome> => {
  const consent = (await deps.consents.ofPatient(patientId)).find((c) => c.id === consentId);
  if (!consent) return 'not-found';
  if (consent.withdrawnAt !== null) return 'already-withdrawn';
  const at = deps.clock().toISOString();
  try {
    await withConflictRetries(() =>
      deps.table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            deps.consents.withdrawItem(consent, acting.by, at),
            deps.auditLog.appendItem(auditOf(acting, patientId, 'withdrew-consent', consent.id, at)),
          ],
        }),
      ),
    );
    return 'withdrawn';
  } catch (e) {
    if (cancelledByCondition(e)?.[0]) return 'already-withdrawn';
    throw e;
  }
};
