import { createDeps } from '../shared/deps.js';
import { patientSessionHandler, patientSessionWiring } from '../shared/http/lambdas/patient-session.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = patientSessionHandler(await createDeps(patientSessionWiring));
