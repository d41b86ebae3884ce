import { createDeps } from '../shared/deps.js';
import { publicRequestsHandler, publicRequestsWiring } from '../shared/http/lambdas/public-requests.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = publicRequestsHandler(await createDeps(publicRequestsWiring));
