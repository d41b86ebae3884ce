import { reminderTiming } from '../config/message-settings.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { Reminders } from '../data/reminders.js';
import { type ScanWindow, scanWindow, stillWorthSending } from '../domain/reminders/schedule.js';
import type { ReminderQueue } from './reminder-queue.js';

// The reminder scan (F3): every few minutes, queue one message per appointment whose reminder has
// come due since the last scan. It never sends anything itself: the notify step claims and sends,
// so a scan that runs twice, or overlaps another, at most queues a message twice.

export interface ScanDeps {
  readonly service: ServiceConfig;
  readonly reminders: Reminders;
  readonly queue: ReminderQueue;
  readonly clock: () => Date;
}

export interface ScanReport {
  readonly window: ScanWindow | undefined;
  /** Index items DynamoDB returned: the due ones (read/due stays near 1 whatever the table size). */
  readonly itemsRead: number;
  readonly queued: number;
  /** Due, but the appointment is now too close for a reminder to help (lateBookingMinimumHours). */
  readonly tooLate: number;
}

export const scanReminders = async (deps: ScanDeps): Promise<ScanReport> => {
  const now = deps.clock().toISOString();
  const { leadHours, lateBookingMinimumHours } = reminderTiming(deps.service);
  const window = scanWindow(now, await deps.reminders.scannedThrough(), leadHours);
  if (!window) return { window, itemsRead: 0, queued: 0, tooLate: 0 };
  const { due, itemsRead } = await deps.reminders.dueIn(window);
  const worth = due.filter((d) => stillWorthSending(d.start, now, lateBookingMinimumHours));
  await deps.queue.enqueue(worth.map((d) => ({ appointmentId: d.id, start: d.start })));
  // Only once everything is queued: a scan that fails part-way leaves the watermark, and the next
  // run reads the same window again.
  await deps.reminders.advanceScannedThrough(window.to);
  return { window, itemsRead, queued: worth.length, tooLate: due.length - worth.length };
};
