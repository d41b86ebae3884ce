import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { cancelledByCondition, queryAll, type Table, withConflictRetries } from './dynamo.js';
import { letterKeys } from './keys.js';
import type { TransactItem } from './send-claims.js';

// Letters: what the service shared about a patient, kept as the exact bytes that went out, so the
// patient's copy in the portal (Letters page) is the GP's copy by construction (F24: "the patient
// receives a copy of exactly what was shared"). Today the only kind is the GP report at the end of
// an episode (docs/outcomes.md, "The GP report").
//
// Two items, written in ONE transaction with whatever the caller puts alongside (the audit entry,
// the notice to the patient):
// - the letter (letterKeys.letter) in the patient's partition, newest last by createdAt: the PDF bytes
//   and the report's JSON, so every later fetch serves what was stored, never a re-rendering;
// - the episode's claim (letterKeys.episodeLetter), `attribute_not_exists`: one GP report per episode,
//   even when a clinician and the EPR ask at the same moment. The loser reads the winner's letter.

export const letterKinds = ['gp-report'] as const;
export type LetterKind = (typeof letterKinds)[number];

export interface LetterSummary {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
  readonly kind: LetterKind;
  readonly episodeId: string;
}

/** A letter as produced: its summary, the PDF bytes, and the report's JSON as stored text. */
export interface Letter extends LetterSummary {
  readonly patientId: string;
  readonly pdf: Uint8Array;
  /** The report's content as JSON text: the integration API serves it as stored. */
  readonly json: string;
}

/**
 * DynamoDB refuses items over 400 KB (names and values together). A one-page report is a few KB;
 * this leaves room for the JSON and the attribute names, and fails loudly rather than at the write.
 */
export const LETTER_MAX_BYTES = 350 * 1024;

export class LetterTooLargeError extends Error {
  override name = 'LetterTooLargeError';
  constructor(letterId: string, bytes: number) {
    super(`letter ${letterId} is ${bytes} bytes, over ${LETTER_MAX_BYTES}`);
  }
}

const SummaryItem = lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    createdAt: z.string(),
    kind: z.enum(letterKinds),
    episodeId: z.string(),
  }),
);

const LetterItem = lazy(() =>
  z.object({
    ...SummaryItem().shape,
    patientId: z.string(),
    pdf: z.instanceof(Uint8Array),
    json: z.string(),
  }),
);

const ClaimItem = lazy(() => z.object({ letterId: z.string(), createdAt: z.string() }));

/** What filing a letter came to: this call's letter, or the one an earlier (or concurrent) call filed. */
export interface Filed {
  readonly created: boolean;
  readonly letter: Letter;
}

const SUMMARY_FIELDS = 'id, title, createdAt, kind, episodeId';

export const letters = ({ db, name }: Table) => {
  const byId = async (patientId: string, letterId: string): Promise<Letter | null> => {
    // A patient has a letter per ended episode: few, so finding one by id in their partition is a
    // small Query; the id alone is what the Letters page links with.
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'id = :id',
      ExpressionAttributeValues: {
        ':pk': letterKeys.lettersOf(patientId).pk,
        ':prefix': letterKeys.lettersOf(patientId).skPrefix,
        ':id': letterId,
      },
    });
    const item = items[0];
    return item ? LetterItem().parse(item) : null;
  };

  const ofEpisode = async (
    patientId: string,
    kind: LetterKind,
    episodeId: string,
  ): Promise<Letter | null> => {
    const { Item } = await db.send(
      new GetCommand({
        TableName: name,
        Key: letterKeys.episodeLetter(patientId, kind, episodeId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const claim = ClaimItem().parse(Item);
    const { Item: letter } = await db.send(
      new GetCommand({
        TableName: name,
        Key: letterKeys.letter(patientId, claim.createdAt, claim.letterId),
        ConsistentRead: true,
      }),
    );
    return letter ? LetterItem().parse(letter) : null;
  };

  return {
    /** The patient's letters, newest first, without their bytes. */
    async ofPatient(patientId: string): Promise<LetterSummary[]> {
      const items = await queryAll(db, {
        TableName: name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': letterKeys.lettersOf(patientId).pk,
          ':prefix': letterKeys.lettersOf(patientId).skPrefix,
        },
        ProjectionExpression: SUMMARY_FIELDS,
        ScanIndexForward: false,
      });
      return items.map((i) => SummaryItem().parse(i));
    },

    /** The exact stored bytes of one of the patient's letters; null if the patient has no such letter. */
    async pdf(patientId: string, letterId: string): Promise<Uint8Array | null> {
      return (await byId(patientId, letterId))?.pdf ?? null;
    },

    /** One of the patient's letters whole (bytes and JSON); null if the patient has no such letter. */
    get: byId,

    /** The letter of this kind filed for the episode, if any. */
    ofEpisode,

    /**
     * Files a letter once per episode and kind, with `alongside` (audit, notice) in the same
     * transaction. If the episode already has one (an earlier call, or a concurrent one that won),
     * nothing is written and that letter is returned: both callers serve the same bytes.
     */
    async fileOnce(letter: Letter, alongside: readonly TransactItem[] = []): Promise<Filed> {
      const size = letter.pdf.byteLength + letter.json.length + letter.title.length;
      if (size > LETTER_MAX_BYTES) throw new LetterTooLargeError(letter.id, size);
      const claim: TransactItem = {
        Put: {
          TableName: name,
          Item: {
            ...letterKeys.episodeLetter(letter.patientId, letter.kind, letter.episodeId),
            letterId: letter.id,
            createdAt: letter.createdAt,
          },
          // Prevents a second letter for the episode: a retry or a concurrent producer loses here.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      const put: TransactItem = {
        Put: {
          TableName: name,
          Item: { ...letterKeys.letter(letter.patientId, letter.createdAt, letter.id), ...letter },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      try {
        await withConflictRetries(() =>
          db.send(new TransactWriteCommand({ TransactItems: [claim, put, ...alongside] })),
        );
        return { created: true, letter };
      } catch (e) {
        if (!cancelledByCondition(e)?.[0]) throw e;
        const existing = await ofEpisode(letter.patientId, letter.kind, letter.episodeId);
        if (!existing) throw e;
        return { created: false, letter: existing };
      }
    },
  };
};
export type Letters = ReturnType<typeof letters>;
