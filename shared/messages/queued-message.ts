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

/** Every kind of queued message. A new kind is added here and handled in handlers.ts. */
export type QueuedMessage = ReminderMessage | StaffAlertMessage;

/** The kind a message body names; a body without one is a reminder (see ReminderMessage). */
export const queuedKindOf = (body: unknown): string => {
  if (typeof body !== 'object' || body === null || !('kind' in body)) return 'reminder';
  return typeof body.kind === 'string' ? body.kind : 'unknown';
};
