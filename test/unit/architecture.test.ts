import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md "Layout": domain never imports shared/config, shared/data or AWS; use cases take Deps
// and values, never requests, so they never import shared/http. These rules keep the domain pure
// and testable without a database, and keep import circles out.

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'/gm)].map(
    (m) => m[1] as string,
  );

/** Every import of `dir`'s files that resolves under one of `forbidden` (folders under shared/). */
const offending = (dir: string, forbidden: readonly string[], packages: readonly string[] = []) =>
  filesUnder(dir).flatMap((file) =>
    importsOf(file)
      .filter((spec) => {
        if (packages.some((p) => spec === p || spec.startsWith(`${p}/`))) return true;
        if (!spec.startsWith('.')) return false;
        const target = relative('shared', join(file, '..', spec));
        return forbidden.some((f) => target === f || target.startsWith(`${f}/`));
      })
      .map((spec) => `${file} imports ${spec}`),
  );

describe('layering', () => {
  it('keeps domain code free of config, data, http and AWS', () => {
    expect(offending('shared/domain', ['config', 'data', 'http', 'deps.js'], ['@aws-sdk'])).toEqual([]);
  });

  it('keeps use cases free of requests: nothing in shared/auth or shared/questionnaires imports shared/http', () => {
    expect([...offending('shared/auth', ['http']), ...offending('shared/questionnaires', ['http'])]).toEqual(
      [],
    );
  });

  it('keeps the reminder use cases and senders free of requests: shared/messages and shared/notify never import shared/http', () => {
    expect([...offending('shared/messages', ['http']), ...offending('shared/notify', ['http'])]).toEqual([]);
  });
});
