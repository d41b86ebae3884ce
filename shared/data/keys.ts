// The only file that spells key strings. Hashes, not Secure IDs or tokens, appear in keys.

export const keys = {
  patient: (patientId: string) => ({ pk: `PATIENT#${patientId}`, sk: 'PROFILE' }),
  /** Patient by Secure ID: the lookup item a sign-in reads. */
  secureId: (secureIdHash: string) => ({ pk: `SECUREID#${secureIdHash}`, sk: 'PATIENT' }),
  session: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),

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
   * An EPR's id for a patient, unique within the service (one table per service): written in the
   * same transaction as the patient, on condition that it is new, so a retried create cannot make
   * a second patient.
   */
  externalId: (externalId: string) => ({ pk: `EXTERNALID#${externalId}`, sk: 'PATIENT' }),

  AUDIT_PREFIX: 'AUDIT#',

  /** gsi1 on the patient profile: search by family name, then given name (lower case). */
  patientNameIndex: (familyName: string, givenName: string, patientId: string) => ({
    gsi1pk: 'PATIENTS#NAME',
    gsi1sk: `${familyName}#${givenName}#${patientId}`,
  }),
  patientsByName: () => ({ gsi1pk: 'PATIENTS#NAME' }),
  /** gsi2 on the patient profile: search by date of birth. */
  patientBirthIndex: (dateOfBirth: string, patientId: string) => ({
    gsi2pk: `PATIENTS#DOB#${dateOfBirth}`,
    gsi2sk: patientId,
  }),
  patientsBornOn: (dateOfBirth: string) => ({ gsi2pk: `PATIENTS#DOB#${dateOfBirth}` }),
  /** All of a patient's booked appointments, past and future (the console, ownership). */
  patientAppointments: (patientId: string) => ({ pk: `PATIENT#${patientId}`, skPrefix: 'APPT#' }),
  /**
   * gsi1 on a booked appointment: its reminder falls due in this UTC hour, at this instant. A
   * partition per hour keeps each Query small, and the scan's key condition bounds both ends by
   * time, so it reads what is due and nothing else. Cancelling removes these attributes.
   */
  reminderIndex: (hourBucket: string, dueAtIso: string, appointmentId: string) => ({
    gsi1pk: `REMIND#${hourBucket}`,
    gsi1sk: `${dueAtIso}#${appointmentId}`,
  }),
  remindersDueBetween: (hourBucket: string, fromIso: string, toIso: string) => ({
    gsi1pk: `REMIND#${hourBucket}`,
    skFrom: fromIso,
    skTo: `${toIso}#~`,
  }),
  /**
   * The claim of one reminder: appointment AND start, so a moved appointment (a new start) is a
   * new reminder while a second delivery of the same one finds the claim taken.
   */
  reminderClaim: (appointmentId: string, startIso: string) => ({
    pk: `REMINDER#${appointmentId}#${startIso}`,
    sk: 'CLAIM',
  }),
  /** Every attempt to send that reminder, sent or not, so staff can see a duplicate or a failure. */
  reminderAttempt: (appointmentId: string, startIso: string, atIso: string, attemptId: string) => ({
    pk: `REMINDER#${appointmentId}#${startIso}`,
    sk: `ATTEMPT#${atIso}#${attemptId}`,
  }),
  reminderAttempts: (appointmentId: string, startIso: string) => ({
    pk: `REMINDER#${appointmentId}#${startIso}`,
    skPrefix: 'ATTEMPT#',
  }),
  /** How far the reminder scan has read the index: the next scan starts just after it. */
  reminderScanWatermark: () => ({ pk: 'REMINDERS', sk: 'SCANNED' }),

  /**
   * The staff alert of one to-do (the outbox, docs/messages.md): written in the transaction that
   * files the to-do, so there is one per to-do, and its claim before the email is sent.
   */
  staffAlert: (todoId: string) => ({ pk: `ALERT#${todoId}`, sk: 'ALERT' }),
  /**
   * gsi1 on a staff alert not yet queued, oldest first: the scan reads this one partition. Queuing
   * (or a claim) removes these attributes, so the index holds only what still has to be queued.
   */
  pendingAlertsIndex: (createdAtIso: string, todoId: string) => ({
    gsi1pk: 'ALERTS#PENDING',
    gsi1sk: `${createdAtIso}#${todoId}`,
  }),
  pendingAlerts: () => ({ gsi1pk: 'ALERTS#PENDING' }),
  /** Every attempt to send a staff alert, sent or not, beside the alert. */
  staffAlertAttempt: (todoId: string, atIso: string, attemptId: string) => ({
    pk: `ALERT#${todoId}`,
    sk: `ATTEMPT#${atIso}#${attemptId}`,
  }),
  staffAlertAttempts: (todoId: string) => ({ pk: `ALERT#${todoId}`, skPrefix: 'ATTEMPT#' }),

  /**
   * A notice: one message to one person that a request Lambda wrote and rendered when it decided
   * something (an approval, a denial, a verification link...), put in that decision's own
   * transaction; notify sends it (docs/messages.md, "Notices").
   */
  notice: (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' }),
  /** gsi1 on a notice not yet queued, oldest first, as pendingAlertsIndex. */
  pendingNoticesIndex: (createdAtIso: string, noticeId: string) => ({
    gsi1pk: 'NOTICES#PENDING',
    gsi1sk: `${createdAtIso}#${noticeId}`,
  }),
  pendingNotices: () => ({ gsi1pk: 'NOTICES#PENDING' }),
  noticeAttempt: (noticeId: string, atIso: string, attemptId: string) => ({
    pk: `NOTICE#${noticeId}`,
    sk: `ATTEMPT#${atIso}#${attemptId}`,
  }),
  noticeAttempts: (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, skPrefix: 'ATTEMPT#' }),

  /**
   * One message to a patient (a reminder, a welcome, ...), sent or not, in the patient's own
   * partition: "their recent messages" is one Query, newest first.
   */
  messageLogEntry: (patientId: string, atIso: string, entryId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `MESSAGE#${atIso}#${entryId}`,
  }),
  messageLogOf: (patientId: string) => ({ pk: `PATIENT#${patientId}`, skPrefix: 'MESSAGE#' }),
  /**
   * The provider's id for a message sent (SNS MessageId, SES MessageId): a delivery event names
   * only this id, and the item leads back to the patient and the log entry. Expires (TTL).
   */
  providerMessage: (providerMessageId: string) => ({
    pk: `PROVIDERMESSAGE#${providerMessageId}`,
    sk: 'MESSAGE',
  }),
  /**
   * The claim of one welcome message: patient AND Secure ID generation, so each ID issued is sent
   * once, and a reissue (the next generation) is a new welcome.
   */
  welcomeClaim: (patientId: string, generation: number) => ({
    pk: `WELCOME#${patientId}#${generation}`,
    sk: 'CLAIM',
  }),
  /** Every attempt to send that welcome; never its text, the Secure ID or the address. */
  welcomeAttempt: (patientId: string, generation: number, atIso: string, attemptId: string) => ({
    pk: `WELCOME#${patientId}#${generation}`,
    sk: `ATTEMPT#${atIso}#${attemptId}`,
  }),
  welcomeAttempts: (patientId: string, generation: number) => ({
    pk: `WELCOME#${patientId}#${generation}`,
    skPrefix: 'ATTEMPT#',
  }),

  /**
   * A patient's appointment request (F10, F13), found by id to cancel or decide it. While it is
   * pending it holds its time with clinicianCell locks carrying its id, as an appointment does.
   */
  appointmentRequest: (requestId: string) => ({ pk: `REQUEST#${requestId}`, sk: 'REQUEST' }),
  /** A pending request in its patient's partition, sorted by start; removed when it is no longer pending. */
  patientRequest: (patientId: string, startIso: string, requestId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `REQ#${startIso}#${requestId}`,
  }),
  patientRequests: (patientId: string) => ({ pk: `PATIENT#${patientId}`, skPrefix: 'REQ#' }),
  /**
   * gsi2 on a patient's request, set when it is made and kept whatever it becomes: every request
   * of theirs, decided or not, for their subject-access copy (F27). The partition copy above goes
   * when the request stops pending.
   */
  patientRequestsIndex: (patientId: string, createdAtIso: string, requestId: string) => ({
    gsi2pk: `PATIENT#${patientId}#REQUESTS`,
    gsi2sk: `${createdAtIso}#${requestId}`,
  }),
  allPatientRequests: (patientId: string) => ({ gsi2pk: `PATIENT#${patientId}#REQUESTS` }),
  /**
   * Every pending request of the service, oldest first: the staff requests page and the expiry
   * scan read this one partition, never the whole table. Written and removed in the same
   * transaction as the request's status. Small: only undecided requests live here.
   */
  pendingRequest: (createdAtIso: string, requestId: string) => ({
    pk: 'REQUESTS#PENDING',
    sk: `${createdAtIso}#${requestId}`,
  }),
  pendingRequests: () => ({ pk: 'REQUESTS#PENDING' }),
} as const;

