// What an integration key may do. Each /api/v1 route needs exactly one scope (the mapping is in
// shared/http/route-table.ts), so an EPR that only books appointments can be given a key that
// cannot read questionnaire answers.

export const integrationScopes = [
  'patients:write',
  'appointments:write',
  'responses:read',
  'reports:read',
] as const;
export type IntegrationScope = (typeof integrationScopes)[number];

export const isIntegrationScope = (value: string): value is IntegrationScope =>
  (integrationScopes as readonly string[]).includes(value);

export type ParsedScopes =
  | { readonly ok: true; readonly scopes: IntegrationScope[] }
  | { readonly ok: false; readonly problem: 'none' }
  | { readonly ok: false; readonly problem: 'unknown'; readonly unknown: string[] };

/**
 * A comma- or space-separated list as an admin types it (`patients:write,responses:read`), or
 * `all`. Duplicates collapse; the result is in the canonical order above. One unknown name
 * refuses the whole list: a typo must not leave a key quietly short of what was meant.
 */
export const parseScopes = (list: string): ParsedScopes => {
  const names = list.split(/[\s,]+/).filter((n) => n !== '');
  if (names.length === 0) return { ok: false, problem: 'none' };
  if (names.length === 1 && names[0] === 'all') return { ok: true, scopes: [...integrationScopes] };
  const unknown = names.filter((n) => !isIntegrationScope(n));
  if (unknown.length > 0) return { ok: false, problem: 'unknown', unknown };
  return { ok: true, scopes: integrationScopes.filter((s) => names.includes(s)) };
};
