import { parseRuntimeConfig } from './config/runtime-config.js';
import { readPreparedServiceConfig } from './config/prepared-service-config.js';
import type { ServiceConfig } from './config/service-config.js';
import { documentClient, type Table } from './data/dynamo.js';
import { appointments } from './data/appointments.js';
import { auditLog } from './data/audit-log.js';
import { reminders } from './data/reminders.js';
import { reminderTiming } from './config/message-settings.js';
import { integrationKeys } from './data/integration-keys.js';
import { messageLog } from './data/message-log.js';
import { patients } from './data/patients.js';
import { responses } from './data/responses.js';
import { sessions } from './data/sessions.js';
import { signInAttempts } from './data/sign-in-attempts.js';
import { staffAlerts } from './data/staff-alerts.js';
import { staffSessions } from './data/staff-sessions.js';
import { staffSignIns } from './data/staff-sign-ins.js';
import { todos } from './data/todos.js';
import type { WelcomeQueue } from './messages/welcome-queue.js';
import { type WelcomeSettings, welcomeQueueOf } from './messages/welcome-wiring.js';
import { blackouts } from './data/blackouts.js';
import { clinicians } from './data/clinicians.js';
import { locations } from './data/locations.js';
import { serviceSetup } from './data/service-setup.js';
import { serviceTypes } from './data/service-types.js';
import { workSchedules } from './data/work-schedules.js';
import { healthProbe } from './data/health-probe.js';
import { appointmentRequests } from './data/appointment-requests.js';
import { notices } from './data/notices.js';
import { staffAppointments } from './data/staff-appointments.js';
import { publicRequestLimits } from './data/public-request-limits.js';
import { letters } from './data/letters.js';
import { episodes } from './data/episodes.js';
import { consents } from './data/consents.js';
import { attendance } from './data/attendance.js';
import { reportViews } from './data/report-views.js';
import type { QuestionnaireDefinition } from './domain/questionnaires/definition.js';
import { type MetricsSink, noMetrics } from './observability/business-metrics.js';
import { powertoolsMetrics } from './observability/powertools-metrics.js';
import { type KeyedHasher, keyedHasher } from './security/keyed-hash.js';
import { cachedOriginSecret, loadHmacSecret, type OriginSecret } from './security/secrets.js';
import { type StaffOidc, type StaffOidcSettings, staffOidc, staffOidcSettings } from './staff/oidc-client.js';
import { loadTracing } from './observability/tracing.js';

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
  readonly auditLog: ReturnType<typeof auditLog>;
  readonly reminders: ReturnType<typeof reminders>;
  readonly staffAlerts: ReturnType<typeof staffAlerts>;
  readonly messageLog: ReturnType<typeof messageLog>;
  readonly staffSessions: ReturnType<typeof staffSessions>;
  readonly staffSignIns: ReturnType<typeof staffSignIns>;
  /** The service's set-up (docs/appointments.md): stored per service, seeded from the config. */
  readonly clinicians: ReturnType<typeof clinicians>;
  readonly locations: ReturnType<typeof locations>;
  readonly serviceTypes: ReturnType<typeof serviceTypes>;
  readonly workSchedules: ReturnType<typeof workSchedules>;
  readonly blackouts: ReturnType<typeof blackouts>;
  readonly serviceSetup: ReturnType<typeof serviceSetup>;
  /** The health check's read of the table (GET /api/health). */
  readonly healthProbe: ReturnType<typeof healthProbe>;
  /** Patients' appointment requests, holding their time with cell locks (docs/appointments.md). */
  readonly appointmentRequests: ReturnType<typeof appointmentRequests>;
  /** Messages a decision renders and files in its own transaction; notify sends them. */
  readonly notices: ReturnType<typeof notices>;
  /** Staff moving appointments and reading a week's by id (the staff calendar). */
  readonly staffAppointments: ReturnType<typeof staffAppointments>;
  /** The public request form's per-address and per-network counts (docs/appointments.md). */
  readonly publicRequestLimits: ReturnType<typeof publicRequestLimits>;
  /** Letters shared about a patient (the GP report), as the exact bytes that went out. */
  readonly letters: ReturnType<typeof letters>;
  /** Patients' episodes (referrals to discharge; docs/outcomes.md, "Storage"). */
  readonly episodes: ReturnType<typeof episodes>;
  /** Patients' consents to share with named parties (F25; docs/information-governance.md). */
  readonly consents: ReturnType<typeof consents>;
  /** Attendance of started appointments, and past appointments an EPR sends (issue 16). */
  readonly attendance: ReturnType<typeof attendance>;
  /** Views of the service outcomes report, in the audit log's report partition (F26). */
  readonly reportViews: ReturnType<typeof reportViews>;
  /** The staff identity provider (discovered lazily); undefined where staff sign-in is not set up. */
  readonly staffOidc?: StaffOidc | undefined;
  /**
   * Where the identity provider is (issuer, sign-out URL), without its client library: staff pages
   * name it in their CSP, in the console Lambda too, which never talks to it.
   */
  readonly staffOidcSettings?: StaffOidcSettings | undefined;
  /** The service's questionnaires by id: built-ins with its wording, plus its own. */
  readonly questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
  readonly hasher: KeyedHasher;
  readonly clock: () => Date;
  readonly cookieSecure: boolean;
  /** Present in AWS: requests without CloudFront's header are refused. */
  readonly originVerifySecret?: OriginSecret | undefined;
  /** Where a welcome with a new Secure ID is queued for notify; undefined where none is set up. */
  readonly welcomeQueue?: WelcomeQueue | undefined;
  /** The notify queue and the welcome key, for the Lambdas that issue Secure IDs. */
  readonly welcomeSettings?: WelcomeSettings | undefined;
  /** Business metrics (shared/observability/business-metrics.ts); portalHandler flushes them. */
  readonly metrics: MetricsSink;
}

