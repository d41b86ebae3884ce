import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServiceConfig, ServiceConfigError } from '../shared/config/service-config.js';
import { defaultServicesDir } from './project-paths.js';
import { newServiceConfigText } from './service-template.js';

// `npm run service:new -- <id>`: writes infra/services/<id>.json, a commented starting config
// (service-template.ts), and checks it parses. It never overwrites a service's config.

const SERVICE_ID = /^[a-z][a-z0-9-]{1,30}$/;

export const writeNewServiceConfig = (id: string, dir: string = defaultServicesDir): string => {
  if (!SERVICE_ID.test(id)) {
    throw new ServiceConfigError(
      `"${id}" cannot be a service id: use 2 to 31 lower-case letters, digits and hyphens, starting with a letter, such as north-tt`,
    );
  }
  const path = join(dir, `${id}.json`);
  if (existsSync(path)) {
    throw new ServiceConfigError(`${path} already exists: edit it, or choose another id`);
  }
  writeFileSync(path, newServiceConfigText(id), { flag: 'wx' });
  loadServiceConfig(path);
  return path;
};

const main = () => {
  const [id] = process.argv.slice(2);
  if (!id) {
    console.error('Usage: npm run service:new -- <id>   (for example: npm run service:new -- north-tt)');
    process.exit(2);
  }
  try {
    const path = writeNewServiceConfig(id);
    console.log(`Wrote ${path}. Edit it, then: npx cdk synth -c service=${id}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
};

if (import.meta.url === `file://${process.argv[1]}`) main();
