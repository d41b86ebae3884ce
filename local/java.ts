import { spawnSync } from 'node:child_process';

// DynamoDB Local is Amazon's Java implementation; it needs Java 17 or newer on the PATH.

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

const INSTALL_HINT =
  'Install Java 17 or newer and try again: on Debian or Ubuntu `sudo apt-get install -y openjdk-17-jre-headless`, ' +
  'on macOS `brew install openjdk@17`, on Windows the Microsoft Build of OpenJDK 17.';

/** The major version of `java` on the PATH, or throws with how to install it. */
export const requireJava17 = (): number => {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new JavaMissingError(`Java was not found. ${INSTALL_HINT}`);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${run.stderr}${run.stdout}`);
  const first = Number(match?.[1] ?? 0);
  // Java 8 and older report "1.8.0".
  const major = first === 1 ? Number(match?.[2] ?? 0) : first;
  if (major < 17)
    throw new JavaMissingError(
      `Java ${major || 'of an unknown version'} was found, but DynamoDB Local needs 17 or newer. ${INSTALL_HINT}`,
    );
  return major;
};
