import { copyFileSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { buildTracerFile, bundleGzipLimitBytes, esbuildOptionsOf } from '../../infra/bundling.js';
import { TRACER_FILE } from '../../shared/observability/tracing.js';
import { reminderFunctionEntries } from '../../infra/constructs/reminders.js';
import { entryFileOf, lambdaNames } from '../../shared/http/route-table.js';
import { kib, ms, table } from './report.js';

// Each Lambda built with the esbuild options the CDK stack uses (infra/bundling.ts), plus three
// references built the same way: an empty handler, the SDK floor (sdk-floor.ts: only the DynamoDB
// DocumentClient, one GetItem), and the library floor (library-floor.ts: the SDK floor with the
// libraries every Lambda loads, and none of the portal's code). Only entryPoints and outfile are added (and a metafile,
// which describes the output without changing it). Output goes to a temp dir.

export const BASELINE = 'baseline (empty handler)';
export const SDK_FLOOR = 'SDK floor (DocumentClient GetItem)';
export const LIBRARY_FLOOR = 'library floor (+ Logger, tracer, middy, zod)';
const references: readonly string[] = [BASELINE, SDK_FLOOR, LIBRARY_FLOOR];

export interface BuiltBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly mapBytes: number;
  readonly buildMs: number;
  readonly metafile: Metafile;
}

const buildOne = async (name: string, entry: string, outDir: string): Promise<BuiltBundle> => {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'index.mjs');
  const started = performance.now();
  const result = await build({
    ...esbuildOptionsOf(name),
    entryPoints: [entry],
    outfile: file,
    metafile: true,
  });
  const buildMs = performance.now() - started;
  const code = readFileSync(file);
  let mapBytes = 0;
  try {
    mapBytes = statSync(`${file}.map`).size;
  } catch {
    // no source map configured
  }
  return {
    name,
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    mapBytes,
    buildMs,
    metafile: result.metafile,
  };
};

export const buildBundles = async (root: string, tmp: string): Promise<BuiltBundle[]> => {
  const baselineEntry = join(tmp, 'baseline.ts');
  writeFileSync(baselineEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const built = [
    await buildOne(BASELINE, baselineEntry, join(tmp, 'baseline')),
    await buildOne(SDK_FLOOR, join(root, 'test', 'bench', 'sdk-floor.ts'), join(tmp, 'sdk-floor')),
    await buildOne(
      LIBRARY_FLOOR,
      join(root, 'test', 'bench', 'library-floor.ts'),
      join(tmp, 'library-floor'),
    ),
  ];
  for (const name of lambdaNames)
    built.push(await buildOne(name, join(root, entryFileOf(name)), join(tmp, name)));
  // The reminder functions have no HTTP route: a size row each, no cold-start probe.
  for (const [name, entry] of Object.entries(reminderFunctionEntries))
    built.push(await buildOne(name, join(root, entry), join(tmp, name)));
  // What PortalFunction puts beside every bundle: the tracer in one file, and the lazy modules
  // (here the project's node_modules, found by walking up from each bundle's folder).
  const tracer = join(tmp, TRACER_FILE);
  buildTracerFile(root, tracer);
  for (const b of built) copyFileSync(tracer, join(dirname(b.file), TRACER_FILE));
  symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'), 'dir');
  return built;
};

/** node_modules/@scope/name/... -> @scope/name; the project's own files -> (portal code). */
const packageOf = (input: string): string => {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return '(portal code)';
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
};

const TOP_PACKAGES = 8;
const TOP_IN_ROW = 3;

/** Minified bytes in the output by package, largest first. */
const packagesOf = (b: BuiltBundle): [string, number][] => {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(b.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOf(input);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].sort((x, y) => y[1] - x[1]);
};

export const bundleTables = (bundles: readonly BuiltBundle[]): string => {
  const limit = kib(bundleGzipLimitBytes);
  const sizes = table(
    `6. Bundles, esbuild with infra/bundling.ts options (gzip: zlib default level; map: the linked source map shipped beside it; limit ${limit} gzipped, held by test/infra/bundles.test.ts)`,
    ['bundle', 'minified', 'gzipped', 'limit', 'source map', 'build ms', `largest packages (minified)`],
    bundles.map((b) => [
      b.name,
      kib(b.bytes),
      kib(b.gzipBytes),
      references.includes(b.name) ? '' : b.gzipBytes <= bundleGzipLimitBytes ? 'within' : 'OVER',
      kib(b.mapBytes),
      ms(b.buildMs, 0),
      packagesOf(b)
        .slice(0, TOP_IN_ROW)
        .map(([pkg, bytes]) => `${pkg} ${kib(bytes)}`)
        .join(', '),
    ]),
  );
  const lambdas = bundles.filter((b) => !references.includes(b.name));
  const rows = lambdas.flatMap((b) =>
    packagesOf(b)
      .slice(0, TOP_PACKAGES)
      .map(([pkg, bytes]) => [b.name, pkg, kib(bytes), `${((100 * bytes) / b.bytes).toFixed(0)}%`]),
  );
  const breakdown = table(
    `   Largest contributors per Lambda (top ${TOP_PACKAGES}, minified bytes from the esbuild metafile)`,
    ['bundle', 'package', 'bytes', 'share'],
    rows,
  );
  return `${sizes}\n\n${breakdown}`;
};
