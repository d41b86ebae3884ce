import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { isConditionFailure, type Table } from './dynamo.js';
import { staffSessionKeys } from './keys.js';

// An OpenID Connect sign-in under way: what the callback needs to finish it and what only this
// server may know (the PKCE verifier, the nonce). Found by the hash of its `state`, tied to the
// browser that started it by the hash of a cookie, short-lived, and deleted when used.

const StaffSignInItem = lazy(() =>
  z.object({
    browserHash: z.string(),
    codeVerifier: z.string(),
    nonce: z.string(),
    returnPath: z.string(),
    expiresAt: z.number(),
  }),
);
export type StaffSignIn = z.infer<ReturnType<typeof StaffSignInItem>>;

export const staffSignIns = ({ db, name }: Table) => ({
  async save(stateHash: string, signIn: StaffSignIn): Promise<void> {
    await db.send(
      new PutCommand({
        TableName: name,
        Item: { ...staffSessionKeys.staffSignIn(stateHash), ...signIn },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  /**
   * Takes the sign-in for this state, once: the delete's condition means that of two callbacks
   * with the same state (a replayed or double-submitted URL), exactly one gets it. Expiry is the
   * caller's to check, as TTL may not have removed the item yet.
   */
  async take(stateHash: string): Promise<StaffSignIn | undefined> {
    try {
      const { Attributes } = await db.send(
        new DeleteCommand({
          TableName: name,
          Key: staffSessionKeys.staffSignIn(stateHash),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes ? StaffSignInItem().parse(Attributes) : undefined;
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  },
});
export type StaffSignIns = ReturnType<typeof staffSignIns>;
