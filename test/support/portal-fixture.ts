import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../local/create-table.js';
import { lambdaContext, matchRoute, toEvent } from '../../local/http-server.js';
import { fromPreparedServiceConfig } from '../../shared/config/prepared-service-config.js';
import type * as z from 'zod';
import {
  parseServiceConfig,
  prepareServiceConfig,
  ServiceConfig,
} from '../../shared/config/service-config.js';
import { documentClient } from '../../shared/data/dynamo.js';
import { buildDeps, type Deps } from '../../shared/deps.js';
import { seedSetupFromConfig } from '../../shared/setup/service-setup.js';
import { type IntegrationScope, integrationScopes } from '../../shared/domain/integration-scopes.js';
import type { Patient } from '../../shared/domain/patient.js';
import type { StaffPrincipal } from '../../shared/domain/staff.js';
import { handlerFactories } from '../../shared/http/lambdas/index.js';
import type { LambdaName } from '../../shared/http/route-table.js';
import type { WelcomeSettings } from '../../shared/messages/welcome-wiring.js';
import { newSecureId, randomToken, sha256 } from '../../shared/security/keyed-hash.js';
import { fixedOriginSecret } from '../../shared/security/secrets.js';
import { COGNITO_GROUPS_CLAIM, type StaffOidcSettings } from '../../shared/staff/oidc-client.js';
import type { MetricsSink } from '../../shared/observability/business-metrics.js';
import { type RecordedMetrics, recordedMetrics } from './metrics.js';

// Integration tests run the Lambdas' real handlers against a fresh table on DynamoDB Local, with
// a clock the test moves. Events are built as API Gateway builds them, routed by the route table.

/** The demo's questionnaire settings (stages and the wording WSAS and the phobia scales need). */
const demoQuestionnaires = (
  JSON.parse(readFileSync('infra/services/demo.json', 'utf8')) as { questionnaires: unknown }
).questionnaires;

/** Overrides as an admin writes them (defaults such as a service type's requestableBy apply). */
export const testService = (overrides: Partial<z.input<typeof ServiceConfig>> = {}): ServiceConfig =>
  parseServiceConfig(
    {
      questionnaires: demoQuestionnaires,
      id: 'test',
      name: 'Test Talking Therapies',
      phone: '01632 960 001',
      timeZone: 'Europe/London',
      clinicians: [{ id: 'clin-a', name: 'Clinician A' }],
      serviceTypes: [{ id: 'session', name: 'Session', durationMinutes: 50 }],
      ...overrides,
    },
    'test service',
  );

export class TestClock {
  constructor(private instant: Date) {}
  now = (): Date => new Date(this.instant);
  advanceSeconds(seconds: number): void {
    this.instant = new Date(this.instant.getTime() + seconds * 1000);
  }
}

export interface Fixture {
  readonly deps: Deps;
  readonly clock: TestClock;
  readonly tableName: string;
  /** Calls the route's Lambda handler with an API Gateway v2 event. */
  call(request: TestRequest): Promise<TestResponse>;
  /** A patient stored with a known Secure ID (canonical form). */
  addPatient(overrides?: Partial<Patient>): Promise<{ patient: Patient; secureId: string }>;
  /** A key with the given scopes (every scope by default). */
  addIntegrationKey(scopes?: readonly IntegrationScope[]): Promise<string>;
  /** Calls the Integration API with a bearer key (`auth` replaces the whole header). */
  api(key: string): (method: string, path: string, body?: unknown, auth?: string) => Promise<TestResponse>;
  /**
   * How many items the table holds, the seeded set-up aside: for tests that check nothing was
   * stored (a Scan, tests only).
   */
  itemCount(): Promise<number>;
  /**
   * A live staff session for anyone in any role, without the OpenID Connect round trip: the
   * cookies to send (the staff session and a CSRF cookie whose value is `staffCsrf`).
   */
  addStaffSession(principal: Omit<StaffPrincipal, 'sub'> & { sub?: string }): Promise<Record<string, string>>;
  /** The CSRF field value that matches the cookie addStaffSession returns. */
  readonly staffCsrf: string;
  /** The business metrics the handlers emitted (Deps `metrics`). */
  readonly metrics: RecordedMetrics;
}

/** Where the fixture's portal is (TestRequest paths resolve against it). */
export const TEST_PORTAL_ORIGIN = 'https://portal.test';

/**
 * Staff sign-in settings for tests that never reach the provider (sessions made by
 * addStaffSession): discovery is lazy, so this issuer is never contacted.
 */
export const unusedStaffOidc: StaffOidcSettings = {
  issuer: 'http://127.0.0.1:9',
  clientId: 'unused',
  roleClaim: COGNITO_GROUPS_CLAIM,
  redirectUri: `${TEST_PORTAL_ORIGIN}/staff/callback`,
  postLogoutRedirectUri: `${TEST_PORTAL_ORIGIN}/staff/signed-out`,
};

export interface TestRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string | object;
  readonly form?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly cookies?: Record<string, string>;
  readonly sourceIp?: string;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly cookies: string[];
  readonly body: string;
  json<T = Record<string, unknown>>(): T;
}

