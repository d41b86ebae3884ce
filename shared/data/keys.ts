// The only file that spells key strings. Hashes, not Secure IDs or tokens, appear in keys.

export const keys = {
  patient: (patientId: string) => ({ pk: `PATIENT#${patientId}`, sk: 'PROFILE' }),
  /** Patient by Secure ID: the lookup item a sign-in reads. */
  secureId: (secureIdHash: string) => ({ pk: `SECUREID#${secureIdHash}`, sk: 'PATIENT' }),
  /** Failed sign-ins against one submitted Secure ID, whether or not any patient has it. */
  signInAttempts: (secureIdHash: string) => ({ pk: `SECUREID#${secureIdHash}`, sk: 'ATTEMPTS' }),
  /** Failed sign-ins from one client address in one fixed window. */
  clientAttempts: (addressHash: string, windowStart: number) => ({
    pk: `CLIENT#${addressHash}`,
    sk: `WINDOW#${windowStart}`,
  }),
  session: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  /** A staff console session; its own prefix, so a patient's token can never open one. */
  staffSession: (tokenHash: string) => ({ pk: `STAFFSESSION#${tokenHash}`, sk: 'STAFFSESSION' }),
  /** An OIDC sign-in under way (PKCE verifier, nonce, return path), found by its state. */
  staffSignIn: (stateHash: string) => ({ pk: `STAFFSIGNIN#${stateHash}`, sk: 'TRANSACTION' }),
  integrationKey: (keyHash: string) => ({ pk: `INTEGRATIONKEY#${keyHash}`, sk: 'KEY' }),

  /** The appointment itself, found by id (cancel, export). */
  appointment: (appointmentId: string) => ({ pk: `APPOINTMENT#${appointmentId}`, sk: 'APPOINTMENT' }),
  /**
   * A booked appointment in its patient's partition, sorted by start: "the next appointment" is
   * one Query from now. Removed when the appointment is cancelled.
   */
  patientAppointment: (patientId: string, startIso: string, appointmentId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `APPT#${startIso}#${appointmentId}`,
  }),
  patientAppointmentsFrom: (patientId: string, fromIso: string) => ({
    pk: `PATIENT#${patientId}`,
    skFrom: `APPT#${fromIso}`,
    skTo: 'APPT#~',
  }),
  /** One per clinician per 15-minute cell an appointment occupies: the no-double-booking lock. */
  clinicianCell: (clinicianId: string, cellStartIso: string) => ({
    pk: `CLINICIAN#${clinicianId}`,
    sk: `CELL#${cellStartIso}`,
  }),

  /**
   * A completed questionnaire. The date comes first so that a day's responses, or a few days'
   * (the due window), are one Query whose size does not grow with the patient's history; the
   * questionnaire id last makes "once per questionnaire per day" a conditional put.
   */
  response: (patientId: string, date: string, questionnaireId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `RESPONSE#${date}#${questionnaireId}`,
  }),
  responsesBetween: (patientId: string, fromDate: string, toDate: string) => ({
    pk: `PATIENT#${patientId}`,
    skFrom: `RESPONSE#${fromDate}#`,
    skTo: `RESPONSE#${toDate}#~`,
  }),
  allResponses: (patientId: string) => ({ pk: `PATIENT#${patientId}`, skPrefix: 'RESPONSE#' }),

  /** An item on a clinician's to-do list (risk flags now; requests later). */
  clinicianTodo: (clinicianId: string, createdAtIso: string, todoId: string) => ({
    pk: `CLINICIAN#${clinicianId}`,
    sk: `TODO#${createdAtIso}#${todoId}`,
  }),
  clinicianTodos: (clinicianId: string) => ({ pk: `CLINICIAN#${clinicianId}`, skPrefix: 'TODO#' }),
  /** gsi1: every open to-do of the service by time, for admins. */
  openTodosIndex: (createdAtIso: string, todoId: string) => ({
    gsi1pk: 'TODO#OPEN',
    gsi1sk: `${createdAtIso}#${todoId}`,
  }),
} as const;
