// `semver` for the tracer file (infra/bundling.ts buildTracerFile aliases it here). The X-Ray SDK
// needs semver for one call: captureAWS, its patcher for the AWS SDK v2, checks the SDK's version
// with `semver.gte` before patching. The portal has only the SDK v3, patched by captureAWSv3Client,
// and never calls captureAWS. Bundled, semver was 28 of the tracer file's 128 KiB (minified), all
// compiled at every cold start for that one unused check. If captureAWS were ever called, it fails
// here, loudly, before it patches anything. test/infra/tracer-file.test.ts holds both.
export const gte = (): never => {
  throw new Error(
    'The tracer file has no AWS SDK v2 patcher: trace SDK v3 clients with captureAWSv3Client (shared/observability/tracing.ts traceAwsClient)',
  );
};
