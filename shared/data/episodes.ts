import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { cancelledByCondition, queryAll, type Table, withConflictRetries } from './dynamo.js';
import { episodeKeys, keys } from './keys.js';
import type { TransactItem } from './send-claims.js';

// Episodes: one referral of a patient, from its start to the discharge (docs/outcomes.md,
// "Storage"). Two kinds of item in the patient's partition:
// - each episode (episodeKeys.episode), sorted by start, in gsi1 by start and, once ended, in
//   gsi2 by end (the service report reads those);
// - the state (episodeKeys.episodeState): the id and start of the open episode, or none. Every
//   opening and every discharge changes it on condition, in the same transaction as the episode,
//   so a patient never has two open episodes and two discharges at once end one episode once.
// A patient stored before episodes existed has neither: their open episode runs from the
// patient's createdAt and has the patient's id as its id (stable, so a letter can name it), and
// is written the first time it ends.

export type EpisodeEndedBy = { kind: 'staff'; staffId: string } | { kind: 'integration'; keyId: string };

export interface Episode {
  readonly id: string;
  readonly patientId: string;
  /** UTC ISO instant (referral). */
  readonly startedAt: string;
  /** UTC ISO instant of discharge; null while open. */
  readonly endedAt: string | null;
  readonly endedBy?: EpisodeEndedBy;
}

const EndedBy = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('staff'), staffId: z.string() }),
    z.object({ kind: z.literal('integration'), keyId: z.string() }),
  ]),
);
const EpisodeItem = lazy(() =>
  z.object({
    id: z.string(),
    patientId: z.string(),
    startedAt: z.string(),
    endedAt: z._default(z.nullable(z.string()), null),
    endedBy: z.optional(EndedBy()),
  }),
);
const StateItem = lazy(() =>
  z.object({ openEpisodeId: z.optional(z.string()), openStartedAt: z.optional(z.string()) }),
);
const CreatedAt = lazy(() => z.object({ createdAt: z.string() }));

const toEpisode = (item: Record<string, unknown>): Episode => {
  const { endedBy, ...episode } = EpisodeItem().parse(item);
  return endedBy ? { ...episode, endedBy } : episode;
};

export type DischargeResult =
  | { readonly ok: true; readonly episode: Episode }
  | { readonly ok: false; readonly reason: 'no-open-episode' | 'unknown-patient' };
export type ReferralResult =
  | { readonly ok: true; readonly episode: Episode }
  | { readonly ok: false; readonly reason: 'episode-open' | 'unknown-patient' };

