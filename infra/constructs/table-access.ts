import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { PortalFunction } from './portal-function.js';

// Least privilege on the table (issue 15, item 8): which DynamoDB item actions each Lambda may
// use, instead of read and write for all. One table, so a review reads it in one place.
//
// The actions come from the repositories a Lambda wires (shared/http/lambdas/<name>.ts for the
// HTTP Lambdas, shared/messaging-deps.ts for the message Lambdas): each repository's commands and
// transaction items (test/infra/table-access.test.ts reads them from the source and fails when a
// Lambda's wiring or a repository's commands change without this table). A Lambda may be given
// less than its repositories could do where the methods it calls need less; `narrowed` says why.
//
// A Lambda not listed keeps full item read and write (tableItemActions) so that one added on
// another branch still deploys; the test names every such Lambda until it is listed here.

export const tableActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;
export type TableAction = (typeof tableActions)[number];

const GET = 'dynamodb:GetItem';
const BATCH_GET = 'dynamodb:BatchGetItem';
const QUERY = 'dynamodb:Query';
const PUT = 'dynamodb:PutItem';
const UPDATE = 'dynamodb:UpdateItem';
const DELETE = 'dynamodb:DeleteItem';
/** A transaction's check that an item is as expected, e.g. a cell lock a move keeps (cell-locks.ts). */
const CHECK = 'dynamodb:ConditionCheckItem';

export interface TableAccess {
  /** The Deps parts (repositories) the Lambda wires that touch the table. */
  readonly repositories: readonly string[];
  readonly actions: readonly TableAction[];
  /** Why `actions` is less than the repositories could do: the methods the Lambda calls. */
  readonly narrowed?: string;
}