export const createFixture = async (
  options: {
    service?: ServiceConfig;
    start?: Date;
    originVerifySecret?: string;
    staffOidc?: StaffOidcSettings;
    /** The notify queue and seal key the Lambdas queue welcomes with; none by default. */
    welcome?: WelcomeSettings;
    /** False leaves the table without set-up, as a new stack's first run finds it. */
    seedSetup?: boolean;
    /**
     * Another fixture's table: this fixture is then the same stack deployed again with another
     * config (what was stored stays; the code reads it with the new config).
     */
    tableName?: string;
    /** Where the recorded business metrics go on to (e.g. Powertools, to read its EMF). */
    metrics?: MetricsSink;
  } = {},
): Promise<Fixture> => {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = options.tableName ?? `test-${randomUUID()}`;
  const raw = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, tableName);
  raw.destroy();
  const clock = new TestClock(options.start ?? new Date('2026-11-23T10:00:00Z'));
  const metrics = recordedMetrics(options.metrics);
  const deps = buildDeps({
    metrics,
    // What synth ships and a cold start reads back (prepared-service-config.ts), minus the file.
    ...fromPreparedServiceConfig(prepareServiceConfig(options.service ?? testService())),
    table: { db: documentClient(endpoint), name: tableName },
    hmacSecret: randomBytes(32).toString('base64url'),
    clock: clock.now,
    cookieSecure: true,
    originVerifySecret: options.originVerifySecret
      ? fixedOriginSecret(options.originVerifySecret)
      : undefined,
    staffOidc: options.staffOidc ?? unusedStaffOidc,
    welcome: options.welcome,
  });
  // What `npm start` does, and what the first request of a new stack does (service-setup.ts).
  if (options.seedSetup !== false) await seedSetupFromConfig(deps);
  const staffCsrf = randomToken();
  const handlers = Object.fromEntries(
    Object.entries(handlerFactories).map(([name, factory]) => [name, factory(deps)]),
  ) as Record<LambdaName, ReturnType<(typeof handlerFactories)[LambdaName]>>;

  const call = async (req: TestRequest): Promise<TestResponse> => {
    const url = new URL(req.path, TEST_PORTAL_ORIGIN);
    // What no route matches goes to the $default route, as in API Gateway and the local server.
    const matched = matchRoute(req.method, url.pathname);
    const headers: Record<string, string> = { ...req.headers };
    let body = '';
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json';
    }
    if (req.cookies)
      headers.cookie = Object.entries(req.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
    const event = toEvent(
      {
        method: req.method,
        url,
        headers,
        body: Buffer.from(body),
        sourceIp: req.sourceIp ?? '192.0.2.1',
      },
      matched,
    );
    const result = await handlers[matched.lambda](
      event,
      lambdaContext(matched.lambda, event.requestContext.requestId),
    );
    return {
      status: result.statusCode,
      headers: (result.headers ?? {}) as Record<string, string>,
      cookies: result.cookies ?? [],
      body: result.body ?? '',
      json: <T>() => JSON.parse(result.body ?? '') as T,
    };
  };

  return {
    deps,
    clock,
    tableName,
    call,
    metrics,
    async addPatient(overrides = {}) {
      const patient: Patient = {
        id: randomUUID(),
        givenName: 'Alex',
        familyName: 'Example',
        dateOfBirth: '1985-03-27',
        phone: '+447911123456',
        contactPreference: 'sms',
        stage: 'assessment',
        ...overrides,
      };
      const secureId = newSecureId();
      await deps.patients.create(patient, deps.hasher.secureId(secureId), clock.now());
      return { patient, secureId };
    },
    api:
      (key) =>
      (method, path, body, auth = `Bearer ${key}`) =>
        call({
          method,
          path,
          ...(body !== undefined ? { body: body as object } : {}),
          headers: { authorization: auth },
        }),
    async itemCount() {
      const { Items = [] } = await deps.table.db.send(new ScanCommand({ TableName: tableName }));
      // The set-up the fixture seeds (clinicians, service types) is not what a test stored.
      return Items.filter((i) => i.pk !== 'SETUP').length;
    },
    staffCsrf,
    async addStaffSession(principal) {
      const token = randomToken();
      await deps.staffSessions.create(
        sha256(token),
        { sub: principal.sub ?? randomUUID(), ...principal },
        undefined,
        Math.floor(clock.now().getTime() / 1000),
      );
      return { '__Host-staff': token, '__Host-csrf': staffCsrf };
    },
    async addIntegrationKey(scopes = integrationScopes) {
      const key = randomToken();
      await deps.integrationKeys.add(sha256(key), 'test', scopes, clock.now());
      return key;
    },
  };
};

/** The value of a Set-Cookie for `name`, or undefined. */
export const cookieValue = (cookies: string[], name: string): string | undefined => {
  for (const c of cookies) {
    const [pair] = c.split(';');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0 && pair.slice(0, at) === name) return pair.slice(at + 1);
  }
  return undefined;
};
