import { GetCommand, PutCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';
import { isConditionFailure, type Table } from './dynamo.js';

// One set-up item that people edit as a whole (a list of clinicians, a clinician's week), with a
// version number: a save is conditional on the version it was read at, so two admins saving at
// once cannot lose each other's change silently; the loser reads again and reapplies its edit
// (shared/setup/service-setup.ts).

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Versioned<T> {
  readonly value: T;
  /** 0 when the item does not exist yet. */
  readonly version: number;
}

export const versionedItem = <T>(
  { db, name }: Table,
  key: { readonly pk: string; readonly sk: string },
  schema: () => z.ZodMiniType<T>,
) => ({
  parse(item: Record<string, unknown>): Versioned<T> {
    return { value: schema().parse(item.value), version: Number(item.version) };
  },

  async get(): Promise<Versioned<T> | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: key }));
    return Item ? this.parse(Item) : undefined;
  },

  /** The put of a new value over the one read at `readVersion` (0: none was there). */
  putItem(value: T, readVersion: number): TransactItem {
    return {
      Put: {
        TableName: name,
        Item: { ...key, value, version: readVersion + 1 },
        // Someone else's save since our read fails this, and the caller starts again.
        ConditionExpression: readVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
        ...(readVersion === 0 ? {} : { ExpressionAttributeValues: { ':read': readVersion } }),
      },
    };
  },

  /** Writes `value` only if there is no item yet: a first-run seed, harmless to repeat or race. */
  async seed(value: T): Promise<void> {
    try {
      await db.send(
        new PutCommand({
          TableName: name,
          Item: { ...key, value, version: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  },
});
