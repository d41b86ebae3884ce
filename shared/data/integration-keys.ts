import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Table } from './dynamo.js';
import { keys } from './keys.js';

const KeyItem = z.object({ label: z.string(), createdAt: z.string() });

/** Bearer keys for EPR systems, stored as the SHA-256 of the key (the key has 256 random bits). */
export const integrationKeys = ({ db, name }: Table) => ({
  async add(keyHash: string, label: string, now: Date): Promise<void> {
    await db.send(
      new PutCommand({
        TableName: name,
        Item: { ...keys.integrationKey(keyHash), label, createdAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  async find(keyHash: string): Promise<z.infer<typeof KeyItem> | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.integrationKey(keyHash) }));
    return Item ? KeyItem.parse(Item) : undefined;
  },
});
export type IntegrationKeys = ReturnType<typeof integrationKeys>;
