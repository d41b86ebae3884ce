import type { TestProject } from 'vitest/node';
import { type LocalPortal, startLocalPortal } from '../../local/portal.js';

// globalSetup of the e2e project: ONE local portal for the whole run (DynamoDB Local, the SES
// emulator, the Lambda handlers behind the local HTTP server), kept in memory. It has to be one:
// the portal sets process.env and imports the Lambda entry files, which build their dependencies
// from the environment at import. Test files reach it through `inject('portal')`.

export interface E2ePortal {
  readonly url: string;
  readonly demo: { readonly secureId: string; readonly dateOfBirth: string; readonly patientId: string };
  readonly integrationKey: string;
  /** The local staff identity provider and its seeded staff (one per role, with passwords). */
  readonly staff: LocalPortal['staff'];
  /** The portal's table, for seeding what no API makes yet (a letter). */
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    portal: E2ePortal;
  }
}

export default async function setup(project: TestProject) {
  const portal = await startLocalPortal({ port: 0, sesPort: 0, dataDir: undefined });
  project.provide('portal', {
    url: portal.url,
    demo: portal.demo,
    integrationKey: portal.integrationKey,
    staff: portal.staff,
    dynamoDbEndpoint: portal.dynamoDbEndpoint,
    tableName: portal.tableName,
  });
  return async () => {
    await portal.stop();
  };
}
