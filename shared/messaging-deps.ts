import { SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseRuntimeConfig } from './config/runtime-config.js';
import { createDeps, type Deps } from './deps.js';
import { type ReminderQueue, sqsReminderQueue } from './messages/reminder-queue.js';
import { type EmailSender, sesEmailSender } from './notify/email.js';
import { type SmsSender, snsSmsSender } from './notify/sms.js';

// What the reminder Lambdas add to Deps: the queue (scan) and the senders (notify). Beside
// shared/deps.ts rather than in it because esbuild cannot tree-shake the SNS, SES and SQS clients
// out of a module the HTTP Lambdas import: each would grow by tens of KiB (infra/bundling.ts
// limits bundle size). One factory per function, so each bundles only the client it calls.

export interface ScanMessagingDeps {
  readonly queue: ReminderQueue;
}
export interface NotifyMessagingDeps {
  readonly sms: SmsSender;
  readonly email: EmailSender;
}

export class MissingQueueUrlError extends Error {
  override name = 'MissingQueueUrlError';
  constructor() {
    super('REMINDER_QUEUE_URL must be set for the reminder scan');
  }
}

export const createScanDeps = async (
  env: Record<string, string | undefined> = process.env,
): Promise<Deps & ScanMessagingDeps> => {
  const queueUrl = parseRuntimeConfig(env).reminderQueueUrl;
  if (!queueUrl) throw new MissingQueueUrlError();
  return { ...(await createDeps(env)), queue: sqsReminderQueue(new SQSClient({}), queueUrl) };
};

export const createNotifyDeps = async (
  env: Record<string, string | undefined> = process.env,
): Promise<Deps & NotifyMessagingDeps> => {
  const { sesEndpoint } = parseRuntimeConfig(env);
  return {
    ...(await createDeps(env)),
    sms: snsSmsSender(new SNSClient({})),
    email: sesEmailSender(new SESv2Client(sesEndpoint ? { endpoint: sesEndpoint } : {})),
  };
};
