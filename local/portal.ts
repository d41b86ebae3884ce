import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readPreparedServiceConfig } from '../shared/config/prepared-service-config.js';
import { brandFilesOf } from '../shared/config/brand-files.js';
import { loadServiceConfig, writePreparedServiceConfig } from '../shared/config/service-config.js';
import { documentClient } from '../shared/data/dynamo.js';
import { buildDeps } from '../shared/deps.js';
import { formatSecureId } from '../shared/domain/secure-id.js';
import type { StaffRole } from '../shared/domain/staff.js';
import type { PortalHandler } from '../shared/http/portal-handler.js';
import { entryFileOf, lambdaNames } from '../shared/http/route-table.js';
import { assetSources } from '../shared/web/assets.js';
import { ensureTable } from './create-table.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { createLocalServer, type Handlers, type LocalPages } from './http-server.js';
import { localSecrets } from './local-secrets.js';
import { startLocalSqs } from './local-sqs.js';
import { SMS_OUTBOX_PATH, startLocalReminders } from './reminders.js';
import { startLocalOidcProvider } from './oidc-provider.js';
import { demoPatient, seedDemo } from './seed.js';
import { startSesLocal } from './ses-local.js';
import { localStaff, localStaffUsers } from './staff-users.js';

// The whole portal on one machine, no AWS account: DynamoDB Local, the SES emulator, and the
// Lambdas' own handlers behind a local HTTP server. `npm start`, the browser tests and the
// benchmarks all start it through here.

export interface LocalPortalOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly sesPort: number;
  /** The local staff identity provider's port; 0 (the default) picks a free one. */
  readonly oidcPort?: number;
  /** Where data is kept between runs; undefined keeps everything in memory. */
  readonly dataDir: string | undefined;
  readonly serviceConfigPath?: string;
  /** The repository root (node_modules, functions/). */
  readonly root?: string;
  /**
   * Off by default. Given DynamoDB Local's endpoint, returns the one the Lambda handlers are
   * configured with (setup and seeding still go direct). Why: the benchmark routes the handlers'
   * traffic through a counting proxy to report the DynamoDB requests behind each sign-in.
   */
  readonly lambdaDynamoDbEndpoint?: (endpoint: string) => string | Promise<string>;
}

export interface LocalPortal {
  readonly url: string;
  readonly inboxUrl: string;
  /** The local SMS outbox page (/local/sms-outbox, and .json). */
  readonly smsOutboxUrl: string;
  readonly dynamoDbEndpoint: string;
  /** DynamoDB Local's process (test/bench/load.ts pauses it for the fault run). */
  readonly dynamoDbPid?: number | undefined;
  readonly tableName: string;
  readonly serviceId: string;
  readonly demo: { readonly secureId: string; readonly dateOfBirth: string; readonly patientId: string };
  readonly integrationKey: string;
  /** The local staff identity provider and its seeded staff, one per role. */
  readonly staff: {
    readonly issuer: string;
    readonly users: readonly {
      readonly role: StaffRole;
      readonly email: string;
      readonly password: string;
    }[];
  };
  stop(): Promise<void>;
}

const TABLE_NAME = 'therapy-portal-local';

const listen = (server: Server, port: number) =>
  new Promise<number>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : port);
    });
  });

