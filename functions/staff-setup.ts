import { createDeps } from '../shared/deps.js';
import { staffSetupHandler, staffSetupWiring } from '../shared/http/lambdas/staff-setup.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = staffSetupHandler(await createDeps(staffSetupWiring));
