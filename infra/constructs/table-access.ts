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
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
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
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
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
    ],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
  },
  'reminder-scan': {
    // Finds due reminders and claims them; queues staff alerts. Never a patient's item.
    repositories: ['reminders', 'staffAlerts'],
    actions: [GET, QUERY, PUT, UPDATE],
  },
  notify: {
    repositories: ['messageLog', 'appointments', 'patients', 'reminders', 'staffAlerts', 'welcomes'],
    actions: [GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE],
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
