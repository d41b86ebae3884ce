import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundleGzipLimitBytes,
  esbuildOptionsOf,
  lazyModules,
  lazyModulesOf,
  sdkOnDemand,
} from '../../infra/bundling.js';
import type { DepsWiring } from '../../shared/deps.js';
import { integrationWiring } from '../../shared/http/lambdas/integration.js';
import { patientSessionWiring } from '../../shared/http/lambdas/patient-session.js';
import { questionnairesWiring } from '../../shared/http/lambdas/questionnaires.js';
import { staffWiring } from '../../shared/http/lambdas/staff.js';
import { staffAuthWiring } from '../../shared/http/lambdas/staff-auth.js';
import { staffSetupWiring } from '../../shared/http/lambdas/staff-setup.js';
import { staffRecordsWiring } from '../../shared/http/lambdas/staff-records.js';
import { integrationRecordsWiring } from '../../shared/http/lambdas/integration-records.js';
import { staffAppointmentsWiring } from '../../shared/http/lambdas/staff-appointments.js';
import { appointmentsWiring } from '../../shared/http/lambdas/appointments.js';
import { staffCalendarWiring } from '../../shared/http/lambdas/staff-calendar.js';
import { recordsWiring } from '../../shared/http/lambdas/records.js';
import { publicRequestsWiring } from '../../shared/http/lambdas/public-requests.js';
import { staffReportsWiring } from '../../shared/http/lambdas/staff-reports.js';
import { integrationReportsWiring } from '../../shared/http/lambdas/integration-reports.js';
import { reminderFunctionEntries } from '../../infra/constructs/reminders.js';
import { entryFileOf, type LambdaName, lambdaNames } from '../../shared/http/route-table.js';

// Each Lambda built in memory with the one set of esbuild options the stack uses. Sizes are
// deterministic for a given lock file, so a limit on them can be a test (times cannot: they are
// printed by `npm run bench`).

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Built {
  readonly gzipBytes: number;
  readonly metafile: Metafile;
  /** The same bundle unminified, where esbuild's helpers keep their names. */
  readonly readable: string;
}

/** The HTTP API's Lambdas (the route table) and the reminder pipeline's, which have no routes. */
const entries: Record<string, string> = {
  ...Object.fromEntries(lambdaNames.map((lambda) => [lambda, entryFileOf(lambda)])),
  ...reminderFunctionEntries,
};
const bundleNames = Object.keys(entries);

const built = new Map<string, Built>();

beforeAll(async () => {
  for (const [lambda, entry] of Object.entries(entries)) {
    const result = await build({
      ...esbuildOptionsOf(lambda),
      entryPoints: [entry],
      absWorkingDir: root,
      outdir: 'out',
      write: false,
      metafile: true,
    });
    const code = result.outputFiles.find((f) => f.path.endsWith('.js') || f.path.endsWith('.mjs'));
    if (!code) throw new Error(`no code for ${lambda}`);
    const readable = await build({
      ...esbuildOptionsOf(lambda),
      minify: false,
      sourcemap: false,
      entryPoints: [entry],
      absWorkingDir: root,
      outdir: 'out',
      write: false,
    });
    built.set(lambda, {
      gzipBytes: gzipSync(code.contents).length,
      metafile: result.metafile,
      readable: readable.outputFiles[0]?.text ?? '',
    });
  }
});

const builtOf = (lambda: string): Built => {
  const b = built.get(lambda);
  if (!b) throw new Error(`${lambda} was not built`);
  return b;
};

