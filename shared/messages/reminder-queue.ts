import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';

// What the scan hands the notify step: which reminder, never who or what (no personal data on the
// queue). The start is part of it, so a moved appointment's old message is recognised as stale.

export const ReminderMessage = z.strictObject({
  appointmentId: z.string().check(z.minLength(1), z.maxLength(100)),
  start: z.iso.datetime(),
});
export type ReminderMessage = z.infer<typeof ReminderMessage>;

export interface ReminderQueue {
  enqueue(messages: readonly ReminderMessage[]): Promise<void>;
}

/** SQS's limit on one SendMessageBatch. */
const SQS_BATCH = 10;

export class EnqueueFailedError extends Error {
  override name = 'EnqueueFailedError';
  constructor(readonly failed: number) {
    super(`${failed} reminder messages were not accepted by the queue`);
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
