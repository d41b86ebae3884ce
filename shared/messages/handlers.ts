import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ReminderMessage } from './reminder-queue.js';
import { type ScanDeps, type ScanReport, scanReminders } from './scan-reminders.js';
import { type NotifyDeps, sendReminder } from './send-reminder.js';

// The two reminder Lambdas' handlers, used by functions/ in AWS and by local/reminders.ts on a
// laptop. Logs carry ids, counts and outcomes only: never a phone number, address or message.

export const reminderLogger = new Logger({
  serviceName: 'therapy-portal',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});

/** Invoked by EventBridge Scheduler: the event carries nothing the scan needs. */
export const reminderScanHandler = (deps: ScanDeps) => async (): Promise<ScanReport> => {
  const report = await scanReminders(deps);
  reminderLogger.info('Reminder scan', {
    from: report.window?.from,
    to: report.window?.to,
    itemsRead: report.itemsRead,
    queued: report.queued,
    tooLate: report.tooLate,
  });
  return report;
};

/**
 * Invoked by the SQS event source with `reportBatchItemFailures`: a message that failed (a send
 * error such as SNS throttling, a claim still held by another delivery) is reported alone and
 * comes back after the queue's visibility timeout; after maxReceiveCount it goes to the DLQ. The
 * others in the batch are done and deleted.
 */
export const notifyHandler =
  (deps: NotifyDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const results = await Promise.all(
      event.Records.map(async (record) => {
        try {
          const message = ReminderMessage.parse(JSON.parse(record.body));
          const result = await sendReminder(deps, message);
          reminderLogger.info('Reminder', { appointmentId: message.appointmentId, ...result });
          return undefined;
        } catch (e) {
          reminderLogger.warn('Reminder not sent; the queue will retry it', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            error: (e as Error).name,
          });
          return { itemIdentifier: record.messageId };
        }
      }),
    );
    return { batchItemFailures: results.filter((r) => r !== undefined) };
  };
