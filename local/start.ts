import { parseArgs } from 'node:util';
import { JavaMissingError } from './java.js';
import { removePortalFile, writePortalFile } from './portal-file.js';
import { type LocalPortal, startLocalPortal } from './portal.js';

// `npm start`: the portal on this machine. `npm start -- --in-memory` forgets everything on exit;
// `--port` or PORT changes the portal's port (default 3000), SES_PORT the inbox's (default 8005),
// OIDC_PORT the local staff identity provider's (default 8006).

const DATA_DIR = '.data';

const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'ses-port': { type: 'string', default: process.env.SES_PORT ?? '8005' },
    'oidc-port': { type: 'string', default: process.env.OIDC_PORT ?? '8006' },
  },
});

const starting: Promise<LocalPortal> = startLocalPortal({
  port: Number(values.port),
  sesPort: Number(values['ses-port']),
  oidcPort: Number(values['oidc-port']),
  dataDir: values['in-memory'] ? undefined : DATA_DIR,
});

// Registered before start-up finishes, so Ctrl-C during start-up still stops DynamoDB Local
// (a Java process that would otherwise outlive us).
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping...');
  const portal = await starting.catch(() => undefined);
  removePortalFile(DATA_DIR, process.pid);
  await portal?.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  const portal = await starting;
  if (!stopping) {
    // Where `npm run keys` finds this portal's table (in memory too, while it runs).
    writePortalFile(DATA_DIR, {
      dynamoDbEndpoint: portal.dynamoDbEndpoint,
      tableName: portal.tableName,
      serviceId: portal.serviceId,
      pid: process.pid,
    });
    console.log(`
  Therapy portal is running (${values['in-memory'] ? 'in memory' : 'data kept in .data/'})

  Portal:           ${portal.url}
  Demo patient:     Secure ID ${portal.demo.secureId}, date of birth ${portal.demo.dateOfBirth}
  Integration key:  ${portal.integrationKey}
                    (curl -H "Authorization: Bearer <key>" ${portal.url}/api/v1/...)
  Email inbox:      ${portal.inboxUrl}
  SMS outbox:       ${portal.smsOutboxUrl} (welcomes and reminders; the scan runs every minute)
  Staff console:    ${portal.url}/staff (signs in at ${portal.staff.issuer})

${portal.staff.users.map((u) => `Staff ${u.role}: ${u.email} password: ${u.password}`).join('\n')}

  Press Ctrl-C to stop.
`);
  }
} catch (e) {
  console.error(e instanceof JavaMissingError ? e.message : e);
  process.exit(1);
}
