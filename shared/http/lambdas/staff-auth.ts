import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireClinicians,
  wireStaffOidc,
  wireStaffSessions,
  wireStaffSignIns,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffPages } from '../routes/staff-pages.js';

// The identity provider, the sign-ins under way and staff sessions: only this Lambda carries the
// OpenID Connect client library (shared/staff/oidc-client.ts).
export const staffAuthWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  staffSignIns: wireStaffSignIns,
  staffOidc: wireStaffOidc,
  // A clinician's sign-in is linked by the stored clinicians' staff emails.
  clinicians: wireClinicians,
};

/** The staff-auth Lambda's routes: signing staff in with OpenID Connect, and out. */
export const staffAuthHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffAuthWiring);
  const pages = staffPages(deps);
  return portalHandler<'staff-auth'>(deps, {
    'GET /staff/sign-in': pages.signIn,
    'GET /staff/callback': pages.callback,
    'POST /staff/sign-out': pages.signOut,
    'GET /staff/signed-out': pages.signedOut,
  });
};
