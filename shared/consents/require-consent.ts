import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.js';
import { currentConsentFor, isGpRecipient } from '../domain/consent.js';

// The check every export makes before it goes to anyone but the GP (F25): a current consent whose
// party matches the recipient (case-insensitive, trimmed), or no export. A refused attempt is
// audited (who asked, for which export, which party), so the patient and staff can see it was
// tried. The GP (no recipient, or "gp") is direct care and passes without a look.

export interface ExportAttempt {
  /** Which export, e.g. "questionnaire-responses", "gp-report". */
  readonly export: string;
  /** Who asked, as the audit log names them (an integration key, a staff email). */
  readonly actor: string;
  readonly role: string;
  readonly requestId: string;
}

export type ConsentCheck = 'ok' | 'consent_required';

export const requireConsent = async (
  deps: Pick<Deps, 'consents' | 'auditLog' | 'clock'>,
  patientId: string,
  party: string | undefined,
  attempt: ExportAttempt,
): Promise<ConsentCheck> => {
  if (isGpRecipient(party)) return 'ok';
  const recipient = (party ?? '').trim();
  if (currentConsentFor(await deps.consents.ofPatient(patientId), recipient)) return 'ok';
  await deps.auditLog.append({
    id: randomUUID(),
    patientId,
    at: deps.clock().toISOString(),
    actor: attempt.actor,
    role: attempt.role,
    action: 'refused-export',
    requestId: attempt.requestId,
    // The party is the caller's word for an organisation (an insurer, an employer scheme), not
    // the patient's: the audit names it so the refusal can be traced.
    detail: `${attempt.export} to ${recipient.slice(0, 100)}: no current consent`,
  });
  return 'consent_required';
};
