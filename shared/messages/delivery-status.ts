import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudWatchLogsEvent, SNSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import type { AuditLog } from '../data/audit-log.js';
import { cancelledByCondition, isConditionFailure, type Table } from '../data/dynamo.js';
import type { DeliveryProblem, MessageLog, ProviderMessage } from '../data/message-log.js';
import type { Patients } from '../data/patients.js';
import type { AuditAction } from '../domain/audit.js';
import type { CountMetricName, MetricsSink } from '../observability/business-metrics.js';

// Its own logger rather than notify's (handlers.ts), so this function's bundle stays small.
const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'therapy-portal',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});

// Delivery status (issue 13, item 6): what SES and SNS report after a message has gone, recorded
// against the patient it went to.
// - SES bounces and complaints: the configuration set publishes them to an SNS topic, and SNS
//   invokes this function with the SES event as the message.
// - Texts that did not arrive: SNS logs each failed SMS delivery to CloudWatch Logs
//   (sns/<region>/<account>/DirectPublishToPhoneNumber/Failure), and a subscription filter hands
//   the entries here, gzipped and base64-encoded.
// Both name only the provider's message id; the item notify wrote when it sent
// (shared/data/message-log.ts) leads back to the patient. An id we did not send (another service
// in the account, an expired item) is ignored. The events carry the address or number: they are
// read here and never logged.

export interface DeliveryStatusDeps {
  readonly table: Pick<Table, 'db'>;
  readonly patients: Pick<Patients, 'emailProblemUpdate'>;
  readonly messageLog: Pick<MessageLog, 'byProviderMessageId' | 'deliveryUpdate'>;
  readonly auditLog: Pick<AuditLog, 'appendItem'>;
  readonly clock: () => Date;
  /** Bounces, complaints and SMS failures of the portal's own messages; flushed per invocation. */
  readonly metrics: MetricsSink;
}

/** Which business metric a report of the portal's own message counts in. */
const metricOf = (source: 'ses' | 'sms', problem: DeliveryProblem): CountMetricName =>
  source === 'sms' ? 'SmsFailures' : problem === 'complaint' ? 'EmailComplaints' : 'EmailBounces';

/** The part of an SES event (event publishing, or the older notification format) we read. */
const SesEvent = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  mail: z.object({ messageId: z.string() }),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
    }),
  ),
  complaint: z.optional(z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) })),
});

/** One entry of SNS's SMS delivery log. */
const SmsDeliveryLog = z.object({
  notification: z.object({ messageId: z.string() }),
  status: z.string(),
});

const LogsPayload = z.object({ logEvents: z.array(z.object({ message: z.string() })) });

export type DeliveryOutcome =
  | 'recorded'
  | 'unknown-message'
  | 'not-a-problem'
  | 'unreadable'
  /** The message is marked, but the patient's address has changed since (or was marked already). */
  | 'recorded-address-unchanged';

/** An email address's bounce or complaint; an SMS failure. What a report does to the patient. */
interface Report {
  readonly providerMessageId: string;
  readonly problem: DeliveryProblem;
  /** The provider's category, safe to store and show ("Permanent/General", "FAILURE"). */
  readonly detail: string | undefined;
  /** When the patient's address itself is the problem (hard bounce, complaint): which address. */
  readonly markAddress?: { readonly address: string; readonly problem: 'bounced' | 'complaint' };
}

/** A hard bounce is one SES will not retry: the address does not exist or refuses mail for good. */
const PERMANENT = 'Permanent';

const sesReport = (message: string): Report | 'unreadable' | 'not-a-problem' => {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return 'unreadable';
  }
  const parsed = SesEvent.safeParse(raw);
  if (!parsed.success) return 'unreadable';
  const event = parsed.data;
  const type = event.eventType ?? event.notificationType;
  const providerMessageId = event.mail.messageId;
  if (type === 'Bounce' && event.bounce) {
    const { bounceType, bounceSubType, bouncedRecipients } = event.bounce;
    const address = bouncedRecipients[0]?.emailAddress;
    return {
      providerMessageId,
      problem: 'bounced',
      detail: [bounceType, bounceSubType].filter(Boolean).join('/').slice(0, 60),
      ...(bounceType === PERMANENT && address ? { markAddress: { address, problem: 'bounced' } } : {}),
    };
  }
  if (type === 'Complaint' && event.complaint) {
    const address = event.complaint.complainedRecipients[0]?.emailAddress;
    return {
      providerMessageId,
      problem: 'complaint',
      detail: undefined,
      ...(address ? { markAddress: { address, problem: 'complaint' } } : {}),
    };
  }
  // Deliveries, opens, sends: the configuration set publishes only bounces and complaints, but a
  // hand-made destination may send more.
  return 'not-a-problem';
};

