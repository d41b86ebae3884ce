import type { Deps } from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { patientPages } from '../routes/patient-pages.js';
import { sessionApi } from '../routes/session-api.js';

/** The patient-session Lambda's routes: sign in and out, pages and JSON. */
export const patientSessionHandler = (deps: Deps) => {
  const pages = patientPages(deps);
  const api = sessionApi(deps);
  return portalHandler<'patient-session'>(deps, {
    'GET /': pages.start,
    'GET /sign-in': pages.signInPage,
    'POST /sign-in': pages.submitSignIn,
    'POST /sign-out': pages.signOut,
    'GET /signed-out': pages.signedOut,
    'GET /home': pages.home,
    'POST /api/patient/session': api.create,
    'DELETE /api/patient/session': api.remove,
  });
};
