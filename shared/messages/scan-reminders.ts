import { reminderTiming } from '../config/message-settings.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { Reminders } from '../data/reminders.js';
import type { Notices } from '../data/notices.js';
import type { StaffAlerts } from '../data/staff-alerts.js';
import type { Todos } from '../data/todos.js';
import type { MetricsSink } from '../observability/business-metrics.js';
import { type ScanWindow, scanWindow, stillWorthSending } from '../domain/reminders/schedule.js';
import type { ReminderQueue } from './reminder-queue.js';
import { type ExpiryDeps, expireStaleRequests } from '../appointments/expire-requests.js';

// The reminder scan (F3): every few minutes, queue one message per appointment whose reminder has
// come due since the last scan. It never sends anything itself: the notify step claims and sends,
// so a scan that runs twice, or overlaps another, at most queues a message twice. Each run also
// queues the staff alerts that new to-dos left in the outbox (docs/messages.md), and expires the
// pending requests nobody decided in time (docs/appointments.md, "Expiry").

export interface ScanDeps extends Pick<ExpiryDeps, 'appointmentRequests' | 'clinicians'> {
  readonly service: ServiceConfig;
  readonly reminders: Reminders;
  readonly staffAlerts: Pick<StaffAlerts, 'pending' | 'markQueued'>;
  readonly notices: Pick<Notices, 'pending' | 'markQueued' | 'pendingItem'>;
  readonly queue: ReminderQueue;
  readonly clock: () => Date;
  /** The oldest open risk to-do, for its age metric (the risk-todo-overdue alarm). */
  readonly todos: Pick<Todos, 'oldestOpen'>;
  /** Where the handler emits the scan's counts and ages (reminderScanHandler). */
  readonly metrics: MetricsSink;
}

export interface ScanReport {
  readonly window: ScanWindow | undefined;
  /** Index items DynamoDB returned: the due ones (read/due stays near 1 whatever the table size). */
  readonly itemsRead: number;
  readonly queued: number;
  /** Due, but the appointment is now too close for a reminder to help (lateBookingMinimumHours). */
  readonly tooLate: number;
  /** Staff alerts read from the outbox's pending index (one Query) and queued. */
  readonly alertsRead: number;
  readonly alertsQueued: number;
  /** Notices (shared/data/notices.ts) read from their pending index and queued. */
  readonly noticesQueued: number;
  /** Pending requests read from the service-wide list, and those expired (docs/appointments.md). */
  readonly pendingRequestsRead: number;
  readonly requestsExpired: number;
  /** Past their deadline but decided or cancelled first: they were left as decided. */
  readonly requestsDecidedMeanwhile: number;
  /** The name of the first error of the expiry (a request it could not expire stays pending); the rest went on. */
  readonly expiryError?: string;
  /** When the oldest request still pending was made; absent when none is, or the expiry failed. */
  readonly oldestPendingRequestAt?: Date;
  /** When the oldest open risk to-do was filed; absent when none is open. */
  readonly oldestOpenRiskTodoAt?: Date;
  /** Set when reading the oldest open risk to-do failed: its age is not reported this run. */
  readonly riskTodoAgeError?: string;
}

/**
 * Queues every pending staff alert, then marks them queued: only after the queue accepted them,
 * so an enqueue that fails leaves them pending and the next run queues them again (notify's claim
 * stops an alert queued twice from being sent twice).
 */
const queueStaffAlerts = async (deps: ScanDeps, now: Date) => {
  const { alerts, itemsRead } = await deps.staffAlerts.pending();
  if (alerts.length > 0) {
    await deps.queue.enqueue(alerts.map((a) => ({ kind: 'staff-alert', todoId: a.todoId })));
    await deps.staffAlerts.markQueued(
      alerts.map((a) => a.todoId),
      now,
    );
  }
  return { alertsRead: itemsRead, alertsQueued: alerts.length };
};

/** The notices' outbox, as the staff alerts': queued, then marked queued only once accepted. */
const queueNotices = async (deps: ScanDeps, now: Date) => {
  const { ids } = await deps.notices.pending();
  if (ids.length > 0) {
    await deps.queue.enqueue(ids.map((noticeId) => ({ kind: 'notice', noticeId })));
    await deps.notices.markQueued(ids, now);
  }
  return ids.length;
};

/**
 * Expires stale requests; a failure is reported, not thrown, so that reminders and notices still
 * go (an expiry left undone is retried by the next scan: the request is still pending).
 */
const expireRequests = async (deps: ScanDeps, now: Date) => {
  try {
    const report = await expireStaleRequests(deps, now);
    return {
      pendingRequestsRead: report.pendingRead,
      requestsExpired: report.expired,
      requestsDecidedMeanwhile: report.decidedMeanwhile,
      ...(report.errorName ? { expiryError: report.errorName } : {}),
      ...(report.oldestPendingAt ? { oldestPendingRequestAt: report.oldestPendingAt } : {}),
    };
  } catch (e) {
    return {
      pendingRequestsRead: 0,
      requestsExpired: 0,
      requestsDecidedMeanwhile: 0,
      expiryError: (e as Error).name,
    };
  }
};

/** A failed read is reported, not thrown: the reminders still go, and the next run reads again. */
const oldestOpenRiskTodo = async (deps: ScanDeps) => {
  try {
    const at = await deps.todos.oldestOpen('risk');
    return at ? { oldestOpenRiskTodoAt: at } : {};
  } catch (e) {
    return { riskTodoAgeError: (e as Error).name };
  }
};

export const scanReminders = async (deps: ScanDeps): Promise<ScanReport> => {
  const instant = deps.clock();
  const now = instant.toISOString();
  // Expiry before the notices, so this scan queues the notices its expiries filed.
  const expiry = await expireRequests(deps, instant);
  // Alerts first: a reminder that fails to queue must not hold back a clinician's nudge; then the
  // notices that decisions left, before the reminders, for the same reason.
  const alerts = {
    ...(await queueStaffAlerts(deps, instant)),
    noticesQueued: await queueNotices(deps, instant),
    ...expiry,
    ...(await oldestOpenRiskTodo(deps)),
  };
  const { leadHours, lateBookingMinimumHours } = reminderTiming(deps.service);
  const window = scanWindow(now, await deps.reminders.scannedThrough(), leadHours);
  if (!window) return { window, itemsRead: 0, queued: 0, tooLate: 0, ...alerts };
  const { due, itemsRead } = await deps.reminders.dueIn(window);
  const worth = due.filter((d) => stillWorthSending(d.start, now, lateBookingMinimumHours));
  await deps.queue.enqueue(worth.map((d) => ({ appointmentId: d.id, start: d.start })));
  // Only once everything is queued: a scan that fails part-way leaves the watermark, and the next
  // run reads the same window again.
  await deps.reminders.advanceScannedThrough(window.to);
  return { window, itemsRead, queued: worth.length, tooLate: due.length - worth.length, ...alerts };
};