const smsReports = (data: string): (Report | 'unreadable' | 'not-a-problem')[] => {
  let payload: z.infer<typeof LogsPayload>;
  try {
    const parsed = LogsPayload.safeParse(
      JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')),
    );
    if (!parsed.success) return ['unreadable'];
    payload = parsed.data;
  } catch {
    return ['unreadable'];
  }
  return payload.logEvents.map((logEvent) => {
    let raw: unknown;
    try {
      raw = JSON.parse(logEvent.message);
    } catch {
      return 'unreadable';
    }
    const entry = SmsDeliveryLog.safeParse(raw);
    if (!entry.success) return 'unreadable';
    if (entry.data.status !== 'FAILURE') return 'not-a-problem';
    return {
      providerMessageId: entry.data.notification.messageId,
      problem: 'failed',
      detail: 'FAILURE',
    };
  });
};

const auditActionOf: Record<'bounced' | 'complaint', AuditAction> = {
  bounced: 'email-bounced',
  complaint: 'email-complaint',
};

/** Records one report against the patient whose message it was. */
export const recordDeliveryReport = async (
  deps: DeliveryStatusDeps,
  report: Report,
): Promise<{ outcome: DeliveryOutcome; message?: ProviderMessage }> => {
  const message = await deps.messageLog.byProviderMessageId(report.providerMessageId);
  if (!message) return { outcome: 'unknown-message' };
  const now = deps.clock();
  const { Update } = deps.messageLog.deliveryUpdate(message, report.problem, report.detail, now);
  try {
    if (Update) await deps.table.db.send(new UpdateCommand(Update));
  } catch (e) {
    // The entry is gone only if the patient's data was erased; nothing left to mark.
    if (!isConditionFailure(e)) throw e;
  }
  if (!report.markAddress || message.channel !== 'email') return { outcome: 'recorded', message };
  const { address, problem } = report.markAddress;
  try {
    await deps.table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          deps.patients.emailProblemUpdate(message.patientId, address, problem, now),
          deps.auditLog.appendItem({
            id: randomUUID(),
            patientId: message.patientId,
            at: now.toISOString(),
            actor: 'delivery status',
            role: 'system',
            action: auditActionOf[problem],
            requestId: report.providerMessageId,
            detail: report.detail,
          }),
        ],
      }),
    );
    return { outcome: 'recorded', message };
  } catch (e) {
    if (cancelledByCondition(e)?.[0]) return { outcome: 'recorded-address-unchanged', message };
    throw e;
  }
};

const isSnsEvent = (event: unknown): event is SNSEvent =>
  typeof event === 'object' && event !== null && 'Records' in event && Array.isArray(event.Records);
const isLogsEvent = (event: unknown): event is CloudWatchLogsEvent =>
  typeof event === 'object' && event !== null && 'awslogs' in event;

/**
 * Invoked asynchronously by SNS (SES events) and by the log subscription (SMS failures). An event
 * that cannot be read is logged (by source, never its content) and dropped: retrying would not
 * make it readable. A DynamoDB error throws, so Lambda retries the invocation.
 */
export const deliveryStatusHandler =
  (deps: DeliveryStatusDeps) =>
  async (event: SNSEvent | CloudWatchLogsEvent): Promise<{ readonly outcomes: DeliveryOutcome[] }> => {
    try {
      return await recordEvent(deps, event);
    } finally {
      await deps.metrics.flush();
    }
  };

const recordEvent = async (
  deps: DeliveryStatusDeps,
  event: SNSEvent | CloudWatchLogsEvent,
): Promise<{ readonly outcomes: DeliveryOutcome[] }> => {
  const reports: { source: 'ses' | 'sms'; report: Report | 'unreadable' | 'not-a-problem' }[] = [];
  if (isSnsEvent(event)) {
    for (const record of event.Records)
      reports.push({ source: 'ses', report: sesReport(record.Sns?.Message ?? '') });
  } else if (isLogsEvent(event)) {
    for (const report of smsReports(event.awslogs.data ?? '')) reports.push({ source: 'sms', report });
  } else {
    reports.push({ source: 'ses', report: 'unreadable' });
  }
  const outcomes: DeliveryOutcome[] = [];
  for (const { source, report } of reports) {
    if (typeof report === 'string') {
      outcomes.push(report);
      logger.info('Delivery status', { source, outcome: report });
      continue;
    }
    const { outcome, message } = await recordDeliveryReport(deps, report);
    outcomes.push(outcome);
    // Only the portal's own messages: an id it never sent belongs to something else.
    if (outcome !== 'unknown-message') deps.metrics.count(metricOf(source, report.problem));
    logger.info('Delivery status', {
      source,
      outcome,
      problem: report.problem,
      detail: report.detail,
      providerMessageId: report.providerMessageId,
      ...(message ? { patientId: message.patientId } : {}),
    });
  }
  return { outcomes };
};
