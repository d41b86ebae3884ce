import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientLimitState, clientNetwork } from '../../shared/domain/client-limit.js';

describe('clientNetwork', () => {
  it.each([
    ['192.0.2.10', '192.0.2.10'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['[2001:db8:1:2::9]', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2::198.51.100.7', '2001:db8:1:2::/64'],
  ])('counts %s as %s', (address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });

  it('gives every address of one /64 the same network, and a neighbouring /64 another', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }), (tail) => {
        const address = `2001:db8:aa:1:${tail.map((n) => n.toString(16)).join(':')}`;
        expect(clientNetwork(address)).toBe('2001:db8:aa:1::/64');
        expect(clientNetwork(address.replace(':aa:1:', ':aa:2:'))).not.toBe('2001:db8:aa:1::/64');
      }),
    );
  });

  it('never throws, whatever the edge sends', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof clientNetwork(s) === 'string'));
  });
});

describe('clientLimitState', () => {
  const limit = { maxFailures: 20, windowSeconds: 600 };
  const at = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 10, 23, hh, mm, ss) / 1000;

  it('lets a client under the limit try', () => {
    expect(clientLimitState([{ start: at(10, 3), failures: 19 }], at(10, 5), limit)).toEqual({
      limited: false,
    });
  });

  it('limits at the limit, until enough of the oldest failures leave the window', () => {
    const buckets = [
      { start: at(10, 3), failures: 12 },
      { start: at(10, 7), failures: 8 },
    ];
    expect(clientLimitState(buckets, at(10, 8), limit)).toEqual({ limited: true, retryAt: at(10, 14) });
    expect(clientLimitState(buckets, at(10, 13, 59), limit)).toMatchObject({ limited: true });
    expect(clientLimitState(buckets, at(10, 14), limit)).toEqual({ limited: false });
  });

  it('slides: 20 failures just before a clock window ends still count just after it', () => {
    const buckets = [{ start: at(10, 9), failures: 20 }];
    expect(clientLimitState(buckets, at(10, 10, 30), limit)).toMatchObject({ limited: true });
    expect(clientLimitState(buckets, at(10, 18), limit)).toMatchObject({ limited: true });
  });

  it('never lets more than the limit through in any window, however failures fall', () => {
    // Failures arrive one by one at increasing times; each is let through only when the state
    // says not limited. No window of 600 s may then hold more than the limit.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 200 }), (gaps) => {
        const small = { maxFailures: 5, windowSeconds: 600 };
        const bucket = 60;
        const counts = new Map<number, number>();
        const allowed: number[] = [];
        let now = at(9, 0);
        for (const gap of gaps) {
          now += gap;
          const buckets = [...counts].map(([start, failures]) => ({ start, failures }));
          if (clientLimitState(buckets, now, small).limited) continue;
          allowed.push(now);
          const start = now - (now % bucket);
          counts.set(start, (counts.get(start) ?? 0) + 1);
        }
        for (const t of allowed) {
          expect(allowed.filter((u) => u > t - small.windowSeconds && u <= t).length).toBeLessThanOrEqual(5);
        }
      }),
    );
  });
});
