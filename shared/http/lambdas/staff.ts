import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireStaffOidc,
  wireStaffSessions,
  wireStaffSignIns,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffMeApi } from '../routes/staff-api.js';
import { staffPages } from '../routes/staff-pages.js';

// The identity provider and staff sessions only: no patient data yet.
export const staffWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  staffSignIns: wireStaffSignIns,
  staffOidc: wireStaffOidc,
};

/** The staff Lambda's routes: OpenID Connect sign-in and out, the console's pages, the staff API. */
export const staffHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffWiring);
  const pages = staffPages(deps);
  const api = staffMeApi(deps);
  return portalHandler<'staff'>(deps, {
    'GET /staff': pages.home,
    'GET /staff/sign-in': pages.signIn,
    'GET /staff/callback': pages.callback,
    'POST /staff/sign-out': pages.signOut,
    'GET /staff/signed-out': pages.signedOut,
    'GET /api/staff/me': api.me,
  });
};
