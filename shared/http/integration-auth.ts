import type { Deps } from '../deps.js';
import { sha256 } from '../security/keyed-hash.js';
import { messages } from '../web/messages.js';
import type { PortalRequest } from './request.js';
import { apiError, type PortalResponse } from './responses.js';
import type { RouteHandler } from './router.js';

// The Integration API's bearer key (API.md): every /api/v1 route is wrapped in `authorised`.
// Keys are looked up by their hash, so the table never holds one in clear.

/** Undefined when the request may go on; else the 401 to send. */
const refuseWithoutKey = async (deps: Deps, req: PortalRequest): Promise<PortalResponse | undefined> => {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '');
  const key = match?.[1] ? await deps.integrationKeys.find(sha256(match[1])) : undefined;
  if (key) return undefined;
  return apiError(401, 'unauthorized', messages.api.unauthorized, undefined, {
    headers: { 'www-authenticate': 'Bearer' },
  });
};

/** Wraps a route so that it runs only for requests carrying a valid integration key. */
export const integrationAuth =
  (deps: Deps) =>
  (route: RouteHandler): RouteHandler =>
  async (req) =>
    (await refuseWithoutKey(deps, req)) ?? route(req);
