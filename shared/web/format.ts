// Times as the NHS style guide writes them: 10:15am, 2pm, "on Tuesday 24 November" when not today.

const parts = (instant: Date, timeZone: string, options: Intl.DateTimeFormatOptions) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, ...options })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );

export const formatTime = (instant: Date, timeZone: string): string => {
  // h12, not hour12: en-GB's 12-hour clock is h11 and would write half past noon as 0:30pm.
  const p = parts(instant, timeZone, { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
  const minutes = p.minute === '00' ? '' : `:${p.minute}`;
  return `${p.hour}${minutes}${(p.dayPeriod ?? '').toLowerCase().replace(/\s|\./g, '')}`;
};

export const formatDate = (instant: Date, timeZone: string): string => {
  const p = parts(instant, timeZone, { weekday: 'long', day: 'numeric', month: 'long' });
  return `${p.weekday} ${p.day} ${p.month}`;
};

/** "10:15am" today, "10:15am on Tuesday 24 November" on another day. */
export const formatTimeFromNow = (instant: Date, now: Date, timeZone: string): string => {
  const sameDay = formatDate(instant, timeZone) === formatDate(now, timeZone);
  return sameDay
    ? formatTime(instant, timeZone)
    : `${formatTime(instant, timeZone)} on ${formatDate(instant, timeZone)}`;
};

/** "24 Nov 2026, 10:15am" in the service's zone: console lists, where the year matters. */
export const formatDateTimeShort = (instant: Date, timeZone: string): string => {
  const p = parts(instant, timeZone, { day: 'numeric', month: 'short', year: 'numeric' });
  return `${p.day} ${p.month} ${p.year}, ${formatTime(instant, timeZone)}`;
};

/** How long something has waited, in the largest whole unit: "45 minutes", "3 hours", "2 days". */
export const formatAge = (seconds: number): string => {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 3600) return unit(Math.max(0, Math.floor(seconds / 60)), 'minute');
  if (seconds < 48 * 3600) return unit(Math.floor(seconds / 3600), 'hour');
  return unit(Math.floor(seconds / 86400), 'day');
};
