// Escalating lock-out per Secure ID (DESIGN.md, "Lock-out"): 5 consecutive failures lock it for
// 15 minutes, 10 for an hour, 15 for 24 hours; at 20 it stays disabled until staff issue a new
// one. A success resets the count. The lock is derived from the count and the time of the last
// failure, so there is no second write that a crash could leave undone: whoever reaches a tier
// has locked the ID by reaching it.

export interface LockoutTier {
  readonly failures: number;
  readonly lockSeconds: number;
}

export const LOCKOUT_TIERS: readonly LockoutTier[] = [
  { failures: 5, lockSeconds: 15 * 60 },
  { failures: 10, lockSeconds: 60 * 60 },
  { failures: 15, lockSeconds: 24 * 60 * 60 },
];
export const DISABLED_AT_FAILURES = 20;

export type LockState =
  | { readonly locked: false }
  | { readonly locked: true; readonly reason: 'locked'; readonly retryAt: number }
  | { readonly locked: true; readonly reason: 'disabled' };

/**
 * Whether another attempt may be compared, given `failures` consecutive failures, the last at
 * `lastFailureAt` (epoch seconds). Example: 5 failures, the fifth at 10:00 -> locked until 10:15;
 * at 10:15 one more attempt is compared; if it fails (6) the next is compared at once, and so on
 * up to 10, which locks until an hour after the tenth.
 */
export const lockStateAt = (failures: number, lastFailureAt: number, now: number): LockState => {
  if (failures >= DISABLED_AT_FAILURES) return { locked: true, reason: 'disabled' };
  const tier = LOCKOUT_TIERS.find((t) => t.failures === failures);
  if (tier && now < lastFailureAt + tier.lockSeconds) {
    return { locked: true, reason: 'locked', retryAt: lastFailureAt + tier.lockSeconds };
  }
  return { locked: false };
};
