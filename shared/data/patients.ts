import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { contactPreferences, type Patient, stages } from '../domain/patient.js';
import { cancelledByCondition, isConditionFailure, type Table, withConflictRetries } from './dynamo.js';
import { keys } from './keys.js';

const PatientItem = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
  contactPreference: z.enum(contactPreferences),
  stage: z.enum(stages),
  externalId: z.string().optional(),
  secureIdHash: z.string(),
});

const SecureIdItem = z.object({ patientId: z.string(), dateOfBirth: z.string() });
const ExternalIdItem = z.object({ patientId: z.string() });
export type SecureIdOwner = z.infer<typeof SecureIdItem>;

export type PatientChanges = Partial<Pick<Patient, 'stage' | 'phone' | 'email' | 'contactPreference'>>;

export type CreateResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'duplicate-external-id'; readonly existingId: string };

const toPatient = ({ secureIdHash: _, ...patient }: z.infer<typeof PatientItem>): Patient => patient;

export const patients = ({ db, name }: Table) => ({
  /**
   * Stores the profile and its Secure ID lookup together: neither exists without the other. With
   * an external id, its uniqueness item goes in the same transaction, so an EPR that retries a
   * create after a timeout (or sends it twice at once) gets the first patient back, not a second.
   */
  async create(patient: Patient, secureIdHash: string, now: Date): Promise<CreateResult> {
    const at = now.toISOString();
    const isNew = 'attribute_not_exists(pk)';
    const externalIdItem = patient.externalId
      ? [
          {
            Put: {
              TableName: name,
              Item: { ...keys.externalId(patient.externalId), patientId: patient.id },
              ConditionExpression: isNew,
            },
          },
        ]
      : [];
    try {
      await withConflictRetries(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: name,
                  Item: {
                    ...keys.patient(patient.id),
                    ...patient,
                    secureIdHash,
                    createdAt: at,
                    updatedAt: at,
                  },
                  ConditionExpression: isNew,
                },
              },
              {
                Put: {
                  TableName: name,
                  Item: {
                    ...keys.secureId(secureIdHash),
                    patientId: patient.id,
                    dateOfBirth: patient.dateOfBirth,
                  },
                  // 65 random bits make a collision absurdly unlikely; the condition makes it harmless.
                  ConditionExpression: isNew,
                },
              },
              ...externalIdItem,
            ],
          }),
        ),
      );
      return { ok: true };
    } catch (e) {
      if (!patient.externalId || !cancelledByCondition(e)?.[2]) throw e;
      // Nothing deletes an external id item, so the one that refused us is still there to read.
      const { Item } = await db.send(
        new GetCommand({ TableName: name, Key: keys.externalId(patient.externalId), ConsistentRead: true }),
      );
      return { ok: false, reason: 'duplicate-external-id', existingId: ExternalIdItem.parse(Item).patientId };
    }
  },

  async get(patientId: string): Promise<Patient | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.patient(patientId) }));
    return Item ? toPatient(PatientItem.parse(Item)) : undefined;
  },

  /** Who holds a Secure ID (by its hash), with the date of birth a sign-in compares. */
  async ownerOfSecureId(secureIdHash: string): Promise<SecureIdOwner | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.secureId(secureIdHash) }));
    return Item ? SecureIdItem.parse(Item) : undefined;
  },

  /**
   * Applies changes, on condition that the contact details read into `current` are still stored:
   * the caller checked that the patient stays reachable on their preferred channel, and a
   * concurrent edit of the same fields must not slip past that check.
   */
  async update(
    current: Patient,
    changes: PatientChanges,
    now: Date,
  ): Promise<'updated' | 'changed-meanwhile'> {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': now.toISOString() };
    const sets = ['#updatedAt = :updatedAt'];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    const unchanged = (['phone', 'email', 'contactPreference'] as const).map((field) => {
      names[`#was_${field}`] = field;
      if (current[field] === undefined) return `attribute_not_exists(#was_${field})`;
      values[`:was_${field}`] = current[field];
      return `#was_${field} = :was_${field}`;
    });
    try {
      await db.send(
        new UpdateCommand({
          TableName: name,
          Key: keys.patient(current.id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: ['attribute_exists(pk)', ...unchanged].join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'updated';
    } catch (e) {
      if (isConditionFailure(e)) return 'changed-meanwhile';
      throw e;
    }
  },

  /**
   * Gives the patient a new Secure ID: the old lookup goes in the same transaction, so the old ID
   * stops working at the moment the new one starts (DESIGN.md, "Reissuing one invalidates the old").
   */
  async replaceSecureId(
    patientId: string,
    oldHash: string,
    newHash: string,
    dateOfBirth: string,
    now: Date,
  ): Promise<'replaced' | 'changed-meanwhile'> {
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: name,
                Key: keys.patient(patientId),
                UpdateExpression: 'SET secureIdHash = :new, updatedAt = :now',
                ConditionExpression: 'secureIdHash = :old',
                ExpressionAttributeValues: { ':new': newHash, ':old': oldHash, ':now': now.toISOString() },
              },
            },
            {
              Delete: {
                TableName: name,
                Key: keys.secureId(oldHash),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Put: {
                TableName: name,
                Item: { ...keys.secureId(newHash), patientId, dateOfBirth },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'replaced';
    } catch (e) {
      if (cancelledByCondition(e)) return 'changed-meanwhile';
      throw e;
    }
  },

  /** The patient and the hash of their current Secure ID, from one read (reissuing needs both). */
  async getWithSecureIdHash(
    patientId: string,
  ): Promise<{ patient: Patient; secureIdHash: string } | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: keys.patient(patientId) }));
    if (!Item) return undefined;
    const item = PatientItem.parse(Item);
    return { patient: toPatient(item), secureIdHash: item.secureIdHash };
  },
});
export type Patients = ReturnType<typeof patients>;
