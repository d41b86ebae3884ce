// Appointments as the rest of the portal sees them, and the pure rules of the no-double-booking
// lock (DESIGN.md, "No double booking"). Instants are UTC ISO strings (`toISOString()` form), so
// they sort as text; people see them in the service's time zone (DESIGN.md, "48 hours before":
// store start in UTC plus the service's time zone).

export const appointmentStatuses = ['booked', 'cancelled', 'attended', 'did_not_attend'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/**
 * What the integration API and staff record once an appointment has started (issue 16). An
 * attended appointment counts as a session of the patient's episode (docs/outcomes.md).
 */
export const attendanceStatuses = ['attended', 'did_not_attend'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

export interface Appointment {
  readonly id: string;
  readonly patientId: string;
  readonly clinicianId: string;
  /** UTC ISO instant, e.g. 2026-11-24T10:00:00.000Z. */
  readonly start: string;
  /** UTC ISO instant: start + the service type's duration (the buffer is not part of it). */
  readonly end: string;
  readonly serviceType: string;
  readonly locationId?: string | undefined;
  readonly status: AppointmentStatus;
}

const MINUTE_MS = 60_000;

/** The lock grid: one lock item per clinician per cell (DESIGN.md, "No double booking"). */
export const CELL_MINUTES = 15;
const CELL_MS = CELL_MINUTES * MINUTE_MS;

/** When an appointment of this service type that starts at `start` ends, as a UTC ISO instant. */
export const appointmentEnd = (start: string, serviceType: { readonly durationMinutes: number }): string =>
  new Date(Date.parse(start) + serviceType.durationMinutes * MINUTE_MS).toISOString();

/**
 * The UTC ISO start of every 15-minute cell that [start, end + buffer) touches: the cells an
 * appointment locks for its clinician, buffer included, since the buffer (notes, a break)
 * occupies the clinician too.
 *
 * Worked example: a 50-minute session 10:00–10:50 with a 10-minute buffer occupies
 * [10:00, 11:00), so it locks 10:00, 10:15, 10:30 and 10:45. Another booking of that clinician
 * at 10:45 needs the 10:45 cell and is refused; one at 11:00 starts on a free cell and is fine.
 *
 * Appointments whose times are off the quarter-hour grid lock every cell they partly use:
 * 10:05–10:55 (no buffer) locks 10:00 to 10:45, so a booking at 10:55 is refused although the
 * two would not overlap. That is a conservative false conflict, never a double booking: two
 * appointments that overlap always share at least one cell.
 *
 * The grid is UTC's; every time zone in use today is offset from UTC by a multiple of 15
 * minutes, so the cells are quarter-hours of the service's local clock too.
 */
export const occupiedCells = (start: string, end: string, bufferMinutes: number): string[] => {
  const from = Math.floor(Date.parse(start) / CELL_MS) * CELL_MS;
  const until = Date.parse(end) + bufferMinutes * MINUTE_MS;
  const cells: string[] = [];
  for (let cell = from; cell < until; cell += CELL_MS) cells.push(new Date(cell).toISOString());
  return cells;
};

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
const wallClockFormat = (timeZone: string): Intl.DateTimeFormat => {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
};

/** The zone's offset from UTC at `instant`, in whole minutes (east positive). */
export const offsetMinutesAt = (instant: number, timeZone: string): number => {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormat(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wallClock = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const wholeSeconds = Math.floor(instant / 1000) * 1000;
  return Math.round((wallClock - wholeSeconds) / MINUTE_MS);
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * `instant` as ISO 8601 with the UTC offset `timeZone` has at that instant (API.md: "times are
 * ISO 8601 with offset"), e.g. 2026-11-24T10:00:00+00:00 in winter and 2026-07-01T11:00:00+01:00
 * in summer in Europe/London. Milliseconds appear only when they are not zero.
 *
 * Around a clock change the offset follows the instant, not the day: in Europe/London
 * 2026-10-25T00:30:00Z is 01:30+01:00 and 2026-10-25T01:30:00Z is 01:30+00:00, the same wall-clock
 * time an hour apart, which is why instants, not local times, are stored.
 */
export const isoWithOffset = (instant: Date | string, timeZone: string): string => {
  const at = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const offset = offsetMinutesAt(at, timeZone);
  const local = new Date(at + offset * MINUTE_MS).toISOString(); // wall-clock digits, 'Z' to replace
  const withoutZone = local.endsWith('.000Z') ? local.slice(0, -5) : local.slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${withoutZone}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
};
