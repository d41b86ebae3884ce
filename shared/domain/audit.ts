// The staff audit log (F23; seed 001: "every staff access to a patient record is written to an
// audit log"). Every staff view of a patient's record and every change staff make is appended,
// and so are the changes the patient or the delivery status makes to how they are contacted;
// nothing ever updates or deletes an entry.

export const auditActions = [
  'viewed-record',
  'viewed-audit',
  'changed-stage',
  'reissued-secure-id',
  'acknowledged-todo',
  // The patient's own change on the contact preferences page (F4): actor "patient".
  'changed-contact-preferences',
  // What SES reported about the patient's email address (issue 13, item 6): actor "delivery status".
  'email-bounced',
  'email-complaint',
  'changed-setup',
  // The staff calendar (issue 14, "Cancel and move"): staff cancelled or moved an appointment.
  'cancelled-appointment',
  'moved-appointment',
  // Appointment requests decided by staff (F13, F14): the request and appointment ids, never the reason.
  'approved-request',
  'denied-request',
  // Episodes (issue 16): staff discharged the patient, started a new referral, recorded attendance.
  'discharged',
  'started-referral',
  'recorded-attendance',
  // Consent to share with a named party (F25): the consent's id and who acted, never the party or purpose.
  'recorded-consent',
  'withdrew-consent',
  // An export to a party other than the GP refused for want of a current consent (F25): which export.
  'refused-export',
  // The GP report (F24): produced once per episode, and every fetch of it by staff or an EPR
  // (detail: episode and letter ids, and the format).
  'produced-gp-report',
  'viewed-gp-report',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEvent {
  readonly id: string;
  readonly patientId: string;
  /** UTC ISO instant. */
  readonly at: string;
  /** The staff member's email (who), and the role they acted in. */
  readonly actor: string;
  readonly role: string;
  readonly action: AuditAction;
  /** API Gateway's request id: the same reference the logs and error pages carry. */
  readonly requestId: string;
  /** What changed, in words with no clinical content (e.g. "stage: assessment -> treatment"). */
  readonly detail?: string | undefined;
}

/**
 * A change to the service's set-up (clinicians, locations, service types, schedules, blackouts).
 * Not patient data, but kept free of personal data all the same: ids and the names of the fields
 * that changed, never a person's name or address.
 */
export type SetupAuditEvent = Omit<AuditEvent, 'patientId' | 'action' | 'detail'> & {
  readonly action: 'changed-setup';
  readonly detail: string;
};

/**
 * A view of the service outcomes report (F26), by staff or an integration key. Figures about the
 * whole service, never about a patient: the detail names the period and the format only.
 */
export type ReportAuditEvent = Omit<AuditEvent, 'patientId' | 'action' | 'detail'> & {
  readonly action: 'viewed-service-report';
  readonly detail: string;
};
