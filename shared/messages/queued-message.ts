import * as z from 'zod/mini';

// Everything the notify Lambda is asked to do arrives on one queue (one DLQ, one alarm), as one
// of these kinds. A message names what to send, never who to or what it says: notify reads the
// rest from the table when it sends, so the queue holds no personal data in clear.

/** The 48-hour reminder of one appointment. Written before kinds existed, so `kind` may be absent. */
export const ReminderMessage = z.strictObject({
  kind: z.optional(z.literal('reminder')),
  appointmentId: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The start it was queued for: a moved appointment's old message is recognised as stale. */
  start: z.iso.datetime(),
});
export type ReminderMessage = z.infer<typeof ReminderMessage>;

/** The duty email about one new to-do (shared/data/staff-alerts.ts): the to-do's id, nothing else. */
export const StaffAlertMessage = z.strictObject({
  kind: z.literal('staff-alert'),
  todoId: z.string().check(z.minLength(1), z.maxLength(100)),
});
export type StaffAlertMessage = z.infer<typeof StaffAlertMessage>;

/**
 * A patient's welcome with their Secure ID (F1): on create and on every reissue. The ID is the one
 * thing notify cannot read back from the table (only its hash is stored), so it travels sealed
 * with the welcome key, bound to this patient and generation (welcome-queue.ts); only notify may
 * open it. `generation` lets notify skip a welcome that a newer Secure ID has superseded.
 */
export const WelcomeMessage = z.strictObject({
  kind: z.literal('welcome'),
  patientId: z.string().check(z.minLength(1), z.maxLength(100)),
  generation: z.int().check(z.gte(1)),
  sealed: z.string().check(z.minLength(1), z.maxLength(8192)),
});
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;

/**
 * A notice (shared/data/notices.ts): a message the deciding Lambda already rendered and stored
 * with its decision. Its id only; notify reads the rest.
 */
export const NoticeMessage = z.strictObject({
  kind: z.literal('notice'),
  noticeId: z.string().check(z.minLength(1), z.maxLength(100)),
});
export type NoticeMessage = z.infer<typeof NoticeMessage>;

/** Every kind of queued message. A new kind is added here and handled in handlers.ts. */
export type QueuedMessage = ReminderMessage | StaffAlertMessage | WelcomeMessage | NoticeMessage;

/** The kind a message body names; a body without one is a reminder (see ReminderMessage). */
export const queuedKindOf = (body: unknown): string => {
  if (typeof body !== 'object' || body === null || !('kind' in body)) return 'reminder';
  return typeof body.kind === 'string' ? body.kind : 'unknown';
};
