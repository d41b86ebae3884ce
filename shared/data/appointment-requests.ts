import { BatchGetCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { occupiedCells } from '../domain/appointments.js';
import {
  type AppointmentRequest,
  appointmentRequestStatuses,
  type NewPatientDetails,
} from '../domain/appointment-requests.js';
import {
  cancelledByCondition,
  epochSeconds,
  isContention,
  queryAll,
  type Table,
  withConflictRetries,
} from './dynamo.js';
import { handOverCells, releaseCells, takeCells } from './cell-locks.js';
import { keys, publicRequestKeys } from './keys.js';
import type { TransactItem } from './send-claims.js';

// Patients' appointment requests (F10, F13) and the time they hold (DESIGN.md, "No double
// booking"; hazard H7). A pending request is three kinds of item, written in ONE transaction:
// - the request (keys.appointmentRequest), found by id, which keeps its status and buffer;
// - a copy in the patient's partition (keys.patientRequest) while pending: "my pending requests"
//   is one Query;
// - one lock per clinician per 15-minute cell it occupies, buffer included (keys.clinicianCell),
//   the very items appointments and one-off blackouts take, each `attribute_not_exists`: a
//   request, an appointment and a blackout over the same time can never all be stored.

const NewPatientItem = lazy(() =>
  z.object({
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: z.string(),
    email: z.string(),
    phone: z.optional(z.string()),
  }),
);

const RequestItem = lazy(() =>
  z.object({
    id: z.string(),
    patientId: z.optional(z.string()),
    newPatient: z.optional(NewPatientItem()),
    clinicianId: z.string(),
    start: z.string(),
    end: z.string(),
    serviceType: z.string(),
    locationId: z.optional(z.string()),
    comment: z.optional(z.string()),
    status: z.enum(appointmentRequestStatuses),
    bufferMinutes: z.int().check(z.minimum(0)),
    createdAt: z.string(),
  }),
);

const PatientRequestItem = lazy(() =>
  z.object({
    id: z.string(),
    clinicianId: z.string(),
    start: z.string(),
    end: z.string(),
    serviceType: z.string(),
    locationId: z.optional(z.string()),
    createdAt: z.string(),
  }),
);

/** The service-wide copy of a pending request (keys.pendingRequest): enough to list and decide it. */
const PendingIndexItem = lazy(() =>
  z.object({
    id: z.string(),
    patientId: z.optional(z.string()),
    clinicianId: z.string(),
    start: z.string(),
    end: z.string(),
    serviceType: z.string(),
    locationId: z.optional(z.string()),
    createdAt: z.string(),
  }),
);

/** A pending request as the service-wide list holds it: no requester details, no comment. */
export type PendingRequestSummary = Omit<AppointmentRequest, 'status' | 'comment' | 'newPatient'>;

/** DynamoDB's limit on the items of one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

export class RequestTooLongError extends Error {
  override name = 'RequestTooLongError';
  constructor(readonly requestId: string) {
    super(`Request ${requestId} would lock more cells than one transaction holds`);
  }
}

/** What a new request needs: it is stored as pending. */
export type NewAppointmentRequest = Omit<AppointmentRequest, 'status' | 'createdAt'> & {
  readonly newPatient?: NewPatientDetails | undefined;
};
export type SubmitRequestResult = { ok: true } | { ok: false; reason: 'slot-taken' };
export type CancelRequestResult = 'cancelled' | 'not-found' | 'not-pending';
export type ExpireRequestResult = 'expired' | 'not-found' | 'not-pending';

/** A public request waiting for its email link to be followed, as the link's page needs it. */
export interface UnverifiedRequest {
  readonly request: AppointmentRequest;
  readonly bufferMinutes: number;
}
export type VerifyRequestResult = { ok: true } | { ok: false; reason: 'slot-taken' | 'gone' };

const TokenItem = lazy(() => z.object({ requestId: z.string(), expiresAt: z.number() }));

/** A request as a decision reads it: with the buffer its cells were worked out with. */
export type StoredAppointmentRequest = AppointmentRequest & { readonly bufferMinutes: number };
export type DecideRequestResult = 'decided' | 'not-pending';

/**
 * Takes a request out of `pending` (a decision, a cancel, an expiry) in ONE transaction: its
 * status set on condition that it is still pending, its patient copy and its service-wide list
 * item deleted, with `alongside` (its cells released or handed over, notices, the audit entry).
 * `false` when it was no longer pending: someone else moved it first, and nothing was written.
 * `contention` says what a transaction conflict that outlasts the retries means: for a decision,
 * another decision in flight that wins (`lost`); elsewhere an error (`throw`).
 */
const leavePending = async (
  { db, name }: Table,
  request: Pick<AppointmentRequest, 'id' | 'patientId' | 'start' | 'createdAt'>,
  change: {
    readonly status: 'approved' | 'denied' | 'cancelled' | 'expired';
    readonly fields?: Readonly<Record<string, string>>;
  },
  alongside: readonly TransactItem[],
  contention: 'lost' | 'throw',
): Promise<boolean> => {
  const { id, patientId, start, createdAt } = request;
  const fields = Object.entries(change.fields ?? {});
  try {
    await withConflictRetries(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: name,
                Key: keys.appointmentRequest(id),
                UpdateExpression: ['SET #status = :status', ...fields.map(([f]) => `${f} = :${f}`)].join(
                  ', ',
                ),
                // Two changes at once (decisions, a cancel, an expiry): only the first moves it.
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': change.status,
                  ':pending': 'pending',
                  ...Object.fromEntries(fields.map(([f, value]) => [`:${f}`, value])),
                },
              },
            },
            ...(patientId === undefined
              ? []
              : [{ Delete: { TableName: name, Key: keys.patientRequest(patientId, start, id) } }]),
            { Delete: { TableName: name, Key: keys.pendingRequest(createdAt, id) } },
            ...alongside,
          ],
        }),
      ),
    );
    return true;
  } catch (e) {
    if (cancelledByCondition(e)?.[0]) return false;
    if (contention === 'lost' && isContention(e)) return false;
    throw e;
  }
};