export interface DepsParts {
  readonly service: ServiceConfig;
  /** The service's questionnaires, built at synth (prepared-service-config.ts). */
  readonly questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
  readonly table: Table;
  readonly hmacSecret: string;
  readonly clock?: () => Date;
  readonly cookieSecure?: boolean;
  /** The Secrets Manager cache (createDeps), or a fixed value (tests: fixedOriginSecret). */
  readonly originVerifySecret?: OriginSecret | undefined;
  readonly staffOidc?: StaffOidcSettings | undefined;
  readonly welcome?: WelcomeSettings | undefined;
  /** Where business metrics go; none by default (the local runtime, tests that do not look). */
  readonly metrics?: MetricsSink | undefined;
}

/** What every Lambda has, whatever its routes: config, table, hasher, clock. */
type CoreKey =
  | 'service'
  | 'questionnaires'
  | 'table'
  | 'hasher'
  | 'clock'
  | 'cookieSecure'
  | 'originVerifySecret'
  | 'staffOidcSettings'
  | 'welcomeSettings'
  | 'metrics';
export type DepsCore = Pick<Deps, CoreKey>;

/** The parts a Lambda builds only if its routes use them: repositories, the identity provider. */
export type DepsPart = Exclude<keyof Deps, CoreKey>;
// A record, not a list, so a new part that is missing here fails to compile.
const partNames: Record<DepsPart, true> = {
  patients: true,
  sessions: true,
  signInAttempts: true,
  integrationKeys: true,
  appointments: true,
  responses: true,
  todos: true,
  auditLog: true,
  reminders: true,
  staffAlerts: true,
  messageLog: true,
  staffSessions: true,
  staffSignIns: true,
  staffOidc: true,
  welcomeQueue: true,
  clinicians: true,
  locations: true,
  serviceTypes: true,
  workSchedules: true,
  blackouts: true,
  serviceSetup: true,
  healthProbe: true,
  appointmentRequests: true,
  notices: true,
  staffAppointments: true,
  publicRequestLimits: true,
  letters: true,
  episodes: true,
  consents: true,
  attendance: true,
  reportViews: true,
};

/** How a Lambda builds the parts its routes use (each a `wire` builder below). */
export type DepsWiring = { readonly [P in DepsPart]?: (core: DepsCore) => Deps[P] };

