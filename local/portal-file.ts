import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

// How tools reach the table of the portal `npm start` runs: DynamoDB Local listens on a free
// port, so `npm start` writes where it is to .data/local-portal.json (git-ignored) and removes
// the file when it stops. `npm run keys` reads it.

const PortalFile = z.object({
  dynamoDbEndpoint: z.url(),
  tableName: z.string().min(1),
  serviceId: z.string().min(1),
  pid: z.number().int(),
});
export type PortalFile = z.infer<typeof PortalFile>;

export const portalFilePath = (dir: string): string => join(dir, 'local-portal.json');

export const writePortalFile = (dir: string, info: PortalFile): void => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(portalFilePath(dir), `${JSON.stringify(info, null, 2)}\n`);
};

/** Removes the file only if this process wrote it: a second `npm start` may have replaced it. */
export const removePortalFile = (dir: string, pid: number): void => {
  const info = readPortalFile(dir);
  if (info?.pid === pid) rmSync(portalFilePath(dir), { force: true });
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The running local portal's table, or undefined when none is running (or it died uncleanly). */
export const readPortalFile = (dir: string): PortalFile | undefined => {
  const file = portalFilePath(dir);
  if (!existsSync(file)) return undefined;
  const parsed = PortalFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success && isRunning(parsed.data.pid) ? parsed.data : undefined;
};