export const episodes = ({ db, name }: Table) => {
  const episodeItem = (episode: Episode): Record<string, unknown> => ({
    ...episodeKeys.episode(episode.patientId, episode.startedAt, episode.id),
    ...episodeKeys.episodesStartedIndex(episode.startedAt, episode.id),
    ...(episode.endedAt ? episodeKeys.episodesEndedIndex(episode.endedAt, episode.id) : {}),
    ...episode,
  });

  const stateOf = async (patientId: string) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: name, Key: episodeKeys.episodeState(patientId), ConsistentRead: true }),
    );
    return Item ? StateItem().parse(Item) : undefined;
  };

  /** The open episode of a patient stored before episodes existed; undefined: no such patient. */
  const legacyEpisode = async (patientId: string): Promise<Episode | undefined> => {
    const { Item } = await db.send(
      new GetCommand({
        TableName: name,
        Key: keys.patient(patientId),
        ProjectionExpression: 'createdAt',
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return { id: patientId, patientId, startedAt: CreatedAt().parse(Item).createdAt, endedAt: null };
  };

  const ofPatient = async (patientId: string): Promise<Episode[]> => {
    const { pk, skPrefix } = episodeKeys.patientEpisodes(patientId);
    const items = await queryAll(db, {
      TableName: name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    });
    return items.map(toEpisode);
  };

  const byIndex = async (index: 'gsi1' | 'gsi2', pk: string, from: string, to: string) =>
    (
      await queryAll(db, {
        TableName: name,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :from AND :to`,
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      })
    ).map(toEpisode);

  return {
    /**
     * The items that open a new patient's first episode, for the transaction that creates the
     * patient (integration API, an approved public request, the demo seed).
     */
    openItems(episode: Pick<Episode, 'id' | 'patientId' | 'startedAt'>): TransactItem[] {
      const open: Episode = { ...episode, endedAt: null };
      return [
        {
          Put: {
            TableName: name,
            Item: {
              ...episodeKeys.episodeState(open.patientId),
              openEpisodeId: open.id,
              openStartedAt: open.startedAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: { TableName: name, Item: episodeItem(open), ConditionExpression: 'attribute_not_exists(pk)' },
        },
      ];
    },

    /** The open episode, or null (discharged, or no such patient). */
    async current(patientId: string): Promise<Episode | null> {
      const state = await stateOf(patientId);
      if (!state) return (await legacyEpisode(patientId)) ?? null;
      if (!state.openEpisodeId || !state.openStartedAt) return null;
      return { id: state.openEpisodeId, patientId, startedAt: state.openStartedAt, endedAt: null };
    },

    /** The episode that ended last, or null. */
    async lastEnded(patientId: string): Promise<Episode | null> {
      const ended = (await ofPatient(patientId)).filter((e) => e.endedAt !== null);
      return ended.sort((a, b) => ((a.endedAt ?? '') < (b.endedAt ?? '') ? -1 : 1)).at(-1) ?? null;
    },

    /** Every episode of the patient, oldest first; a patient stored before episodes: theirs. */
    async ofPatient(patientId: string): Promise<Episode[]> {
      const stored = await ofPatient(patientId);
      if (stored.length > 0) return stored;
      if (await stateOf(patientId)) return stored;
      const legacy = await legacyEpisode(patientId);
      return legacy ? [legacy] : [];
    },

    /** The service's episodes that ended in [from, to] (instants or dates; both ends included). */
    endedBetween(fromIso: string, toIso: string): Promise<Episode[]> {
      const { gsi2pk, skFrom, skTo } = episodeKeys.episodesEndedBetween(fromIso, toIso);
      return byIndex('gsi2', gsi2pk, skFrom, skTo);
    },

    /**
     * The service's episodes that started in [from, to]: referrals. A patient stored before
     * episodes existed is found here only once their first episode has ended (it is then written).
     */
    startedBetween(fromIso: string, toIso: string): Promise<Episode[]> {
      const { gsi1pk, skFrom, skTo } = episodeKeys.episodesStartedBetween(fromIso, toIso);
      return byIndex('gsi1', gsi1pk, skFrom, skTo);
    },

    /**
     * Ends the open episode. Conditional on it being open: of two discharges at once, one ends it
     * and the other is told there is no open episode. `alongside` (an audit entry) is written in
     * the same transaction, given the ended episode.
     */
    async discharge(
      patientId: string,
      at: Date,
      endedBy: EpisodeEndedBy,
      alongside: (ended: Episode) => readonly TransactItem[] = () => [],
    ): Promise<DischargeResult> {
      const endedAt = at.toISOString();
      const state = await stateOf(patientId);
      let items: TransactItem[];
      let ended: Episode;
      if (!state) {
        const legacy = await legacyEpisode(patientId);
        if (!legacy) return { ok: false, reason: 'unknown-patient' };
        ended = { ...legacy, endedAt, endedBy };
        items = [
          {
            // The state's absence is what says the legacy episode is open: the first writer wins.
            Put: {
              TableName: name,
              Item: episodeKeys.episodeState(patientId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: name, Item: episodeItem(ended) } },
        ];
      } else {
        if (!state.openEpisodeId || !state.openStartedAt) return { ok: false, reason: 'no-open-episode' };
        ended = { id: state.openEpisodeId, patientId, startedAt: state.openStartedAt, endedAt, endedBy };
        items = [
          {
            Update: {
              TableName: name,
              Key: episodeKeys.episodeState(patientId),
              UpdateExpression: 'REMOVE openEpisodeId, openStartedAt',
              ConditionExpression: 'openEpisodeId = :id',
              ExpressionAttributeValues: { ':id': ended.id },
            },
          },
          {
            Update: {
              TableName: name,
              Key: episodeKeys.episode(patientId, ended.startedAt, ended.id),
              UpdateExpression:
                'SET endedAt = :endedAt, endedBy = :endedBy, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: {
                ':endedAt': endedAt,
                ':endedBy': endedBy,
                ...(() => {
                  const index = episodeKeys.episodesEndedIndex(endedAt, ended.id);
                  return { ':gsi2pk': index.gsi2pk, ':gsi2sk': index.gsi2sk };
                })(),
              },
            },
          },
        ];
      }
      try {
        await withConflictRetries(() =>
          db.send(new TransactWriteCommand({ TransactItems: [...items, ...alongside(ended)] })),
        );
        return { ok: true, episode: ended };
      } catch (e) {
        if (cancelledByCondition(e)?.[0]) return { ok: false, reason: 'no-open-episode' };
        throw e;
      }
    },

    /**
     * Opens a new episode (a new referral) for a patient without an open one; conditional, so
     * two at once open one. `alongside` (an audit entry) goes in the same transaction.
     */
    async refer(
      patientId: string,
      episodeId: string,
      at: Date,
      alongside: (opened: Episode) => readonly TransactItem[] = () => [],
    ): Promise<ReferralResult> {
      const state = await stateOf(patientId);
      if (!state) {
        // No state: a patient stored before episodes, whose first episode is still open.
        return (await legacyEpisode(patientId))
          ? { ok: false, reason: 'episode-open' }
          : { ok: false, reason: 'unknown-patient' };
      }
      if (state.openEpisodeId) return { ok: false, reason: 'episode-open' };
      const opened: Episode = { id: episodeId, patientId, startedAt: at.toISOString(), endedAt: null };
      try {
        await withConflictRetries(() =>
          db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: name,
                    Key: episodeKeys.episodeState(patientId),
                    UpdateExpression: 'SET openEpisodeId = :id, openStartedAt = :at',
                    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openEpisodeId)',
                    ExpressionAttributeValues: { ':id': opened.id, ':at': opened.startedAt },
                  },
                },
                {
                  Put: {
                    TableName: name,
                    Item: episodeItem(opened),
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                ...alongside(opened),
              ],
            }),
          ),
        );
        return { ok: true, episode: opened };
      } catch (e) {
        if (cancelledByCondition(e)?.[0]) return { ok: false, reason: 'episode-open' };
        throw e;
      }
    },
  };
};
export type Episodes = ReturnType<typeof episodes>;
