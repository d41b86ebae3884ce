import { createDeps } from '../shared/deps.js';
import { appointmentsHandler, appointmentsWiring } from '../shared/http/lambdas/appointments.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = appointmentsHandler(await createDeps(appointmentsWiring));
