import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Server } from 'node:http';
import * as sesLocalModule from 'aws-ses-v2-local';

// The package is CommonJS with an `exports.default`: under Node's ESM interop the function sits
// one `default` deeper than its types say.
type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;
const startSes = ((sesLocalModule.default as unknown as { default?: StartSes }).default ??
  (sesLocalModule.default as unknown as StartSes)) satisfies StartSes;

/** The SES emulator: the SES API for the portal, a web inbox at its root, and GET /store. */
export const startSesLocal = async (port: number): Promise<{ url: string; stop: () => Promise<void> }> => {
  const server = await startSes({ host: '127.0.0.1', port });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}`,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};

/** An SES v2 client for the emulator: it accepts any credentials, so none are looked up. */
export const localSesClient = (url: string, region = 'eu-west-2'): SESv2Client =>
  new SESv2Client({ endpoint: url, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