// One builder per part, each its own export: a Lambda's bundle holds only the builders its
// wiring names, and with them only the repositories its routes use (the project's modules have
// no import side effects, package.json "sideEffects", so esbuild leaves the others out).
export const wirePatients = (core: DepsCore) => patients(core.table);
export const wireSessions = (core: DepsCore) =>
  sessions(core.table, {
    idleSeconds: core.service.sessions.idleMinutes * 60,
    absoluteSeconds: core.service.sessions.absoluteHours * 3600,
  });
export const wireSignInAttempts = (core: DepsCore) =>
  signInAttempts(core.table, {
    maxFailures: core.service.signIn.clientFailureLimit,
    windowSeconds: core.service.signIn.clientWindowMinutes * 60,
  });
export const wireIntegrationKeys = (core: DepsCore) => integrationKeys(core.table);
// Booking indexes the appointment by when its reminder is due (service's lead time).
export const wireAppointments = (core: DepsCore) =>
  appointments(core.table, { reminderLeadHours: reminderTiming(core.service).leadHours });
export const wireResponses = (core: DepsCore) => responses(core.table);
export const wireTodos = (core: DepsCore) => todos(core.table);
export const wireAuditLog = (core: DepsCore) => auditLog(core.table);
export const wireReminders = (core: DepsCore) => reminders(core.table);
export const wireStaffAlerts = (core: DepsCore) => staffAlerts(core.table);
export const wireMessageLog = (core: DepsCore) => messageLog(core.table);
export const wireStaffSessions = (core: DepsCore) =>
  staffSessions(core.table, {
    idleSeconds: core.service.staffSessions.idleMinutes * 60,
    absoluteSeconds: core.service.staffSessions.absoluteHours * 3600,
  });
export const wireStaffSignIns = (core: DepsCore) => staffSignIns(core.table);
export const wireStaffOidc = (core: DepsCore) =>
  core.staffOidcSettings ? staffOidc(core.staffOidcSettings) : undefined;
// The SQS and KMS clients, for the Lambdas that issue Secure IDs (docs/messages.md).
export const wireWelcomeQueue = (core: DepsCore) =>
  core.welcomeSettings ? welcomeQueueOf(core.welcomeSettings) : undefined;
export const wireClinicians = (core: DepsCore) => clinicians(core.table);
export const wireLocations = (core: DepsCore) => locations(core.table);
export const wireServiceTypes = (core: DepsCore) => serviceTypes(core.table);
export const wireWorkSchedules = (core: DepsCore) => workSchedules(core.table);
export const wireBlackouts = (core: DepsCore) => blackouts(core.table);
export const wireServiceSetup = (core: DepsCore) => serviceSetup(core.table);
export const wireHealthProbe = (core: DepsCore) => healthProbe(core.table);
export const wireAppointmentRequests = (core: DepsCore) => appointmentRequests(core.table);
export const wireNotices = (core: DepsCore) => notices(core.table);
export const wireStaffAppointments = (core: DepsCore) =>
  staffAppointments(core.table, { reminderLeadHours: reminderTiming(core.service).leadHours });
export const wirePublicRequestLimits = (core: DepsCore) => publicRequestLimits(core.table);
export const wireLetters = (core: DepsCore) => letters(core.table);
export const wireEpisodes = (core: DepsCore) => episodes(core.table);
export const wireConsents = (core: DepsCore) => consents(core.table);
export const wireAttendance = (core: DepsCore) => attendance(core.table);
export const wireReportViews = (core: DepsCore) => reportViews(core.table);

/** Every part: the local runtime and the tests build whole Deps, and each handler keeps its own. */
const everyPart: Required<DepsWiring> = {
  patients: wirePatients,
  sessions: wireSessions,
  signInAttempts: wireSignInAttempts,
  integrationKeys: wireIntegrationKeys,
  appointments: wireAppointments,
  responses: wireResponses,
  todos: wireTodos,
  auditLog: wireAuditLog,
  reminders: wireReminders,
  staffAlerts: wireStaffAlerts,
  messageLog: wireMessageLog,
  staffSessions: wireStaffSessions,
  staffSignIns: wireStaffSignIns,
  staffOidc: wireStaffOidc,
  welcomeQueue: wireWelcomeQueue,
  clinicians: wireClinicians,
  locations: wireLocations,
  serviceTypes: wireServiceTypes,
  workSchedules: wireWorkSchedules,
  blackouts: wireBlackouts,
  serviceSetup: wireServiceSetup,
  healthProbe: wireHealthProbe,
  appointmentRequests: wireAppointmentRequests,
  notices: wireNotices,
  staffAppointments: wireStaffAppointments,
  publicRequestLimits: wirePublicRequestLimits,
  letters: wireLetters,
  episodes: wireEpisodes,
  consents: wireConsents,
  attendance: wireAttendance,
  reportViews: wireReportViews,
};

