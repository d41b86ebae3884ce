import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultServicesDir } from '../../infra/project-paths.js';

/**
 * A temporary folder for service configs written by a test, holding the demo's brand files (its
 * logo), so a config copied from infra/services/demo.json finds `branding.logo.file` beside it.
 * The caller removes it.
 */
export const tempServicesDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-services-'));
  cpSync(join(defaultServicesDir, 'demo'), join(dir, 'demo'), { recursive: true });
  return dir;
};
