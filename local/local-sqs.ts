import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { QueuedMessage } from '../shared/messages/queued-message.js';
import type { ReminderQueue } from '../shared/messages/reminder-queue.js';

// A stand-in for SQS's SendMessageBatch (the JSON protocol the SDK speaks), in front of the local
// queue. Why: the integration and staff Lambdas build their welcome queue from their environment
// (shared/messages/welcome-wiring.ts) and the local runtime runs their real entry files, so they
// reach the local queue through the same SQS client and calls they make in AWS; the tests do too.
// There is no SQS emulator on npm, and this is the one operation they use.

const JSON_1_0 = 'application/x-amz-json-1.0';

interface BatchRequest {
  readonly QueueUrl?: string;
  readonly Entries?: readonly { readonly Id: string; readonly MessageBody: string }[];
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const answer = (res: ServerResponse, status: number, body: object) => {
  res.writeHead(status, { 'content-type': JSON_1_0 });
  res.end(JSON.stringify(body));
};

const unsupported = (res: ServerResponse, what: string) =>
  answer(res, 400, {
    __type: 'com.amazonaws.sqs#UnsupportedOperation',
    message: `the local queue supports SendMessageBatch only, not ${what}`,
  });

export interface LocalSqs {
  /** The queue URL to configure (REMINDER_QUEUE_URL): its origin is this server. */
  readonly queueUrl: string;
  stop(): Promise<void>;
}

export const startLocalSqs = async (
  queue: ReminderQueue,
  options: {
    readonly port?: number;
    /** Called once messages are queued (the local runtime delivers at once). */ readonly queued?: () => void;
  } = {},
): Promise<LocalSqs> => {
  const port = options.port ?? 0;
  const server = createServer((req, res) => {
    void (async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || target !== 'AmazonSQS.SendMessageBatch') return unsupported(res, target);
      const request = JSON.parse(await readBody(req)) as BatchRequest;
      const entries = request.Entries ?? [];
      await queue.enqueue(entries.map((e) => JSON.parse(e.MessageBody) as QueuedMessage));
      answer(res, 200, {
        Successful: entries.map((e) => ({
          Id: e.Id,
          MessageId: randomUUID(),
          // The SDK checks each body's MD5 against this.
          MD5OfMessageBody: createHash('md5').update(e.MessageBody, 'utf8').digest('hex'),
        })),
        Failed: [],
      });
      options.queued?.();
    })().catch((e: unknown) => answer(res, 500, { __type: 'InternalError', message: (e as Error).name }));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    queueUrl: `http://127.0.0.1:${actual}/000000000000/notify`,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
