import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/data/dynamo.js';
import { buildDeps, DepsNotWiredError, onlyWired, wireDeps, wireTodos } from '../../shared/deps.js';
import { staffWiring } from '../../shared/http/lambdas/staff.js';
import { testService } from '../support/portal-fixture.js';
import { fromPreparedServiceConfig } from '../../shared/config/prepared-service-config.js';
import { prepareServiceConfig } from '../../shared/config/service-config.js';

// A Lambda builds only the parts of Deps its routes use. A route that reaches for a part its
// Lambda does not wire must fail loudly (in every test that takes it), never get undefined.

const whole = () =>
  buildDeps({
    ...fromPreparedServiceConfig(prepareServiceConfig(testService())),
    // Never contacted: no test here sends a request.
    table: { db: documentClient('http://127.0.0.1:9'), name: 'unused' },
    hmacSecret: 'unit-test-hmac-secret-0123456789abcdef',
  });

describe('Deps wiring', () => {
  it('builds every part for the local runtime and the tests', () => {
    const deps = whole();
    expect(typeof deps.patients.create).toBe('function');
    expect(typeof deps.staffSessions).toBe('object');
  });

  it('gives a handler only its own wiring’s parts, and names a missing one when it is reached', () => {
    const staff = onlyWired(whole(), staffWiring);
    expect(staff.staffSessions).toBeDefined();
    expect(staff.service.id).toBe('test');
    expect(() => staff.signInAttempts).toThrow(DepsNotWiredError);
    expect(() => staff.signInAttempts).toThrow(/signInAttempts is not in this Lambda's wiring/);
  });

  it('builds only the wired parts from the core', () => {
    const { staffOidc: _, ...core } = whole();
    const deps = wireDeps(core, { todos: wireTodos });
    expect(typeof deps.todos).toBe('object');
    expect(() => deps.responses).toThrow(DepsNotWiredError);
  });
});
