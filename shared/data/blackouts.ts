import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { occupiedCells } from '../domain/appointments.js';
import type { StoredOneOffBlackout, StoredWeeklyBlackout } from '../domain/availability/setup.js';
import { cancelledByCondition, isContention, queryAll, type Table, withConflictRetries } from './dynamo.js';
import { releaseCells, takeCells } from './cell-locks.js';
import { keys, setupKeys } from './keys.js';
import { WeeklyBlackoutItem } from './setup-schemas.js';
import { type TransactItem, versionedItem } from './versioned-item.js';

// Blackouts: time a clinician is not available (F12: "blackouts are always respected").
// - Weekly ones (lunch) are one item per clinician, beside the schedule.
// - One-off ones (leave, training) hold their time with the clinician's 15-minute cell locks, the
//   same items that appointments take (DESIGN.md, "No double booking"): the blackout and its
//   cells are written in one transaction, each cell on condition that it is free, so a blackout
//   and a booking (or two blackouts) over the same time can never both be stored. A transaction
//   holds 100 items, so a blackout is written as pieces of at most 24 hours (96 cells), one
//   transaction each; a clash in a later piece deletes the pieces already written, so nothing
//   half-written stays (for that moment the earlier pieces refuse a booking they need not have:
//   conservative, never a double booking).

const PIECE_MS = 24 * 3600_000;

const PieceItem = lazy(() =>
  z.object({
    blackoutId: z.string(),
    clinicianId: z.string(),
    /** The whole blackout, on every piece. */
    start: z.string(),
    end: z.string(),
    pieceStart: z.string(),
    pieceEnd: z.string(),
  }),
);
type Piece = z.infer<ReturnType<typeof PieceItem>>;

const CellItem = lazy(() =>
  z.object({
    appointmentId: z.optional(z.string()),
    blackoutId: z.optional(z.string()),
    requestId: z.optional(z.string()),
    blackoutStart: z.optional(z.string()),
    blackoutEnd: z.optional(z.string()),
  }),
);

/** What holds a cell that a new blackout wanted. */
export type CellHolder =
  | { readonly kind: 'appointment'; readonly appointmentId: string; readonly cell: string }
  | { readonly kind: 'request'; readonly requestId: string; readonly cell: string }
  | { readonly kind: 'blackout'; readonly start: string; readonly end: string; readonly cell: string };

export type AddBlackoutResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'clash'; readonly holder: CellHolder | undefined }
  | { readonly ok: false; readonly reason: 'busy' };

/** A held cell of a clinician, and what holds it. */
export interface HeldCell {
  readonly cell: string;
  readonly appointmentId?: string | undefined;
  readonly blackoutId?: string | undefined;
  /** A patient's pending request (appointment-requests.ts) holds it. */
  readonly requestId?: string | undefined;
  /** A one-off blackout's whole range, which its locks carry (the staff calendar shows it). */
  readonly blackoutStart?: string | undefined;
  readonly blackoutEnd?: string | undefined;
}

const piecesOf = (b: StoredOneOffBlackout): Piece[] => {
  const pieces: Piece[] = [];
  const end = Date.parse(b.end);
  for (let at = Date.parse(b.start); at < end; at += PIECE_MS) {
    pieces.push({
      blackoutId: b.id,
      clinicianId: b.clinicianId,
      start: b.start,
      end: b.end,
      pieceStart: new Date(at).toISOString(),
      pieceEnd: new Date(Math.min(at + PIECE_MS, end)).toISOString(),
    });
  }
  return pieces;
};

