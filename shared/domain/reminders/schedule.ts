// When an appointment's reminder is due, and whether it is still worth sending (F3; DESIGN.md,
// "48 hours before"). Instants are UTC ISO strings in `toISOString()` form, so they sort as text.
// Pure: the clock and the service's settings are arguments. docs/reminders.md explains the rules.

const HOUR_MS = 3_600_000;

/**
 * "48 hours before" is elapsed time: remindAt = start − lead × 3600 s, never "the same wall-clock
 * time two days earlier". Across a clock change the two wall-clock times differ by an hour:
 * in Europe/London an appointment at 10:00 BST on Tuesday 30 March 2027 (09:00Z) is reminded at
 * 09:00Z on Sunday 28 March, which is 10:00 BST; one at 10:00 BST on Monday 29 March is reminded
 * at 09:00Z on Saturday 27 March, which is 09:00 GMT, an hour earlier on the clock.
 */
export const remindAt = (start: string, leadHours: number): string =>
  new Date(Date.parse(start) - leadHours * HOUR_MS).toISOString();

/**
 * When the scan should pick the appointment up: its reminder time, or the moment it was booked
 * when that is later (an appointment booked inside the lead time is reminded at the next scan).
 *
 * Worked example, lead 48 h: booked on Monday 10:00Z for Tuesday 15:00Z (29 hours ahead), the
 * reminder time Sunday 15:00Z has passed, so it is due at Monday 10:00Z and goes out at the next
 * scan, still 29 hours before the appointment.
 */
export const reminderDueAt = (start: string, leadHours: number, bookedAt?: string): string => {
  const due = remindAt(start, leadHours);
  return bookedAt !== undefined && bookedAt > due ? new Date(Date.parse(bookedAt)).toISOString() : due;
};

/** The index partition of an instant: its UTC hour, e.g. 2027-03-28T09. */
export const reminderBucket = (instant: string): string =>
  new Date(Date.parse(instant)).toISOString().slice(0, 13);

/** Every UTC hour bucket that [from, to] touches, oldest first (empty when to is before from). */
export const bucketsBetween = (from: string, to: string): string[] => {
  const first = Math.floor(Date.parse(from) / HOUR_MS);
  const last = Math.floor(Date.parse(to) / HOUR_MS);
  const out: string[] = [];
  for (let hour = first; hour <= last; hour++) out.push(new Date(hour * HOUR_MS).toISOString().slice(0, 13));
  return out;
};

/** The instants one scan covers, both ends included. */
export interface ScanWindow {
  readonly from: string;
  readonly to: string;
}

/**
 * What a scan at `now` reads: from just after the last scanned instant (the watermark) through
 * `now`, so consecutive scans neither overlap nor leave a gap, and a scan after an outage of hours
 * catches up on all of it in one run.
 *
 * The window never starts more than `leadHours` before now: a reminder due earlier than that
 * belongs to an appointment that has already started, booked early or late (its due time is at
 * least start − lead). A first scan, with no watermark, looks back `firstLookbackMinutes`.
 */
export const scanWindow = (
  now: string,
  scannedThrough: string | undefined,
  leadHours: number,
  firstLookbackMinutes = 60,
): ScanWindow | undefined => {
  const nowMs = Date.parse(now);
  const floor = nowMs - leadHours * HOUR_MS;
  const from =
    scannedThrough === undefined ? nowMs - firstLookbackMinutes * 60_000 : Date.parse(scannedThrough) + 1;
  if (from > nowMs) return undefined;
  return { from: new Date(Math.max(from, floor)).toISOString(), to: new Date(nowMs).toISOString() };
};

export type SendDecision =
  { readonly send: true } | { readonly send: false; readonly reason: 'cancelled' | 'moved' | 'too-late' };

/**
 * Whether a reminder for the appointment as it stands now should go out. Not when it was
 * cancelled, nor when it now starts at another time than the reminder was queued for (a moved
 * appointment has its own reminder), nor when it starts in less than `minimumHours` (a reminder
 * sent an hour before would arrive too late to help and could be read as a new appointment).
 */
export const shouldSend = (
  appointment: { readonly start: string; readonly status: string },
  queuedFor: string,
  now: string,
  minimumHours: number,
): SendDecision => {
  if (appointment.status !== 'booked') return { send: false, reason: 'cancelled' };
  if (Date.parse(appointment.start) !== Date.parse(queuedFor)) return { send: false, reason: 'moved' };
  if (Date.parse(appointment.start) - Date.parse(now) < minimumHours * HOUR_MS)
    return { send: false, reason: 'too-late' };
  return { send: true };
};

/** Whether an appointment starting at `start` is still at least `minimumHours` away at `now`. */
export const stillWorthSending = (start: string, now: string, minimumHours: number): boolean =>
  Date.parse(start) - Date.parse(now) >= minimumHours * HOUR_MS;
