import type { Deps } from '../deps.js';
import { formatSecureId } from '../domain/secure-id.js';
import { queueWelcome, type WelcomeQueued } from '../messages/welcome-queue.js';
import { newSecureId, stableId } from '../security/keyed-hash.js';

// Issuing a new Secure ID (API.md; DESIGN.md "Reissuing one invalidates the old one"), for the
// Integration API and the staff console alike. In one transaction: the old ID stops working, the
// new one starts, the patient's generation moves on (every session opened with the old ID ends),
// and a "Secure ID disabled" to-do is resolved, since a reissue is what it asked for. Then the
// patient's welcome with the new ID is queued (F1; docs/messages.md): the old one no longer works.

/** Who asked, for the to-do's acknowledgement. */
export interface Reissuer {
  readonly by: string;
  readonly role: string;
}

export type ReissueOutcome =
  | {
      readonly ok: true;
      readonly secureId: string;
      /** Whether the welcome with the new ID is on its way to the patient. */
      readonly welcome: WelcomeQueued;
      /** Why not, by error name only: for the caller to log. */
      readonly welcomeError?: string;
    }
  | { readonly ok: false; readonly reason: 'not-found' | 'changed-meanwhile' };

/** The to-do a disabled Secure ID files: one per ID, so the reissue can find it by the ID's hash. */
export const disabledTodoId = (secureIdHash: string): string => stableId('secure-id-disabled', secureIdHash);

export const reissueSecureId = async (
  deps: Deps,
  patientId: string,
  reissuer: Reissuer,
  /** Written in the same transaction (the console's audit entry). */
  alongside: Parameters<Deps['patients']['replaceSecureId']>[4] = [],
): Promise<ReissueOutcome> => {
  const current = await deps.patients.getWithSecureIdHash(patientId);
  if (!current) return { ok: false, reason: 'not-found' };
  const { patient, secureIdHash: oldHash } = current;
  const now = deps.clock();
  const secureId = newSecureId();
  const resolve = patient.secureIdDisabled
    ? [
        deps.todos.acknowledgeItem(disabledTodoId(oldHash), {
          at: now.toISOString(),
          by: reissuer.by,
          role: reissuer.role,
          note: 'Resolved: a new Secure ID was issued.',
        }),
      ]
    : [];
  const result = await deps.patients.replaceSecureId(patient, oldHash, deps.hasher.secureId(secureId), now, [
    ...resolve,
    ...alongside,
  ]);
  if (result === 'changed-meanwhile') return { ok: false, reason: 'changed-meanwhile' };
  // The only time the new ID leaves the portal in clear (API.md), besides the welcome message,
  // which carries it sealed. The generation is the one replaceSecureId just wrote (one more than
  // the patient's), so notify can tell this welcome from an older, superseded one.
  const shown = formatSecureId(secureId);
  const queued = await queueWelcome(deps.welcomeQueue, {
    patientId,
    generation: patient.secureIdGeneration + 1,
    secureId: shown,
  });
  return { ok: true, secureId: shown, welcome: queued.welcome, welcomeError: queued.error };
};
