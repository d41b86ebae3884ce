import { createDeps } from '../shared/deps.js';
import { staffAuthHandler, staffAuthWiring } from '../shared/http/lambdas/staff-auth.js';

// Built once per cold start: config parsed, secret fetched, clients created. The identity
// provider's metadata is fetched later, on the first request that needs it.
export const handler = staffAuthHandler(await createDeps(staffAuthWiring));
