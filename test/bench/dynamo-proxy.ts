import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

// A counting HTTP proxy between the portal's Lambda handlers and DynamoDB Local. Every DynamoDB
// call is a POST whose X-Amz-Target header names the operation ("DynamoDB_20120810.GetItem"), so
// counting that header counts the requests exactly. Round trips are the longest chain of requests
// in which each one arrived after the previous one had been answered: two requests sent together
// (Promise.all) are one round trip, a request that waits for another's answer adds one. This is
// the depth of the critical path, whatever overlaps with it.

export interface DynamoCounts {
  readonly byOperation: ReadonlyMap<string, number>;
  readonly roundTrips: number;
  /** Each request's time at the proxy, from its arrival to the end of DynamoDB Local's answer. */
  readonly msByOperation: ReadonlyMap<string, readonly number[]>;
}

interface Span {
  readonly operation: string;
  readonly start: number;
  end: number;
}

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
    const span: Span = { operation, start: performance.now(), end: Number.POSITIVE_INFINITY };
    spans.push(span);
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
      const counts = { byOperation, roundTrips: longestChain(spans), msByOperation };
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
