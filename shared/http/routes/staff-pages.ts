import type { Deps } from '../../deps.js';
import { safeReturnPath } from '../../domain/staff.js';
import {
  completeStaffSignIn,
  currentStaff,
  endStaffSession,
  startStaffSignIn,
} from '../../staff/staff-sign-in.js';
import {
  StaffNoAccessPage,
  StaffSignedOutPage,
  StaffSignInFailedPage,
} from '../../web/pages/staff/notices.js';
import { clearCookie, readCookie, setCookie } from '../cookies.js';
import { csrfMatches } from '../csrf.js';
import { logger } from '../logger.js';
import { formFields } from '../request.js';
import { htmlPage, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { staffFormExpired, staffPageHeaders, staffSessionToken } from '../staff-access.js';

// Signing staff in and out with OpenID Connect (the staff-auth Lambda). The use cases
// (shared/staff/staff-sign-in.ts) do the protocol; these routes move cookies and pick pages.

export const staffPages = (deps: Deps) => {
  const secure = deps.cookieSecure;

  /** Sends the browser to the provider; `returnTo` is where it lands afterwards (checked by the use case). */
  const signIn: RouteHandler = async (req) => {
    // Someone already signed in (a second tab, the back button) goes straight where they wanted.
    if (await currentStaff(deps, staffSessionToken(deps, req)))
      return seeOther(safeReturnPath(req.query.returnTo));
    const started = await startStaffSignIn(deps, {
      returnPath: req.query.returnTo,
      browserBinding: readCookie(req, 'staff-signin', secure),
    });
    return seeOther(started.authorizationUrl, {
      cookies: [setCookie('staff-signin', started.browserBinding, secure)],
    });
  };

  const callback: RouteHandler = async (req) => {
    const outcome = await completeStaffSignIn(deps, {
      query: req.query,
      browserBinding: readCookie(req, 'staff-signin', secure),
    });
    if (outcome.ok) {
      logger.info('Staff signed in', { role: outcome.principal.role, outcome: 'signed-in' });
      return seeOther(outcome.returnPath, { cookies: [setCookie('staff', outcome.sessionToken, secure)] });
    }
    const headers = staffPageHeaders(deps);
    if (outcome.reason === 'no-access') {
      logger.info('Staff sign-in without a staff role', { outcome: 'no-access' });
      return htmlPage(403, StaffNoAccessPage({ service: deps.service }), { headers });
    }
    if (outcome.reason === 'provider-refused') {
      logger.warn('Staff sign-in refused by the provider or by the token checks', {
        outcome: outcome.reason,
        errorName: outcome.errorName,
        code: outcome.code,
      });
    } else logger.info('Staff sign-in callback without a matching sign-in', { outcome: outcome.reason });
    return htmlPage(400, StaffSignInFailedPage({ service: deps.service }), { headers });
  };

  const signOut: RouteHandler = async (req) => {
    // Not a staffFormRoute: signing out needs no live session, only the token.
    if (!csrfMatches(req, formFields(req).csrf, secure)) return staffFormExpired(deps);
    const ended = await endStaffSession(deps, staffSessionToken(deps, req));
    return seeOther(ended.providerSignOutUrl ?? '/staff/signed-out', {
      cookies: [clearCookie('staff', secure)],
    });
  };

  const signedOut: RouteHandler = async () =>
    htmlPage(200, StaffSignedOutPage({ service: deps.service }), { headers: staffPageHeaders(deps) });

  return { signIn, callback, signOut, signedOut };
};
