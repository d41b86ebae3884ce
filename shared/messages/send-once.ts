// What the three senders of notify (reminders, welcomes, staff alerts) share around their claim
// (shared/data/send-claims.ts; DESIGN.md, "Sending once").

/**
 * How long a claim holds before another delivery may take it over. Longer than the notify
 * function's timeout, so only a sender that died (crashed between sending and recording) loses
 * it: the one case where a duplicate can go out, and the attempts show it.
 */
export const CLAIM_LEASE_SECONDS = 5 * 60;

/** What became of one queued message to a patient; `Skipped` says why one was not even claimed. */
export type PatientMessageOutcome<Skipped extends string> =
  | { readonly outcome: 'sent'; readonly channel: 'sms' | 'email' }
  | { readonly outcome: 'not-sent'; readonly reason: string }
  | { readonly outcome: 'skipped'; readonly reason: Skipped }
  | { readonly outcome: 'already-done' };

/**
 * Another delivery of the same message holds a live claim: the queue tries again after it settles
 * (the handler reports it as a batch failure), when the message is found done.
 */
export class SendInProgressError extends Error {
  override name = 'SendInProgressError';
  constructor(
    /** The queued kind (reminder, welcome, staff-alert). */
    readonly kind: string,
    /** What the message is about: the appointment, patient or to-do id. Never personal data. */
    readonly id: string,
  ) {
    super(`The ${kind} message for ${id} is being sent by another delivery`);
  }
}