/**
 * The service's set-up (docs/appointments.md, "Storage"), beside `keys` so that only the Lambdas
 * that read the set-up carry these builders. One partition, small enough to read whole: one item
 * per kind for the lists (clinicians, locations, service types), and per clinician one for the
 * weekly schedule and one for the weekly blackouts, so everything availability needs but one-off
 * blackouts is one Query of the SETUP# items.
 */
export const setupKeys = {
  setupList: (kind: 'CLINICIANS' | 'LOCATIONS' | 'SERVICETYPES') => ({ pk: 'SETUP', sk: `SETUP#${kind}` }),
  workSchedule: (clinicianId: string) => ({ pk: 'SETUP', sk: `SETUP#SCHEDULE#${clinicianId}` }),
  weeklyBlackouts: (clinicianId: string) => ({ pk: 'SETUP', sk: `SETUP#WEEKLY#${clinicianId}` }),
  wholeSetup: () => ({ pk: 'SETUP', skPrefix: 'SETUP#' }),
  /**
   * One day's piece (at most 24 hours) of a one-off blackout, by start: the blackouts that touch a
   * range are one Query from a day before it to its end, whatever the history holds. Its time is
   * held by clinicianCell locks carrying the blackout's id, as an appointment's is.
   */
  oneOffBlackoutPiece: (pieceStartIso: string, blackoutId: string) => ({
    pk: 'SETUP',
    sk: `BLACKOUT#${pieceStartIso}#${blackoutId}`,
  }),
  oneOffBlackoutPiecesBetween: (fromIso: string, toIso: string) => ({
    pk: 'SETUP',
    skFrom: `BLACKOUT#${fromIso}`,
    skTo: `BLACKOUT#${toIso}#~`,
  }),
  /** Set-up changes in the audit log: no patient, so their own partition, under the same IAM deny. */
  setupAuditEvent: (atIso: string, eventId: string) => ({ pk: 'AUDIT#SETUP', sk: `${atIso}#${eventId}` }),
  setupAudit: () => ({ pk: 'AUDIT#SETUP' }),
} as const;

