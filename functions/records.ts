import { createDeps } from '../shared/deps.js';
import { recordsHandler, recordsWiring } from '../shared/http/lambdas/records.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = recordsHandler(await createDeps(recordsWiring));
