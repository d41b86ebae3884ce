import { createDeps } from '../shared/deps.js';
import { staffCalendarHandler, staffCalendarWiring } from '../shared/http/lambdas/staff-calendar.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = staffCalendarHandler(await createDeps(staffCalendarWiring));
