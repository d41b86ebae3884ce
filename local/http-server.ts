import type { BrandFile } from '../shared/config/brand-files.js';
import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { PortalHandler } from '../shared/http/portal-handler.js';
import {
  defaultRoute,
  type LambdaName,
  type RouteSpec,
  routeKey,
  routes,
} from '../shared/http/route-table.js';
import { assetSources } from '../shared/web/assets.js';

// The HTTP API, emulated: match the request against the same route table the stack gives API
// Gateway, build the payload-2.0 event API Gateway would send, and call the handler the Lambda
// exports. /assets/ is served from node_modules, as S3 serves it behind CloudFront.

export type Handlers = Record<LambdaName, PortalHandler>;

interface CompiledRoute {
  readonly route: RouteSpec;
  readonly pattern: RegExp;
  readonly params: string[];
}

const compile = (route: RouteSpec): CompiledRoute => {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), params };
};

const compiled = routes.map(compile);

/** The route API Gateway would pick: its Lambda, the event's routeKey, the path parameters. */
export interface MatchedRoute {
  readonly lambda: LambdaName;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

export const matchRoute = (method: string, path: string): MatchedRoute => {
  for (const c of compiled) {
    if (c.route.method !== method) continue;
    const m = c.pattern.exec(path);
    if (!m) continue;
    const pathParameters = Object.fromEntries(
      c.params.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]),
    );
    return { lambda: c.route.lambda, routeKey: routeKey(c.route), pathParameters };
  }
  // As in AWS: whatever no route matches, a known path with another method included, goes to
  // the $default route.
  return { lambda: defaultRoute.lambda, routeKey: defaultRoute.routeKey, pathParameters: {} };
};

const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // API Gateway refuses payloads over 10 MB; refuse earlier here rather than hold them.
      if (size > limit) {
        fail(new Error('payload too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });

/** A request as the emulated API Gateway sees it, whatever delivered it (a socket, a test). */
export interface PlainRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-case names; the Cookie header is split into `cookies` as payload 2.0 does. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly sourceIp: string;
}

export const toEvent = (req: PlainRequest, matched: MatchedRoute): APIGatewayProxyEventV2 => {
  const { cookie, ...headers } = req.headers;
  const cookies = cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const query = req.url.searchParams.size ? Object.fromEntries(req.url.searchParams) : undefined;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: matched.routeKey,
    rawPath: req.url.pathname,
    rawQueryString: req.url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(matched.pathParameters).length ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: req.url.host,
      domainPrefix: 'local',
      http: {
        method: req.method,
        path: req.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: matched.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    // API Gateway base64-encodes bodies it does not know to be text; handlers decode either way.
    ...(req.body.length
      ? { body: req.body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
};

const fromSocket = (req: IncomingMessage, url: URL, body: Buffer): PlainRequest => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    method: req.method ?? 'GET',
    url,
    headers,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
  };
};

export const lambdaContext = (lambda: LambdaName, requestId: string): Context =>
  ({
    callbackWaitsForEmptyEventLoop: false,
    functionName: lambda,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${lambda}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${lambda}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

const serveAsset = (root: string, path: string, res: ServerResponse): boolean => {
  let file: string | undefined;
  if (path === assetSources.stylesheet.url) file = resolve(root, assetSources.stylesheet.file);
  else if (path === assetSources.portalStylesheet.url)
    file = resolve(root, assetSources.portalStylesheet.file);
  else if (path.startsWith(`${assetSources.folder.url}/`)) {
    const dir = resolve(root, assetSources.folder.dir);
    const candidate = normalize(join(dir, path.slice(assetSources.folder.url.length)));
    if (candidate.startsWith(`${dir}/`)) file = candidate;
  }
  if (!file) return false;
  try {
    if (!statSync(file).isFile()) return false;
  } catch {
    return false;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=3600',
  });
  createReadStream(file).pipe(res);
  return true;
};

const MAX_BODY_BYTES = 1024 * 1024;

/** Local-only pages outside the route table (the SMS outbox): true when it answered. */
export type LocalPages = { serve?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean };

/** A branded service's stylesheet and logo, as the stack publishes them (shared/config/brand-files.ts). */
const serveBrandFile = (files: readonly BrandFile[], path: string, res: ServerResponse): boolean => {
  const file = files.find((f) => f.url === path);
  if (!file) return false;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=3600',
  });
  res.end(file.contents);
  return true;
};

export const createLocalServer = (
  handlers: Handlers,
  root: string,
  localPages: LocalPages = {},
  brandFiles: readonly BrandFile[] = [],
): Server =>
  createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      if (req.method === 'GET' && serveBrandFile(brandFiles, url.pathname, res)) return;
      if (req.method === 'GET' && url.pathname.startsWith('/assets/') && serveAsset(root, url.pathname, res))
        return;
      if (localPages.serve?.(req, res, url)) return;
      const matched = matchRoute(req.method ?? 'GET', url.pathname);
      const event = toEvent(fromSocket(req, url, await readBody(req, MAX_BODY_BYTES)), matched);
      const result = await handlers[matched.lambda](
        event,
        lambdaContext(matched.lambda, event.requestContext.requestId),
      );
      const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode, headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (e) {
      // What API Gateway answers when the integration fails.
      console.error('local server: request failed:', (e as Error).name);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"Internal Server Error"}');
    }
  });
