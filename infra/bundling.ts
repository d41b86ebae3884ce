import type { BuildOptions } from 'esbuild';

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
  // Nothing is external, not even @aws-sdk/*: the runtime's built-in SDK is whatever version
  // Lambda ships that week, while a bundled SDK is the version in package-lock.json that the
  // tests ran against, and esbuild keeps only the clients and commands a function imports.
  external: [] as string[],
  logLevel: 'warning',
} satisfies BuildOptions);