export const blackouts = (table: Table) => {
  const { db, name } = table;

  const cellsOf = (piece: Piece) => occupiedCells(piece.pieceStart, piece.pieceEnd, 0);

  /** Removes a written piece and the cells it holds (only those it holds). */
  const deletePiece = (piece: Piece, extra: TransactItem[] = []) =>
    withConflictRetries(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: name,
                Key: setupKeys.oneOffBlackoutPiece(piece.pieceStart, piece.blackoutId),
              },
            },
            ...releaseCells(name, piece.clinicianId, cellsOf(piece), { blackoutId: piece.blackoutId }),
            ...extra,
          ],
        }),
      ),
    );

  const holderOf = async (clinicianId: string, cell: string): Promise<CellHolder | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: keys.clinicianCell(clinicianId, cell) }),
    );
    if (!Item) return undefined;
    const held = CellItem().parse(Item);
    if (held.appointmentId) return { kind: 'appointment', appointmentId: held.appointmentId, cell };
    if (held.requestId) return { kind: 'request', requestId: held.requestId, cell };
    if (held.blackoutStart && held.blackoutEnd)
      return { kind: 'blackout', start: held.blackoutStart, end: held.blackoutEnd, cell };
    return undefined;
  };

  return {
    weekly: (clinicianId: string) =>
      versionedItem<StoredWeeklyBlackout[]>(table, setupKeys.weeklyBlackouts(clinicianId), () =>
        z.array(WeeklyBlackoutItem()),
      ),

    /**
     * Stores a one-off blackout with its cell locks, or says what already holds its time. `audit`
     * joins the transaction of the last piece: it is written exactly when the whole blackout is.
     */
    async addOneOff(blackout: StoredOneOffBlackout, audit: TransactItem): Promise<AddBlackoutResult> {
      const pieces = piecesOf(blackout);
      const written: Piece[] = [];
      for (const [i, piece] of pieces.entries()) {
        const cells = cellsOf(piece);
        const last = i === pieces.length - 1;
        try {
          await withConflictRetries(() =>
            db.send(
              new TransactWriteCommand({
                TransactItems: [
                  {
                    Put: {
                      TableName: name,
                      Item: {
                        ...setupKeys.oneOffBlackoutPiece(piece.pieceStart, piece.blackoutId),
                        ...piece,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                  // A cell already locked is an appointment, a request or another blackout there.
                  ...takeCells(name, blackout.clinicianId, cells, {
                    blackoutId: blackout.id,
                    blackoutStart: blackout.start,
                    blackoutEnd: blackout.end,
                  }),
                  ...(last ? [audit] : []),
                ],
              }),
            ),
          );
          written.push(piece);
        } catch (e) {
          const failed = cancelledByCondition(e);
          const contended = isContention(e);
          if (!failed?.some(Boolean) && !contended) throw e;
          for (const done of written.reverse()) await deletePiece(done);
          if (!failed?.some(Boolean)) return { ok: false, reason: 'busy' };
          const at = failed.findIndex((f, index) => f && index >= 1 && index <= cells.length);
          const cell = at >= 1 ? cells[at - 1] : undefined;
          return {
            ok: false,
            reason: 'clash',
            holder: cell ? await holderOf(blackout.clinicianId, cell) : undefined,
          };
        }
      }
      return { ok: true };
    },

    /**
     * The one-off blackouts that touch [fromIso, toIso), whole (all their pieces merged), of
     * every clinician: one Query whose size depends on the range, never on history.
     */
    async oneOffBetween(fromIso: string, toIso?: string): Promise<StoredOneOffBlackout[]> {
      const from = new Date(Date.parse(fromIso) - PIECE_MS).toISOString();
      const range = setupKeys.oneOffBlackoutPiecesBetween(from, toIso ?? '~');
      const items = await queryAll(db, {
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
      });
      const whole = new Map<string, StoredOneOffBlackout>();
      for (const item of items) {
        const piece = PieceItem().parse(item);
        if (piece.end <= fromIso || (toIso !== undefined && piece.start >= toIso)) continue;
        whole.set(piece.blackoutId, {
          id: piece.blackoutId,
          clinicianId: piece.clinicianId,
          start: piece.start,
          end: piece.end,
        });
      }
      return [...whole.values()].sort((a, b) => a.start.localeCompare(b.start));
    },

    /** Removes a one-off blackout and frees its cells; `audit` joins the last transaction. */
    async removeOneOff(blackout: StoredOneOffBlackout, audit: TransactItem): Promise<void> {
      const pieces = piecesOf(blackout);
      for (const [i, piece] of pieces.entries()) {
        await deletePiece(piece, i === pieces.length - 1 ? [audit] : []);
      }
    },

    /** The clinician's held cells in [fromIso, toIso): one Query of their partition's cells. */
    async heldCells(clinicianId: string, fromIso: string, toIso: string): Promise<HeldCell[]> {
      const from = keys.clinicianCell(clinicianId, fromIso);
      const to = keys.clinicianCell(clinicianId, toIso);
      const items = await queryAll(db, {
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':to': to.sk },
      });
      return items
        .filter((i) => String(i.sk) < to.sk)
        .map((i) => {
          const held = CellItem().parse(i);
          return {
            cell: String(i.sk).slice(from.sk.length - fromIso.length),
            appointmentId: held.appointmentId,
            blackoutId: held.blackoutId,
            requestId: held.requestId,
            blackoutStart: held.blackoutStart,
            blackoutEnd: held.blackoutEnd,
          };
        });
    },
  };
};
export type Blackouts = ReturnType<typeof blackouts>;
