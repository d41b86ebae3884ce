import { createDeps } from '../shared/deps.js';
import { integrationHandler, integrationWiring } from '../shared/http/lambdas/integration.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = integrationHandler(await createDeps(integrationWiring));
