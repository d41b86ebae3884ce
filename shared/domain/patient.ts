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
  /**
   * Opted out of national data sharing (the EPR sets it, PATCH /api/v1/patients/{id}): the
   * service report leaves the patient out (docs/outcomes.md). Absent: not opted out.
   */
  readonly nationalDataOptOut?: boolean | undefined;
}

/** A patient must be reachable on the channel they chose (F3, F4). */
export const lacksPreferredChannel = (p: Pick<Patient, 'phone' | 'email' | 'contactPreference'>): boolean =>
  p.contactPreference === 'sms' ? !p.phone : !p.email;

/** What the portal keeps beside a patient's details: for sessions, lock-out and risk to-dos. */
export interface PatientRecord extends Patient {
  /**
   * Moves on each time a Secure ID is issued; a session opened under an older generation stops
   * working (a reissue ends every session opened with the old ID).
   */
  readonly secureIdGeneration: number;
  /** Disabled after repeated failed sign-ins, until staff issue a new Secure ID. */
  readonly secureIdDisabled: boolean;
  /** The clinician of the patient's latest booking: who gets a risk to-do with no appointment. */
  readonly lastClinicianId?: string | undefined;
  /** The risk item's answer in the patient's last stored response, by questionnaire id. */
  readonly lastRiskItems: Readonly<Record<string, number>>;
  /** The patient stopped texts on the portal (F4), and since when; their choice, not the clinic's. */
  readonly smsStopped: boolean;
  readonly smsStoppedAt?: string | undefined;
  /**
   * What SES reported about the current email address (issue 13, item 6): a permanent bounce
   * (reminders then go by SMS where they can) or a complaint. Setting the email clears both.
   */
  readonly emailBouncedAt?: string | undefined;
  readonly emailComplaintAt?: string | undefined;
}
