import { randomUUID } from 'node:crypto';
import type { MessageLog } from '../data/message-log.js';
import type { NoticeAttempt, Notices, StoredNotice } from '../data/notices.js';
import type { Patients } from '../data/patients.js';
import { chooseChannel } from '../domain/reminders/channel.js';
import type { NoticeMessage } from './queued-message.js';
import { type ChannelSenders, sendByChannel } from './send-by-channel.js';
import { CLAIM_LEASE_SECONDS, type PatientMessageOutcome, SendInProgressError } from './send-once.js';

// The notify side of a notice (shared/data/notices.ts; docs/messages.md, "Notices"): claim it
// BEFORE sending, so a message delivered twice sends once; to a patient, choose the channel by
// the same rule as reminders (their preference, texts stopped, opted out, bounced); send the text
// or the email (with its attachment) that the deciding Lambda rendered; record the attempt, and
// for a patient the entry in their message log, in one transaction.

export interface NoticeDeps extends ChannelSenders {
  readonly notices: Notices;
  readonly patients: Pick<Patients, 'get'>;
  readonly messageLog: Pick<MessageLog, 'entryItems'>;
  readonly clock: () => Date;
}

export type NoticeOutcome = PatientMessageOutcome<'unknown-notice'>;

type Route =
  | { readonly channel: 'sms'; readonly to: string }
  | { readonly channel: 'email'; readonly to: string }
  | { readonly channel: undefined; readonly reason: string };

const routeOf = async (deps: NoticeDeps, notice: StoredNotice): Promise<Route> => {
  if (notice.email !== undefined) return { channel: 'email', to: notice.email };
  const patient = notice.patientId === undefined ? undefined : await deps.patients.get(notice.patientId);
  if (!patient) return { channel: undefined, reason: 'unknown-patient' };
  const choice = await chooseChannel(patient, (phone) => deps.sms.isOptedOut(phone));
  if (!choice.channel) return { channel: undefined, reason: choice.reason };
  // A kind that is never texted goes by email where the patient has a deliverable address.
  if (choice.channel === 'sms' && notice.sms === undefined) {
    return patient.email && !patient.emailBouncedAt
      ? { channel: 'email', to: patient.email }
      : { channel: undefined, reason: 'no-email-for-email-only-message' };
  }
  return choice;
};

export const sendNotice = async (deps: NoticeDeps, message: NoticeMessage): Promise<NoticeOutcome> => {
  const { noticeId } = message;
  const claim = await deps.notices.claim(noticeId, deps.clock(), CLAIM_LEASE_SECONDS);
  if (!claim.claimed) {
    if (claim.status === 'in-progress') throw new SendInProgressError('notice', noticeId);
    return claim.status === 'missing'
      ? { outcome: 'skipped', reason: 'unknown-notice' }
      : { outcome: 'already-done' };
  }
  const { notice } = claim;
  const attemptId = randomUUID();
  const record = (fields: Omit<NoticeAttempt, 'noticeId' | 'at'>) => {
    const at = deps.clock().toISOString();
    const logged =
      notice.patientId === undefined
        ? []
        : deps.messageLog.entryItems({
            id: attemptId,
            patientId: notice.patientId,
            at,
            kind: notice.kind,
            ...fields,
          });
    return deps.notices.recordAttempt({ noticeId, at, ...fields }, attemptId, logged);
  };

  const route = await routeOf(deps, notice);
  if (!route.channel) {
    await record({ outcome: 'not-sent', reason: route.reason });
    return { outcome: 'not-sent', reason: route.reason };
  }
  if (route.channel === 'email' && !deps.service.messages) {
    await record({ outcome: 'not-sent', reason: 'no-sender-address' });
    return { outcome: 'not-sent', reason: 'no-sender-address' };
  }
  try {
    const providerMessageId =
      route.channel === 'sms'
        ? await sendByChannel(deps, route.to, { channel: 'sms', text: notice.sms ?? '' }, notice.audience)
        : await sendByChannel(
            deps,
            route.to,
            { channel: 'email', subject: notice.subject, text: notice.text, html: notice.html },
            notice.audience,
            notice.attachment,
          );
    await record({ outcome: 'sent', channel: route.channel, providerMessageId });
    return { outcome: 'sent', channel: route.channel };
  } catch (e) {
    // Released as failed, so the queue's retry (with its backoff) may claim it again.
    await record({ outcome: 'failed', channel: route.channel, reason: (e as Error).name || 'Error' });
    throw e;
  }
};
