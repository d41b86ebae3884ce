// Patient sessions end after 30 minutes idle or 12 hours in all (service config). DynamoDB's TTL
// deletes expired items eventually, maybe days later, so every read applies these rules itself.

export interface SessionTimes {
  /** Epoch seconds. */
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface SessionLimits {
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
}

export const sessionIsLive = (s: SessionTimes, limits: SessionLimits, now: number): boolean =>
  now < s.lastSeenAt + limits.idleSeconds && now < s.createdAt + limits.absoluteSeconds;

/** When the item may be removed: the earlier of the two limits, as seen from the last use. */
export const sessionExpiresAt = (s: SessionTimes, limits: SessionLimits): number =>
  Math.min(s.lastSeenAt + limits.idleSeconds, s.createdAt + limits.absoluteSeconds);

/**
 * Refreshing lastSeenAt costs a write; once a minute is enough for a 30-minute idle limit, and
 * keeps a page with several requests to one write.
 */
export const TOUCH_INTERVAL_SECONDS = 60;
export const needsTouch = (s: SessionTimes, now: number): boolean =>
  now - s.lastSeenAt >= TOUCH_INTERVAL_SECONDS;
