import { describe, expect, it } from 'vitest';
import { needsTouch, sessionExpiresAt, sessionIsLive } from '../../shared/domain/session-expiry.js';

const limits = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 };
const t0 = 1_800_000_000;

describe('sessionIsLive', () => {
  it('ends a session 30 minutes after its last use', () => {
    expect(sessionIsLive({ createdAt: t0, lastSeenAt: t0 }, limits, t0 + 30 * 60 - 1)).toBe(true);
    expect(sessionIsLive({ createdAt: t0, lastSeenAt: t0 }, limits, t0 + 30 * 60)).toBe(false);
  });

  it('ends a session 12 hours after sign-in however busy it is', () => {
    const busy = { createdAt: t0, lastSeenAt: t0 + 12 * 3600 - 60 };
    expect(sessionIsLive(busy, limits, t0 + 12 * 3600 - 1)).toBe(true);
    expect(sessionIsLive(busy, limits, t0 + 12 * 3600)).toBe(false);
  });
});

describe('sessionExpiresAt', () => {
  it('is the earlier of the idle and the absolute deadline', () => {
    expect(sessionExpiresAt({ createdAt: t0, lastSeenAt: t0 }, limits)).toBe(t0 + 30 * 60);
    expect(sessionExpiresAt({ createdAt: t0, lastSeenAt: t0 + 12 * 3600 - 60 }, limits)).toBe(t0 + 12 * 3600);
  });
});

describe('needsTouch', () => {
  it('writes the last-seen time at most once a minute', () => {
    expect(needsTouch({ createdAt: t0, lastSeenAt: t0 }, t0 + 59)).toBe(false);
    expect(needsTouch({ createdAt: t0, lastSeenAt: t0 }, t0 + 60)).toBe(true);
  });
});