/** A decision: approved (naming its appointment) or denied, and when. */
const decide = async (
  table: Table,
  request: StoredAppointmentRequest,
  outcome: { readonly status: 'approved' | 'denied'; readonly appointmentId?: string },
  decidedAt: Date,
  alongside: readonly TransactItem[],
): Promise<DecideRequestResult> => {
  const fields = {
    decidedAt: decidedAt.toISOString(),
    ...(outcome.appointmentId === undefined ? {} : { appointmentId: outcome.appointmentId }),
  };
  const left = await leavePending(table, request, { status: outcome.status, fields }, alongside, 'lost');
  return left ? 'decided' : 'not-pending';
};

/** A patient's pending requests, earliest first: one Query of their partition. */
const pendingForPatient = async ({ db, name }: Table, patientId: string): Promise<AppointmentRequest[]> => {
  const { pk, skPrefix } = keys.patientRequests(patientId);
  const items = await queryAll(db, {
    TableName: name,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
  });
  return items.map((i) => ({
    ...PatientRequestItem().parse(i),
    patientId,
    status: 'pending' as const,
  }));
};

export const appointmentRequests = ({ db, name }: Table) => ({
  /**
   * Stores the request as pending with its cell locks, or answers slot-taken when any cell it
   * needs (buffer included) is held by an appointment, a blackout or another request. One
   * transaction, so two concurrent requests for overlapping times cannot both be stored.
   */
  async submit(
    request: NewAppointmentRequest,
    bufferMinutes: number,
    createdAt: Date,
    /** Written in the same transaction: the staff's new-request notices. */
    alongside: readonly TransactItem[] = [],
  ): Promise<SubmitRequestResult> {
    const start = new Date(request.start).toISOString();
    const end = new Date(request.end).toISOString();
    const { id, patientId, newPatient, clinicianId, serviceType, locationId, comment } = request;
    const cells = occupiedCells(start, end, bufferMinutes);
    if (cells.length + 3 + alongside.length > MAX_TRANSACTION_ITEMS) throw new RequestTooLongError(id);
    const at = createdAt.toISOString();
    const summary = { id, patientId, clinicianId, start, end, serviceType, locationId, createdAt: at };
    const put = (Item: Record<string, unknown>) => ({
      Put: { TableName: name, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    try {
      await withConflictRetries(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              put({
                ...keys.appointmentRequest(id),
                id,
                patientId,
                newPatient,
                clinicianId,
                start,
                end,
                serviceType,
                locationId,
                comment,
                status: 'pending',
                bufferMinutes,
                createdAt: at,
                ...(patientId === undefined ? {} : keys.patientRequestsIndex(patientId, at, id)),
              }),
              ...(patientId === undefined
                ? []
                : [
                    put({
                      ...keys.patientRequest(patientId, start, id),
                      id,
                      clinicianId,
                      start,
                      end,
                      serviceType,
                      locationId,
                      createdAt: at,
                    }),
                  ]),
              put({ ...keys.pendingRequest(at, id), ...summary }),
              ...takeCells(name, clinicianId, cells, { requestId: id }),
              ...alongside,
            ],
          }),
        ),
      );
      return { ok: true };
    } catch (e) {
      if (cancelledByCondition(e)?.some(Boolean)) return { ok: false, reason: 'slot-taken' };
      // Concurrent requests for the same cells outlasted the retries: the time is contested, and
      // the patient is told it is not available rather than given a 500.
      if (isContention(e)) return { ok: false, reason: 'slot-taken' };
      throw e;
    }
  },

  /**
   * Stores a public request as unverified (F17): no cells, no pending-list item, so staff never see
   * it and it holds no time; and the item its one-time link finds it by (the token's keyed hash).
   * Both expire (TTL) at `expiresAt`: an unverified request is only a draft. `alongside` (the
   * email with the link, the rate-limit counts) goes in the same transaction.
   */
  async submitUnverified(
    request: NewAppointmentRequest,
    bufferMinutes: number,
    createdAt: Date,
    verification: { readonly tokenHash: string; readonly expiresAt: Date },
    alongside: readonly TransactItem[] = [],
  ): Promise<void> {
    const { id, newPatient, clinicianId, serviceType, locationId, comment } = request;
    const expiresAt = epochSeconds(verification.expiresAt);
    const put = (Item: Record<string, unknown>) => ({
      Put: { TableName: name, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          put({
            ...keys.appointmentRequest(id),
            id,
            newPatient,
            clinicianId,
            start: new Date(request.start).toISOString(),
            end: new Date(request.end).toISOString(),
            serviceType,
            locationId,
            comment,
            status: 'unverified',
            bufferMinutes,
            createdAt: createdAt.toISOString(),
            expiresAt,
          }),
          put({ ...publicRequestKeys.requestVerification(verification.tokenHash), requestId: id, expiresAt }),
          ...alongside,
        ],
      }),
    );
  },

  /**
   * The unverified request a link's token leads to, or undefined when the link is unknown, used,
   * or past its expiry (TTL deletes late, so the time is checked here too). Two reads in a row.
   */
  async findUnverified(tokenHash: string, now: Date): Promise<UnverifiedRequest | undefined> {
    const { Item: token } = await db.send(
      new GetCommand({
        TableName: name,
        Key: publicRequestKeys.requestVerification(tokenHash),
        ConsistentRead: true,
      }),
    );
    if (!token) return undefined;
    const { requestId, expiresAt } = TokenItem().parse(token);
    if (expiresAt <= epochSeconds(now)) return undefined;
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.appointmentRequest(requestId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { bufferMinutes, ...request } = RequestItem().parse(Item);
    if (request.status !== 'unverified') return undefined;
    return { request, bufferMinutes };
  },

  /**
   * Follows a public request's link: in ONE transaction the request goes unverified -> pending
   * (on that condition and before its expiry), the link is used up, the request joins the
   * service's pending list and takes its cells, with `alongside` (the staff's new-request
   * notices). The pending clock starts now: `createdAt` becomes the time staff first see it. A
   * time taken meanwhile writes nothing (`slot-taken`): the request stays unverified.
   */
  async verify(
    found: UnverifiedRequest,
    tokenHash: string,
    now: Date,
    alongside: readonly TransactItem[] = [],
  ): Promise<VerifyRequestResult> {
    const { request, bufferMinutes } = found;
    const { id, clinicianId, start, end, serviceType, locationId } = request;
    const cells = occupiedCells(start, end, bufferMinutes);
    if (cells.length + 3 + alongside.length > MAX_TRANSACTION_ITEMS) throw new RequestTooLongError(id);
    const at = now.toISOString();
    try {
      await withConflictRetries(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: name,
                  Key: keys.appointmentRequest(id),
                  UpdateExpression:
                    'SET #status = :pending, createdAt = :at, submittedAt = :submittedAt REMOVE expiresAt',
                  ConditionExpression: '#status = :unverified AND expiresAt > :now',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':pending': 'pending',
                    ':unverified': 'unverified',
                    ':at': at,
                    ':submittedAt': request.createdAt,
                    ':now': epochSeconds(now),
                  },
                },
              },
              {
                Delete: {
                  TableName: name,
                  Key: publicRequestKeys.requestVerification(tokenHash),
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: name,
                  Item: {
                    ...keys.pendingRequest(at, id),
                    id,
                    clinicianId,
                    start,
                    end,
                    serviceType,
                    locationId,
                    createdAt: at,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...takeCells(name, clinicianId, cells, { requestId: id }),
              ...alongside,
            ],
          }),
        ),
      );
      return { ok: true };
    } catch (e) {
      const failed = cancelledByCondition(e);
      if (failed?.[0] || failed?.[1]) return { ok: false, reason: 'gone' };
      if (failed?.some(Boolean) || isContention(e)) return { ok: false, reason: 'slot-taken' };
      throw e;
    }
  },

  async get(requestId: string): Promise<AppointmentRequest | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.appointmentRequest(requestId) }),
    );
    if (!Item) return undefined;
    const { bufferMinutes: _, ...request } = RequestItem().parse(Item);
    return request;
  },

  /** The request with its buffer, read strongly: a decision must not act on a stale status. */
  async getForDecision(requestId: string): Promise<StoredAppointmentRequest | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.appointmentRequest(requestId), ConsistentRead: true }),
    );
    return Item ? RequestItem().parse(Item) : undefined;
  },

  /**
   * Approves a pending request (F13): pending -> approved, its patient and service-wide copies
   * deleted, and its cells handed over to the appointment it becomes, all in one transaction with
   * `alongside` (the appointment's items, the confirmation notice, the audit entry, and for a
   * public request the new patient). Two staff deciding at once, or a decision and the patient's
   * cancel: the status condition lets exactly one through; the other is `not-pending`.
   */
  async approve(
    request: StoredAppointmentRequest,
    appointmentId: string,
    alongside: readonly TransactItem[],
    decidedAt: Date,
  ): Promise<DecideRequestResult> {
    const cells = occupiedCells(request.start, request.end, request.bufferMinutes);
    return decide({ db, name }, request, { status: 'approved', appointmentId }, decidedAt, [
      ...handOverCells(name, request.clinicianId, cells, { requestId: request.id }, { appointmentId }),
      ...alongside,
    ]);
  },

  /**
   * Denies a pending request: pending -> denied, its copies deleted and its cells freed, with
   * `alongside` (the denial notice, the audit entry) in the same transaction. The reason is not
   * stored here: it goes to the patient in the notice, and only its length to the audit.
   */
  async deny(
    request: StoredAppointmentRequest,
    alongside: readonly TransactItem[],
    decidedAt: Date,
  ): Promise<DecideRequestResult> {
    const cells = occupiedCells(request.start, request.end, request.bufferMinutes);
    return decide({ db, name }, request, { status: 'denied' }, decidedAt, [
      ...releaseCells(name, request.clinicianId, cells, { requestId: request.id }),
      ...alongside,
    ]);
  },

  /**
   * Cancels the patient's pending request and frees its cells, in one transaction. Another
   * patient's request is `not-found`, as if it did not exist: ids are never confirmed to others.
   */
  async cancel(requestId: string, patientId: string): Promise<CancelRequestResult> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.appointmentRequest(requestId) }),
    );
    if (!Item) return 'not-found';
    const stored = RequestItem().parse(Item);
    if (stored.patientId === undefined || stored.patientId !== patientId) return 'not-found';
    if (stored.status !== 'pending') return 'not-pending';
    const cells = occupiedCells(stored.start, stored.end, stored.bufferMinutes);
    const left = await leavePending(
      { db, name },
      stored,
      { status: 'cancelled' },
      releaseCells(name, stored.clinicianId, cells, { requestId }),
      'throw',
    );
    return left ? 'cancelled' : 'not-pending';
  },

  /** Requests by id (the staff calendar's cells name them): one BatchGetItem per 100. */
  async getMany(requestIds: readonly string[]): Promise<Map<string, AppointmentRequest>> {
    const found = new Map<string, AppointmentRequest>();
    const ids = [...new Set(requestIds)];
    for (let i = 0; i < ids.length; i += 100) {
      let keysLeft: Record<string, unknown>[] = ids
        .slice(i, i + 100)
        .map((id) => keys.appointmentRequest(id));
      while (keysLeft.length > 0) {
        const answer = await db.send(new BatchGetCommand({ RequestItems: { [name]: { Keys: keysLeft } } }));
        for (const item of answer.Responses?.[name] ?? []) {
          const { bufferMinutes: _, ...request } = RequestItem().parse(item);
          found.set(request.id, request);
        }
        keysLeft = (answer.UnprocessedKeys?.[name]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return found;
  },

  /**
   * Every request the patient made, decided or not, oldest first (subject access, F27): gsi2, and
   * the pending ones in their partition for a request made before gsi2 held them.
   */
  async allForPatient(patientId: string): Promise<AppointmentRequest[]> {
    const [indexed, pending] = await Promise.all([
      queryAll(db, {
        TableName: name,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.allPatientRequests(patientId).gsi2pk },
      }),
      pendingForPatient({ db, name }, patientId),
    ]);
    const found = new Map<string, AppointmentRequest>();
    for (const item of indexed) {
      const { bufferMinutes: _, ...request } = RequestItem().parse(item);
      found.set(request.id, request);
    }
    for (const request of pending) if (!found.has(request.id)) found.set(request.id, request);
    return [...found.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  },

  /** The patient's pending requests, earliest first: one Query of their partition. */
  pendingForPatient(patientId: string): Promise<AppointmentRequest[]> {
    return pendingForPatient({ db, name }, patientId);
  },

  /**
   * The service's pending requests, oldest first (F13, and the expiry of stale ones): one Query
   * of one partition that holds only undecided requests.
   */
  async pendingForService(): Promise<PendingRequestSummary[]> {
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pendingRequests().pk },
    });
    return items.map((i) => PendingIndexItem().parse(i));
  },

  /**
   * Expires a pending request nobody decided in time (docs/appointments.md, "Expiry"): marks it
   * expired, removes the patient's copy and the service-wide list item and frees its cells, with
   * `alongside` (the notices, rendered from the request as read) in ONE transaction conditional on
   * the request still being pending, so a decision or a cancel at the same moment wins or loses
   * whole. `not-pending` when someone decided it first.
   */
  async expire(
    requestId: string,
    alongside: (request: AppointmentRequest) => readonly TransactItem[],
  ): Promise<ExpireRequestResult> {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.appointmentRequest(requestId), ConsistentRead: true }),
    );
    if (!Item) return 'not-found';
    const { bufferMinutes, ...request } = RequestItem().parse(Item);
    if (request.status !== 'pending') return 'not-pending';
    const cells = occupiedCells(request.start, request.end, bufferMinutes);
    const left = await leavePending(
      { db, name },
      request,
      { status: 'expired' },
      [...releaseCells(name, request.clinicianId, cells, { requestId }), ...alongside(request)],
      'throw',
    );
    return left ? 'expired' : 'not-pending';
  },
});
export type AppointmentRequests = ReturnType<typeof appointmentRequests>;
