import { parseRuntimeConfig } from './config/runtime-config.js';
import { loadServiceConfig, reminderTiming, type ServiceConfig } from './config/service-config.js';
import { documentClient, type Table } from './data/dynamo.js';
import { appointments } from './data/appointments.js';
import { auditLog } from './data/audit-log.js';
import { integrationKeys } from './data/integration-keys.js';
import { patients } from './data/patients.js';
import { responses } from './data/responses.js';
import { sessions } from './data/sessions.js';
import { signInAttempts } from './data/sign-in-attempts.js';
import { staffSessions } from './data/staff-sessions.js';
import { staffSignIns } from './data/staff-sign-ins.js';
import { todos } from './data/todos.js';
import { reminders } from './data/reminders.js';
import type { QuestionnaireDefinition } from './domain/questionnaires/definition.js';
import { serviceQuestionnaires } from './config/service-questionnaires.js';
import { type KeyedHasher, keyedHasher } from './security/keyed-hash.js';
import { loadHmacSecret, loadOriginVerifySecret } from './security/secrets.js';
import { type StaffOidc, type StaffOidcSettings, staffOidc, staffOidcSettings } from './staff/oidc-client.js';

// Everything a route needs, built once per cold start. Routes take Deps as an argument, so tests
// build their own (real DynamoDB Local table, fixed clock) instead of patching modules.

export interface Deps {
  readonly service: ServiceConfig;
  readonly table: Table;
  readonly patients: ReturnType<typeof patients>;
  readonly sessions: ReturnType<typeof sessions>;
  readonly signInAttempts: ReturnType<typeof signInAttempts>;
  readonly integrationKeys: ReturnType<typeof integrationKeys>;
  readonly appointments: ReturnType<typeof appointments>;
  readonly responses: ReturnType<typeof responses>;
  readonly todos: ReturnType<typeof todos>;
  readonly reminders: ReturnType<typeof reminders>;
  readonly auditLog: ReturnType<typeof auditLog>;
  readonly staffSessions: ReturnType<typeof staffSessions>;
  readonly staffSignIns: ReturnType<typeof staffSignIns>;
  /** The staff identity provider (discovered lazily); undefined where staff sign-in is not set up. */
  readonly staffOidc?: StaffOidc | undefined;
  /** The service's questionnaires by id: built-ins with its wording, plus its own. */
  readonly questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
  readonly hasher: KeyedHasher;
  readonly clock: () => Date;
  readonly cookieSecure: boolean;
  /** Present in AWS: requests without CloudFront's header are refused. */
  readonly originVerifySecret?: string | undefined;
}

export interface DepsParts {
  readonly service: ServiceConfig;
  readonly table: Table;
  readonly hmacSecret: string;
  readonly clock?: () => Date;
  readonly cookieSecure?: boolean;
  readonly originVerifySecret?: string | undefined;
  readonly staffOidc?: StaffOidcSettings | undefined;
}

export const buildDeps = (parts: DepsParts): Deps => {
  const { service, table } = parts;
  return {
    service,
    table,
    patients: patients(table),
    sessions: sessions(table, {
      idleSeconds: service.sessions.idleMinutes * 60,
      absoluteSeconds: service.sessions.absoluteHours * 3600,
    }),
    signInAttempts: signInAttempts(table, {
      maxFailures: service.signIn.clientFailureLimit,
      windowSeconds: service.signIn.clientWindowMinutes * 60,
    }),
    integrationKeys: integrationKeys(table),
    appointments: appointments(table, { reminderLeadHours: reminderTiming(service).leadHours }),
    responses: responses(table),
    todos: todos(table),
    reminders: reminders(table),
    auditLog: auditLog(table),
    staffSessions: staffSessions(table, {
      idleSeconds: service.staffSessions.idleMinutes * 60,
      absoluteSeconds: service.staffSessions.absoluteHours * 3600,
    }),
    staffSignIns: staffSignIns(table),
    staffOidc: parts.staffOidc ? staffOidc(parts.staffOidc) : undefined,
    questionnaires: serviceQuestionnaires(service),
    hasher: keyedHasher(parts.hmacSecret),
    clock: parts.clock ?? (() => new Date()),
    cookieSecure: parts.cookieSecure ?? true,
    originVerifySecret: parts.originVerifySecret,
  };
};

/** The Lambdas' (and the local server's) way in: environment -> validated config -> Deps. */
export const createDeps = async (env: Record<string, string | undefined> = process.env): Promise<Deps> => {
  const config = parseRuntimeConfig(env);
  const [hmacSecret, originVerifySecret] = await Promise.all([
    loadHmacSecret(config.hmacSecret),
    loadOriginVerifySecret(config.originVerifySecretArn),
  ]);
  const service = loadServiceConfig(config.serviceConfigPath);
  return buildDeps({
    service,
    table: { db: documentClient(config.dynamoDbEndpoint), name: config.tableName },
    hmacSecret,
    cookieSecure: config.cookieSecure,
    originVerifySecret,
    staffOidc: staffOidcSettings(service, { ...config.staffOidc, portalOrigin: config.portalOrigin }),
  });
};
