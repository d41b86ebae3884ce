import { randomUUID } from 'node:crypto';
import type { SmsMessage, SmsSender } from './sms.js';

// The local runtime's SMS "network": messages land here instead of on a phone, and `npm start`
// shows them at /local/sms-outbox. Numbers in `optedOut` behave as if they had replied STOP.

export interface OutboxEntry extends SmsMessage {
  readonly messageId: string;
  readonly at: string;
}

export interface SmsOutbox extends SmsSender {
  readonly messages: readonly OutboxEntry[];
  readonly optedOut: Set<string>;
}

export const smsOutbox = (clock: () => Date = () => new Date()): SmsOutbox => {
  const messages: OutboxEntry[] = [];
  const optedOut = new Set<string>();
  return {
    messages,
    optedOut,
    isOptedOut: async (phone) => optedOut.has(phone),
    async send(message) {
      const entry = { ...message, messageId: randomUUID(), at: clock().toISOString() };
      messages.push(entry);
      return { messageId: entry.messageId };
    },
  };
};
