import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Deps } from '../deps.js';
import { messages } from '../web/messages.js';
import { ProblemPage } from '../web/pages/problem.js';
import { logger } from './logger.js';
import { apiError, htmlPage, type PortalResponse } from './responses.js';
import { RouteNotFoundError } from './router.js';

type PortalMiddleware = MiddlewareObj<APIGatewayProxyEventV2, PortalResponse>;

const isApi = (event: APIGatewayProxyEventV2) => (event.rawPath ?? '').startsWith('/api/');

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Requests must come through CloudFront (where WAF and the security headers are), not straight
 * to the execute-api URL: CloudFront adds a secret header that nobody else knows.
 */
export const requireOriginSecret = (deps: Deps): PortalMiddleware => ({
  before: async (request) => {
    const expected = deps.originVerifySecret;
    if (!expected) return;
    const got = request.event.headers?.['x-origin-verify'];
    if (!got || !sameSecret(got, expected)) {
      logger.warn('Request without the origin-verify header refused');
      return apiError(403, 'forbidden', 'Use the portal address.');
    }
  },
});

const SECURITY_HEADERS: Record<string, string> = {
  // Pages use no inline script or style; the NHS font comes from assets.nhs.uk where allowed.
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; font-src 'self' https://assets.nhs.uk; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // Pages and answers carry personal data: no shared or browser cache may keep them.
  'cache-control': 'no-store',
};

/**
 * The CSP with more places forms may lead to. Browsers apply form-action to the redirects after a
 * post too, so the staff console's sign-out form (which ends at the identity provider's sign-out
 * endpoint) needs the provider's origin here.
 */
export const contentSecurityPolicyAllowingForms = (origins: readonly string[]): string =>
  (SECURITY_HEADERS['content-security-policy'] ?? '').replace(
    "form-action 'self'",
    ["form-action 'self'", ...origins].join(' '),
  );

export const securityHeaders = (): PortalMiddleware => ({
  after: async (request) => {
    const response = request.response;
    if (response) response.headers = { ...SECURITY_HEADERS, ...response.headers };
  },
});

/**
 * The one error mapper at the edge. Routes return expected outcomes (400, 401, 409) as responses;
 * what reaches here is unexpected: logged with its name and the request id, and answered with a
 * generic page or body that carries the id as a reference.
 */
export const errorResponses = (deps: Deps): PortalMiddleware => ({
  onError: async (request) => {
    const { event, error } = request;
    const reference = event.requestContext?.requestId ?? '';
    if (error instanceof RouteNotFoundError) {
      logger.info('No route', { routeKey: error.routeKey });
      request.response = isApi(event)
        ? apiError(404, 'not_found', messages.api.notFound)
        : htmlPage(404, ProblemPage({ service: deps.service, kind: 'not-found' }));
    } else {
      logger.error('Unhandled error', { errorName: error?.name, reference, error });
      request.response = isApi(event)
        ? apiError(500, 'internal', `${messages.api.internal} Reference: ${reference}`)
        : htmlPage(500, ProblemPage({ service: deps.service, kind: 'internal', reference }));
    }
    if (request.response) request.response.headers = { ...SECURITY_HEADERS, ...request.response.headers };
  },
});
