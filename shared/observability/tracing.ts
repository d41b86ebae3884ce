import { existsSync } from 'node:fs';
import type { Tracer } from '@aws-lambda-powertools/tracer';
// Imported, not `await import`ed: a dynamic import of a bundled module gives it esbuild's lazy
// initialiser (infra/bundling.ts esbuildOptionsOf), and every Lambda has middy already.
import middy from '@middy/core';

// The Powertools tracer in every Lambda (issue 15, item 1): each invocation gets a `## <handler>`
// subsegment with the ColdStart and Service annotations, and each AWS SDK call a subsegment of its
// own (DynamoDB, SES, SNS, SQS, KMS), so a slow page shows which call made it slow. Never the
// response as metadata, and an error only as a flag (POWERTOOLS_TRACER_CAPTURE_ERROR=false, set by
// PortalFunction): pages and answers carry personal data, and the logs hold the error. The X-Ray SDK
// records only the whitelisted request parameters of a call (table, index, queue URL), never keys
// or items, but it records a failed call's error message whole, and SES and SNS name the recipient
// in theirs ("Email address is not verified: <address>", "Invalid parameter: PhoneNumber"): so the
// SES and SNS clients are never traced (shared/messaging-deps.ts); the notify invocation's own
// subsegment still shows their time. test/integration/tracing.test.ts reads what is sent.
//
// The tracer, with the X-Ray SDK, is about 28 KiB gzipped: bundled, it would take the largest
// Lambdas over the 130 KiB limit. So it is bundled on its own into one file that ships beside every
// Lambda's bundle (TRACER_FILE, built by infra/bundling.ts `buildTracerFile`), and imported during
// the cold start, beside the secret fetch, only where it can trace: in Lambda (AWS_EXECUTION_ENV)
// unless POWERTOOLS_TRACE_ENABLED=false. The local portal and the tests that do not ask never
// import it. Clients made before it loads stay untraced; createDeps and the reminder functions load
// it before they make theirs.

/** The pre-bundled tracer's name beside a Lambda's index.mjs. */
export const TRACER_FILE = 'powertools-tracer.mjs';

/**
 * The file beside the bundle in a Lambda (and the benchmark's bundles), else the module itself
 * (the sources, run by tsx and vitest). Both are URLs made at run time, never a literal, so
 * esbuild leaves the import alone instead of pulling the X-Ray SDK into the bundle.
 */
const importTracer = (): Promise<typeof import('./powertools-tracer.js')> => {
  const besideBundle = new URL(`./${TRACER_FILE}`, import.meta.url);
  const inSources = new URL('./powertools-tracer.ts', import.meta.url);
  return import(/* @vite-ignore */ (existsSync(besideBundle) ? besideBundle : inSources).href);
};

type Handler<E, C, R> = (event: E, context: C) => Promise<R>;

interface Loaded {
  readonly tracer: Tracer;
  readonly wrap: <E, C, R>(handler: Handler<E, C, R>) => Handler<E, C, R>;
}

// Module state, because clients are made in many places (repositories' table, the lazily made SQS
// and KMS clients) and each Lambda has one tracer for its life.
let loaded: Loaded | undefined;

/** In Lambda only: CloudShell and ECS set AWS_EXECUTION_ENV too, to other values. */
export const tracingWanted = (env: Record<string, string | undefined>): boolean =>
  !!env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_') &&
  !!env.LAMBDA_TASK_ROOT &&
  env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false';

/** Imports and starts the tracer where tracingWanted; once per process. True when tracing. */
export const loadTracing = async (
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> => {
  if (loaded) return true;
  if (!tracingWanted(env)) return false;
  const { Tracer, captureLambdaHandler } = await importTracer();
  const tracer = new Tracer({ captureHTTPsRequests: true });
  loaded = {
    tracer,
    wrap: (handler) =>
      // No early timeout of this middy's own: the portal's inner middy answers a timeout with the
      // error shape and a reference, and this one must not cut in 5 ms before with a bare error.
      middy(handler as never, { timeoutEarlyInMillis: 0 }).use(
        captureLambdaHandler(tracer, { captureResponse: false }),
      ) as unknown as typeof handler,
  };
  return true;
};

/** Adds a subsegment per call to an AWS SDK v3 client once the tracer is loaded; the same client. */
export const traceAwsClient = <C extends object>(client: C): C =>
  loaded ? loaded.tracer.captureAWSv3Client(client) : client;

/**
 * Marks the invocation's subsegment as a fault: for an answer the handler gave itself (a 5xx the
 * error mapper made of an error), which the tracer would otherwise record as a success.
 */
export const markFault = (): void => {
  const segment = loaded?.tracer.getSegment();
  if (segment && 'addFaultFlag' in segment) segment.addFaultFlag();
};

/**
 * The handler with a subsegment per invocation. Decided at each call, not when wrapped, so a
 * handler built before the tracer loaded is traced too.
 */
export const traceInvocations = <E, C, R>(handler: Handler<E, C, R>): Handler<E, C, R> => {
  let traced: Handler<E, C, R> | undefined;
  return (event, context) => {
    if (!loaded) return handler(event, context);
    traced ??= loaded.wrap(handler);
    return traced(event, context);
  };
};
