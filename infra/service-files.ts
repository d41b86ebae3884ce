import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  loadServiceConfig,
  type ServiceConfig,
  ServiceConfigError,
} from '../shared/config/service-config.js';

// Which service configs a synth builds stacks for: `-c service=<id>` names one file,
// `-c service=all` takes every file in infra/services/.

export interface ServiceFile {
  readonly config: ServiceConfig;
  /** Absolute path; PortalFunction copies this file into every bundle as service.json. */
  readonly path: string;
}

export const ALL_SERVICES = 'all';

const serviceIdPattern = /^[a-z][a-z0-9-]{1,30}$/;

const listServiceIds = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => basename(name, '.json'))
    .sort();

/** Loads and validates one file; the stack name comes from the id, so it must match the file name. */
export const loadServiceFile = (path: string): ServiceFile => {
  const config = loadServiceConfig(path);
  const fileId = basename(path, '.json');
  if (config.id !== fileId) {
    throw new ServiceConfigError(
      `${path} has id "${config.id}", but a service file is named after its id: rename it ${config.id}.json`,
    );
  }
  return { config, path };
};

export const selectServiceFiles = (selector: string, dir: string): ServiceFile[] => {
  const known = listServiceIds(dir);
  if (selector === ALL_SERVICES) {
    if (known.length === 0) throw new ServiceConfigError(`No service configs in ${dir}`);
    return known.map((id) => loadServiceFile(join(dir, `${id}.json`)));
  }
  // Checked before it becomes part of a path, so `-c service=../x` cannot reach outside dir.
  const path = join(dir, `${selector}.json`);
  if (!serviceIdPattern.test(selector) || !existsSync(path)) {
    throw new ServiceConfigError(
      `No service "${selector}": pass -c service=<id> with one of ${known.join(', ') || '(none)'}, or -c service=${ALL_SERVICES}`,
    );
  }
  return [loadServiceFile(path)];
};
