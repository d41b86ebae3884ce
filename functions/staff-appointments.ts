import { createDeps } from '../shared/deps.js';
import {
  staffAppointmentsHandler,
  staffAppointmentsWiring,
} from '../shared/http/lambdas/staff-appointments.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = staffAppointmentsHandler(await createDeps(staffAppointmentsWiring));
