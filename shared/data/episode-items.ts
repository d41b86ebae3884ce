import { episodeKeys } from './keys.js';
import type { TransactItem } from './send-claims.js';

// The items of an episode (episodes.ts), apart from its repository: the transactions that create
// a patient open their first episode with these, and the staff-appointments Lambda (an approval
// that creates the requester as a patient) has no room in its bundle for the whole repository.

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

/** An episode as stored: in its patient's partition, in gsi1 by start and, once ended, gsi2 by end. */
export const episodeItem = (episode: Episode): Record<string, unknown> => ({
  ...episodeKeys.episode(episode.patientId, episode.startedAt, episode.id),
  ...episodeKeys.episodesStartedIndex(episode.startedAt, episode.id),
  ...(episode.endedAt ? episodeKeys.episodesEndedIndex(episode.endedAt, episode.id) : {}),
  ...episode,
});

/**
 * The items that open a new patient's first episode, for the transaction that creates the
 * patient (integration API, an approved public request, the demo seed): the state naming it
 * open, and the episode, each on condition that it is new.
 */
export const openEpisodeItems = (
  TableName: string,
  { id, patientId, startedAt }: Pick<Episode, 'id' | 'patientId' | 'startedAt'>,
): TransactItem[] =>
  [
    { ...episodeKeys.episodeState(patientId), openEpisodeId: id, openStartedAt: startedAt },
    episodeItem({ id, patientId, startedAt, endedAt: null }),
  ].map((Item) => ({ Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }));
