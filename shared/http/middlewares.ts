import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Deps } from '../deps.js';
import { messages } from '../web/messages.js';
import { ProblemPage } from '../web/pages/problem.js';
import { logger } from './logger.js';
import { VIEWER_ADDRESS_HEADER } from './request.js';
import { apiError, htmlPage, type PortalResponse } from './responses.js';
import { RouteNotFoundError } from './router.js';
import { isUnavailable } from '../data/dynamo.js';

type PortalMiddleware = MiddlewareObj<APIGatewayProxyEventV2, PortalResponse>;

const isApi = (event: APIGatewayProxyEventV2) => {
  const path = event.rawPath ?? '';
  return path === '/api' || path.startsWith('/api/');
};

/**
 * Requests must come through CloudFront (where WAF and the security headers are), not straight
 * to the execute-api URL: CloudFront adds a secret header that nobody else knows.
 */
export const requireOriginSecret = (deps: Deps): PortalMiddleware => ({
  before: async (request) => {
    const expected = deps.originVerifySecret;
    if (!expected) return;
    const headers = request.event.headers ?? {};
    const got = headers['x-origin-verify'];
    // Current or, during a rotation, previous (shared/security/secrets.ts).
    if (!got || !(await expected.accepts(got))) {
      logger.warn('Request without the origin-verify header refused');
      return apiError(403, 'forbidden', messages.api.usePortalAddress);
    }
    // CloudFront always adds the viewer's address; without it the per-client limit would count
    // the edge's address, shared by everyone near it. Refuse rather than guess.
    if (!headers[VIEWER_ADDRESS_HEADER]) {
      logger.warn('Request without the viewer address refused');
      return apiError(403, 'forbidden', messages.api.usePortalAddress);
    }
  },
});

/** Form posts are small: a sign-in or a questionnaire is well under these. */
export const FORM_LIMITS = { maxBytes: 16 * 1024, maxFields: 100 } as const;

const isFormPost = (event: APIGatewayProxyEventV2) =>
  (event.headers?.['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/**
 * Refuses an oversized form post before any route parses it: over 16 KiB is 413, over 100
 * fields 400, each with the NHS error page. Counting separators is all the parsing it does.
 */
export const formLimits = (deps: Deps): PortalMiddleware => ({
  before: async (request) => {
    const { event } = request;
    if (!isFormPost(event) || !event.body) return;
    const bytes = event.isBase64Encoded
      ? Math.floor((event.body.length * 3) / 4)
      : Buffer.byteLength(event.body);
    if (bytes > FORM_LIMITS.maxBytes) {
      logger.info('Form refused', { outcome: 'too-large', bytes });
      return htmlPage(413, ProblemPage({ service: deps.service, kind: 'form-too-large' }), {
        headers: SECURITY_HEADERS,
      });
    }
    const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('latin1') : event.body;
    let fields = 1;
    for (let i = body.indexOf('&'); i !== -1 && fields <= FORM_LIMITS.maxFields; i = body.indexOf('&', i + 1))
      fields++;
    if (fields > FORM_LIMITS.maxFields) {
      logger.info('Form refused', { outcome: 'too-many-fields' });
      return htmlPage(400, ProblemPage({ service: deps.service, kind: 'form-too-many-fields' }), {
        headers: SECURITY_HEADERS,
      });
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
    } else if (isUnavailable(error)) {
      // The store did not answer in time: nothing was decided, so the person may send it again.
      // A warning: the outage is the store's, and the DynamoDB and 5xx alarms speak for it.
      logger.warn('Store unavailable', { reference, error: { name: error?.name } });
      request.response = isApi(event)
        ? apiError(503, 'service_unavailable', `${messages.api.unavailable} Reference: ${reference}`)
        : htmlPage(503, ProblemPage({ service: deps.service, kind: 'unavailable', reference }));
    } else {
      // Name, message and status only: a whole error object can carry the request, the item or
      // the answers it was about (an SDK error holds its command's input).
      logger.error('Unhandled error', {
        reference,
        error: {
          name: error?.name,
          message: error?.message,
          statusCode:
            (error as { statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata
              ?.httpStatusCode ?? (error as { statusCode?: unknown } | null)?.statusCode,
        },
      });
      request.response = isApi(event)
        ? apiError(500, 'internal', `${messages.api.internal} Reference: ${reference}`)
        : htmlPage(500, ProblemPage({ service: deps.service, kind: 'internal', reference }));
    }
    if (request.response) request.response.headers = { ...SECURITY_HEADERS, ...request.response.headers };
  },
});