export class DepsNotWiredError extends Error {
  override name = 'DepsNotWiredError';
}

/**
 * Deps with the wired parts built; any other part throws DepsNotWiredError when a route reaches
 * for it, naming the part, so a wiring that misses one fails the first test that takes the
 * route (handlers keep only their own wiring's parts, see onlyWired) rather than passing quietly.
 */
const assemble = (core: DepsCore, wiring: DepsWiring, built: (part: DepsPart) => unknown): Deps => {
  const deps = { ...core };
  const wired = new Set(Object.keys(wiring));
  for (const part of Object.keys(partNames) as DepsPart[]) {
    if (wired.has(part)) {
      Object.defineProperty(deps, part, { value: built(part), enumerable: true });
    } else {
      Object.defineProperty(deps, part, {
        enumerable: false,
        get: () => {
          throw new DepsNotWiredError(`${part} is not in this Lambda's wiring (shared/http/lambdas/)`);
        },
      });
    }
  }
  return deps as Deps;
};

export const wireDeps = (core: DepsCore, wiring: DepsWiring): Deps =>
  assemble(core, wiring, (part) => (wiring[part] as (core: DepsCore) => unknown)(core));

/** The same Deps with only `wiring`'s parts: what a handler built from whole Deps may use. */
export const onlyWired = (deps: Deps, wiring: DepsWiring): Deps =>
  assemble(deps, wiring, (part) => deps[part]);

const coreOf = (parts: DepsParts): DepsCore => ({
  service: parts.service,
  questionnaires: parts.questionnaires,
  table: parts.table,
  hasher: keyedHasher(parts.hmacSecret),
  clock: parts.clock ?? (() => new Date()),
  cookieSecure: parts.cookieSecure ?? true,
  originVerifySecret: parts.originVerifySecret,
  staffOidcSettings: parts.staffOidc,
  welcomeSettings: parts.welcome,
  metrics: parts.metrics ?? noMetrics,
});

/** Whole Deps, every part built: the local runtime's seeding and the tests. */
export const buildDeps = (parts: DepsParts): Deps => wireDeps(coreOf(parts), everyPart);

/**
 * A Lambda's way in: environment -> validated config -> Deps with the parts its wiring names
 * (shared/http/lambdas/<name>.ts exports the wiring; functions/<name>.ts passes it here).
 */
export const createDeps = async (
  wiring: DepsWiring,
  env: Record<string, string | undefined> = process.env,
): Promise<Deps> => {
  const config = parseRuntimeConfig(env);
  // Read at the cold start as before, then kept fresh while warm (rotation: docs/runbook.md).
  const originVerifySecret = config.originVerifySecretArn
    ? cachedOriginSecret(config.originVerifySecretArn)
    : undefined;
  // The tracer loads while the secrets are fetched, and before the table's client is made, so that
  // client is traced (shared/observability/tracing.ts).
  const [hmacSecret] = await Promise.all([
    loadHmacSecret(config.hmacSecret),
    originVerifySecret?.refresh(),
    loadTracing(env),
  ]);
  const { service, questionnaires } = readPreparedServiceConfig(config.serviceConfigPath);
  const core = coreOf({
    service,
    questionnaires,
    table: { db: documentClient(config.dynamoDbEndpoint), name: config.tableName },
    hmacSecret,
    cookieSecure: config.cookieSecure,
    originVerifySecret,
    staffOidc: staffOidcSettings(service, { ...config.staffOidc, portalOrigin: config.portalOrigin }),
    welcome:
      config.reminderQueueUrl && config.welcomeSeal
        ? { queueUrl: config.reminderQueueUrl, seal: config.welcomeSeal }
        : undefined,
    metrics: powertoolsMetrics(service.id),
  });
  return wireDeps(core, wiring);
};
