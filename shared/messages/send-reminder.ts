import { randomUUID } from 'node:crypto';
import { reminderTiming } from '../config/message-settings.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { Appointments } from '../data/appointments.js';
import type { MessageLog, MessageLogEntry } from '../data/message-log.js';
import type { Patients } from '../data/patients.js';
import type { ReminderAttempt, Reminders } from '../data/reminders.js';
import type { StaffAlerts } from '../data/staff-alerts.js';
import { chooseChannel } from '../domain/reminders/channel.js';
import { shouldSend } from '../domain/reminders/schedule.js';
import type { EmailSender } from '../notify/email.js';
import { renderMessage } from '../notify/render.js';
import type { SmsSender } from '../notify/sms.js';
import type { ReminderMessage } from './queued-message.js';
import { sendByChannel } from './send-by-channel.js';
import { CLAIM_LEASE_SECONDS, type PatientMessageOutcome, SendInProgressError } from './send-once.js';

// The notify step (F3, F4; DESIGN.md, "Sending once"): for one queued reminder, check the
// appointment still stands, claim the reminder with a conditional write BEFORE sending, send by
// the patient's channel, and record the attempt. Delivery is at least once everywhere upstream
// (Scheduler, Lambda, SQS), so the claim is what makes a reminder go out once.

export interface NotifyDeps {
  readonly service: ServiceConfig;
  readonly appointments: Pick<Appointments, 'get'>;
  readonly patients: Pick<Patients, 'get'>;
  readonly reminders: Reminders;
  readonly staffAlerts: StaffAlerts;
  /** The patient's message log, written with each attempt (staff see it on the patient's page). */
  readonly messageLog: Pick<MessageLog, 'entryItems'>;
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly clock: () => Date;
}

export type NotifyOutcome = PatientMessageOutcome<'cancelled' | 'moved' | 'too-late'>;

export const sendReminder = async (deps: NotifyDeps, message: ReminderMessage): Promise<NotifyOutcome> => {
  const now = deps.clock();
  const { appointmentId } = message;
  const start = new Date(message.start).toISOString();
  const attempt = (fields: Omit<ReminderAttempt, 'appointmentId' | 'start' | 'at'>): ReminderAttempt => ({
    appointmentId,
    start,
    at: deps.clock().toISOString(),
    ...fields,
  });

  const appointment = await deps.appointments.get(appointmentId);
  const decision = appointment
    ? shouldSend(appointment, start, now.toISOString(), reminderTiming(deps.service).lateBookingMinimumHours)
    : ({ send: false, reason: 'cancelled' } as const);
  if (!decision.send) {
    await deps.reminders.recordSkipped(
      attempt({ outcome: 'not-sent', reason: decision.reason }),
      randomUUID(),
    );
    return { outcome: 'skipped', reason: decision.reason };
  }

  const claim = await deps.reminders.claim(appointmentId, start, now, CLAIM_LEASE_SECONDS);
  if (!claim.claimed) {
    if (claim.status === 'in-progress') throw new SendInProgressError('reminder', appointmentId);
    return { outcome: 'already-done' };
  }
  const attemptId = randomUUID();
  /** The attempt and, once the patient is known, its entry in their message log: one transaction. */
  const record = (fields: Omit<ReminderAttempt, 'appointmentId' | 'start' | 'at'>, patientId?: string) => {
    const recorded = attempt(fields);
    const entry: MessageLogEntry | undefined = patientId
      ? {
          id: attemptId,
          patientId,
          at: recorded.at,
          kind: 'reminder',
          ref: appointmentId,
          ...fields,
        }
      : undefined;
    return deps.reminders.recordAttempt(recorded, attemptId, entry ? deps.messageLog.entryItems(entry) : []);
  };
  const notSent = async (reason: string, patientId?: string): Promise<NotifyOutcome> => {
    await record({ outcome: 'not-sent', reason }, patientId);
    return { outcome: 'not-sent', reason };
  };

  const patient = appointment ? await deps.patients.get(appointment.patientId) : undefined;
  if (!patient) return notSent('unknown-patient');
  const choice = await chooseChannel(patient, (phone) => deps.sms.isOptedOut(phone));
  if (!choice.channel) return notSent(choice.reason, patient.id);
  const settings = deps.service.messages;
  if (choice.channel === 'email' && !settings) return notSent('no-sender-address', patient.id);

  try {
    const rendered = renderMessage(deps.service, 'reminder', choice.channel, { start });
    const providerMessageId = await sendByChannel(deps, choice.to, rendered, 'patient');
    await record({ outcome: 'sent', channel: choice.channel, providerMessageId }, patient.id);
    return { outcome: 'sent', channel: choice.channel };
  } catch (e) {
    // The claim is released as failed, so the queue's retry (with its backoff) may claim it again.
    await record(
      { outcome: 'failed', channel: choice.channel, reason: (e as Error).name || 'Error' },
      patient.id,
    );
    throw e;
  }
};
