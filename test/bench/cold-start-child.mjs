import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

// One cold start, run by cold-start.ts in a fresh `node`: import a built Lambda bundle, hand its
// handler one API Gateway v2 event, and report on fd 3 (stdout belongs to the function's logs).
// performance.now() counts from this process's start, so `startedMs` is Node's own boot time.
// Plain JavaScript on purpose: no TypeScript loader may add to what is measured.

const startedMs = performance.now();
const [bundle, eventJson] = process.argv.slice(2);
const event = JSON.parse(eventJson);
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: event.requestContext.requestId,
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

const { handler } = await import(pathToFileURL(bundle).href);
const importedMs = performance.now();
const response = await handler(event, context);
const answeredMs = performance.now();
const { rss, heapUsed } = process.memoryUsage();
writeSync(
  3,
  `${JSON.stringify({
    status: response?.statusCode,
    startedMs,
    importMs: importedMs - startedMs,
    handlerMs: answeredMs - importedMs,
    rss,
    heapUsed,
  })}\n`,
);
