import type { Deps } from '../deps.js';

// Whether this Lambda can serve patients: its table answers and its HMAC key is loaded (every
// sign-in hashes the Secure ID with it). The key is fetched once per cold start (deps.ts), so a
// function that could not fetch it never starts, and API Gateway answers 5xx for it: the canary
// sees that as a failure too. Hashing a fixed value here proves the loaded key is usable.

export type Health =
  | { readonly ok: true }
  /** What failed, and the error's name for the log: never its message, which can carry input. */
  | { readonly ok: false; readonly failed: 'secret' | 'table'; readonly errorName: string };

const nameOf = (e: unknown): string => (e instanceof Error ? e.name : 'unknown');

export const checkHealth = async (deps: Pick<Deps, 'healthProbe' | 'hasher'>): Promise<Health> => {
  try {
    if (!deps.hasher.secureId('health-check')) return { ok: false, failed: 'secret', errorName: 'empty' };
  } catch (e) {
    return { ok: false, failed: 'secret', errorName: nameOf(e) };
  }
  try {
    await deps.healthProbe.tableAnswers();
    return { ok: true };
  } catch (e) {
    return { ok: false, failed: 'table', errorName: nameOf(e) };
  }
};
