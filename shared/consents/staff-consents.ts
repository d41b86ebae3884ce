import type { Deps } from '../deps.js';
import { type Consent, type ConsentDraft, consentActorName } from '../domain/consent.js';
import { staffMay } from '../outcomes/episodes.js';
import { type StaffContext, staffAuditEvent } from '../staff/staff-audit.js';
import {
  type ConsentActing,
  recordConsent,
  type WithdrawOutcome,
  withdrawConsent,
} from './manage-consents.js';

// Staff record and withdraw a patient's consent to share (F25: "from the portal or through
// staff"), for whoever the role table lets ("record consent"). The change and its audit entry go
// in one transaction (manage-consents.ts), with the member of staff as the actor; reading the
// list is a read of the patient's record, audited as such.

/** The acting member of staff: their stable subject and their email, on the consent and the audit. */
export const staffActing = (actor: StaffContext): ConsentActing => ({
  by: { kind: 'staff', staffId: actor.principal.sub, email: actor.principal.email },
  actor: actor.principal.email,
  role: actor.principal.role,
  requestId: actor.requestId,
});

type Refused = { readonly ok: false; readonly reason: 'forbidden' | 'not-found' };

export interface ConsentHistory {
  readonly patientName: string;
  readonly consents: readonly Consent[];
  /**
   * Who recorded and who withdrew each consent, as the audit log names them (a staff email, an
   * integration key, "patient"), by consent id, from the consents themselves.
   */
  readonly recordedBy: ReadonlyMap<string, string>;
  readonly withdrawnBy: ReadonlyMap<string, string>;
}

export const staffConsents = async (
  deps: Deps,
  actor: StaffContext,
  patientId: string,
): Promise<{ readonly ok: true; readonly history: ConsentHistory } | Refused> => {
  const may = await staffMay(deps, actor.principal, patientId, 'record consent');
  if (may !== 'yes') return { ok: false, reason: may };
  await deps.auditLog.append(staffAuditEvent(deps, actor, patientId, 'viewed-record', 'consents'));
  // Not the audit trail: it grows with every view of the record, and the consents name their actors.
  const [patient, consents] = await Promise.all([
    deps.patients.get(patientId),
    deps.consents.ofPatient(patientId),
  ]);
  if (!patient) return { ok: false, reason: 'not-found' };
  const recordedBy = new Map(consents.map((c) => [c.id, consentActorName(c.recordedBy)]));
  const withdrawnBy = new Map(
    consents.flatMap((c) => (c.withdrawnBy ? [[c.id, consentActorName(c.withdrawnBy)] as const] : [])),
  );
  return {
    ok: true,
    history: {
      patientName: `${patient.givenName} ${patient.familyName}`,
      consents,
      recordedBy,
      withdrawnBy,
    },
  };
};

export const staffRecordConsent = async (
  deps: Deps,
  actor: StaffContext,
  patientId: string,
  draft: ConsentDraft,
): Promise<{ readonly ok: true; readonly consent: Consent } | Refused> => {
  const may = await staffMay(deps, actor.principal, patientId, 'record consent');
  if (may !== 'yes') return { ok: false, reason: may };
  return { ok: true, consent: await recordConsent(deps, patientId, draft, staffActing(actor)) };
};

export const staffWithdrawConsent = async (
  deps: Deps,
  actor: StaffContext,
  patientId: string,
  consentId: string,
): Promise<{ readonly ok: true; readonly outcome: WithdrawOutcome } | Refused> => {
  const may = await staffMay(deps, actor.principal, patientId, 'record consent');
  if (may !== 'yes') return { ok: false, reason: may };
  return { ok: true, outcome: await withdrawConsent(deps, patientId, consentId, staffActing(actor)) };
};
