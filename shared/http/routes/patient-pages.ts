import { endSession, signedInPatient, signedInPatientWith } from '../../auth/patient-session.js';
import { dueView, readDue } from '../../questionnaires/patient-questionnaires.js';
import { type SignInOutcome, signIn, validateSignIn } from '../../auth/sign-in.js';
import type { Deps } from '../../deps.js';
import { formatTimeFromNow } from '../../web/format.js';
import { signInMessages } from '../../web/messages.js';
import { HomePage } from '../../web/pages/home.js';
import { LockedPage } from '../../web/pages/locked.js';
import { ProblemPage } from '../../web/pages/problem.js';
import { SignInPage } from '../../web/pages/sign-in.js';
import { SignedOutPage } from '../../web/pages/signed-out.js';
import { clearCookie, sessionToken, setCookie } from '../cookies.js';
import { csrfMatches, csrfToken, freshCsrfToken } from '../csrf.js';
import { clientAddress, formFields, type PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The patient's pages for signing in and out, and the signed-in home page. Forms post back and
// answer with a redirect (Post/Redirect/Get), or re-show the form with the error by the field.

const MAX_FIELD_CHARS = 100;

export const retryAfterSeconds = (retryAt: Date, now: Date): number =>
  Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));

/** 429 page for a locked Secure ID or a client over its limit: when to try, and whom to call. */
export const lockedResponse = (
  deps: Deps,
  outcome: Extract<SignInOutcome, { ok: false }>,
): PortalResponse => {
  const now = deps.clock();
  if (outcome.reason === 'disabled') return htmlPage(429, LockedPage({ service: deps.service }));
  if (outcome.reason === 'invalid-credentials') throw new Error('not a lock');
  return htmlPage(
    429,
    LockedPage({
      service: deps.service,
      retryAtText: formatTimeFromNow(outcome.retryAt, now, deps.service.timeZone),
    }),
    { headers: { 'retry-after': String(retryAfterSeconds(outcome.retryAt, now)) } },
  );
};

export const patientPages = (deps: Deps) => {
  const secure = deps.cookieSecure;
  const viaCloudFront = Boolean(deps.originVerifySecret);

  const showSignIn = (
    req: PortalRequest,
    status = 200,
    extra: Partial<Parameters<typeof SignInPage>[0]> = {},
  ) => {
    const csrf = csrfToken(req, secure);
    const offerPublicRequest = deps.service.appointments.portal === 'everyone';
    const page = SignInPage({ service: deps.service, csrfToken: csrf.token, offerPublicRequest, ...extra });
    return htmlPage(status, page, {
      cookies: csrf.cookies,
    });
  };

  const start: RouteHandler = async (req) =>
    seeOther((await signedInPatient(deps, sessionToken(req, secure))) ? '/home' : '/sign-in');

  const signInPage: RouteHandler = async (req) => showSignIn(req);

  const submitSignIn: RouteHandler = async (req) => {
    const form = formFields(req);
    const values = {
      secureId: (form.secureId ?? '').slice(0, MAX_FIELD_CHARS),
      day: (form['dob-day'] ?? '').slice(0, MAX_FIELD_CHARS),
      month: (form['dob-month'] ?? '').slice(0, MAX_FIELD_CHARS),
      year: (form['dob-year'] ?? '').slice(0, MAX_FIELD_CHARS),
    };
    if (!csrfMatches(req, form.csrf, secure))
      return showSignIn(req, 400, { formError: signInMessages.formExpired, values });

    const checked = validateSignIn(
      { secureId: values.secureId, dateOfBirth: values },
      deps.clock(),
      deps.service.timeZone,
    );
    if (!checked.ok) return showSignIn(req, 400, { errors: checked.errors, values });

    const outcome = await signIn(deps, checked.value, {
      address: clientAddress(req, viaCloudFront),
      previousSessionToken: sessionToken(req, secure),
    });
    if (outcome.ok) {
      // A new session gets a new CSRF token: one seen before sign-in must not serve after it.
      return seeOther('/home', {
        cookies: [setCookie('session', outcome.sessionToken, secure), freshCsrfToken(secure).cookie],
      });
    }
    if (outcome.reason === 'invalid-credentials') {
      // The typed values are not shown again: either could be the wrong one, and the answer must
      // not differ by which.
      return showSignIn(req, 401, { formError: signInMessages.invalidCredentials });
    }
    return lockedResponse(deps, outcome);
  };

  const home: RouteHandler = async (req) => {
    const signedIn = await signedInPatientWith(deps, sessionToken(req, secure), (id) => readDue(deps, id));
    if (!signedIn) return seeOther('/sign-in');
    const { patient } = signedIn;
    const { state } = dueView(deps, patient, signedIn.also);
    const csrf = csrfToken(req, secure);
    const page = HomePage({
      service: deps.service,
      givenName: patient.givenName,
      csrfToken: csrf.token,
      due: state,
      questionnaires: deps.questionnaires,
    });
    return htmlPage(200, page, { cookies: csrf.cookies });
  };

  const signOut: RouteHandler = async (req) => {
    if (!csrfMatches(req, formFields(req).csrf, secure)) {
      return htmlPage(400, ProblemPage({ service: deps.service, kind: 'form-expired' }));
    }
    await endSession(deps, sessionToken(req, secure));
    return seeOther('/signed-out', {
      cookies: [clearCookie('session', secure), clearCookie('csrf', secure)],
    });
  };

  const signedOut: RouteHandler = async () => htmlPage(200, SignedOutPage({ service: deps.service }));

  return { start, signInPage, submitSignIn, home, signOut, signedOut };
};
