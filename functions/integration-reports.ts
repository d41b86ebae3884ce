import { createDeps } from '../shared/deps.js';
import {
  integrationReportsHandler,
  integrationReportsWiring,
} from '../shared/http/lambdas/integration-reports.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = integrationReportsHandler(await createDeps(integrationReportsWiring));
