import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrationScopes, parseScopes } from '../../shared/domain/integration-scopes.js';
import { integrationRouteScopes, routeKey, routes } from '../../shared/http/route-table.js';

describe('parseScopes', () => {
  it('reads a comma- or space-separated list in canonical order, without duplicates', () => {
    expect(parseScopes('responses:read, patients:write,responses:read')).toEqual({
      ok: true,
      scopes: ['patients:write', 'responses:read'],
    });
  });

  it('reads "all" as every scope, reports:read included', () => {
    expect(parseScopes('all')).toEqual({ ok: true, scopes: [...integrationScopes] });
    expect(integrationScopes).toContain('reports:read');
  });

  it('refuses the whole list when one name is unknown, naming it', () => {
    expect(parseScopes('patients:write,patients:read')).toEqual({
      ok: false,
      problem: 'unknown',
      unknown: ['patients:read'],
    });
    expect(parseScopes(' , ')).toEqual({ ok: false, problem: 'none' });
  });

  it('gives scopes it knows or a problem for any input, never a crash', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const result = parseScopes(input);
        if (result.ok) for (const s of result.scopes) expect(integrationScopes).toContain(s);
      }),
    );
  });
});

describe('integration route scopes', () => {
  it('gives every /api/v1 route of the route table exactly one scope, and no other route any', () => {
    const integrationRoutes = routes
      .filter(
        (r) =>
          r.lambda === 'integration' ||
          r.lambda === 'integration-records' ||
          r.lambda === 'integration-reports',
      )
      .map(routeKey);
    expect(integrationRoutes.every((k) => k.split(' ')[1]?.startsWith('/api/v1/'))).toBe(true);
    expect(Object.keys(integrationRouteScopes).sort()).toEqual([...integrationRoutes].sort());
    for (const scope of Object.values(integrationRouteScopes)) expect(integrationScopes).toContain(scope);
  });
});