/**
 * The public request form's items (docs/appointments.md, "The public request form"), beside `keys`
 * as `setupKeys` is, so that only the appointments Lambda carries these builders.
 */
export const publicRequestKeys = {
  /**
   * A public request's one-time email link, by the keyed hash of its token: leads to the request
   * while it is unverified; deleted when the link is followed. Expires (TTL) with the request.
   */
  requestVerification: (tokenHash: string) => ({ pk: `REQUESTTOKEN#${tokenHash}`, sk: 'TOKEN' }),
  /**
   * Public requests counted against one email address or one network (keyed hashes) in one bucket
   * of the sliding window (shared/domain/client-limit.ts), zero-padded to sort as text. Expire (TTL).
   */
  publicRequestCount: (subjectHash: string, bucketStart: number) => ({
    pk: `PUBLICREQUESTS#${subjectHash}`,
    sk: `COUNT#${String(bucketStart).padStart(12, '0')}`,
  }),
  publicRequestCountsFrom: (subjectHash: string, fromBucketStart: number) => ({
    pk: `PUBLICREQUESTS#${subjectHash}`,
    skFrom: `COUNT#${String(fromBucketStart).padStart(12, '0')}`,
    skTo: 'COUNT#~',
  }),
} as const;

/**
 * Episodes (referrals; docs/outcomes.md, "Storage"), beside `keys` as `setupKeys` is, so that only
 * the Lambdas that read episodes carry these builders. `episodeKeys` writes one; the queries are
 * `episodeQueryKeys`, apart, since the approval that opens a new patient's first episode
 * (staff-appointments) has no room for them.
 */
