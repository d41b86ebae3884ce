import { describe, expect, it } from 'vitest';
import { lockStateAt } from '../../shared/domain/lockout.js';

const t0 = 1_800_000_000;
const MIN = 60;

describe('lockStateAt', () => {
  it('lets a fifth attempt through after four failures', () => {
    expect(lockStateAt(4, t0, t0)).toEqual({ locked: false });
  });

  it('locks for 15 minutes at 5 failures, then lets one attempt through', () => {
    expect(lockStateAt(5, t0, t0 + 14 * MIN)).toEqual({
      locked: true,
      reason: 'locked',
      retryAt: t0 + 15 * MIN,
    });
    expect(lockStateAt(5, t0, t0 + 15 * MIN)).toEqual({ locked: false });
  });

  it('does not lock between tiers', () => {
    expect(lockStateAt(6, t0, t0)).toEqual({ locked: false });
    expect(lockStateAt(9, t0, t0)).toEqual({ locked: false });
  });

  it('locks for an hour at 10 and a day at 15', () => {
    expect(lockStateAt(10, t0, t0 + 59 * MIN)).toMatchObject({ locked: true, retryAt: t0 + 60 * MIN });
    expect(lockStateAt(10, t0, t0 + 60 * MIN)).toEqual({ locked: false });
    expect(lockStateAt(15, t0, t0 + 23 * 60 * MIN)).toMatchObject({
      locked: true,
      retryAt: t0 + 24 * 60 * MIN,
    });
    expect(lockStateAt(15, t0, t0 + 24 * 60 * MIN)).toEqual({ locked: false });
  });

  it('disables the Secure ID at 20 failures, however long ago', () => {
    expect(lockStateAt(20, t0, t0 + 365 * 24 * 60 * MIN)).toEqual({ locked: true, reason: 'disabled' });
  });
});
