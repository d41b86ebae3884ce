import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { contactPreferences, type Patient, type PatientRecord, stages } from '../domain/patient.js';
import { foldName } from '../domain/patient-search.js';
import { cancelledByCondition, isConditionFailure, type Table, withConflictRetries } from './dynamo.js';
import { keys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const PatientItem = lazy(() =>
  z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: z.string(),
    phone: z.optional(z.string()),
    email: z.optional(z.string()),
    contactPreference: z.enum(contactPreferences),
    stage: z.enum(stages),
    externalId: z.optional(z.string()),
    nationalDataOptOut: z.optional(z.boolean()),
    secureIdHash: z.string(),
    secureIdGeneration: z._default(z.number(), 0),
    secureIdDisabled: z._default(z.boolean(), false),
    lastClinicianId: z.optional(z.string()),
    smsStopped: z._default(z.boolean(), false),
    smsStoppedAt: z.optional(z.string()),
    emailBouncedAt: z.optional(z.string()),
    emailComplaintAt: z.optional(z.string()),
  }),
);

/** The risk item's last answer per questionnaire, one top-level attribute each (no map to create first). */
const LAST_RISK_PREFIX = 'lastRiskItem:';

const SecureIdItem = lazy(() =>
  z.object({
    patientId: z.string(),
    dateOfBirth: z.string(),
    generation: z._default(z.number(), 0),
    /** Set when the ID reaches the disable mark; this item has no TTL, so nothing but a reissue undoes it. */
    disabled: z._default(z.boolean(), false),
  }),
);
const ExternalIdItem = lazy(() => z.object({ patientId: z.string() }));
export type SecureIdOwner = z.infer<ReturnType<typeof SecureIdItem>>;

export type CreateResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'duplicate-external-id'; readonly existingId: string };

export type PatientChanges = Partial<
  Pick<Patient, 'stage' | 'phone' | 'email' | 'contactPreference' | 'nationalDataOptOut'>
>;

const toPatient = (item: Record<string, unknown>): PatientRecord => {
  const { secureIdHash: _, ...patient } = PatientItem().parse(item);
  const lastRiskItems: Record<string, number> = {};
  for (const [attribute, value] of Object.entries(item)) {
    if (attribute.startsWith(LAST_RISK_PREFIX) && typeof value === 'number')
      lastRiskItems[attribute.slice(LAST_RISK_PREFIX.length)] = value;
  }
  return { ...patient, lastRiskItems };
};

/** The first Secure ID of a patient is generation 1; each reissue adds one. */
export const FIRST_GENERATION = 1;

/**
 * The profile and its Secure ID lookup, for a transaction: neither exists without the other.
 * `extra` joins the profile, such as the latest clinician of an approval that creates the patient.
 */
const newPatientItems = (
  name: string,
  patient: Patient,
  secureIdHash: string,
  at: string,
  extra: Record<string, string> = {},
): TransactItem[] => {
  const isNew = 'attribute_not_exists(pk)';
  return [
    {
      Put: {
        TableName: name,
        Item: {
          ...keys.patient(patient.id),
          // Staff search by name and by date of birth (shared/domain/patient-search.ts).
          ...keys.patientNameIndex(foldName(patient.familyName), foldName(patient.givenName), patient.id),
          ...keys.patientBirthIndex(patient.dateOfBirth, patient.id),
          ...patient,
          ...extra,
          secureIdHash,
          secureIdGeneration: FIRST_GENERATION,
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
          generation: FIRST_GENERATION,
        },
        // 65 random bits make a collision absurdly unlikely; the condition makes it harmless.
        ConditionExpression: isNew,
      },
    },
  ];
};

