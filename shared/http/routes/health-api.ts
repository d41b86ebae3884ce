import type { Deps } from '../../deps.js';
import { checkHealth } from '../../health/check-health.js';
import { messages } from '../../web/messages.js';
import { logger } from '../logger.js';
import { apiError, json } from '../responses.js';
import type { RouteHandler } from '../router.js';

// GET /api/health (API.md "Operations"), for the synthetic check. It says ok or unavailable and
// nothing else: no versions, names, timings or error text, since anyone can call it. The 503 also
// carries the project's error shape, so clients that read `error` everywhere need no special case.
// Never cached: the security headers (middlewares.ts) add `cache-control: no-store` to it, and
// CloudFront's default behaviour caches nothing, so each check reaches the table.

export const healthApi = (deps: Deps) => {
  const get: RouteHandler = async () => {
    const health = await checkHealth(deps);
    if (health.ok) return json(200, { status: 'ok' });
    logger.warn('Health check failed', { failed: health.failed, errorName: health.errorName });
    return apiError(503, 'unavailable', messages.api.unavailable, undefined, {
      alongside: { status: 'unavailable' },
    });
  };
  return { get };
};
