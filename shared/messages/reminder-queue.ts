import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { QueuedMessage } from './queued-message.js';
import { lazyUntilFailure } from '../lazy.js';
import { traceAwsClient } from '../observability/tracing.js';

// The notify queue as the senders see it: the scan puts reminders on it, and any Lambda that has
// something to send puts its message there rather than sending (only notify may send).

export type { ReminderMessage } from './queued-message.js';

export interface ReminderQueue {
  enqueue(messages: readonly QueuedMessage[]): Promise<void>;
}

/** SQS's limit on one SendMessageBatch. */
const SQS_BATCH = 10;

export class EnqueueFailedError extends Error {
  override name = 'EnqueueFailedError';
  constructor(readonly failed: number) {
    super(`${failed} messages were not accepted by the queue`);
  }
}

const loadSqs = async (config: SQSClientConfig) => {
  const sdk = await import('@aws-sdk/client-sqs');
  return { sdk, client: traceAwsClient(new sdk.SQSClient(config)) };
};

/**
 * The SQS client is imported on the first enqueue, not at cold start: staff-appointments queues
 * only when a Secure ID is reissued, and ships the client beside its bundle to stay within the
 * 130 KiB limit (infra/bundling.ts, `lazyModules`). The scan, which always queues, bundles it.
 */
export const sqsReminderQueue = (queueUrl: string, config: SQSClientConfig = {}): ReminderQueue => {
  // A failed import is tried again on the next enqueue rather than remembered.
  const sqs = lazyUntilFailure(() => loadSqs(config));
  return {
    async enqueue(messages) {
      if (messages.length === 0) return;
      const { sdk, client } = await sqs();
      for (let i = 0; i < messages.length; i += SQS_BATCH) {
        const batch = messages.slice(i, i + SQS_BATCH);
        const { Failed = [] } = await client.send(
          new sdk.SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })),
          }),
        );
        // The scan then fails and keeps its watermark: the next run queues the window again, and
        // the claim stops anything queued twice from being sent twice.
        if (Failed.length > 0) throw new EnqueueFailedError(Failed.length);
      }
    },
  };
};
