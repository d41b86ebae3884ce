import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

// A counting HTTP proxy between the portal's Lambda handlers and DynamoDB Local. Every DynamoDB
// call is a POST whose X-Amz-Target header names the operation ("DynamoDB_20120810.GetItem"), so
// counting that header counts the requests exactly. Round trips are the longest chain of requests
// in which each one arrived after the previous one had been answered: two requests sent together
// (Promise.all) are one round trip, a request that waits for another's answer adds one. This is
// the depth of the critical path, whatever overlaps with it.
//
// The proxy also reads each request and answer (both small JSON documents) for what a request
// read: a Query's or Scan's Count (items returned) and ScannedCount (items read, which is what
// capacity is charged on), a GetItem's item (1 or 0), and the answer's size in bytes. A Query is
// told apart by the sort key it ranges over: the text up to the first '#' of the second value in
// its KeyConditionExpression (pk first, as every Query of shared/data writes it), so the due
// list's two Queries show as "APPT#" and "RESPONSE#".

/** One DynamoDB request as seen at the proxy. */
export interface DynamoRequest {
  readonly operation: string;
  /** Query only: the sort key's prefix the condition ranges over, e.g. "RESPONSE#". */
  readonly sortKeyPrefix: string | undefined;
  /** Items answered: Count (Query, Scan), 1 or 0 (GetItem); undefined for other operations. */
  readonly items: number | undefined;
  /** Items read before any filter: ScannedCount (Query, Scan), as `items` for GetItem. */
  readonly scanned: number | undefined;
  /** The answer's body, as received from DynamoDB Local. */
  readonly responseBytes: number;
  /** From its arrival to the end of DynamoDB Local's answer. */
  readonly ms: number;
}

export interface DynamoCounts {
  readonly byOperation: ReadonlyMap<string, number>;
  readonly roundTrips: number;
  /** Each request's time at the proxy, from its arrival to the end of DynamoDB Local's answer. */
  readonly msByOperation: ReadonlyMap<string, readonly number[]>;
  /** Every request, in order of arrival. */
  readonly requests: readonly DynamoRequest[];
}

interface Span {
  readonly operation: string;
  readonly start: number;
  end: number;
  sortKeyPrefix?: string;
  items?: number;
  scanned?: number;
  responseBytes: number;
}

type Json = Record<string, unknown>;

const parseJson = (body: Buffer): Json | undefined => {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
};

const decoded = (body: Buffer, encoding: string | undefined): Buffer => {
  try {
    if (encoding === 'gzip') return gunzipSync(body);
    if (encoding === 'deflate') return inflateSync(body);
    if (encoding === 'br') return brotliDecompressSync(body);
  } catch {
    return body;
  }
  return body;
};

/** "pk = :pk AND sk BETWEEN :from AND :to" with :from "RESPONSE#2026-11-20#" gives "RESPONSE#". */
const sortKeyPrefixOf = (query: Json | undefined): string | undefined => {
  const condition = query?.KeyConditionExpression;
  const values = query?.ExpressionAttributeValues as Record<string, { S?: unknown }> | undefined;
  if (typeof condition !== 'string' || !values) return undefined;
  const placeholder = condition.match(/:[A-Za-z0-9_]+/g)?.[1];
  const value = placeholder ? values[placeholder]?.S : undefined;
  if (typeof value !== 'string') return undefined;
  const hash = value.indexOf('#');
  return hash < 0 ? value : value.slice(0, hash + 1);
};

const readCounts = (span: Span, answer: Json | undefined) => {
  if (!answer) return;
  if (span.operation === 'Query' || span.operation === 'Scan') {
    if (typeof answer.Count === 'number') span.items = answer.Count;
    if (typeof answer.ScannedCount === 'number') span.scanned = answer.ScannedCount;
  } else if (span.operation === 'GetItem') {
    span.items = span.scanned = answer.Item ? 1 : 0;
  }
};

export interface CountingProxy {
  /** Starts listening and forwards to `target`; returns the proxy's own endpoint. */
  start(target: string): Promise<string>;
  /** The counts since the last reset, then starts counting from zero. */
  take(): DynamoCounts;
  stop(): Promise<void>;
}

const longestChain = (spans: readonly Span[]): number => {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  sorted.forEach((span, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      if ((sorted[j]?.end ?? Number.POSITIVE_INFINITY) <= span.start)
        before = Math.max(before, depth[j] ?? 0);
    }
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
};

export const countingProxy = (): CountingProxy => {
  let byOperation = new Map<string, number>();
  let spans: Span[] = [];
  let target: URL | undefined;
  const upstreamAgent = new Agent({ keepAlive: true });

  const server = createServer((req, res) => {
    const header = req.headers['x-amz-target'];
    const operation = (Array.isArray(header) ? header[0] : header)?.split('.').pop() ?? '(no target)';
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    const span: Span = {
      operation,
      start: performance.now(),
      end: Number.POSITIVE_INFINITY,
      responseBytes: 0,
    };
    spans.push(span);
    const sent: Buffer[] = [];
    if (operation === 'Query') req.on('data', (chunk: Buffer) => sent.push(chunk));
    req.once('end', () => {
      if (operation === 'Query') span.sortKeyPrefix = sortKeyPrefixOf(parseJson(Buffer.concat(sent)));
    });
    const finish = () => {
      span.end = Math.min(span.end, performance.now());
    };
    res.once('finish', finish);
    res.once('close', finish);

    if (!target) {
      res.writeHead(502).end();
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: upstreamAgent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const received: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          received.push(chunk);
          span.responseBytes += chunk.length;
        });
        answer.once('end', () => {
          const encoding = answer.headers['content-encoding'];
          readCounts(span, parseJson(decoded(Buffer.concat(received), encoding)));
        });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  return {
    start: (to) =>
      new Promise((done, fail) => {
        target = new URL(to);
        server.once('error', fail);
        server.listen(0, '127.0.0.1', () => {
          done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        });
      }),
    take: () => {
      const msByOperation = new Map<string, number[]>();
      for (const span of spans) {
        msByOperation.set(span.operation, [
          ...(msByOperation.get(span.operation) ?? []),
          span.end - span.start,
        ]);
      }
      const requests = spans.map((span): DynamoRequest => ({
        operation: span.operation,
        sortKeyPrefix: span.sortKeyPrefix,
        items: span.items,
        scanned: span.scanned,
        responseBytes: span.responseBytes,
        ms: span.end - span.start,
      }));
      const counts = { byOperation, roundTrips: longestChain(spans), msByOperation, requests };
      byOperation = new Map();
      spans = [];
      return counts;
    },
    stop: () =>
      new Promise((done) => {
        upstreamAgent.destroy();
        if (!server.listening) return done();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
