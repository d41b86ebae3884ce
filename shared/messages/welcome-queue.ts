import type { SealContext, SecretSealer } from '../security/secret-sealer.js';
import type { WelcomeMessage } from './queued-message.js';
import type { ReminderQueue } from './reminder-queue.js';

// The request side of the welcome message (F1; docs/messages.md). Only the notify Lambda may send
// texts and emails, so the integration and staff Lambdas queue the welcome instead: the Secure ID
// sealed with the welcome key (only notify may open it), never in clear on the queue.

export interface Welcome {
  readonly patientId: string;
  /** The Secure ID's generation: 1 for a new patient, one more on each reissue. */
  readonly generation: number;
  /** The Secure ID as shown to the patient (XXXX-XXXX-XXXX-X). */
  readonly secureId: string;
}

export interface WelcomeQueue {
  queue(welcome: Welcome): Promise<void>;
}

/**
 * What a sealed Secure ID is bound to: opening it as another patient's, or as another generation's
 * welcome, fails. Ids only: KMS writes the context to CloudTrail.
 */
export const welcomeSealContext = (patientId: string, generation: number): SealContext => ({
  purpose: 'welcome',
  patientId,
  generation: String(generation),
});

export const welcomeQueue = (queue: ReminderQueue, sealer: SecretSealer): WelcomeQueue => ({
  async queue({ patientId, generation, secureId }) {
    const sealed = await sealer.seal(secureId, welcomeSealContext(patientId, generation));
    const message: WelcomeMessage = { kind: 'welcome', patientId, generation, sealed };
    await queue.enqueue([message]);
  },
});

/** Whether the welcome is on its way: an additive field of the answers that issue a Secure ID. */
export type WelcomeQueued = 'queued' | 'not-queued';

/**
 * Queues the welcome, never throwing: the Secure ID was stored and is about to be shown to the
 * caller, and failing the request would lose it. `error` is the failure's name (no message: an
 * SDK's may quote the request), for the caller to log.
 */
export const queueWelcome = async (
  welcomes: WelcomeQueue | undefined,
  welcome: Welcome,
): Promise<{ readonly welcome: WelcomeQueued; readonly error?: string }> => {
  if (!welcomes) return { welcome: 'not-queued', error: 'NoWelcomeQueue' };
  try {
    await welcomes.queue(welcome);
    return { welcome: 'queued' };
  } catch (e) {
    return { welcome: 'not-queued', error: (e as Error).name || 'Error' };
  }
};
