import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../shared/deps.js';
import { notifyHandler, reminderScanHandler } from '../shared/messages/handlers.js';
import { welcomes } from '../shared/data/welcomes.js';
import { sesEmailSender } from '../shared/notify/email.js';
import { type SmsOutbox, smsOutbox } from '../shared/notify/sms-outbox.js';
import { localSecretSealer } from '../shared/security/secret-sealer.js';
import { type LocalReminderQueue, localReminderQueue } from './reminder-queue.js';
import { smsOutboxPage } from './sms-outbox-page.js';
import { localSesClient } from './ses-local.js';

// The reminder pipeline on a laptop: the scan on an interval (every minute rather than every 5,
// so a demo does not wait), the local queue with SQS's retry-then-dead-letter behaviour, and the
// same notify handler the Lambda runs. Emails go to aws-ses-v2-local; texts to an outbox shown at
// /local/sms-outbox.

export interface LocalReminders {
  readonly outbox: SmsOutbox;
  readonly queue: LocalReminderQueue;
  /** One scan, then delivery of what it queued (the interval calls it; tests may too). */
  tick(): Promise<void>;
  /** Serves /local/sms-outbox and /local/sms-outbox.json; false for any other path. */
  serve(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  stop(): void;
}

export const SMS_OUTBOX_PATH = '/local/sms-outbox';

export const startLocalReminders = (
  deps: Deps,
  options: {
    readonly sesUrl: string;
    /**
     * The local stand-in for the KMS welcome key: notify opens the welcomes' Secure IDs with it.
     * Without it a welcome cannot be opened, and ends in the dead letters.
     */
    readonly welcomeSealKey?: string;
    readonly scanEveryMs?: number;
    readonly retryEveryMs?: number;
  },
): LocalReminders => {
  const outbox = smsOutbox(deps.clock);
  const email = sesEmailSender(localSesClient(options.sesUrl, deps.service.deployment.region));
  const notify = notifyHandler({
    ...deps,
    sms: outbox,
    email,
    welcomes: welcomes(deps.table),
    sealer: options.welcomeSealKey ? localSecretSealer(options.welcomeSealKey) : undefined,
  });
  const queue = localReminderQueue(notify, {
    clock: deps.clock,
    retryDelaySeconds: 30,
  });
  const scan = reminderScanHandler({ ...deps, queue });
  const report = (what: string) => (e: unknown) =>
    console.error(`reminders: ${what} failed:`, (e as Error).name);
  const scanAndDeliver = async (): Promise<void> => {
    try {
      await scan();
      await queue.drain();
    } catch (e) {
      report('scan')(e);
    }
  };
  const scanTimer = setInterval(scanAndDeliver, options.scanEveryMs ?? 60_000);
  // Retries come due between scans.
  const retryTimer = setInterval(
    () => void queue.drain().catch(report('delivery')),
    options.retryEveryMs ?? 5_000,
  );
  void scanAndDeliver();

  return {
    outbox,
    queue,
    tick: scanAndDeliver,
    serve(req, res, url) {
      if (req.method !== 'GET') return false;
      if (url.pathname === SMS_OUTBOX_PATH) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(smsOutboxPage(outbox.messages));
        return true;
      }
      if (url.pathname === `${SMS_OUTBOX_PATH}.json`) {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ messages: outbox.messages, deadLetters: queue.deadLetters }));
        return true;
      }
      return false;
    },
    stop() {
      clearInterval(scanTimer);
      clearInterval(retryTimer);
    },
  };
};
