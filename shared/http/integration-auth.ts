import type { Deps } from '../deps.js';
import { sha256 } from '../security/keyed-hash.js';
import { messages } from '../web/messages.js';
import { logger } from './logger.js';
import type { PortalRequest } from './request.js';
import { apiError, type PortalResponse } from './responses.js';
import { scopeOfRoute } from './route-table.js';
import type { RouteHandler } from './router.js';

// The Integration API's bearer key (API.md): every /api/v1 route is wrapped in `authorised`.
// Keys are looked up by their hash, so the table never holds one in clear. A missing, unknown or
// revoked key is 401; a key without the scope the route table gives this route is 403.

/** The key's id when the request may go on; else the 401 or 403 to send. */
const check = async (deps: Deps, req: PortalRequest): Promise<{ keyId: string } | PortalResponse> => {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '');
  const key = match?.[1] ? await deps.integrationKeys.find(sha256(match[1])) : undefined;
  if (!key || key.revokedAt) {
    return apiError(401, 'unauthorized', messages.api.unauthorized, undefined, {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  // A route missing from the scope table is refused rather than opened to every key.
  const scope = scopeOfRoute(req.routeKey);
  if (scope && key.scopes.includes(scope)) return { keyId: key.keyId };
  logger.info('Integration key lacks scope', { keyId: key.keyId, outcome: 'forbidden' });
  return apiError(403, 'forbidden', messages.api.forbidden(scope ?? req.routeKey), undefined, {
    // RFC 6750's answer for a valid token that lacks a scope.
    headers: { 'www-authenticate': `Bearer error="insufficient_scope"${scope ? `, scope="${scope}"` : ''}` },
  });
};

/** Wraps a route so that it runs only for requests carrying a valid key with the route's scope. */
export const integrationAuth =
  (deps: Deps) =>
  (route: RouteHandler): RouteHandler =>
  async (req) => {
    const checked = await check(deps, req);
    return 'keyId' in checked ? route(req) : checked;
  };

/** As integrationAuth, for a route that records which key acted (a discharge names it). */
export const integrationAuthWithKey =
  (deps: Deps) =>
  (route: (req: PortalRequest, keyId: string) => Promise<PortalResponse>): RouteHandler =>
  async (req) => {
    const checked = await check(deps, req);
    return 'keyId' in checked ? route(req, checked.keyId) : checked;
  };