const outputOf = (lambda: string) => {
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
      expect([...sdkOnDemand, ...lazyModulesOf(lambda)], i.path).toContain(i.path);
      expect(i.kind, i.path).toBe('dynamic-import');
    }
  });

  // A module reached through `await import(...)` inside the bundle is wrapped in esbuild's lazy
  // initialiser, and so is all it imports: the SDK core the DynamoDB client needs was once run
  // through 270 of them in every Lambda (infra/bundling.ts esbuildOptionsOf).
  it.each(bundleNames)('%s runs every module at load, none through a lazy initialiser', (lambda) => {
    const { readable } = builtOf(lambda);
    expect(readable).toContain('export {');
    const wrapped = [...readable.matchAll(/^var init_\w+ = __esm\(\{\n\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(wrapped).toEqual([]);
  });

  // On Node 22, Lambda's runtime, an ES-module import of node:http loads Node's fetch with it (about
  // 20 ms of a cold start): shared/observability/node-http-required.ts. Node 20 does not, so the
  // test reads the imports rather than timing them.
  const isNodeHttp = (path: string) => path === 'node:http' || path === 'http';

  it.each(bundleNames)('%s takes node:http, if at all, with require() or on demand', (lambda) => {
    const imports = outputOf(lambda).imports.filter((i) => i.kind === 'import-statement');
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => isNodeHttp(i.path))).toEqual([]);
  });

  it.each(lambdaNames)(
    '%s carries neither the service config schema nor the questionnaire definitions (synth ran them)',
    (lambda) => {
      const inputs = Object.keys(outputOf(lambda).inputs);
      for (const schemaModule of [
        'shared/config/service-config.ts',
        'shared/config/service-questionnaires.ts',
        'shared/domain/questionnaires/builtin.ts',
        'shared/domain/questionnaires/definition.ts',
      ]) {
        expect(inputs, schemaModule).not.toContain(schemaModule);
      }
      expect(inputs).toContain('shared/config/prepared-service-config.ts');
    },
  );

  const wirings: Record<LambdaName, DepsWiring> = {
    'patient-session': patientSessionWiring,
    questionnaires: questionnairesWiring,
    integration: integrationWiring,
    'staff-auth': staffAuthWiring,
    staff: staffWiring,
    'staff-setup': staffSetupWiring,
    appointments: appointmentsWiring,
    'staff-calendar': staffCalendarWiring,
    'staff-appointments': staffAppointmentsWiring,
    'staff-records': staffRecordsWiring,
    'integration-records': integrationRecordsWiring,
    records: recordsWiring,
    'public-requests': publicRequestsWiring,
    'staff-reports': staffReportsWiring,
    'integration-reports': integrationReportsWiring,
  };
  /** shared/data/<entity>.ts for a Deps part: signInAttempts -> sign-in-attempts. */
  const repositoryFileOf = (part: string) =>
    `shared/data/${part.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;
  // Helpers the repositories share, not repositories of their own.
  const notRepositories = [
    'shared/data/keys.ts',
    'shared/data/dynamo.ts',
    'shared/data/table-schema.ts',
    'shared/data/session-touch.ts',
    'shared/data/versioned-item.ts',
    'shared/data/setup-schemas.ts',
    'shared/data/send-claims.ts',
    'shared/data/cell-locks.ts',
    'shared/data/episode-items.ts',
  ];

  it.each(lambdaNames)('%s carries only the repositories its wiring builds', (lambda) => {
    const inputs = outputOf(lambda).inputs;
    const bundled = Object.keys(inputs)
      .filter((path) => path.startsWith('shared/data/') && !notRepositories.includes(path))
      .filter((path) => (inputs[path]?.bytesInOutput ?? 0) > 0)
      .sort();
    // Parts that are clients, not repositories: the identity provider, the welcome queue.
    const wired = Object.keys(wirings[lambda])
      .filter((part) => part !== 'staffOidc' && part !== 'welcomeQueue')
      .map(repositoryFileOf)
      .sort();
    expect(bundled).toEqual(wired);
  });

  it.each(lambdaNames)(
    '%s carries the OpenID Connect client only if it wires the identity provider',
    (lambda) => {
      const inputs = Object.keys(outputOf(lambda).inputs);
      const carries = inputs.some((path) => path.includes('node_modules/openid-client/'));
      expect(carries).toBe('staffOidc' in wirings[lambda]);
    },
  );

  it.each(bundleNames)(
    '%s ships the KMS client beside its bundle only if it seals or opens welcomes (integration, staff-appointments, notify)',
    (lambda) => {
      const inputs = Object.keys(outputOf(lambda).inputs);
      // Never inside: imported on first use (shared/security/kms-sealer.ts), so shipped beside.
      expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/client-kms/'))).toBe(false);
      expect(lazyModules[lambda]?.includes('@aws-sdk/client-kms') ?? false).toBe(
        ['integration', 'notify', 'staff-appointments'].includes(lambda),
      );
    },
  );

  it.each(bundleNames)('%s bundles the credentials from the environment that Lambda provides', (lambda) => {
    const inputs = Object.keys(outputOf(lambda).inputs);
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/credential-provider-env/'))).toBe(true);
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/credential-provider-node/'))).toBe(
      true,
    );
  });
});
