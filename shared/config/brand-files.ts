import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BRAND_STYLESHEET_URL, brandLogoUrl, brandStylesheet } from '../web/brand.js';
import type { ServiceConfig } from './service-config.js';
import { ServiceConfigError } from './service-config.js';

// The files a branded service publishes under /assets/brand/ (docs/branding.md): its stylesheet,
// made from the config, and its logo, read from beside the config file. The stack deploys them
// with the other assets (infra/constructs/web.ts); the local server serves them from here.

export interface BrandFile {
  /** Where pages link it: /assets/brand/... */
  readonly url: string;
  readonly contents: Buffer;
}

export const brandFilesOf = (service: ServiceConfig, serviceConfigPath: string): BrandFile[] => {
  const { branding } = service;
  if (!branding) return [];
  const files: BrandFile[] = [
    { url: BRAND_STYLESHEET_URL, contents: Buffer.from(brandStylesheet(branding)) },
  ];
  const logoUrl = brandLogoUrl(branding);
  if (branding.logo && logoUrl) {
    const path = join(dirname(serviceConfigPath), branding.logo.file);
    if (!existsSync(path)) {
      throw new ServiceConfigError(
        `${serviceConfigPath} names the logo "${branding.logo.file}" in branding.logo.file, but there is no such file beside it`,
      );
    }
    files.push({ url: logoUrl, contents: readFileSync(path) });
  }
  return files;
};
