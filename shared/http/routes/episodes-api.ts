import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import type { Episode } from '../../data/episodes.js';
import { dischargeByIntegration, type EpisodeChange, referByIntegration } from '../../outcomes/episodes.js';
import { messages, episodeMessages } from '../../web/messages.js';
import { integrationAuthWithKey } from '../integration-auth.js';
import { logger } from '../logger.js';
import { apiError, json, type PortalResponse } from '../responses.js';

// Integration API for episodes (docs/API.md, "Episodes and attendance"): the EPR discharges a
// patient (the open episode ends) and refers a discharged one again (a new episode opens).
// Neither takes a body.

const PatientId = z.uuid();

const episodeJson = (episode: Episode) => ({
  episodeId: episode.id,
  startedAt: episode.startedAt,
  endedAt: episode.endedAt,
});

/** The answer to a refused change, as the error shape. */
const refusal = (outcome: Extract<EpisodeChange, { ok: false }>): PortalResponse => {
  switch (outcome.reason) {
    case 'no-open-episode':
      return apiError(409, 'no_open_episode', episodeMessages.noOpenEpisode);
    case 'episode-open':
      return apiError(409, 'episode_open', episodeMessages.episodeOpen);
    default:
      return apiError(404, 'not_found', messages.api.patientNotFound);
  }
};

export const episodesApi = (deps: Deps) => {
  const authorised = integrationAuthWithKey(deps);

  const discharge = authorised(async (req, keyId) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return apiError(404, 'not_found', messages.api.patientNotFound);
    const outcome = await dischargeByIntegration(deps, id.data, keyId);
    logger.info('Discharge', { patientId: id.data, outcome: outcome.ok ? 'discharged' : outcome.reason });
    return outcome.ok ? json(200, episodeJson(outcome.episode)) : refusal(outcome);
  });

  const referral = authorised(async (req) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return apiError(404, 'not_found', messages.api.patientNotFound);
    const outcome = await referByIntegration(deps, id.data);
    logger.info('Referral', { patientId: id.data, outcome: outcome.ok ? 'opened' : outcome.reason });
    return outcome.ok ? json(201, episodeJson(outcome.episode)) : refusal(outcome);
  });

  return { discharge, referral };
};
