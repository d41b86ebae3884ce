import { join } from 'node:path';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

// The one set of esbuild options for Lambda bundles. PortalFunction hands them to NodejsFunction
// (local esbuild, never Docker), and the benchmark passes them to the esbuild API, so what is
// measured is what is deployed.

/** The Lambda runtime's Node.js major version; PortalFunction uses the matching runtime. */
export const lambdaNodeMajor = 22;

/**
 * ESM output has no `require`, but CommonJS packages inside the bundle still call it for Node
 * built-ins; esbuild then emits a stub that throws "Dynamic require of ... is not supported".
 * Defining `require` at the top of the bundle lets those calls work.
 */
const requireShim = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Reached only through the SDK's dynamic imports, never on a Lambda's path: see `external`. */
export const sdkOnDemand = Object.freeze([
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/token-providers',
  '@aws-sdk/nested-clients',
  '@smithy/credential-provider-imds',
  '@smithy/core/event-streams',
]);

/**
 * The most a Lambda bundle may weigh, gzipped: less code to fetch and to compile on a cold start.
 * test/infra/bundles.test.ts holds every bundle to it, and `npm run bench` prints each one's size.
 */
export const bundleGzipLimitBytes = 130 * 1024;

export const lambdaEsbuildOptions = Object.freeze({
  bundle: true,
  platform: 'node',
  target: `node${lambdaNodeMajor}`,
  format: 'esm',
  // ESM builds of dependencies tree-shake better than their CommonJS `main`.
  mainFields: ['module', 'main'],
  minify: true,
  // Linked source maps plus NODE_OPTIONS=--enable-source-maps give readable stack traces from
  // minified code. The sources themselves are left out: Node needs only the mappings.
  sourcemap: true,
  sourcesContent: false,
  banner: { js: requireShim },
  // The SDK itself is bundled: the runtime's built-in SDK is whatever version Lambda ships that
  // week, while a bundled SDK is the version in package-lock.json that the tests ran against, and
  // esbuild keeps only the clients and commands a function imports.
  //
  // The exceptions are parts the SDK only reaches through `await import(...)`, on paths a Lambda
  // never takes: the credential providers after the first link of the default chain (profiles
  // and SSO, credential processes, web identity, container and instance metadata, with the STS,
  // SSO and sign-in clients they call), and event-stream serialisation (none of our clients has an
  // event-stream operation). In Lambda the credentials are in the environment, and the chain's
  // first link, fromEnv, is bundled, so the rest is never imported; if it ever were, the import
  // would resolve to the SDK the Lambda Node.js runtime ships. Left out, they save about 150 KiB
  // of minified code (43 KiB gzipped) per bundle. test/infra/bundles.test.ts checks that every one of them is
  // reached only through a dynamic import and that fromEnv is still inside.
  external: [...sdkOnDemand],
  logLevel: 'warning',
} satisfies BuildOptions);

/** The clients that queue and seal a welcome, imported by their users only on first use. */
const welcomeClients = ['@aws-sdk/client-sqs', '@aws-sdk/client-kms'] as const;

/**
 * Packages a Lambda ships beside its bundle (NodejsFunction `nodeModules`, installed from
 * package-lock.json) instead of inside it, and imports only with `await import(...)` on a path its
 * cold start never takes. `ics` (with its validator, yup: 24 KiB gzipped) builds an approval's
 * calendar file; bundled, it would take staff-appointments over the 130 KiB limit, and it is
 * needed only when a request is approved (shared/appointments/appointment-ics.ts). The SQS and
 * KMS clients queue and seal a welcome (staff-appointments when staff reissue a Secure ID or
 * approve a new patient, integration when an EPR adds one), and notify needs KMS only to open a
 * welcome. Their code imports them with `await import(...)` (shared/messages/reminder-queue.ts,
 * shared/security/kms-sealer.ts), and esbuild cannot tree-shake a dynamic import: bundled, each
 * would arrive whole, with every command. So every Lambda that reaches one ships it beside the
 * bundle, the reminder scan too (it queues on every run, so the import is only moved to the first
 * run, but the bundle stays small). Left out, they make room for Powertools Metrics.
 * test/infra/bundles.test.ts checks each is reached only through a dynamic import.
 */
