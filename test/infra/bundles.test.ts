import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleGzipLimitBytes, lambdaEsbuildOptions, sdkOnDemand } from '../../infra/bundling.js';
import { reminderFunctionEntries } from '../../infra/constructs/reminders.js';
import { entryFileOf, lambdaNames } from '../../shared/http/route-table.js';

// Each Lambda built in memory with the one set of esbuild options the stack uses. Sizes are
// deterministic for a given lock file, so a limit on them can be a test (times cannot: they are
// printed by `npm run bench`).

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Built {
  readonly gzipBytes: number;
  readonly metafile: Metafile;
}

/** The HTTP API's Lambdas (the route table) and the reminder pipeline's, which have no routes. */
const entries: Record<string, string> = {
  ...Object.fromEntries(lambdaNames.map((lambda) => [lambda, entryFileOf(lambda)])),
  ...reminderFunctionEntries,
};
const bundleNames = Object.keys(entries);
type LambdaName = string;

const built = new Map<LambdaName, Built>();

beforeAll(async () => {
  for (const [lambda, entry] of Object.entries(entries)) {
    const result = await build({
      ...lambdaEsbuildOptions,
      entryPoints: [entry],
      absWorkingDir: root,
      outdir: 'out',
      write: false,
      metafile: true,
    });
    const code = result.outputFiles.find((f) => f.path.endsWith('.js') || f.path.endsWith('.mjs'));
    if (!code) throw new Error(`no code for ${lambda}`);
    built.set(lambda, { gzipBytes: gzipSync(code.contents).length, metafile: result.metafile });
  }
});

const builtOf = (lambda: LambdaName): Built => {
  const b = built.get(lambda);
  if (!b) throw new Error(`${lambda} was not built`);
  return b;
};

const outputOf = (lambda: LambdaName) => {
  const output = Object.entries(builtOf(lambda).metafile.outputs).find(([path]) => !path.endsWith('.map'));
  if (!output) throw new Error(`no output for ${lambda}`);
  return output[1];
};

describe('Lambda bundles', () => {
  it.each(bundleNames)(`%s is at most ${bundleGzipLimitBytes / 1024} KiB gzipped`, (lambda) => {
    expect(builtOf(lambda).gzipBytes).toBeLessThanOrEqual(bundleGzipLimitBytes);
  });

  it.each(bundleNames)('%s imports what it leaves out of the bundle only on demand', (lambda) => {
    const external = outputOf(lambda).imports.filter((i) => i.external && !isBuiltin(i.path));
    // At least one, or the check below passes for a bundle that no longer leaves anything out.
    expect(external.length).toBeGreaterThan(0);
    for (const i of external) {
      expect(sdkOnDemand, i.path).toContain(i.path);
      expect(i.kind, i.path).toBe('dynamic-import');
    }
  });

  it.each(bundleNames)('%s bundles the credentials from the environment that Lambda provides', (lambda) => {
    const inputs = Object.keys(outputOf(lambda).inputs);
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/credential-provider-env/'))).toBe(true);
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/credential-provider-node/'))).toBe(
      true,
    );
  });
});
