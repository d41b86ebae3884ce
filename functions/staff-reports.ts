import { createDeps } from '../shared/deps.js';
import { staffReportsHandler, staffReportsWiring } from '../shared/http/lambdas/staff-reports.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = staffReportsHandler(await createDeps(staffReportsWiring));
