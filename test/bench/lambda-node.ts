import { execFileSync } from 'node:child_process';
import { lambdaNodeMajor } from '../../infra/bundling.js';

// Lambda runs Node `lambdaNodeMajor` (infra/bundling.ts); this machine may run another major, and
// what an import costs differs between majors (the module loader, the built-ins, V8): on Node 22 an
// ES-module import of node:http loads Node's fetch too, about 20 ms that Node 20 never shows
// (shared/observability/node-http-required.ts). So the cold starts run on Lambda's major when it can be had: the npm registry's `node` package
// installs the official binary for this platform, and npx keeps it after the first run. When it
// cannot be had (no registry, an unsupported platform), they run on this machine's Node and the
// tables say so.

export interface NodeBinary {
  readonly path: string;
  readonly version: string;
}

export const thisNode: NodeBinary = { path: process.execPath, version: process.version };

const majorOf = (version: string): number => Number(/^v(\d+)\./.exec(version)?.[1]);

export const findLambdaNode = (log: (line: string) => void): NodeBinary | undefined => {
  if (majorOf(thisNode.version) === lambdaNodeMajor) return thisNode;
  log(
    `cold starts: fetching Node ${lambdaNodeMajor} (npx node@${lambdaNodeMajor}; kept after the first run)`,
  );
  try {
    const [path = '', version = ''] = execFileSync(
      'npx',
      [
        '--yes',
        '--package',
        `node@${lambdaNodeMajor}`,
        '--',
        'node',
        '-p',
        'process.execPath + "\\n" + process.version',
      ],
      { encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] },
    )
      .trim()
      .split('\n');
    if (majorOf(version) === lambdaNodeMajor && path) return { path, version };
    log(`cold starts: npx gave Node ${version || '(nothing)'}, not ${lambdaNodeMajor}`);
  } catch (error) {
    log(
      `cold starts: no Node ${lambdaNodeMajor} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
  return undefined;
};
