import { randomUUID } from 'node:crypto';
import type { ServiceConfig } from '../config/service-config.js';
import type { MessageLog } from '../data/message-log.js';
import type { Patients } from '../data/patients.js';
import type { WelcomeAttempt, Welcomes } from '../data/welcomes.js';
import { chooseChannel } from '../domain/reminders/channel.js';
import type { EmailSender } from '../notify/email.js';
import { renderMessage } from '../notify/render.js';
import type { SmsSender } from '../notify/sms.js';
import { SealedValueRejectedError, type SecretSealer } from '../security/secret-sealer.js';
import type { WelcomeMessage } from './queued-message.js';
import { sendByChannel } from './send-by-channel.js';
import { CLAIM_LEASE_SECONDS, type PatientMessageOutcome, SendInProgressError } from './send-once.js';
import { welcomeSealContext } from './welcome-queue.js';

// The notify side of the welcome message (F1; docs/messages.md): for one queued welcome, check
// the Secure ID is still the patient's current one, claim the welcome with a conditional write
// BEFORE sending (so a message delivered twice sends once), open the sealed ID, send it by the
// patient's channel, and record the attempt: never the text, the ID or the address.

export interface WelcomeDeps {
  readonly service: ServiceConfig;
  readonly patients: Pick<Patients, 'get'>;
  readonly welcomes: Welcomes;
  /** The patient's message log, written with each attempt (staff see it on the patient's page). */
  readonly messageLog: Pick<MessageLog, 'entryItems'>;
  /** Opens the Secure ID the request Lambda sealed (KMS in AWS, AES-GCM locally). */
  readonly sealer: SecretSealer;
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly clock: () => Date;
}

export type WelcomeOutcome = PatientMessageOutcome<'superseded' | 'not-issued' | 'unknown-patient'>;

/**
 * Why a welcome for `generation` must not go out, or undefined when its Secure ID is the patient's
 * current one. A reissue since it was queued made its ID useless ("superseded"): the newer welcome
 * carries the one that works, and this one would only confuse the patient. A generation the
 * patient never reached ("not-issued") cannot come from this portal's own queueing.
 */
const whyNotCurrent = (
  current: number | undefined,
  generation: number,
): 'unknown-patient' | 'superseded' | 'not-issued' | undefined => {
  if (current === undefined) return 'unknown-patient';
  if (current > generation) return 'superseded';
  if (current < generation) return 'not-issued';
  return undefined;
};

export const sendWelcome = async (deps: WelcomeDeps, message: WelcomeMessage): Promise<WelcomeOutcome> => {
  const { patientId, generation } = message;
  const attempt = (fields: Omit<WelcomeAttempt, 'patientId' | 'generation' | 'at'>): WelcomeAttempt => ({
    patientId,
    generation,
    at: deps.clock().toISOString(),
    ...fields,
  });

  const patient = await deps.patients.get(patientId);
  const skip = whyNotCurrent(patient?.secureIdGeneration, generation);
  if (skip || !patient) {
    const reason = skip ?? 'unknown-patient';
    await deps.welcomes.recordSkipped(attempt({ outcome: 'not-sent', reason }), randomUUID());
    return { outcome: 'skipped', reason };
  }

  const claim = await deps.welcomes.claim(patientId, generation, deps.clock(), CLAIM_LEASE_SECONDS);
  if (!claim.claimed) {
    if (claim.status === 'in-progress') throw new SendInProgressError('welcome', patientId);
    return { outcome: 'already-done' };
  }
  const attemptId = randomUUID();
  /** The attempt and its entry in the patient's message log, in one transaction. */
  const record = (fields: Omit<WelcomeAttempt, 'patientId' | 'generation' | 'at'>) => {
    const recorded = attempt(fields);
    const entry = { id: attemptId, patientId, at: recorded.at, kind: 'welcome', ...fields };
    return deps.welcomes.recordAttempt(recorded, attemptId, deps.messageLog.entryItems(entry));
  };
  const notSent = async (reason: string): Promise<WelcomeOutcome> => {
    await record({ outcome: 'not-sent', reason });
    return { outcome: 'not-sent', reason };
  };

  const choice = await chooseChannel(patient, (phone) => deps.sms.isOptedOut(phone));
  if (!choice.channel) return notSent(choice.reason);
  const settings = deps.service.messages;
  if (choice.channel === 'email' && !settings) return notSent('no-sender-address');

  try {
    let secureId: string;
    try {
      secureId = await deps.sealer.open(message.sealed, welcomeSealContext(patientId, generation));
    } catch (e) {
      // Not sealed for this patient and generation (or not by our key): no retry will open it.
      if (e instanceof SealedValueRejectedError) return await notSent('sealed-value-rejected');
      throw e;
    }
    const rendered = renderMessage(deps.service, 'welcome', choice.channel, { secureId });
    const providerMessageId = await sendByChannel(deps, choice.to, rendered, 'patient');
    await record({ outcome: 'sent', channel: choice.channel, providerMessageId });
    return { outcome: 'sent', channel: choice.channel };
  } catch (e) {
    // Released as failed, so the queue's retry (with its backoff) may claim it again.
    await record({ outcome: 'failed', channel: choice.channel, reason: (e as Error).name || 'Error' });
    throw e;
  }
};
