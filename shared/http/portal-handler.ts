import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Deps } from '../deps.js';
import { markFault, traceInvocations } from '../observability/tracing.js';
import { logger } from './logger.js';
import { errorResponses, formLimits, requireOriginSecret, securityHeaders } from './middlewares.js';
import type { PortalResponse } from './responses.js';
import type { LambdaName, RouteKeyOf } from './route-table.js';
import { dispatch, type RouteHandler } from './router.js';

/**
 * Every log line of a request carries API Gateway's request id as `correlationId`: the reference
 * the error page shows a patient, so a call to the service finds its lines (docs/runbook.md).
 * Added per invocation; injectLambdaContext's resetKeys clears it for the next.
 */
const correlationId = (): middy.MiddlewareObj<APIGatewayProxyEventV2, PortalResponse> => ({
  before: (request) => {
    const id = request.event.requestContext?.requestId;
    if (id) logger.appendKeys({ correlationId: id });
  },
});

export type PortalHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<PortalResponse>;

/**
 * Every HTTP Lambda is this middy stack around its routes: log context (no event logging), the
 * origin check, security headers, and the error mapper. Only the routes differ between Lambdas.
 * The business metrics the request emitted are written once it is answered, whatever the answer
 * (outside middy: an error mapper that answers ends middy's onError chain early). Around it all,
 * the invocation's X-Ray subsegment (shared/observability/tracing.ts).
 */
export const portalHandler = <L extends LambdaName>(
  deps: Deps,
  routes: Record<RouteKeyOf<L>, RouteHandler>,
): PortalHandler => {
  const handle = middy<APIGatewayProxyEventV2, PortalResponse>()
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(correlationId())
    .use(requireOriginSecret(deps))
    .use(formLimits(deps))
    .use(securityHeaders())
    .use(errorResponses(deps))
    .handler(dispatch(routes)) as unknown as PortalHandler;
  return traceInvocations(async (event, context) => {
    try {
      const response = await handle(event, context);
      // The error mapper answered an error: the trace shows the invocation as a fault all the same.
      if (response.statusCode >= 500) markFault();
      return response;
    } finally {
      await deps.metrics.flush();
    }
  });
};
