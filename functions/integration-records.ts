import { createDeps } from '../shared/deps.js';
import {
  integrationRecordsHandler,
  integrationRecordsWiring,
} from '../shared/http/lambdas/integration-records.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = integrationRecordsHandler(await createDeps(integrationRecordsWiring));
