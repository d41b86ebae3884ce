import { describe, expect, it } from 'vitest';
import { lazy } from '../../shared/lazy.js';

describe('lazy', () => {
  it('builds nothing until first asked, then builds once and keeps the value', () => {
    let builds = 0;
    const schema = lazy(() => ({ built: ++builds }));
    expect(builds).toBe(0);
    const first = schema();
    expect(schema()).toBe(first);
    expect(builds).toBe(1);
  });
});