export const startLocalPortal = async (options: LocalPortalOptions): Promise<LocalPortal> => {
  const root = resolve(options.root ?? '.');
  const serviceConfigPath = resolve(root, options.serviceConfigPath ?? 'infra/services/demo.json');
  const service = loadServiceConfig(serviceConfigPath);
  const secrets = localSecrets(options.dataDir);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };

  try {
    // As synth does for a deploy: the handlers read the parsed, prepared config, not the file.
    const preparedDir = mkdtempSync(join(tmpdir(), 'portal-service-config-'));
    stops.push(async () => rmSync(preparedDir, { recursive: true, force: true }));
    const preparedConfigPath = join(preparedDir, 'service.json');
    writePreparedServiceConfig(service, preparedConfigPath);

    const dynamo = await startDynamoDbLocal({
      dataDir: options.dataDir && join(options.dataDir, 'dynamodb'),
    });
    stops.push(dynamo.stop);
    const raw = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(raw, TABLE_NAME);
    raw.destroy();

    const ses = await startSesLocal(options.sesPort);
    stops.push(ses.stop);

    // The portal listens first: its address is the OIDC client's callback, which the identity
    // provider must know. Requests are answered once the handlers are loaded below.
    const handlers = {} as Handlers;
    const localPages: LocalPages = {};
    const server = createLocalServer(handlers, root, localPages, brandFilesOf(service, serviceConfigPath));
    const port = await listen(server, options.port);
    stops.push(
      () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    );
    const url = `http://localhost:${port}`;

    const oidc = await startLocalOidcProvider({
      port: options.oidcPort ?? 0,
      users: localStaffUsers(secrets.staffPasswords),
      redirectUris: [`${url}/staff/callback`],
      postLogoutRedirectUris: [`${url}/staff/signed-out`],
      stylesheetUrl: `${url}${assetSources.stylesheet.url}`,
    });
    stops.push(oidc.stop);

    // The same variables the stack gives the Lambdas (shared/config/runtime-config.ts), set before
    // the entry files are imported: they build their Deps from the environment at import.
    Object.assign(process.env, {
      TABLE_NAME,
      SERVICE_CONFIG_PATH: preparedConfigPath,
      HMAC_SECRET: secrets.hmacSecret,
      COOKIE_SECURE: 'false',
      DYNAMODB_ENDPOINT: (await options.lambdaDynamoDbEndpoint?.(dynamo.endpoint)) ?? dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? service.deployment.region,
      STAFF_OIDC_ISSUER: oidc.issuer,
      STAFF_OIDC_CLIENT_ID: oidc.clientId,
      PORTAL_ORIGIN: url,
    });
    const localDeps = buildDeps({
      ...readPreparedServiceConfig(preparedConfigPath),
      table: { db: documentClient(dynamo.endpoint), name: TABLE_NAME },
      hmacSecret: secrets.hmacSecret,
    });
    await seedDemo(localDeps, secrets);

    // The reminder scan every minute, through a local queue to the notify handler.
    // Messages link to this local portal unless the config names an address.
    const reminders = startLocalReminders(
      { ...localDeps, service: { ...localDeps.service, portalUrl: localDeps.service.portalUrl ?? url } },
      { sesUrl: ses.url, welcomeSealKey: secrets.welcomeSealKey },
    );
    stops.push(async () => reminders.stop());
    localPages.serve = reminders.serve;

    // Welcomes: the integration and staff handlers queue them through SQS's API, as in AWS, here
    // onto the same local queue (local/local-sqs.ts), sealed with the local stand-in for the
    // welcome key; each is delivered as soon as it is queued.
    const sqs = await startLocalSqs(reminders.queue, {
      queued: () => void reminders.queue.drain().catch(() => undefined),
    });
    stops.push(sqs.stop);
    Object.assign(process.env, {
      REMINDER_QUEUE_URL: sqs.queueUrl,
      WELCOME_SEAL_KEY: secrets.welcomeSealKey,
    });

    for (const lambda of lambdaNames) {
      const module = (await import(pathToFileURL(join(root, entryFileOf(lambda))).href)) as {
        handler: PortalHandler;
      };
      handlers[lambda] = module.handler;
    }

    return {
      url,
      inboxUrl: ses.url,
      smsOutboxUrl: `${url}${SMS_OUTBOX_PATH}`,
      dynamoDbEndpoint: dynamo.endpoint,
      dynamoDbPid: dynamo.pid,
      tableName: TABLE_NAME,
      serviceId: service.id,
      demo: {
        secureId: formatSecureId(secrets.demoSecureId),
        dateOfBirth: demoPatient.dateOfBirth,
        patientId: demoPatient.id,
      },
      integrationKey: secrets.integrationKey,
      staff: {
        issuer: oidc.issuer,
        users: (Object.keys(localStaff) as StaffRole[]).map((role) => ({
          role,
          email: localStaff[role].email,
          password: secrets.staffPasswords[role],
        })),
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
};