export const lazyModules: Readonly<Partial<Record<string, readonly string[]>>> = {
  'staff-appointments': ['ics', ...welcomeClients],
  integration: [...welcomeClients],
  'reminder-scan': ['@aws-sdk/client-sqs'],
  notify: ['@aws-sdk/client-kms'],
  // The GP report's PDF (shared/web/gp-report/gp-report-pdf.ts): pdf-lib is about 100 KiB gzipped.
  'staff-records': ['pdf-lib'],
  'integration-records': ['pdf-lib'],
};

/**
 * Shipped beside every Lambda: Powertools Metrics, imported at the first flush with something to
 * write (shared/observability/powertools-metrics.ts). Bundled, it cost 3 to 6 KiB gzipped per
 * Lambda (the minifier's names grow with it), more than the largest have under the limit.
 */
export const lazyInEveryLambda = ['@aws-lambda-powertools/metrics'] as const;

/**
 * The Powertools tracer with the X-Ray SDK (about 28 KiB gzipped, too much for the limit), bundled
 * on its own into one file that PortalFunction puts beside every Lambda's bundle as TRACER_FILE,
 * imported during the cold start in Lambda only (shared/observability/tracing.ts). One file, not
 * the package installed beside the bundle: the X-Ray SDK's many small CommonJS files took about
 * twice as long to import (`npm run bench` shows the cold start with it). Gives esbuild's metafile:
 * what went into the file, for the tests.
 */
export const buildTracerFile = (root: string, outfile: string): Metafile =>
  buildSync({
    ...lambdaEsbuildOptions,
    entryPoints: [join(root, 'shared', 'observability', 'powertools-tracer.ts')],
    outfile,
    // The SDK's own code: a source map would double the file for stack traces nobody reads.
    sourcemap: false,
    metafile: true,
    alias: {
      // Powertools' `import http from 'node:http'` taken with require(): see the module's comment.
      'node:http': join(root, 'shared', 'observability', 'node-http-required.ts'),
      // The X-Ray SDK's one use of semver, its SDK v2 patcher, which the portal never calls: see
      // the module's comment. The alias would rewrite `semver/...` too; nothing here imports that.
      semver: join(root, 'shared', 'observability', 'semver-for-sdk-v2-patcher.ts'),
    },
  }).metafile;

/** What one Lambda ships beside its bundle and imports on demand. */
export const lazyModulesOf = (lambda: string): readonly string[] => [
  ...(lazyModules[lambda] ?? []),
  ...lazyInEveryLambda,
];

/**
 * The esbuild options of one Lambda: the shared ones, its lazy modules left out too, and the
 * welcome clients left out of every Lambda, whether it ships them or not. A module that a bundle
 * reaches through `await import(...)` is given esbuild's lazy initialiser (`__esm`), and so is
 * everything it imports, even when tree-shaking then drops the import itself: the shared wiring
 * (shared/messages/welcome-wiring.ts) names the SQS and KMS clients in every HTTP Lambda, so the
 * SDK core they share with the DynamoDB client (about 270 modules) was initialised through those
 * wrappers in every bundle, 3.5 KiB gzipped more and a slower import. Where the import is live the
 * Lambda ships the client beside its bundle (lazyModules), and test/infra/bundles.test.ts fails a
 * bundle that imports a module it does not ship, or that still has a lazy initialiser.
 */
export const esbuildOptionsOf = (lambda: string) => ({
  ...lambdaEsbuildOptions,
  external: [...new Set([...lambdaEsbuildOptions.external, ...welcomeClients, ...lazyModulesOf(lambda)])],
});
