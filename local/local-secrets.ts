import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { newSecureId, randomToken } from '../shared/security/keyed-hash.js';

// What the local portal must remember between runs, because the table keeps only hashes: the HMAC
// key, the demo patient's Secure ID and the integration key (so they can be printed again).
// A local file only, git-ignored; in AWS the key is in Secrets Manager and nothing is in clear.

const LocalSecrets = z.object({
  hmacSecret: z.string().min(32),
  demoSecureId: z.string(),
  integrationKey: z.string(),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

const fresh = (): LocalSecrets => ({
  hmacSecret: randomBytes(32).toString('base64url'),
  demoSecureId: newSecureId(),
  integrationKey: randomToken(),
});

/** Reads `dir/local-secrets.json`, creating it on first run; in memory when there is no dir. */
export const localSecrets = (dir: string | undefined): LocalSecrets => {
  if (!dir) return fresh();
  const file = join(dir, 'local-secrets.json');
  if (existsSync(file)) return LocalSecrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets = fresh();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
};
