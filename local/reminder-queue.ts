import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueuedMessage } from '../shared/messages/queued-message.js';
import type { ReminderQueue } from '../shared/messages/reminder-queue.js';

// The reminder queue on a laptop, with the semantics the stack gives SQS (infra/constructs/
// reminders.ts): batches of up to 10 to the notify handler, which reports failures one by one; a
// failed message comes back after a backoff, and after `maxReceiveCount` receives it goes to the
// dead-letter list instead. Time comes from the clock, so tests move it rather than wait.

export interface LocalQueueOptions {
  readonly clock: () => Date;
  /** As the stack's redrive policy. */
  readonly maxReceiveCount?: number;
  /** The first retry's delay; each later one doubles it (exponential backoff). */
  readonly retryDelaySeconds?: number;
  readonly batchSize?: number;
}

interface Held {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
  visibleAt: number;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: QueuedMessage;
  readonly receiveCount: number;
}

export interface LocalReminderQueue extends ReminderQueue {
  /** Delivers every message visible now, batch by batch, until none is left visible. */
  drain(): Promise<{ readonly delivered: number; readonly failed: number }>;
  readonly waiting: () => number;
  readonly deadLetters: readonly DeadLetter[];
}

const toRecord = (m: Held): SQSRecord => ({
  messageId: m.messageId,
  receiptHandle: m.messageId,
  body: m.body,
  attributes: {
    ApproximateReceiveCount: String(m.receiveCount),
    SentTimestamp: '0',
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:local:000000000000:reminders',
  awsRegion: 'local',
});

export const localReminderQueue = (
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: LocalQueueOptions,
): LocalReminderQueue => {
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const retryDelayMs = (options.retryDelaySeconds ?? 60) * 1000;
  const batchSize = options.batchSize ?? 10;
  const held: Held[] = [];
  const deadLetters: DeadLetter[] = [];
  let draining: Promise<{ delivered: number; failed: number }> | undefined;

  const drainOnce = async () => {
    let delivered = 0;
    let failed = 0;
    for (;;) {
      const now = options.clock().getTime();
      const batch = held.filter((m) => m.visibleAt <= now).slice(0, batchSize);
      if (batch.length === 0) return { delivered, failed };
      for (const m of batch) m.receiveCount += 1;
      const { batchItemFailures } = await handler({ Records: batch.map(toRecord) });
      const failedIds = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      for (const m of batch) {
        held.splice(held.indexOf(m), 1);
        if (!failedIds.has(m.messageId)) {
          delivered += 1;
          continue;
        }
        failed += 1;
        if (m.receiveCount >= maxReceiveCount) {
          deadLetters.push({
            messageId: m.messageId,
            body: JSON.parse(m.body) as QueuedMessage,
            receiveCount: m.receiveCount,
          });
        } else {
          // Backoff: 1, 2, 4... times the first delay after the 1st, 2nd, 3rd... failure.
          held.push({ ...m, visibleAt: now + retryDelayMs * 2 ** (m.receiveCount - 1) });
        }
      }
    }
  };

  return {
    async enqueue(messages) {
      const now = options.clock().getTime();
      for (const body of messages)
        held.push({ messageId: randomUUID(), body: JSON.stringify(body), receiveCount: 0, visibleAt: now });
    },
    // One drain at a time, as one event source mapping would poll.
    drain() {
      draining ??= drainOnce().finally(() => {
        draining = undefined;
      });
      return draining;
    },
    waiting: () => held.length,
    deadLetters,
  };
};
