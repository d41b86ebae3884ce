import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type PortalRequest, toPortalRequest } from './request.js';
import type { PortalResponse } from './responses.js';
import { defaultRoute } from './route-table.js';

export type RouteHandler = (req: PortalRequest) => Promise<PortalResponse>;

export class RouteNotFoundError extends Error {
  override name = 'RouteNotFoundError';
  constructor(readonly routeKey: string) {
    super(`No handler for route ${routeKey}`);
  }
}

/**
 * A Lambda's router: API Gateway has already matched the path and put the route's key in the
 * event, so this is a lookup, not a second path matcher. `handlers` is typed by the route table
 * (RouteKeyOf<lambda>), so a route without a handler does not compile.
 */
export const dispatch =
  <K extends string>(handlers: Record<K, RouteHandler>) =>
  async (event: APIGatewayProxyEventV2): Promise<PortalResponse> => {
    // `$default` (defaultRoute) never has a handler: what no route matched is a 404.
    const handler =
      event.routeKey === defaultRoute.routeKey
        ? undefined
        : (handlers as Record<string, RouteHandler | undefined>)[event.routeKey];
    if (!handler) throw new RouteNotFoundError(event.routeKey);
    return handler(toPortalRequest(event));
  };
