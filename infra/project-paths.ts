import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Paths are resolved from the repository root, not the working directory, so `cdk synth`, the
// tests and the benchmark find the same entry files, lock file and service configs.

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const fromProjectRoot = (...segments: readonly string[]): string => join(projectRoot, ...segments);

/** infra/services/<id>.json: one checked-in config per service, one stack each. */
export const defaultServicesDir = fromProjectRoot('infra', 'services');
