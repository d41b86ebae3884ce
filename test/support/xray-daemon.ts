import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

// A stand-in X-Ray daemon for the tracing tests: a UDP socket of the test's, and the environment
// that makes the Powertools tracer run in X-Ray's Lambda mode and send to it. Each closed
// subsegment arrives as one packet ("header\nbody"); `traced` runs one invocation under a new trace
// and gives what arrived for that trace alone.

export interface Subsegment {
  readonly name: string;
  readonly id: string;
  readonly parent_id?: string;
  readonly annotations?: Record<string, unknown>;
  readonly aws?: Record<string, unknown>;
  readonly namespace?: string;
  readonly error?: boolean;
  readonly fault?: boolean;
  readonly subsegments?: Subsegment[];
}

/** As Lambda sets it, for the X-Ray SDK (read as it loads) and Powertools. */
export const lambdaTracingEnv = (daemonPort: number, serviceName: string) => ({
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  // Powertools counts a cold start only on an on-demand initialisation, as Lambda says it is.
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  LAMBDA_TASK_ROOT: '/var/task',
  _HANDLER: 'index.handler',
  AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemonPort}`,
  AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
  POWERTOOLS_SERVICE_NAME: serviceName,
});

const flatten = (s: Subsegment): Subsegment[] => [s, ...(s.subsegments ?? []).flatMap(flatten)];

export const startXrayDaemon = async () => {
  const socket = createSocket('udp4');
  const packets: string[] = [];
  socket.on('message', (message) => packets.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    close: () => socket.close(),
    /** Runs one invocation under a new trace; what the daemon received for it, flattened. */
    traced: async <T>(invoke: () => Promise<T>): Promise<{ result: T; sent: Subsegment[]; raw: string }> => {
      // A new X-Ray trace header, as Lambda sets it for each invocation of a sampled request.
      const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
      process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
      const from = packets.length;
      const result = await invoke();
      // UDP to this process: the packets arrive within a few event-loop turns.
      const deadline = Date.now() + 5000;
      const mine = () => packets.slice(from).filter((p) => p.includes(traceId));
      while (!mine().some((p) => p.includes('"## index.handler"')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const bodies = mine().map((p) => JSON.parse(p.slice(p.indexOf('\n') + 1)) as Subsegment);
      return { result, sent: bodies.flatMap(flatten), raw: mine().join('\n') };
    },
  };
};