export const episodeKeys = {
  /** One episode in its patient's partition, oldest first: the patient's episodes are one Query. */
  episode: (patientId: string, startedAtIso: string, episodeId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `EPISODE#${startedAtIso}#${episodeId}`,
  }),
  /**
   * Which episode of the patient is open, if any: one item that every opening and discharge
   * changes on condition, so a patient has at most one open episode and two discharges at once
   * end it once. Absent for a patient stored before episodes existed (an open episode from the
   * patient's createdAt, read-time fallback).
   */
  episodeState: (patientId: string) => ({ pk: `PATIENT#${patientId}`, sk: 'EPISODES' }),
  /** gsi1 on an episode: the service's referrals by start (the outcomes report). */
  episodesStartedIndex: (startedAtIso: string, episodeId: string) => ({
    gsi1pk: 'EPISODES#STARTED',
    gsi1sk: `${startedAtIso}#${episodeId}`,
  }),
  /** gsi2 on an ended episode, set by the discharge: the service's finished episodes by end. */
  episodesEndedIndex: (endedAtIso: string, episodeId: string) => ({
    gsi2pk: 'EPISODES#ENDED',
    gsi2sk: `${endedAtIso}#${episodeId}`,
  }),
} as const;

export const episodeQueryKeys = {
  patientEpisodes: (patientId: string) => ({ pk: `PATIENT#${patientId}`, skPrefix: 'EPISODE#' }),
  /** `toIso` included, whether an instant or a date (`~` sorts after the time and the id). */
  episodesStartedBetween: (fromIso: string, toIso: string) => ({
    gsi1pk: 'EPISODES#STARTED',
    skFrom: fromIso,
    skTo: `${toIso}~`,
  }),
  episodesEndedBetween: (fromIso: string, toIso: string) => ({
    gsi2pk: 'EPISODES#ENDED',
    skFrom: fromIso,
    skTo: `${toIso}~`,
  }),
} as const;

/**
 * Consents to share with named parties (F25; docs/information-governance.md), beside `keys` as
 * `setupKeys` is, so that only the Lambdas that read consents carry these builders. In the
 * patient's partition, oldest first by the time recorded. Withdrawing updates the item
 * (withdrawnAt, withdrawnBy): never deleted, so the history stays.
 */
export const consentKeys = {
  consent: (patientId: string, recordedAtIso: string, consentId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `CONSENT#${recordedAtIso}#${consentId}`,
  }),
  consentsOf: (patientId: string) => ({ pk: `PATIENT#${patientId}`, skPrefix: 'CONSENT#' }),
} as const;

/**
 * Letters (the GP report; shared/data/letters.ts), beside `keys` as `episodeKeys` is, so that only
 * the Lambdas that read or write letters carry these builders.
 */
export const letterKeys = {
  /**
   * A letter shared about the patient (the GP report), in their partition by creation time: the
   * Letters page is one Query. Holds the exact PDF bytes that went out (shared/data/letters.ts).
   */
  letter: (patientId: string, createdAtIso: string, letterId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `LETTER#${createdAtIso}#${letterId}`,
  }),
  lettersOf: (patientId: string) => ({ pk: `PATIENT#${patientId}`, skPrefix: 'LETTER#' }),
  /**
   * The one letter of a kind for an episode (one GP report per discharge): a conditional put in
   * the letter's own transaction, naming the letter, so a second or concurrent producer finds it.
   */
  episodeLetter: (patientId: string, kind: string, episodeId: string) => ({
    pk: `PATIENT#${patientId}`,
    sk: `EPISODELETTER#${kind}#${episodeId}`,
  }),
} as const;

/**
 * Views of the service outcomes report (docs/outcomes.md, "The service report"): not about one
 * patient, so in a partition of their own under the audit log's AUDIT# prefix, append-only like
 * the rest of it.
 */
export const reportKeys = {
  reportAuditEvent: (atIso: string, eventId: string) => ({ pk: 'AUDIT#REPORTS', sk: `${atIso}#${eventId}` }),
  reportAudit: () => ({ pk: 'AUDIT#REPORTS' }),
} as const;

// Each repository's builders beside `keys`, as `episodeKeys` is: `keys` is one object, so every
// builder in it ships in every bundle; an export of its own ships only where its repository does.

