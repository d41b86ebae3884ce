import type { Deps } from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffMeApi } from '../routes/staff-api.js';
import { staffConsoleApi } from '../routes/staff-console-api.js';
import { staffConsolePages } from '../routes/staff-console-pages.js';
import { staffPages } from '../routes/staff-pages.js';

/** The staff Lambda's routes: OpenID Connect sign-in and out, the console's pages, the staff API. */
export const staffHandler = (deps: Deps) => {
  const pages = staffPages(deps);
  const api = staffMeApi(deps);
  const consolePages = staffConsolePages(deps);
  const consoleApi = staffConsoleApi(deps);
  return portalHandler<'staff'>(deps, {
    'GET /staff': pages.home,
    'GET /staff/sign-in': pages.signIn,
    'GET /staff/callback': pages.callback,
    'POST /staff/sign-out': pages.signOut,
    'GET /staff/signed-out': pages.signedOut,
    'GET /api/staff/me': api.me,
    'GET /staff/todos': consolePages.todos,
    'POST /staff/todos/{id}/acknowledge': consolePages.acknowledge,
    'GET /staff/patients': consolePages.patients,
    'GET /staff/patients/{id}': consolePages.patient,
    'POST /staff/patients/{id}/stage': consolePages.stage,
    'POST /staff/patients/{id}/secure-id': consolePages.reissue,
    'GET /staff/patients/{id}/audit': consolePages.audit,
    'GET /api/staff/todos': consoleApi.todos,
    'POST /api/staff/todos/{id}/acknowledge': consoleApi.acknowledge,
    'GET /api/staff/patients': consoleApi.patients,
    'GET /api/staff/patients/{id}': consoleApi.patient,
    'GET /api/staff/patients/{id}/audit': consoleApi.audit,
    'POST /api/staff/patients/{id}/secure-id': consoleApi.reissue,
  });
};
