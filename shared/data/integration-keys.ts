import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { type IntegrationScope, integrationScopes } from '../domain/integration-scopes.js';
import { isConditionFailure, type Table } from './dynamo.js';
import { integrationKeyKeys } from './keys.js';

const KeyItem = lazy(() =>
  z.object({
    pk: z.string(),
    keyId: z.optional(z.string()),
    label: z.string(),
    createdAt: z.string(),
    // Absent on keys stored before scopes existed: they get none (docs/API.md), not every scope,
    // so a key handed out for one purpose never silently gains the others.
    scopes: z.optional(z.array(z.enum(integrationScopes))),
    revokedAt: z.optional(z.string()),
  }),
);

export interface StoredKey {
  /** The table's handle on the key (SHA-256 of it): for the repository's own updates, never shown. */
  readonly keyHash: string;
  /** Short public name of the key, shown by `npm run keys -- list`. */
  readonly keyId: string;
  readonly label: string;
  readonly createdAt: string;
  readonly scopes: readonly IntegrationScope[];
  /** False for a key stored before scopes existed. */
  readonly hasScopesAttribute: boolean;
  readonly revokedAt?: string | undefined;
}

const KEY_PREFIX = integrationKeyKeys.integrationKey('').pk;

/**
 * The id is the start of the key's hash: it names the key without revealing it (the hash of 256
 * random bits cannot be reversed), and a key stored before ids existed still has one. It is hex,
 * not the hash's base64url, because one base64url id in 64 began with "-" and the command line
 * read it as an option, so that key could not be revoked by its id.
 */
export const keyIdOf = (keyHash: string): string =>
  Buffer.from(keyHash, 'base64url').subarray(0, 6).toString('hex');

const toStoredKey = (item: unknown): StoredKey => {
  const { pk, keyId, label, createdAt, scopes, revokedAt } = KeyItem().parse(item);
  const keyHash = pk.slice(KEY_PREFIX.length);
  return {
    keyHash,
    keyId: keyId ?? keyIdOf(keyHash),
    label,
    createdAt,
    scopes: scopes ?? [],
    hasScopesAttribute: scopes !== undefined,
    revokedAt,
  };
};

/** Bearer keys for EPR systems, stored as the SHA-256 of the key (the key has 256 random bits). */
export const integrationKeys = ({ db, name }: Table) => ({
  async add(
    keyHash: string,
    label: string,
    scopes: readonly IntegrationScope[],
    now: Date,
  ): Promise<{ keyId: string }> {
    const createdAt = now.toISOString();
    const keyId = keyIdOf(keyHash);
    await db.send(
      new PutCommand({
        TableName: name,
        Item: {
          ...integrationKeyKeys.integrationKey(keyHash),
          ...integrationKeyKeys.integrationKeysIndex(createdAt, keyId),
          keyId,
          label,
          scopes,
          createdAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { keyId };
  },

  async find(keyHash: string): Promise<StoredKey | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: integrationKeyKeys.integrationKey(keyHash) }),
    );
    return Item ? toStoredKey(Item) : undefined;
  },

  /** Every key of the service, oldest first: one Query on gsi1 (a handful of items). */
  async list(): Promise<StoredKey[]> {
    const out: StoredKey[] = [];
    let from: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': integrationKeyKeys.allIntegrationKeys().gsi1pk },
          ExclusiveStartKey: from,
        }),
      );
      out.push(...(page.Items ?? []).map(toStoredKey));
      from = page.LastEvaluatedKey;
    } while (from);
    return out;
  },

  /**
   * Replaces the key's scopes. A key stored before scopes existed also gets its id and its place
   * in the list index here, so that from then on `list` shows it.
   */
  async setScopes(key: StoredKey, scopes: readonly IntegrationScope[]): Promise<void> {
    const index = integrationKeyKeys.integrationKeysIndex(key.createdAt, key.keyId);
    await db.send(
      new UpdateCommand({
        TableName: name,
        Key: integrationKeyKeys.integrationKey(key.keyHash),
        UpdateExpression: 'SET scopes = :scopes, keyId = :keyId, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':scopes': scopes,
          ':keyId': key.keyId,
          ':gsi1pk': index.gsi1pk,
          ':gsi1sk': index.gsi1sk,
        },
      }),
    );
  },

  /** The key stops working at once; the item stays, so `list` still shows who had access when. */
  async revoke(keyHash: string, now: Date): Promise<'revoked' | 'already-revoked'> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: name,
          Key: integrationKeyKeys.integrationKey(keyHash),
          UpdateExpression: 'SET revokedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return 'revoked';
    } catch (e) {
      if (isConditionFailure(e)) return 'already-revoked';
      throw e;
    }
  },
});
export type IntegrationKeys = ReturnType<typeof integrationKeys>;
