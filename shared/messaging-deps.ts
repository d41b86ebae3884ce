import { SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { parseRuntimeConfig } from './config/runtime-config.js';
import { reminderTiming } from './config/message-settings.js';
import { readPreparedServiceConfig } from './config/prepared-service-config.js';
import { appointments } from './data/appointments.js';
import { appointmentRequests } from './data/appointment-requests.js';
import { clinicians } from './data/clinicians.js';
import { documentClient } from './data/dynamo.js';
import { messageLog } from './data/message-log.js';
import { notices } from './data/notices.js';
import { auditLog } from './data/audit-log.js';
import { patients } from './data/patients.js';
import { reminders } from './data/reminders.js';
import { staffAlerts } from './data/staff-alerts.js';
import { welcomes } from './data/welcomes.js';
import type { NotifierDeps } from './messages/handlers.js';
import { sqsReminderQueue } from './messages/reminder-queue.js';
import type { DeliveryStatusDeps } from './messages/delivery-status.js';
import type { ScanDeps } from './messages/scan-reminders.js';
import type { ServiceConfig } from './config/service-config.js';
import { sesEmailSender } from './notify/email.js';
import { snsSmsSender } from './notify/sms.js';
import { kmsSecretSealer } from './security/kms-sealer.js';
import { localSecretSealer } from './security/secret-sealer.js';
import { powertoolsMetrics } from './observability/powertools-metrics.js';
import { todos } from './data/todos.js';

// The reminder Lambdas' way in: environment -> validated config -> just what each needs. Beside
// shared/deps.ts rather than in it, for bundle size (infra/bundling.ts): esbuild cannot shake the
// SNS, SES and SQS clients out of a module the HTTP Lambdas import, and these two functions need
// none of the HTTP Lambdas' parts (no Secure ID key, no staff sign-in). Each bundles only the
// clients it calls (notify: SNS, SES, and KMS to open welcomes). Tests and the local runtime build the same shapes from buildDeps.

export class MissingQueueUrlError extends Error {
  override name = 'MissingQueueUrlError';
  constructor() {
    super('REMINDER_QUEUE_URL must be set for the reminder scan');
  }
}

const basics = (env: Record<string, string | undefined>) => {
  const config = parseRuntimeConfig(env);
  // The config as synth prepared and checked it (shared/config/prepared-service-config.ts).
  const { service } = readPreparedServiceConfig(config.serviceConfigPath);
  const table = { db: documentClient(config.dynamoDbEndpoint), name: config.tableName };
  return { config, service, table, clock: () => new Date(), metrics: powertoolsMetrics(service.id) };
};

export const createScanDeps = (env: Record<string, string | undefined> = process.env): ScanDeps => {
  const { config, service, table, clock, metrics } = basics(env);
  if (!config.reminderQueueUrl) throw new MissingQueueUrlError();
  return {
    service,
    clock,
    metrics,
    todos: todos(table),
    reminders: reminders(table),
    staffAlerts: staffAlerts(table),
    notices: notices(table),
    queue: sqsReminderQueue(config.reminderQueueUrl),
    appointmentRequests: appointmentRequests(table),
    clinicians: clinicians(table),
  };
};

/**
 * The service config with the stack's configuration set where the config names none, so every
 * email notify sends reports its bounces and complaints (infra/constructs/delivery-status.ts).
 */
export const withConfigurationSet = (
  service: ServiceConfig,
  configurationSet: string | undefined,
): ServiceConfig =>
  service.messages && !service.messages.emailConfigurationSet && configurationSet
    ? { ...service, messages: { ...service.messages, emailConfigurationSet: configurationSet } }
    : service;

/**
 * The SNS and SES clients notify sends with, never traced: X-Ray records a failed call's error
 * message whole, and theirs name the recipient (shared/observability/tracing.ts).
 */
export const smsClient = (): SNSClient => new SNSClient({});
export const emailClient = (endpoint?: string): SESv2Client => new SESv2Client(endpoint ? { endpoint } : {});

export const createNotifyDeps = (env: Record<string, string | undefined> = process.env): NotifierDeps => {
  const { config, service: configured, table, clock, metrics } = basics(env);
  const service = withConfigurationSet(configured, config.emailConfigurationSet);
  const seal = config.welcomeSeal;
  return {
    service,
    messageLog: messageLog(table),
    clock,
    metrics,
    appointments: appointments(table, { reminderLeadHours: reminderTiming(service).leadHours }),
    patients: patients(table),
    reminders: reminders(table),
    staffAlerts: staffAlerts(table),
    notices: notices(table),
    sms: snsSmsSender(smsClient()),
    email: sesEmailSender(emailClient(config.sesEndpoint)),
    // Welcomes (docs/messages.md): only this function may open their sealed Secure IDs.
    welcomes: welcomes(table),
    sealer: seal
      ? seal.kind === 'kms'
        ? kmsSecretSealer(seal.keyId)
        : localSecretSealer(seal.key)
      : undefined,
  };
};

/** The delivery-status function: the table only (it sends nothing and reads no secret). */
export const createDeliveryStatusDeps = (
  env: Record<string, string | undefined> = process.env,
): DeliveryStatusDeps => {
  const { table, clock, metrics } = basics(env);
  return {
    table,
    clock,
    metrics,
    patients: patients(table),
    messageLog: messageLog(table),
    auditLog: auditLog(table),
  };
};
