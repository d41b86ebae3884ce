import { kmsSecretSealer } from '../security/kms-sealer.js';
import { localSecretSealer } from '../security/secret-sealer.js';
import { sqsReminderQueue } from './reminder-queue.js';
import { type WelcomeQueue, welcomeQueue } from './welcome-queue.js';

// The welcome queue of the integration and staff Lambdas, from their environment: the notify
// queue through SQS, and the welcome key through KMS, or locally AES-GCM with the local key and
// the local runtime's stand-in for SQS (local/local-sqs.ts). Apart from shared/deps.ts so that
// only the Lambdas whose wiring names the welcome queue carry the SQS and KMS clients (imported on
// first use: shared/messages/reminder-queue.ts, shared/security/kms-sealer.ts).

export interface WelcomeSettings {
  readonly queueUrl: string;
  readonly seal:
    { readonly kind: 'kms'; readonly keyId: string } | { readonly kind: 'local'; readonly key: string };
}

export const welcomeQueueOf = (settings: WelcomeSettings): WelcomeQueue => {
  const { queueUrl, seal } = settings;
  if (seal.kind === 'kms') {
    return welcomeQueue(sqsReminderQueue(queueUrl), kmsSecretSealer(seal.keyId));
  }
  // The local stand-in accepts any credentials; naming its address as the endpoint keeps the SDK
  // from warning that the queue URL's host differs from SQS's.
  const sqs = {
    endpoint: new URL(queueUrl).origin,
    region: process.env.AWS_REGION ?? 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return welcomeQueue(sqsReminderQueue(queueUrl, sqs), localSecretSealer(seal.key));
};
