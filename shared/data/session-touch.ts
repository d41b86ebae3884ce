import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type SessionLimits, type SessionTimes, sessionExpiresAt } from '../domain/session-expiry.js';
import { isConditionFailure, type Table } from './dynamo.js';

/**
 * Moves a session's idle deadline (patient and staff sessions alike); a session ended meanwhile
 * stays ended, since the update is conditional on the item still being there.
 */
export const touchSession = async (
  { db, name }: Table,
  key: { pk: string; sk: string },
  session: Pick<SessionTimes, 'createdAt'>,
  now: number,
  limits: SessionLimits,
): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: name,
        Key: key,
        UpdateExpression: 'SET lastSeenAt = :now, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':now': now,
          ':expiresAt': sessionExpiresAt({ createdAt: session.createdAt, lastSeenAt: now }, limits),
        },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
};
