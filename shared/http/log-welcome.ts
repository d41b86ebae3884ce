import type { WelcomeQueued } from '../messages/welcome-queue.js';
import { logger } from './logger.js';

/**
 * Whether a new Secure ID's welcome was queued, for the routes that issue one. Ids and the
 * error's name only: the Secure ID and the patient's details never reach a log.
 */
export const logWelcome = (
  patientId: string,
  queued: { readonly welcome: WelcomeQueued; readonly error?: string | undefined },
): void => {
  if (queued.welcome === 'queued') logger.info('Welcome queued', { patientId });
  else logger.warn('Welcome not queued; the caller has the Secure ID', { patientId, error: queued.error });
};
