import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';

// The no-double-booking locks (DESIGN.md, "No double booking"): one item per clinician per
// 15-minute cell, put with `attribute_not_exists` by whatever holds the time (an appointment, a
// pending request, a one-off blackout) and deleted only by that same holder. Appointments,
// requests and blackouts all take and release their cells here, so the rule is written once.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Who holds a cell: its id attribute names the holder, and is the condition of every release. */
export type LockHolderId =
  { readonly appointmentId: string } | { readonly requestId: string } | { readonly blackoutId: string };

/** What a lock records: the holder, and for a blackout its whole range (a clash names its time). */
export type LockHolder =
  | { readonly appointmentId: string }
  | { readonly requestId: string }
  | { readonly blackoutId: string; readonly blackoutStart: string; readonly blackoutEnd: string };

const holderIdOf = (holder: LockHolderId): [attribute: string, id: string] =>
  'appointmentId' in holder
    ? ['appointmentId', holder.appointmentId]
    : 'requestId' in holder
      ? ['requestId', holder.requestId]
      : ['blackoutId', holder.blackoutId];

/** Puts one lock per cell for the holder; any cell already held fails the whole transaction. */
export const takeCells = (
  tableName: string,
  clinicianId: string,
  cells: readonly string[],
  holder: LockHolder,
): TransactItem[] =>
  cells.map((cell) => ({
    Put: {
      TableName: tableName,
      Item: { ...keys.clinicianCell(clinicianId, cell), ...holder },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));

/**
 * Deletes the holder's locks. Each delete is conditional on the lock naming this holder: deleting
 * another's lock would open its time to a double booking, so that fails the transaction instead.
 */
export const releaseCells = (
  tableName: string,
  clinicianId: string,
  cells: readonly string[],
  holder: LockHolderId,
): TransactItem[] => {
  const [attribute, id] = holderIdOf(holder);
  return cells.map((cell) => ({
    Delete: {
      TableName: tableName,
      Key: keys.clinicianCell(clinicianId, cell),
      ConditionExpression: '#holder = :id',
      ExpressionAttributeNames: { '#holder': attribute },
      ExpressionAttributeValues: { ':id': id },
    },
  }));
};

/** One side of a move: a clinician's cells. */
export interface CellsOf {
  readonly clinicianId: string;
  readonly cells: readonly string[];
}

/**
 * Moves an appointment's hold from one set of cells to another, for ONE transaction: the new
 * cells it does not hold yet are put on condition that they are free, the old ones it no longer
 * needs are deleted on condition that it holds them, and the cells it keeps (a move by half an
 * hour overlaps its own old time) are checked to be its own. A transaction may name an item only
 * once, which is why the overlap is a check rather than a delete and a put.
 */
export const moveCells = (
  tableName: string,
  from: CellsOf,
  to: CellsOf,
  holder: { readonly appointmentId: string },
): TransactItem[] => {
  const sameClinician = from.clinicianId === to.clinicianId;
  const kept = new Set(sameClinician ? from.cells.filter((c) => to.cells.includes(c)) : []);
  const keepChecks: TransactItem[] = [...kept].map((cell) => ({
    ConditionCheck: {
      TableName: tableName,
      Key: keys.clinicianCell(to.clinicianId, cell),
      ConditionExpression: '#holder = :id',
      ExpressionAttributeNames: { '#holder': 'appointmentId' },
      ExpressionAttributeValues: { ':id': holder.appointmentId },
    },
  }));
  return [
    ...takeCells(
      tableName,
      to.clinicianId,
      to.cells.filter((c) => !kept.has(c)),
      holder,
    ),
    ...keepChecks,
    ...releaseCells(
      tableName,
      from.clinicianId,
      from.cells.filter((c) => !kept.has(c)),
      holder,
    ),
  ];
};
/**
 * Hands a pending request's locks to the appointment it became (an approval), in the approval's
 * transaction: each cell keeps being held throughout, so no other booking can slip in between
 * the request letting go and the appointment taking hold. Each update is conditional on the lock
 * still naming the request.
 */
export const handOverCells = (
  tableName: string,
  clinicianId: string,
  cells: readonly string[],
  from: { readonly requestId: string },
  to: { readonly appointmentId: string },
): TransactItem[] =>
  cells.map((cell) => ({
    Update: {
      TableName: tableName,
      Key: keys.clinicianCell(clinicianId, cell),
      UpdateExpression: 'SET appointmentId = :appointment REMOVE requestId',
      ConditionExpression: 'requestId = :request',
      ExpressionAttributeValues: { ':appointment': to.appointmentId, ':request': from.requestId },
    },
  }));