export const patients = ({ db, name }: Table) => ({
  /**
   * The items that create a patient (no external id), for another transaction: an approval that
   * creates the requester as a patient books them in the same write (appointment-requests.ts).
   */
  createItems(patient: Patient, secureIdHash: string, now: Date, lastClinicianId: string): TransactItem[] {
    return newPatientItems(name, patient, secureIdHash, now.toISOString(), { lastClinicianId });
  },

  /**
   * Stores the profile and its Secure ID lookup together: neither exists without the other. With
   * an external id, its uniqueness item goes in the same transaction, so an EPR that retries a
   * create after a timeout (or sends it twice at once) gets the first patient back, not a second.
   * `alongside` goes in the same transaction (the patient's first episode, episodes.ts).
   */
  async create(
    patient: Patient,
    secureIdHash: string,
    now: Date,
    alongside: readonly TransactItem[] = [],
  ): Promise<CreateResult> {
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
              ...newPatientItems(name, patient, secureIdHash, at),
              ...externalIdItem,
              ...alongside,
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
      return {
        ok: false,
        reason: 'duplicate-external-id',
        existingId: ExternalIdItem().parse(Item).patientId,
      };
    }
  },

  async get(patientId: string): Promise<PatientRecord | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.patient(patientId), ConsistentRead: true }),
    );
    return Item ? toPatient(Item) : undefined;
  },

  /**
   * Who holds a Secure ID (by its hash), with the date of birth a sign-in compares. Strongly
   * consistent: a reissue or a disable a moment ago must already count.
   */
  async ownerOfSecureId(secureIdHash: string): Promise<SecureIdOwner | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.secureId(secureIdHash), ConsistentRead: true }),
    );
    return Item ? SecureIdItem().parse(Item) : undefined;
  },

  /**
   * The items that disable a Secure ID for good (DESIGN.md: "at 20 it is disabled until staff
   * reissue it"), written with the staff to-do in one transaction. The mark goes on the lookup
   * item, which never expires, and on the profile for staff to see. Conditions: the ID is still
   * the patient's (no reissue meanwhile) and not disabled already (the to-do is filed once).
   */
  disableSecureIdItems(owner: SecureIdOwner, secureIdHash: string, now: Date): TransactItem[] {
    const at = now.toISOString();
    return [
      {
        Update: {
          TableName: name,
          Key: keys.secureId(secureIdHash),
          UpdateExpression: 'SET disabled = :true, disabledAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)',
          ExpressionAttributeValues: { ':true': true, ':false': false, ':at': at },
        },
      },
      {
        Update: {
          TableName: name,
          Key: keys.patient(owner.patientId),
          UpdateExpression: 'SET secureIdDisabled = :true, updatedAt = :at',
          ConditionExpression: 'secureIdHash = :hash',
          ExpressionAttributeValues: { ':true': true, ':at': at, ':hash': secureIdHash },
        },
      },
    ];
  },

  /** Remembers the risk item's answer of a stored response, in the transaction that stores it. */
  lastRiskItemUpdate(patientId: string, questionnaireId: string, value: number): TransactItem {
    return {
      Update: {
        TableName: name,
        Key: keys.patient(patientId),
        UpdateExpression: 'SET #last = :value',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#last': `${LAST_RISK_PREFIX}${questionnaireId}` },
        ExpressionAttributeValues: { ':value': value },
      },
    };
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
    // A new (or re-confirmed) address from the clinic starts clean: what SES said about the old
    // one no longer holds (issue 13, item 6).
    const removes = changes.email !== undefined ? ' REMOVE emailBouncedAt, emailComplaintAt' : '';
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
          UpdateExpression: `SET ${sets.join(', ')}${removes}`,
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
    current: Pick<PatientRecord, 'id' | 'dateOfBirth' | 'secureIdGeneration'>,
    oldHash: string,
    newHash: string,
    now: Date,
    alongside: TransactItem[] = [],
  ): Promise<'replaced' | 'changed-meanwhile'> {
    const { id: patientId, dateOfBirth } = current;
    // The next generation ends every session opened with the old ID (sessions carry theirs).
    const generation = Math.max(current.secureIdGeneration, FIRST_GENERATION - 1) + 1;
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: name,
                Key: keys.patient(patientId),
                UpdateExpression:
                  'SET secureIdHash = :new, secureIdGeneration = :generation, updatedAt = :now REMOVE secureIdDisabled',
                ConditionExpression: 'secureIdHash = :old',
                ExpressionAttributeValues: {
                  ':new': newHash,
                  ':old': oldHash,
                  ':generation': generation,
                  ':now': now.toISOString(),
                },
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
                Item: { ...keys.secureId(newHash), patientId, dateOfBirth, generation },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...alongside,
          ],
        }),
      );
      return 'replaced';
    } catch (e) {
      if (cancelledByCondition(e)) return 'changed-meanwhile';
      throw e;
    }
  },

  /** Patients whose folded family name starts with `family` (gsi1), at most `limit`. */
  async findByName(family: string, limit: number): Promise<PatientRecord[]> {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :family)',
        ExpressionAttributeValues: { ':pk': keys.patientsByName().gsi1pk, ':family': family },
        Limit: limit,
      }),
    );
    return Items.map(toPatient);
  },

  /** Patients born on a date (gsi2). */
  async findByDateOfBirth(dateOfBirth: string, limit: number): Promise<PatientRecord[]> {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.patientsBornOn(dateOfBirth).gsi2pk },
        Limit: limit,
      }),
    );
    return Items.map(toPatient);
  },

  /** The patient an EPR's id names, if any. */
  async findByExternalId(externalId: string): Promise<PatientRecord | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.externalId(externalId), ConsistentRead: true }),
    );
    return Item ? this.get(ExternalIdItem().parse(Item).patientId) : undefined;
  },

  /** Several patients by id, in one request per 100 (to-do lists name their patients). */
  async getMany(patientIds: readonly string[]): Promise<Map<string, PatientRecord>> {
    const out = new Map<string, PatientRecord>();
    const unique = [...new Set(patientIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keysLeft: Record<string, unknown>[] | undefined = unique
        .slice(i, i + 100)
        .map((id) => keys.patient(id));
      while (keysLeft && keysLeft.length > 0) {
        const answer = await db.send(new BatchGetCommand({ RequestItems: { [name]: { Keys: keysLeft } } }));
        for (const item of answer.Responses?.[name] ?? []) {
          const patient = toPatient(item);
          out.set(patient.id, patient);
        }
        keysLeft = answer.UnprocessedKeys?.[name]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  },

  /**
   * The patient's own choice (F4), for the transaction that audits it. Conditions: the preference,
   * the stop and both addresses are still what the patient saw, so a concurrent change (the
   * clinic removing the email the patient just chose) cannot slip past the check.
   */
  contactPreferencesUpdate(
    current: PatientRecord,
    next: { readonly contactPreference: PatientRecord['contactPreference']; readonly smsStopped: boolean },
    now: Date,
  ): TransactItem {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':preference': next.contactPreference,
      ':stopped': next.smsStopped,
      ':at': now.toISOString(),
      ':wasPreference': current.contactPreference,
    };
    const unchanged = ['attribute_exists(pk)', 'contactPreference = :wasPreference'];
    // Patients stored before the field existed have no smsStopped: that reads as not stopped.
    values[':wasStopped'] = current.smsStopped;
    unchanged.push(
      current.smsStopped
        ? 'smsStopped = :wasStopped'
        : '(attribute_not_exists(smsStopped) OR smsStopped = :wasStopped)',
    );
    for (const field of ['phone', 'email'] as const) {
      names[`#${field}`] = field;
      if (current[field] === undefined) unchanged.push(`attribute_not_exists(#${field})`);
      else {
        values[`:${field}`] = current[field];
        unchanged.push(`#${field} = :${field}`);
      }
    }
    const sets = ['contactPreference = :preference', 'smsStopped = :stopped', 'updatedAt = :at'];
    // When texts were stopped is kept while they stay stopped; resuming removes it.
    if (next.smsStopped && !current.smsStopped) sets.push('smsStoppedAt = :at');
    const removes = !next.smsStopped && current.smsStopped ? ' REMOVE smsStoppedAt' : '';
    const update = `SET ${sets.join(', ')}${removes}`;
    return {
      Update: {
        TableName: name,
        Key: keys.patient(current.id),
        UpdateExpression: update,
        ConditionExpression: unchanged.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  },

  /**
   * Marks the patient's email as bounced or complained about (SES, issue 13 item 6), for the
   * transaction that audits it. Only while the address is still the one SES reported: an old
   * event must not mark a new address the clinic has set meanwhile. Nor when already marked:
   * SNS delivers at least once, and a repeat must not move the date or audit twice.
   */
  emailProblemUpdate(
    patientId: string,
    reportedAddress: string,
    problem: 'bounced' | 'complaint',
    now: Date,
  ): TransactItem {
    const field = problem === 'bounced' ? 'emailBouncedAt' : 'emailComplaintAt';
    return {
      Update: {
        TableName: name,
        Key: keys.patient(patientId),
        UpdateExpression: `SET ${field} = :at`,
        ConditionExpression: `attribute_exists(pk) AND email = :reported AND attribute_not_exists(${field})`,
        ExpressionAttributeValues: { ':at': now.toISOString(), ':reported': reportedAddress },
      },
    };
  },

  /** Changes the stage of care (staff console); the patient must exist. */
  async setStage(
    patientId: string,
    stage: PatientRecord['stage'],
    now: Date,
  ): Promise<'updated' | 'not-found'> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: name,
          Key: keys.patient(patientId),
          UpdateExpression: 'SET stage = :stage, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':stage': stage, ':at': now.toISOString() },
        }),
      );
      return 'updated';
    } catch (e) {
      if (isConditionFailure(e)) return 'not-found';
      throw e;
    }
  },

  /** The patient and the hash of their current Secure ID, from one read (reissuing needs both). */
  async getWithSecureIdHash(
    patientId: string,
  ): Promise<{ patient: PatientRecord; secureIdHash: string } | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.patient(patientId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return { patient: toPatient(Item), secureIdHash: PatientItem().parse(Item).secureIdHash };
  },
});
export type Patients = ReturnType<typeof patients>;
