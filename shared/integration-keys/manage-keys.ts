import type { IntegrationKeys, StoredKey } from '../data/integration-keys.js';
import { type IntegrationScope, integrationScopes } from '../domain/integration-scopes.js';
import { randomToken, sha256 } from '../security/keyed-hash.js';

// What `npm run keys` does, whichever table it reaches (DynamoDB Local or a deployed stack's):
// create a key (shown once, stored as its SHA-256), list keys (never the key), revoke one, and
// add scopes to one (a key stored before scopes existed has none).

export interface KeyAdmin {
  readonly integrationKeys: IntegrationKeys;
  readonly clock: () => Date;
}

export type CreateKeyResult =
  | { readonly ok: true; readonly key: string; readonly keyId: string }
  | { readonly ok: false; readonly reason: 'label-in-use' };

const isActive = (k: StoredKey) => !k.revokedAt;

/** Labels name keys in `revoke`, so two working keys may not share one. */
export const createKey = async (
  admin: KeyAdmin,
  label: string,
  scopes: readonly IntegrationScope[],
): Promise<CreateKeyResult> => {
  const existing = await admin.integrationKeys.list();
  if (existing.some((k) => isActive(k) && k.label === label)) return { ok: false, reason: 'label-in-use' };
  const key = randomToken();
  const { keyId } = await admin.integrationKeys.add(sha256(key), label, scopes, admin.clock());
  return { ok: true, key, keyId };
};

export const listKeys = (admin: KeyAdmin): Promise<StoredKey[]> => admin.integrationKeys.list();

export type KeyLookup =
  | { readonly ok: true; readonly key: StoredKey }
  | { readonly ok: false; readonly reason: 'not-found' | 'ambiguous-label' };

/**
 * A key by its id, else by its label among working keys, else by the label of a revoked one (so
 * that revoking twice says "already revoked", not "not found"). The clear key, when the admin
 * has it, finds a key stored before ids and the list index existed.
 */
export const findKey = async (
  admin: KeyAdmin,
  ref: { readonly idOrLabel: string } | { readonly key: string },
): Promise<KeyLookup> => {
  if ('key' in ref) {
    const key = await admin.integrationKeys.find(sha256(ref.key));
    return key ? { ok: true, key } : { ok: false, reason: 'not-found' };
  }
  const all = await admin.integrationKeys.list();
  const byId = all.find((k) => k.keyId === ref.idOrLabel);
  if (byId) return { ok: true, key: byId };
  const labelled = all.filter((k) => k.label === ref.idOrLabel);
  const active = labelled.filter(isActive);
  const candidates = active.length > 0 ? active : labelled;
  const [only, ...others] = candidates;
  if (!only) return { ok: false, reason: 'not-found' };
  if (others.length > 0) return { ok: false, reason: 'ambiguous-label' };
  return { ok: true, key: only };
};

export const revokeKey = (admin: KeyAdmin, key: StoredKey): Promise<'revoked' | 'already-revoked'> =>
  admin.integrationKeys.revoke(key.keyHash, admin.clock());

/** Adds scopes to those the key has; returns the key's scopes afterwards. */
export const grantScopes = async (
  admin: KeyAdmin,
  key: StoredKey,
  scopes: readonly IntegrationScope[],
): Promise<IntegrationScope[]> => {
  const after = integrationScopes.filter((s) => key.scopes.includes(s) || scopes.includes(s));
  await admin.integrationKeys.setScopes(key, after);
  return after;
};
