import type { ContactPreference, PatientRecord } from './patient.js';

// The patient's contact preferences page (F4; DESIGN.md, "SMS in the UK": the portal's own
// opt-out is the real control, since a UK sender ID cannot receive STOP). The phone number and
// email address are the clinic's record and are not changed here; the patient chooses between
// what the clinic holds.

/** The page's choices; each stores a preference and whether texts are stopped. */
export const contactChoices = ['sms', 'email', 'stop-sms'] as const;
export type ContactChoice = (typeof contactChoices)[number];

export interface ContactPreferences {
  readonly contactPreference: ContactPreference;
  readonly smsStopped: boolean;
}

type Addresses = Pick<PatientRecord, 'phone' | 'email'>;

/** Only what the patient has an address for: texts need a number, email an address. */
export const offeredChoices = (p: Addresses): ContactChoice[] =>
  contactChoices.filter((c) => (c === 'email' ? Boolean(p.email) : Boolean(p.phone)));

/** The choice the stored preferences amount to, for the radio that starts checked. */
export const currentChoice = (p: ContactPreferences): ContactChoice =>
  p.smsStopped ? 'stop-sms' : p.contactPreference;

/**
 * What a choice stores. "Stop texts" moves the preference to email when there is an address, so
 * reminders keep coming; without one the preference stays SMS and nothing is sent ("not sent:
 * opted out", which staff see).
 */
export const preferencesFor = (choice: ContactChoice, p: Addresses): ContactPreferences => {
  if (choice === 'stop-sms') return { contactPreference: p.email ? 'email' : 'sms', smsStopped: true };
  return { contactPreference: choice, smsStopped: false };
};

/** A preference for a channel the clinic has no address for cannot be kept. */
export const lacksAddressFor = (preference: ContactPreference, p: Addresses): boolean =>
  preference === 'sms' ? !p.phone : !p.email;

/**
 * The audit entry's words: what changed, never an address (e.g. "contact preference: sms ->
 * email; texts: stopped").
 */
export const describeChange = (before: ContactPreferences, after: ContactPreferences): string =>
  [
    before.contactPreference !== after.contactPreference
      ? `contact preference: ${before.contactPreference} -> ${after.contactPreference}`
      : undefined,
    before.smsStopped !== after.smsStopped ? `texts: ${after.smsStopped ? 'stopped' : 'resumed'}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
