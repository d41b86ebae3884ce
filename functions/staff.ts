import { createDeps } from '../shared/deps.js';
import { staffHandler, staffWiring } from '../shared/http/lambdas/staff.js';

// Built once per cold start: config parsed, secret fetched, clients created. The identity
// provider's metadata is fetched later, on the first request that needs it.
export const handler = staffHandler(await createDeps(staffWiring));
