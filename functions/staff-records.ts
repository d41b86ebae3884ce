import { createDeps } from '../shared/deps.js';
import { staffRecordsHandler, staffRecordsWiring } from '../shared/http/lambdas/staff-records.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = staffRecordsHandler(await createDeps(staffRecordsWiring));
