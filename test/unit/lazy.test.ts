import { describe, expect, it } from 'vitest';
import { lazy, lazyUntilFailure } from '../../shared/lazy.js';

describe('lazy', () => {
  it('builds nothing until first asked, then builds once and keeps the value', () => {
    let builds = 0;
    const schema = lazy(() => ({ built: ++builds }));
    expect(builds).toBe(0);
    const first = schema();
    expect(schema()).toBe(first);
    expect(builds).toBe(1);
  });

  it('starts once for callers at the same time, keeps a success, and forgets a failure', async () => {
    let starts = 0;
    let fail = true;
    const load = lazyUntilFailure(async () => {
      starts++;
      if (fail) throw new Error('not reachable');
      return { loaded: starts };
    });
    await expect(Promise.all([load(), load()])).rejects.toThrow('not reachable');
    expect(starts).toBe(1);
    fail = false;
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(starts).toBe(2);
  });
});
