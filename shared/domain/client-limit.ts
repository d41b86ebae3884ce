// The per-client sign-in limit (DESIGN.md, "Lock-out": about 20 failures per 10 minutes). It is
// a soft limit beside the per-Secure-ID lock, so it must never lock out the innocent: clinics and
// mobile networks put many patients behind one address. Two rules follow:
// - a client is a network, not an address: IPv6 clients are counted by their /64 prefix (one
//   home or phone gets a whole /64, and can pick any address in it);
// - only failures count, and they are counted once they have happened, never while in flight.

/**
 * The network a client address belongs to, as the counter's name: an IPv4 address as it is, an
 * IPv6 address as its /64 prefix (`2001:db8:1:2::/64`), an IPv4-mapped IPv6 address as IPv4.
 * Anything else (a test's made-up source) is taken as it is.
 */
export const clientNetwork = (address: string): string => {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (!bare.includes(':')) return bare;
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const groups = expandIpv6(bare);
  if (!groups) return bare;
  return `${groups.slice(0, 4).join(':')}::/64`;
};

/** The eight groups of an IPv6 address, without leading zeros, or undefined if it is not one. */
const expandIpv6 = (text: string): string[] | undefined => {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  let head = part(halves[0]);
  let tail = part(halves[1]);
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  if (last?.includes('.')) {
    const octets = last.split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    const v4 = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (halves.length === 2) tail = [...tail.slice(0, -1), ...v4];
    else head = [...head.slice(0, -1), ...v4];
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array.from({ length: missing }, () => '0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
};

export interface ClientLimit {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

/**
 * Failures are kept in buckets of a tenth of the window, so the window slides: at any moment the
 * count covers the last `windowSeconds`, not a fixed clock window that a client could straddle to
 * get twice the limit (20 failures at 10:09 and 20 more at 10:10). A bucket is counted while any
 * part of it is inside the window, which errs on the side of counting a failure a little longer,
 * never of forgetting one early.
 */
export const bucketSeconds = (windowSeconds: number): number => Math.max(1, Math.floor(windowSeconds / 10));

export const bucketStartOf = (now: number, windowSeconds: number): number =>
  now - (now % bucketSeconds(windowSeconds));

/** The earliest bucket start still counted at `now`. */
export const earliestCountedBucket = (now: number, windowSeconds: number): number =>
  bucketStartOf(now - windowSeconds, windowSeconds);

export interface FailureBucket {
  /** Epoch seconds. */
  readonly start: number;
  readonly failures: number;
}

export type ClientLimitState =
  { readonly limited: false } | { readonly limited: true; readonly retryAt: number };

/**
 * Whether a client may have another attempt compared, given its failure buckets. When limited,
 * `retryAt` is when enough of the oldest buckets have left the window to bring the count under
 * the limit. Example (limit 20, 10-minute window, 1-minute buckets): 12 failures at 10:03 and 8 at
 * 10:07 -> limited until 10:14, when the 10:03 bucket leaves and 8 remain.
 */
export const clientLimitState = (
  buckets: readonly FailureBucket[],
  now: number,
  limit: ClientLimit,
): ClientLimitState => {
  const from = earliestCountedBucket(now, limit.windowSeconds);
  const counted = buckets.filter((b) => b.start >= from && b.failures > 0).sort((a, b) => a.start - b.start);
  let total = counted.reduce((sum, b) => sum + b.failures, 0);
  if (total < limit.maxFailures) return { limited: false };
  const size = bucketSeconds(limit.windowSeconds);
  for (const bucket of counted) {
    total -= bucket.failures;
    if (total < limit.maxFailures)
      return { limited: true, retryAt: bucket.start + size + limit.windowSeconds };
  }
  return { limited: true, retryAt: now + limit.windowSeconds };
};