export const tableAccess: Readonly<Record<string, TableAccess>> = {
  'patient-session': {
    // Sign-in and out (sessions, lock-out counters, the to-do at 20 failures and its alert),
    // the home page's due list, contact preferences (audited), and GET /api/health's GetItem of
    // the HEALTH item.
    repositories: [
      'patients',
      'sessions',
      'signInAttempts',
      'todos',
      'staffAlerts',
      'appointments',
      'responses',
      'auditLog',
      'healthProbe',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      'Sign-in, sign-out, the due list and contact preferences never move an appointment, so the ConditionCheckItem its appointments repository can use (moving cells) is not needed.',
  },
  questionnaires: {
    repositories: ['patients', 'sessions', 'appointments', 'responses', 'todos', 'staffAlerts'],
    actions: [GET, QUERY, PUT, UPDATE],
    narrowed:
      'It reads the session, patient, appointments and responses, and writes a response with its risk to-do and alert: no sign-out, no Secure ID reissue, no cancellation, so no DeleteItem, and no batch reads.',
  },
  integration: {
    repositories: [
      'integrationKeys',
      'patients',
      'appointments',
      'responses',
      'todos',
      'clinicians',
      'serviceTypes',
      'episodes',
      'attendance',
      // The export to a party other than the GP checks consent, and audits a refusal.
      'consents',
      'auditLog',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      'The EPR books and cancels, but never moves an appointment between cells, so no ConditionCheckItem.',
  },
  'staff-auth': {
    repositories: ['staffSessions', 'staffSignIns', 'clinicians'],
    actions: [GET, PUT, UPDATE, DELETE],
  },
  staff: {
    repositories: [
      'staffSessions',
      'patients',
      'appointments',
      'responses',
      'todos',
      'auditLog',
      'messageLog',
      'clinicians',
      'appointmentRequests',
      'episodes',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      'The console reads records, acknowledges to-dos and counts the requests waiting; it never moves an appointment, so no ConditionCheckItem.',
  },
  'staff-appointments': {
    // Requests listed, approved (the request's cells handed to the appointment, with the new
    // patient, the confirmation notice and the audit entry) or denied; a new Secure ID.
    repositories: [
      'staffSessions',
      'appointmentRequests',
      'appointments',
      'patients',
      'notices',
      'auditLog',
      'clinicians',
      'locations',
      'serviceTypes',
      'todos',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      'A handover updates each cell on condition that it names the request, and nothing here moves an appointment between cells, so no ConditionCheckItem.',
  },
  'staff-setup': {
    repositories: [
      'staffSessions',
      'auditLog',
      'appointments',
      'clinicians',
      'locations',
      'serviceTypes',
      'workSchedules',
      'blackouts',
      'serviceSetup',
    ],
    actions: [GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      'Set-up changes and blackouts take and check cells with puts and conditional deletes only: no move, so no ConditionCheckItem.',
  },
  appointments: {
    repositories: [
      'sessions',
      'patients',
      'appointments',
      'appointmentRequests',
      'blackouts',
      'serviceSetup',
      'clinicians',
      'locations',
      'serviceTypes',
      'workSchedules',
      'notices',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      "Patients' requests and cancellations take and release cells with conditional puts and deletes; nothing here moves an appointment, so no ConditionCheckItem.",
  },
  'staff-calendar': {
    // The week (cells, then the appointments and requests they name, in batches), cancel and
    // move (cells taken, kept (checked) and released in one transaction), their notices and audit.
    repositories: [
      'staffSessions',
      'auditLog',
      'patients',
      'appointments',
      'staffAppointments',
      'appointmentRequests',
      'blackouts',
      'notices',
      'serviceSetup',
      'clinicians',
      'locations',
      'serviceTypes',
      'workSchedules',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE, CHECK],
  },
  'staff-records': {
    // Discharge and new referrals (the episode state and the episode, with the audit entry, in one
    // transaction); a clinician's reach from the patient and their appointments.
    // The GP report: the letter, its episode claim, the patient's notice and the audit entry put in
    // one transaction; the episode's responses and appointments read. Consents staff record and
    // withdraw, each with its audit entry.
    repositories: [
      'staffSessions',
      'auditLog',
      'patients',
      'appointments',
      'episodes',
      'attendance',
      'letters',
      'notices',
      'responses',
      'consents',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed: 'It never moves an appointment, so no ConditionCheckItem.',
  },
  'integration-records': {
    // Discharge, new referrals and attendance from the EPR; the GP report, produced on the first
    // fetch as on the staff page (staff-records); consents it records and withdraws (audited).
    repositories: [
      'integrationKeys',
      'episodes',
      'attendance',
      'patients',
      'letters',
      'notices',
      'auditLog',
      'responses',
      'appointments',
      'consents',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE],
    narrowed:
      'Episodes, attendance and consents are put and updated on condition, never deleted: no DeleteItem, no ConditionCheckItem (nothing here books, cancels or moves).',
  },
  'staff-reports': {
    // Read only, but for audit entries: the service report (every patient's opt-out flag, one
    // BatchGetItem per 100 patients, each ended episode's responses and appointments, each view's
    // audit entry in reportViews) and subject access (everything held about one patient, audited).
    repositories: [
      'staffSessions',
      'auditLog',
      'patients',
      'appointments',
      'episodes',
      'responses',
      'appointmentRequests',
      'todos',
      'consents',
      'messageLog',
      'letters',
      'reportViews',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT],
    narrowed: 'It reads and puts audit entries only: no update, delete or condition check.',
  },
  'integration-reports': {
    // The service report for the EPR: patients' opt-out flags (BatchGetItem), each ended episode's
    // responses and appointments; each view's audit entry (reportViews).
    repositories: ['integrationKeys', 'patients', 'episodes', 'responses', 'appointments', 'reportViews'],
    actions: [GET, BATCH_GET, QUERY, PUT],
    narrowed: 'It reads and puts audit entries only: no update, delete or condition check.',
  },
  records: {
    // The patient's consents (recorded and withdrawn with their audit entries), letters and
    // everything held about them (subject access).
    repositories: [
      'sessions',
      'patients',
      'consents',
      'auditLog',
      'letters',
      'appointments',
      'appointmentRequests',
      'responses',
      'todos',
      'messageLog',
      'episodes',
    ],
    actions: [GET, QUERY, PUT, UPDATE],
    narrowed:
      'It signs the patient in (a session read and its idle touch), reads their records, and puts consents and audit entries or marks a consent withdrawn: no sign-out, no batch reads, no DeleteItem.',
  },
  'public-requests': {
    // The public form: free times (the set-up and the cells), an unverified request with its
    // link's notice and the per-address counts in one transaction, then the link's verification
    // (the request pending, its cells taken, the staff's notices).
    repositories: [
      'appointmentRequests',
      'blackouts',
      'serviceSetup',
      'clinicians',
      'locations',
      'serviceTypes',
      'workSchedules',
      'notices',
      'publicRequestLimits',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      "A public request takes cells with conditional puts and its expiry is the scan's; nothing here moves an appointment, so no ConditionCheckItem.",
  },
  'reminder-scan': {
    // Finds due reminders and claims them; queues staff alerts and notices; expires stale
    // requests (the request, its copies and its cells, with its notices, in one transaction);
    // reads the oldest open risk to-do for its age metric.
    repositories: ['reminders', 'staffAlerts', 'notices', 'appointmentRequests', 'clinicians', 'todos'],
    actions: [GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      'It reads the pending list, the open to-dos and the clinicians by Query and GetItem, never in batches, and an expiry releases cells with conditional deletes: no BatchGetItem, no ConditionCheckItem.',
  },
  notify: {
    repositories: [
      'messageLog',
      'appointments',
      'patients',
      'reminders',
      'staffAlerts',
      'notices',
      'welcomes',
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
    narrowed:
      'It claims and records messages and reads what they name; it never moves an appointment, so no ConditionCheckItem.',
  },
  'delivery-status': {
    repositories: ['patients', 'messageLog', 'auditLog'],
    actions: [GET, PUT, UPDATE],
    narrowed:
      'It reads the message log entry a provider id names, marks it and the patient, and puts an audit entry: no Query, no Delete.',
  },
};

/** Full item read and write: for a Lambda not yet in tableAccess. */
export const fullTableAccess: readonly TableAction[] = tableActions;

export const tableActionsOf = (lambda: string): readonly TableAction[] =>
  tableAccess[lambda]?.actions ?? fullTableAccess;

/** Grants the Lambda its actions on the table and its indexes. */
export const grantTableAccess = (lambda: string, fn: PortalFunction, table: ITable): void => {
  table.grant(fn.function, ...tableActionsOf(lambda));
};
