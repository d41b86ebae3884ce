import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  NoticeMessage,
  queuedKindOf,
  ReminderMessage,
  StaffAlertMessage,
  WelcomeMessage,
} from './queued-message.js';
import { ageInMinutes, type MetricsSink } from '../observability/business-metrics.js';
import { type ScanDeps, type ScanReport, scanReminders } from './scan-reminders.js';
import { SendInProgressError } from './send-once.js';
import { type NoticeDeps, sendNotice } from './send-notice.js';
import { type NotifyDeps, sendReminder } from './send-reminder.js';
import { sendStaffAlert } from './send-staff-alert.js';
import { sendWelcome, type WelcomeDeps } from './send-welcome.js';

// The two reminder Lambdas' handlers, used by functions/ in AWS and by local/reminders.ts on a
// laptop. Logs carry ids, counts and outcomes only: never a phone number, address or message.

export const reminderLogger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'therapy-portal',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});

/**
 * The scan's business metrics: what it queued and expired, and the two ages, each a level read
 * every run (0 when nothing waits), so the alarms on them always have a value to compare.
 */
const emitScanMetrics = (metrics: MetricsSink, report: ScanReport, now: Date): void => {
  metrics.count('RemindersDue', report.queued);
  metrics.count('RequestsExpired', report.requestsExpired);
  // An expiry that failed outright read no requests: no age rather than a false 0.
  if (report.oldestPendingRequestAt || !report.expiryError)
    metrics.age('OldestPendingRequestAgeMinutes', ageInMinutes(report.oldestPendingRequestAt, now));
  if (!report.riskTodoAgeError)
    metrics.age('OldestOpenRiskTodoAgeMinutes', ageInMinutes(report.oldestOpenRiskTodoAt, now));
};

/** Invoked by EventBridge Scheduler: the event carries nothing the scan needs. */
export const reminderScanHandler = (deps: ScanDeps) => async (): Promise<ScanReport> => {
  let report: ScanReport;
  try {
    report = await scanReminders(deps);
    emitScanMetrics(deps.metrics, report, deps.clock());
  } finally {
    await deps.metrics.flush();
  }
  if (report.riskTodoAgeError) {
    reminderLogger.error('Reading the oldest open risk to-do failed; the next scan tries again', {
      error: report.riskTodoAgeError,
    });
  }
  if (report.expiryError) {
    reminderLogger.error('Request expiry failed; the next scan tries again', { error: report.expiryError });
  }
  reminderLogger.info('Reminder scan', {
    pendingRequestsRead: report.pendingRequestsRead,
    requestsExpired: report.requestsExpired,
    requestsDecidedMeanwhile: report.requestsDecidedMeanwhile,
    noticesQueued: report.noticesQueued,
    from: report.window?.from,
    to: report.window?.to,
    itemsRead: report.itemsRead,
    queued: report.queued,
    tooLate: report.tooLate,
    alertsQueued: report.alertsQueued,
  });
  return report;
};

/**
 * What the notify handler is given: the reminder's needs, and the welcome's claim and sealer
 * (unset where no welcome can arrive; a welcome then fails, and ends in the DLQ).
 */
export type NotifierDeps = NotifyDeps &
  Pick<NoticeDeps, 'notices'> &
  Partial<Pick<WelcomeDeps, 'welcomes' | 'sealer'>> & {
    /** Reminders sent, failed and opted out (the reminders-failing alarm); flushed per batch. */
    readonly metrics: MetricsSink;
  };

export class WelcomesNotSetUpError extends Error {
  override name = 'WelcomesNotSetUpError';
  constructor() {
    super('notify was given no welcome claim or sealer, so it cannot send welcomes');
  }
}

/** What notify does with one kind of queued message: the ids it may log, and the outcome. */
type QueuedWork = (
  deps: NotifierDeps,
  body: unknown,
) => Promise<{ readonly ids: Readonly<Record<string, string>>; readonly result: object }>;

/** One entry per kind in queued-message.ts. An unknown kind fails, and ends in the DLQ. */
const work: Readonly<Record<string, QueuedWork>> = {
  reminder: async (deps, body) => {
    const message = ReminderMessage.parse(body);
    let result: Awaited<ReturnType<typeof sendReminder>>;
    try {
      result = await sendReminder(deps, message);
    } catch (e) {
      // Another delivery is sending it: not a failure. Anything else (SNS or SES refusing, the
      // table failing) is, and the queue retries it.
      if (!(e instanceof SendInProgressError)) deps.metrics.count('RemindersFailed');
      throw e;
    }
    if (result.outcome === 'sent') deps.metrics.count('RemindersSent');
    else if (result.outcome === 'not-sent' && result.reason === 'opted-out')
      deps.metrics.count('RemindersOptedOut');
    return { ids: { appointmentId: message.appointmentId }, result };
  },
  'staff-alert': async (deps, body) => {
    const message = StaffAlertMessage.parse(body);
    return { ids: { todoId: message.todoId }, result: await sendStaffAlert(deps, message) };
  },
  welcome: async (deps, body) => {
    const message = WelcomeMessage.parse(body);
    const { welcomes, sealer } = deps;
    if (!welcomes || !sealer) throw new WelcomesNotSetUpError();
    return {
      ids: { patientId: message.patientId, generation: String(message.generation) },
      result: await sendWelcome({ ...deps, welcomes, sealer }, message),
    };
  },
  notice: async (deps, body) => {
    const message = NoticeMessage.parse(body);
    return { ids: { noticeId: message.noticeId }, result: await sendNotice(deps, message) };
  },
};

export class UnknownMessageKindError extends Error {
  override name = 'UnknownMessageKindError';
  constructor(readonly kind: string) {
    super(`notify has no handler for messages of kind "${kind}"`);
  }
}

/**
 * Invoked by the SQS event source with `reportBatchItemFailures`: a message that failed (a send
 * error such as SNS throttling, a claim still held by another delivery) is reported alone and
 * comes back after the queue's visibility timeout; after maxReceiveCount it goes to the DLQ. The
 * others in the batch are done and deleted.
 */
export const notifyHandler =
  (deps: NotifierDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    try {
      return await notifyBatch(deps, event);
    } finally {
      await deps.metrics.flush();
    }
  };

const notifyBatch = async (deps: NotifierDeps, event: SQSEvent): Promise<SQSBatchResponse> => {
  const results = await Promise.all(
    event.Records.map(async (record) => {
      let kind = 'unknown';
      try {
        const body: unknown = JSON.parse(record.body);
        kind = queuedKindOf(body);
        const handle = work[kind];
        if (!handle) throw new UnknownMessageKindError(kind);
        const { ids, result } = await handle(deps, body);
        reminderLogger.info('Message', { kind, ...ids, ...result });
        return undefined;
      } catch (e) {
        reminderLogger.warn('Message not sent; the queue will retry it', {
          kind,
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
