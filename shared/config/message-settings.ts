import type { ServiceConfig } from './service-config.js';

// Settings of a service's messages with their defaults applied, for the Lambdas: no schema here
// (the service config schema runs at synth only; the Lambdas read its prepared output).

/** The reminder timing of a service, its defaults applied when it has no `messages` settings. */
export const reminderTiming = (
  service: Pick<ServiceConfig, 'messages'>,
): { readonly leadHours: number; readonly lateBookingMinimumHours: number } => ({
  leadHours: service.messages?.reminderLeadHours ?? 48,
  lateBookingMinimumHours: service.messages?.lateBookingMinimumHours ?? 2,
});

/** The SMS sender ID: the configured one, or the first 11 letters and digits of the service's name. */
export const smsSenderIdOf = (service: Pick<ServiceConfig, 'messages' | 'name'>): string => {
  if (service.messages?.smsSenderId) return service.messages.smsSenderId;
  const derived = service.name
    .replace(/[^A-Za-z0-9]/g, '')
    .replace(/^[0-9]+/, '')
    .slice(0, 11);
  return derived || 'Portal';
};
