import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as esbuildVersion } from 'esbuild';
import { loadServiceConfig, writePreparedServiceConfig } from '../../shared/config/service-config.js';
import { measureAvailabilityReads, runAvailabilityBench } from './availability.js';
import { buildBundles, bundleTables } from './bundles.js';
import { runColdStarts } from './cold-start.js';
import { findLambdaNode } from './lambda-node.js';
import { runFaultRun, runLoadRun } from './load.js';
import { type BenchPortal, startBenchPortal } from './portal.js';
import { runQuestionnaireBench } from './questionnaires.js';
import { runReminderBench } from './reminders.js';
import { runRequestBench } from './requests.js';
import { loadAverage, machineFacts } from './report.js';
import { runSignInBench } from './sign-in.js';

// `npm run bench`: what the portal costs, printed as tables.
//   1. sign-in latency through the local HTTP server against DynamoDB Local, per outcome;
//   2. the DynamoDB requests (by operation, and round trips) behind each sign-in outcome;
//   3. questionnaire latency on the same portal: the due list, submitting PHQ-9 then GAD-7;
//   4. the DynamoDB requests (and items read) behind each of those;
//   5. the due list of a patient with two years of responses beside one with none;
//   6. each Lambda bundle's size, built with the CDK's own esbuild options (infra/bundling.ts),
//      against the gzipped limit, with the packages that weigh most;
//   7. each bundle's cold start in a fresh node process, beside an empty-handler baseline, the
//      SDK floor (test/bench/sdk-floor.ts: the DynamoDB DocumentClient and one GetItem) and the
//      library floor (test/bench/library-floor.ts: the SDK floor with the libraries), as
//      deployed (the tracer loads), without source maps, and with the tracer off, on Lambda's Node
//      major (test/bench/lambda-node.ts fetches it with npx when this machine runs another), and
//      as deployed on this machine's Node;
//   8. the memory (RSS) of that process after its first event;
//   9. each Lambda's import time as a ratio to the SDK floor's, and to the library floor's;
//  10. the reminder scan over 100,000 appointments: items read against items due, and its time;
//  11. the notify handler's time per batch of 10 reminders;
//  12. availability for one clinician and for 20, over 8 weeks: compute time, and the DynamoDB
//      items the patients' read path reads for the same load stored in DynamoDB Local;
//  13. appointment requests: free times, submitting and cancelling, with DynamoDB round trips.
// Nothing here asserts on time: timings depend on the machine and its load, so a threshold would
// either fail at random or be too loose to mean anything. Compare the tables between runs on the
// same machine instead. Unexpected statuses are printed as notes. Counts are fixed and the whole
// run is capped (DEADLINE_MS); it takes about three minutes on 2 cores.
// `npm run bench -- --bundles` runs only 6 to 9 (no DynamoDB Local): what a bundling or wiring
// change needs, in about a minute. `npm run bench -- --availability` runs only 12 (DynamoDB Local
// for the reads, then the computation with it stopped), in under a minute.
// `npm run bench -- --load` runs only 14 (test/bench/load.ts): 200 patients at once sign in and
// send PHQ-9 and GAD-7 (throughput, p50/p99, errors), then the store is checked: nothing lost or
// doubled, every risk answer with its to-do. `npm run bench -- --fault` runs only 15: the same
// with DynamoDB Local paused for 10 s in the middle (what was refused, retried and lost), on the
// deployed DynamoDB timeouts. Each about one to two minutes, a portal of its own in its own process
// (a second portal in one process would reuse the first one's handlers), so neither is in the
// default run.

const DEADLINE_MS = 8 * 60_000;
const root = fileURLToPath(new URL('../..', import.meta.url));
const serviceConfigPath = join(root, 'infra', 'services', 'demo.json');
const bundlesOnly = process.argv.slice(2).includes('--bundles');
const availabilityOnly = process.argv.slice(2).includes('--availability');
const started = Date.now();
const log = (line: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

let bench: BenchPortal | undefined;
const deadline = setTimeout(async () => {
  console.error(`bench: gave up after ${DEADLINE_MS / 1000} s`);
  // Stop DynamoDB Local (a Java process) rather than leave it running.
  await Promise.race([bench?.stop(), new Promise((r) => setTimeout(r, 10_000))]);
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

if (availabilityOnly) {
  // Only 12: DynamoDB Local for the items read, then the computation with it stopped.
  console.log(machineFacts(esbuildVersion));
  console.log();
  bench = await startBenchPortal(serviceConfigPath);
  let reads;
  try {
    reads = await measureAvailabilityReads(bench.portal.dynamoDbEndpoint, log);
  } finally {
    await bench.stop();
  }
  console.log(runAvailabilityBench(log, reads));
  process.exit(0);
}
const loadRun = process.argv.slice(2).includes('--load');
if (loadRun || process.argv.slice(2).includes('--fault')) {
  // Before the portal starts: its handlers build their DynamoDB clients as they load.
  if (!loadRun) process.env.DYNAMODB_TIMEOUTS = 'deployed';
  console.log(machineFacts(esbuildVersion));
  console.log();
  console.log(await (loadRun ? runLoadRun : runFaultRun)(serviceConfigPath, log));
  console.log(`\nload average at the end (1 / 5 / 15 min): ${loadAverage()}`);
  process.exit(0);
}
if (process.argv.slice(2).includes('--requests')) {
  // Only 13: the portal and DynamoDB Local, about half a minute.
  console.log(machineFacts(esbuildVersion));
  bench = await startBenchPortal(serviceConfigPath);
  try {
    console.log(await runRequestBench(bench, log));
  } finally {
    await bench.stop();
  }
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'portal-bench-'));
let availabilityReads: Awaited<ReturnType<typeof measureAvailabilityReads>> | undefined;
try {
  console.log(machineFacts(esbuildVersion));
  console.log();
  if (!bundlesOnly) {
    log('portal: starting (DynamoDB Local behind a counting proxy)');
    bench = await startBenchPortal(serviceConfigPath);
    try {
      console.log(await runSignInBench(bench, serviceConfigPath, log));
      console.log();
      console.log(await runQuestionnaireBench(bench, serviceConfigPath, log));
      console.log();
      console.log(await runReminderBench(bench.portal.dynamoDbEndpoint, serviceConfigPath, log));
      console.log();
      console.log(await runRequestBench(bench, log));
      console.log();
      availabilityReads = await measureAvailabilityReads(bench.portal.dynamoDbEndpoint, log);
    } finally {
      // Before the bundles and cold starts: DynamoDB Local's JVM would take a core from them.
      log('portal: stopping');
      await bench.stop();
    }
  }
  log('bundles: building');
  const bundles = await buildBundles(root, tmp);
  console.log(bundleTables(bundles));
  console.log();
  // What PortalFunction ships in each bundle: the config as synth prepares it.
  const preparedConfigPath = join(tmp, 'service.json');
  writePreparedServiceConfig(loadServiceConfig(serviceConfigPath), preparedConfigPath);
  console.log(await runColdStarts(bundles, preparedConfigPath, log, findLambdaNode(log)));
  if (!bundlesOnly) {
    // Last, with DynamoDB Local stopped and the cold-start processes gone: a quiet machine.
    console.log();
    console.log(runAvailabilityBench(log, availabilityReads));
  }
  console.log(`\nload average at the end (1 / 5 / 15 min): ${loadAverage()}`);
  log('done');
} finally {
  rmSync(tmp, { recursive: true, force: true });
  clearTimeout(deadline);
}
