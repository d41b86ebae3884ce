// What shared/observability/tracing.ts takes from Powertools, as one module: in a Lambda it is
// bundled on its own into one file beside the function's bundle (infra/bundling.ts
// `buildTracerFile`), because the X-Ray SDK's hundred small CommonJS files took twice as long to
// import as the one file does.
export { Tracer } from '@aws-lambda-powertools/tracer';
export { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
