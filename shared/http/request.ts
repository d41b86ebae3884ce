import type { APIGatewayProxyEventV2 } from 'aws-lambda';

// The parts of an API Gateway v2 event a route needs, decoded once. The local server builds the
// same events, so routes never see a difference between AWS and a laptop.

export interface PortalRequest {
  readonly routeKey: string;
  readonly path: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
  readonly body: string;
  readonly sourceIp: string;
  readonly requestId: string;
}

const parseCookies = (event: APIGatewayProxyEventV2): Record<string, string> => {
  // HTTP API (payload 2.0) splits the Cookie header into `cookies`; fall back to the header.
  const pairs = event.cookies ?? (event.headers?.cookie ? event.headers.cookie.split(';') : []);
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (name in out) continue;
    // Another site's cookie on the same host (or a browser extension) can hold anything; one that
    // cannot be decoded is not ours, and must not break the page.
    try {
      out[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // ignored
    }
  }
  return out;
};

export const toPortalRequest = (event: APIGatewayProxyEventV2): PortalRequest => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const body = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return {
    routeKey: event.routeKey,
    path: event.rawPath,
    pathParameters: Object.fromEntries(
      Object.entries(event.pathParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    query: Object.fromEntries(
      Object.entries(event.queryStringParameters ?? {}).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    ),
    headers,
    cookies: parseCookies(event),
    body,
    sourceIp: event.requestContext?.http?.sourceIp ?? '',
    requestId: event.requestContext?.requestId ?? '',
  };
};

/** An urlencoded form body as a plain record; a repeated field keeps its first value. */
export const formFields = (req: PortalRequest): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(req.body)) if (!(name in out)) out[name] = value;
  return out;
};

export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/**
 * The person's address. Behind CloudFront the source address is CloudFront's edge, shared by
 * everyone near it, so the viewer's comes from CloudFront-Viewer-Address ("address:port"),
 * trusted because the origin-verify header proved the request came through CloudFront; the
 * origin check refuses a request that lacks it (shared/http/middlewares.ts), so there is no
 * falling back to the edge's address. Locally, the socket's address.
 */
export const clientAddress = (req: PortalRequest, viaCloudFront: boolean): string =>
  viaCloudFront ? (req.headers[VIEWER_ADDRESS_HEADER] ?? '').replace(/:\d+$/, '') : req.sourceIp;
