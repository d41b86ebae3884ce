import type { Deps } from '../../deps.js';
import { json } from '../responses.js';
import { staffApi } from '../staff-access.js';

// The staff JSON API (API.md "Staff API"): the same session as the console's pages.

export const staffMeApi = (deps: Deps) => {
  const api = staffApi(deps);

  /** GET /api/staff/me: who is signed in, their role, and the clinician they are (if one). */
  const me = api(async (_req, principal) =>
    json(200, {
      email: principal.email,
      role: principal.role,
      ...(principal.clinicianId ? { clinicianId: principal.clinicianId } : {}),
    }),
  );

  return { me };
};
