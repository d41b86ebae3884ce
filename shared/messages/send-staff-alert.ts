import { randomUUID } from 'node:crypto';
import type { ServiceConfig } from '../config/service-config.js';
import type { StaffAlertAttempt } from '../data/staff-alerts.js';
import type { MessageKind } from '../domain/messages/templates.js';
import { type TodoKind, todoAnchor } from '../domain/todo.js';
import { portalUrlOf, renderMessage } from '../notify/render.js';
import type { StaffAlertMessage } from './queued-message.js';
import { sendByChannel } from './send-by-channel.js';
import { CLAIM_LEASE_SECONDS, SendInProgressError } from './send-once.js';
import type { NotifyDeps } from './send-reminder.js';

// The duty email about a new to-do (docs/messages.md; risk.md; hazard H5): for one queued alert,
// claim it with a conditional write BEFORE sending, as reminders are claimed, so a message
// delivered twice sends one email; then send the service's template to its duty address with the
// console link to the to-do, and record the attempt. The email says a questionnaire needs review
// (or a Secure ID was disabled) and where to look: never a name, an answer, a score or "risk".

export type StaffAlertOutcome =
  | { readonly outcome: 'sent' }
  | { readonly outcome: 'not-sent'; readonly reason: 'no-duty-address' }
  | { readonly outcome: 'already-done' }
  | { readonly outcome: 'skipped'; readonly reason: 'unknown-alert' };

const templateOf: Readonly<Record<TodoKind, MessageKind>> = {
  risk: 'staffAlertRisk',
  secure_id_disabled: 'staffAlertSecureIdDisabled',
};

/**
 * Where the email sends staff: the console's to-do list, at that to-do's card. Staff who are not
 * signed in sign in first and come back to it. The to-do's id says nothing about the patient.
 */
export const consoleTodoUrl = (service: ServiceConfig, todoId: string): string =>
  `${portalUrlOf(service)}/staff/todos#${todoAnchor(todoId)}`;

export const sendStaffAlert = async (
  deps: NotifyDeps,
  message: StaffAlertMessage,
): Promise<StaffAlertOutcome> => {
  const { todoId } = message;
  const claim = await deps.staffAlerts.claim(todoId, deps.clock(), CLAIM_LEASE_SECONDS);
  if (!claim.claimed) {
    if (claim.status === 'in-progress') throw new SendInProgressError('staff-alert', todoId);
    return claim.status === 'missing'
      ? { outcome: 'skipped', reason: 'unknown-alert' }
      : { outcome: 'already-done' };
  }
  const attemptId = randomUUID();
  const record = (fields: Omit<StaffAlertAttempt, 'todoId' | 'at'>) =>
    deps.staffAlerts.recordAttempt({ todoId, at: deps.clock().toISOString(), ...fields }, attemptId);

  const settings = deps.service.messages;
  if (!settings?.dutyEmail) {
    // The to-do is in the console all the same; this says why no email went (cdk synth refuses a
    // deployed service without a duty address, so this is a local or test config).
    await record({ outcome: 'not-sent', reason: 'no-duty-address' });
    return { outcome: 'not-sent', reason: 'no-duty-address' };
  }
  try {
    const rendered = renderMessage(deps.service, templateOf[claim.alert.kind], 'email', {
      consoleUrl: consoleTodoUrl(deps.service, todoId),
    });
    const messageId = await sendByChannel(deps, settings.dutyEmail, rendered, 'staff');
    await record({ outcome: 'sent', providerMessageId: messageId });
    return { outcome: 'sent' };
  } catch (e) {
    // Released as failed, so the queue's retry (with its backoff) may claim it again.
    await record({ outcome: 'failed', reason: (e as Error).name || 'Error' });
    throw e;
  }
};
