import { type LocalPortal, startLocalPortal } from '../../local/portal.js';
import { type CountingProxy, countingProxy } from './dynamo-proxy.js';

// One local portal for the HTTP sections of the benchmark (sign-in, questionnaires), with the
// counting proxy between its Lambda handlers and DynamoDB Local. Setup and seeding by the bench
// itself go direct to DynamoDB Local (`portal.dynamoDbEndpoint`), so the proxy counts only what
// the handlers ask for.

export interface BenchPortal {
  readonly portal: LocalPortal;
  readonly proxy: CountingProxy;
  /** The proxy's endpoint, which the handlers use. */
  readonly proxied: string;
  /** The portal's URL with 127.0.0.1: the server listens there, and "localhost" could try ::1 first. */
  readonly base: string;
  stop(): Promise<void>;
}

export const startBenchPortal = async (serviceConfigPath: string): Promise<BenchPortal> => {
  const proxy = countingProxy();
  let proxied = '';
  // The handlers' logger takes LOG_LEVEL when they are imported, inside startLocalPortal. At WARN,
  // the questionnaire section's bookings ("Appointment booked", INFO) stay out of the tables on
  // stdout; no measured request logs at INFO. Set LOG_LEVEL=INFO to see them. Put back after, so
  // the cold-start processes get the environment they would have had.
  const logLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = logLevel ?? 'WARN';
  const portal = await startLocalPortal({
    port: 0,
    sesPort: 0,
    dataDir: undefined,
    serviceConfigPath,
    lambdaDynamoDbEndpoint: async (endpoint) => {
      proxied = await proxy.start(endpoint);
      return proxied;
    },
  })
    .catch(async (e: unknown) => {
      await proxy.stop();
      throw e;
    })
    .finally(() => {
      if (logLevel === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = logLevel;
    });
  let stopped: Promise<void> | undefined;
  return {
    portal,
    proxy,
    proxied,
    base: portal.url.replace('//localhost:', '//127.0.0.1:'),
    // Once only: the run's deadline and its normal end may both ask.
    stop: () =>
      (stopped ??= (async () => {
        await portal.stop();
        await proxy.stop();
      })()),
  };
};
