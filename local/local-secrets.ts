import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { newSecureId, randomToken } from '../shared/security/keyed-hash.js';

// What the local portal must remember between runs, because the table keeps only hashes: the HMAC
// key, the demo patient's Secure ID and the integration key (so they can be printed again), and
// the passwords of the local identity provider's staff, and the key that stands in for the KMS
// welcome key (it seals Secure IDs on the local notify queue).
// A local file only, git-ignored; in AWS the key is in Secrets Manager and nothing is in clear.

const StaffPasswords = z.object({ admin: z.string(), clinician: z.string(), scheduler: z.string() });

const LocalSecrets = z.object({
  hmacSecret: z.string().min(32),
  demoSecureId: z.string(),
  integrationKey: z.string(),
  staffPasswords: StaffPasswords,
  welcomeSealKey: z.string().length(43),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

/** 16 random characters: typed by hand from the start-up lines, yet not guessable. */
const newPassword = (): string => randomBytes(12).toString('base64url');

const freshStaffPasswords = () => ({
  admin: newPassword(),
  clinician: newPassword(),
  scheduler: newPassword(),
});

const newSealKey = (): string => randomBytes(32).toString('base64url');

const fresh = (): LocalSecrets => ({
  hmacSecret: randomBytes(32).toString('base64url'),
  demoSecureId: newSecureId(),
  integrationKey: randomToken(),
  staffPasswords: freshStaffPasswords(),
  welcomeSealKey: newSealKey(),
});

const write = (file: string, secrets: LocalSecrets) =>
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });

/** Reads `dir/local-secrets.json`, creating it on first run; in memory when there is no dir. */
export const localSecrets = (dir: string | undefined): LocalSecrets => {
  if (!dir) return fresh();
  const file = join(dir, 'local-secrets.json');
  if (existsSync(file)) {
    // A file from before staff sign-in has no staff passwords, and one from before welcomes no
    // seal key: add them, keep the rest.
    const stored = LocalSecrets.extend({
      staffPasswords: StaffPasswords.optional(),
      welcomeSealKey: z.string().length(43).optional(),
    }).parse(JSON.parse(readFileSync(file, 'utf8')));
    if (stored.staffPasswords && stored.welcomeSealKey)
      return { ...stored, staffPasswords: stored.staffPasswords, welcomeSealKey: stored.welcomeSealKey };
    const upgraded = {
      ...stored,
      staffPasswords: stored.staffPasswords ?? freshStaffPasswords(),
      welcomeSealKey: stored.welcomeSealKey ?? newSealKey(),
    };
    write(file, upgraded);
    return upgraded;
  }
  const secrets = fresh();
  mkdirSync(dir, { recursive: true });
  write(file, secrets);
  return secrets;
};
