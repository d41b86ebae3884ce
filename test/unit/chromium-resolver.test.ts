import { describe, expect, it } from 'vitest';
import {
  type ChromiumMachine,
  ChromiumNotFoundError,
  resolveChromium,
  SYSTEM_CHROMIUM_PATHS,
} from '../support/chromium.js';

// Which Chromium the browser tests launch, on machines described by what exists on them.

const machine = (files: readonly string[], overrides: Partial<ChromiumMachine> = {}): ChromiumMachine => ({
  platform: 'linux',
  arch: 'x64',
  exists: (path) => files.includes(path),
  ...overrides,
});

describe('resolveChromium', () => {
  it("uses the machine's Chromium when one is installed at a usual path", () => {
    expect(resolveChromium(machine(['/usr/bin/chromium']))).toEqual({
      source: 'system',
      executablePath: '/usr/bin/chromium',
    });
    expect(resolveChromium(machine(['/usr/bin/google-chrome']))).toEqual({
      source: 'system',
      executablePath: '/usr/bin/google-chrome',
    });
  });

  it('prefers the usual paths in their order: Chromium before Chrome', () => {
    expect(resolveChromium(machine(['/usr/bin/google-chrome', '/usr/bin/chromium-browser']))).toEqual({
      source: 'system',
      executablePath: '/usr/bin/chromium-browser',
    });
  });

  it('uses CHROMIUM_PATH before any usual path', () => {
    const choice = resolveChromium(
      machine(['/usr/bin/chromium', '/opt/chrome/chrome'], { chromiumPath: '/opt/chrome/chrome' }),
    );
    expect(choice).toEqual({ source: 'system', executablePath: '/opt/chrome/chrome' });
  });

  it('refuses a CHROMIUM_PATH that does not exist rather than quietly testing another browser', () => {
    expect(() =>
      resolveChromium(machine(['/usr/bin/chromium'], { chromiumPath: '/opt/missing/chrome' })),
    ).toThrow(/CHROMIUM_PATH is \/opt\/missing\/chrome, which does not exist/);
  });

  it('falls back to the packaged Chromium on Linux x64 when none is installed', () => {
    expect(resolveChromium(machine([]))).toEqual({ source: 'packaged' });
  });

  it('fails, saying what to install, when none is installed and the packaged one cannot run', () => {
    for (const where of [
      { platform: 'darwin', arch: 'arm64' },
      { platform: 'linux', arch: 'arm64' },
    ] as const) {
      const resolve = () => resolveChromium(machine([], where));
      expect(resolve).toThrow(ChromiumNotFoundError);
      expect(resolve).toThrow(/apt-get install -y chromium/);
      expect(resolve).toThrow(/CHROMIUM_PATH/);
      expect(resolve).toThrow(new RegExp(`${where.platform} ${where.arch}`));
    }
  });

  it('looks only where it says it looks', () => {
    const asked: string[] = [];
    resolveChromium(machine([], { exists: (path) => (asked.push(path), false) }));
    expect(asked).toEqual([...SYSTEM_CHROMIUM_PATHS]);
  });
});
