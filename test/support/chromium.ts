import { existsSync } from 'node:fs';

// Which Chromium the browser tests drive. A machine's own Chromium when it has one (faster to
// start, and what CI installs from Debian); otherwise the one shipped inside the npm package
// @sparticuz/chromium, so `npm ci && npm test` needs nothing but Node and Java. Playwright's own
// browser downloads are not used: they come from a CDN, not the npm registry.

/** Where Linux distributions and Chrome's installers put the browser, in the order tried. */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
] as const;

export type ChromiumChoice =
  | { readonly source: 'system'; readonly executablePath: string }
  /** @sparticuz/chromium: a Linux x64 build, unpacked to the temp folder on first use. */
  | { readonly source: 'packaged' };

export interface ChromiumMachine {
  /** CHROMIUM_PATH, when set: the browser to use, and nothing else. */
  readonly chromiumPath?: string | undefined;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly exists: (path: string) => boolean;
}

export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

const INSTALL_HINT =
  'Install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium; macOS: brew install --cask chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/** The packaged build is an x64 Linux binary; elsewhere it cannot run. */
export const packagedChromiumRuns = (machine: Pick<ChromiumMachine, 'platform' | 'arch'>): boolean =>
  machine.platform === 'linux' && machine.arch === 'x64';

/**
 * CHROMIUM_PATH first, then the usual install paths, then the packaged build. Throws, saying what
 * to install, when none is usable: browser tests are never skipped for want of a browser.
 */
export const resolveChromium = (machine: ChromiumMachine): ChromiumChoice => {
  if (machine.chromiumPath) {
    // A wrong setting is a mistake to report, not a reason to quietly test another browser.
    if (!machine.exists(machine.chromiumPath))
      throw new ChromiumNotFoundError(`CHROMIUM_PATH is ${machine.chromiumPath}, which does not exist.`);
    return { source: 'system', executablePath: machine.chromiumPath };
  }
  const installed = SYSTEM_CHROMIUM_PATHS.find((path) => machine.exists(path));
  if (installed) return { source: 'system', executablePath: installed };
  if (packagedChromiumRuns(machine)) return { source: 'packaged' };
  throw new ChromiumNotFoundError(
    `The browser tests need Chromium: none found at ${SYSTEM_CHROMIUM_PATHS.join(', ')}, and the packaged one (@sparticuz/chromium) runs only on Linux x64, not ${machine.platform} ${machine.arch}. ${INSTALL_HINT}`,
  );
};

/** This machine, as resolveChromium sees it. */
export const thisMachine = (): ChromiumMachine => ({
  chromiumPath: process.env.CHROMIUM_PATH,
  platform: process.platform,
  arch: process.arch,
  exists: existsSync,
});

/** The packaged build's executable, unpacked on first use (a few seconds; later runs reuse it). */
export const packagedChromiumPath = async (): Promise<string> => {
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
};

/** The executable to launch for a choice. */
export const executablePathOf = async (choice: ChromiumChoice): Promise<string> =>
  choice.source === 'system' ? choice.executablePath : packagedChromiumPath();