/** Failed sign-ins (shared/data/sign-in-attempts.ts). */
export const signInKeys = {
  /** Failed sign-ins against one submitted Secure ID, whether or not any patient has it. */
  signInAttempts: (secureIdHash: string) => ({ pk: `SECUREID#${secureIdHash}`, sk: 'ATTEMPTS' }),
  /**
   * Failed sign-ins from one client network in one bucket of the sliding window
   * (shared/domain/client-limit.ts). The start is zero-padded so the buckets sort as text.
   */
  clientFailures: (networkHash: string, bucketStart: number) => ({
    pk: `CLIENT#${networkHash}`,
    sk: `FAILURES#${String(bucketStart).padStart(12, '0')}`,
  }),
  clientFailuresFrom: (networkHash: string, fromBucketStart: number) => ({
    pk: `CLIENT#${networkHash}`,
    skFrom: `FAILURES#${String(fromBucketStart).padStart(12, '0')}`,
    skTo: 'FAILURES#~',
  }),
} as const;

/** Staff sessions and OIDC sign-ins under way (shared/data/staff-sessions.ts, staff-sign-ins.ts). */
export const staffSessionKeys = {
  /** A staff console session; its own prefix, so a patient's token can never open one. */
  staffSession: (tokenHash: string) => ({ pk: `STAFFSESSION#${tokenHash}`, sk: 'STAFFSESSION' }),
  /** An OIDC sign-in under way (PKCE verifier, nonce, return path), found by its state. */
  staffSignIn: (stateHash: string) => ({ pk: `STAFFSIGNIN#${stateHash}`, sk: 'TRANSACTION' }),
} as const;

/** Integration keys (shared/data/integration-keys.ts). */
export const integrationKeyKeys = {
  integrationKey: (keyHash: string) => ({ pk: `INTEGRATIONKEY#${keyHash}`, sk: 'KEY' }),
  /** gsi1: the service's integration keys by creation time, for `npm run keys -- list`. */
  integrationKeysIndex: (createdAtIso: string, keyId: string) => ({
    gsi1pk: 'INTEGRATIONKEY',
    gsi1sk: `${createdAtIso}#${keyId}`,
  }),
  allIntegrationKeys: () => ({ gsi1pk: 'INTEGRATIONKEY' }),
} as const;

/** Questionnaire responses (shared/data/responses.ts). */
export const responseKeys = {
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
} as const;

/** Staff to-dos (shared/data/todos.ts). */
export const todoKeys = {
  /** A staff to-do (risk flags, disabled Secure IDs), found by id to acknowledge it. */
  todo: (todoId: string) => ({ pk: `TODO#${todoId}`, sk: 'TODO' }),
  /**
   * gsi1: every OPEN to-do of the service, oldest first (UTC instants sort as text). Acknowledging
   * removes these attributes, so the open list holds only what still needs a person.
   */
  openTodosIndex: (createdAtIso: string, todoId: string) => ({
    gsi1pk: 'TODOS#OPEN',
    gsi1sk: `${createdAtIso}#${todoId}`,
  }),
  openTodos: () => ({ gsi1pk: 'TODOS#OPEN' }),
  /** gsi2: all of a patient's to-dos, open and acknowledged, for their record. */
  patientTodosIndex: (patientId: string, createdAtIso: string, todoId: string) => ({
    gsi2pk: `PATIENT#${patientId}#TODOS`,
    gsi2sk: `${createdAtIso}#${todoId}`,
  }),
  patientTodos: (patientId: string) => ({ gsi2pk: `PATIENT#${patientId}#TODOS` }),
} as const;

/** A patient's staff audit log (shared/data/audit-log.ts). */
export const auditKeys = {
  /**
   * The staff audit log of one patient (F23): append-only, oldest first. IAM denies updating or
   * deleting any AUDIT# item (infra/constructs/api.ts).
   */
  auditEvent: (patientId: string, atIso: string, eventId: string) => ({
    pk: `AUDIT#${patientId}`,
    sk: `${atIso}#${eventId}`,
  }),
  auditOf: (patientId: string) => ({ pk: `AUDIT#${patientId}` }),
} as const;

/** The health check (shared/data/health-probe.ts). */
export const healthKeys = {
  /**
   * Never written: the health check reads it to learn that the table answers (an absent item is
   * an answer). A partition of its own, so the read touches no patient's data.
   */
  healthProbe: () => ({ pk: 'HEALTH', sk: 'PROBE' }),
} as const;
