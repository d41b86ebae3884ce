import { type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import type { Consent, ConsentActor } from '../domain/consent.js';
import { queryAll, type Table } from './dynamo.js';
import { consentKeys as keys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// Consents to share with named parties (F25), in the patient's partition. Recording is a put on
// condition that the item is new; withdrawing is an update on condition that the consent is still
// current, so of two withdrawals one wins and the other learns it was already withdrawn. Nothing is
// ever deleted: a withdrawn consent stays, with who withdrew it and when, as the history.
// Both return transaction items, so the use case writes the audit entry in the same transaction.

const Actor = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('patient') }),
    z.object({ kind: z.literal('staff'), staffId: z.string(), email: z.optional(z.string()) }),
    z.object({ kind: z.literal('integration'), keyId: z.string() }),
  ]),
);

const ConsentItem = lazy(() =>
  z.object({
    id: z.string(),
    patientId: z.string(),
    party: z.string(),
    purpose: z.string(),
    recordedAt: z.string(),
    recordedBy: Actor(),
    withdrawnAt: z.nullable(z.string()),
    withdrawnBy: z.nullable(Actor()),
  }),
);

const toConsent = (item: Record<string, unknown>): Consent => ConsentItem().parse(item);

export const consents = ({ db, name }: Table) => ({
  /** Every consent of the patient, current and withdrawn, oldest first. */
  async ofPatient(patientId: string): Promise<Consent[]> {
    const { pk, skPrefix } = keys.consentsOf(patientId);
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map(toConsent);
  },

  /** The put that records a new consent, for the transaction with its audit entry. */
  recordItem(consent: Consent): TransactItem {
    return {
      Put: {
        TableName: name,
        Item: { ...keys.consent(consent.patientId, consent.recordedAt, consent.id), ...consent },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  },

  /**
   * The update that withdraws a consent, on condition that it exists and is still current: a
   * cancelled transaction at this item means another withdrawal got there first.
   */
  withdrawItem(
    consent: Pick<Consent, 'patientId' | 'recordedAt' | 'id'>,
    by: ConsentActor,
    at: string,
  ): TransactItem {
    return {
      Update: {
        TableName: name,
        Key: keys.consent(consent.patientId, consent.recordedAt, consent.id),
        UpdateExpression: 'SET withdrawnAt = :at, withdrawnBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND withdrawnAt = :null',
        ExpressionAttributeValues: { ':at': at, ':by': by, ':null': null },
      },
    };
  },
});
export type Consents = ReturnType<typeof consents>;
