// What the portal holds about a patient, independent of storage.

export const stages = ['assessment', 'treatment', 'discharge'] as const;
export type Stage = (typeof stages)[number];

export const contactPreferences = ['sms', 'email'] as const;
export type ContactPreference = (typeof contactPreferences)[number];

export interface Patient {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  /** YYYY-MM-DD: a calendar date, never an instant. */
  readonly dateOfBirth: string;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly contactPreference: ContactPreference;
  readonly stage: Stage;
  readonly externalId?: string | undefined;
}

/** A patient must be reachable on the channel they chose (F3, F4). */
export const lacksPreferredChannel = (p: Pick<Patient, 'phone' | 'email' | 'contactPreference'>): boolean =>
  p.contactPreference === 'sms' ? !p.phone : !p.email;
