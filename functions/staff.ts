import { createDeps } from '../shared/deps.js';
import { staffHandler, staffWiring } from '../shared/http/lambdas/staff.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = staffHandler(await createDeps(staffWiring));
