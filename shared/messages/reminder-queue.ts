import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedMessage } from './queued-message.js';

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

export const sqsReminderQueue = (sqs: SQSClient, queueUrl: string): ReminderQueue => ({
  async enqueue(messages) {
    for (let i = 0; i < messages.length; i += SQS_BATCH) {
      const batch = messages.slice(i, i + SQS_BATCH);
      const { Failed = [] } = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })),
        }),
      );
      // The scan then fails and keeps its watermark: the next run queues the window again, and
      // the claim stops anything queued twice from being sent twice.
      if (Failed.length > 0) throw new EnqueueFailedError(Failed.length);
    }
  },
});
