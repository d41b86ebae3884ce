import * as z from 'zod/mini';
import { endSession } from '../../auth/patient-session.js';
import { signIn, validateSignIn } from '../../auth/sign-in.js';
import type { Deps } from '../../deps.js';
import { messages, signInMessages } from '../../web/messages.js';
import { clearCookie, sessionToken, setCookie } from '../cookies.js';
import { freshCsrfToken } from '../csrf.js';
import { parseJsonBody } from '../json-body.js';
import { clientAddress } from '../request.js';
import { apiError, json, noContent } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { retryAfterSeconds } from './patient-pages.js';

// The patient session as JSON (API.md "Patient API"): the same sign-in as the page.

export const SignInBody = z.strictObject({
  secureId: z.string(messages.fields.notText).check(z.maxLength(40, messages.secureId.tooLong)),
  dateOfBirth: z.string(messages.fields.notText).check(z.maxLength(10, messages.dateOfBirth.impossible)),
});

export const sessionApi = (deps: Deps) => {
  const secure = deps.cookieSecure;

  const create: RouteHandler = async (req) => {
    const body = parseJsonBody(req, SignInBody);
    if (!body.ok) return body.response;
    const checked = validateSignIn(body.value, deps.clock(), deps.service.timeZone);
    if (!checked.ok) return apiError(400, 'invalid_request', messages.api.invalidRequest, checked.errors);

    const outcome = await signIn(deps, checked.value, {
      address: clientAddress(req, Boolean(deps.originVerifySecret)),
      previousSessionToken: sessionToken(req, secure),
    });
    if (outcome.ok)
      return json(
        200,
        { signedIn: true },
        { cookies: [setCookie('session', outcome.sessionToken, secure), freshCsrfToken(secure).cookie] },
      );
    switch (outcome.reason) {
      case 'invalid-credentials':
        return apiError(401, 'invalid_credentials', signInMessages.invalidCredentials);
      case 'disabled':
        return apiError(429, 'too_many_attempts', signInMessages.disabled);
      default:
        return apiError(429, 'too_many_attempts', signInMessages.locked, undefined, {
          headers: { 'retry-after': String(retryAfterSeconds(outcome.retryAt, deps.clock())) },
        });
    }
  };

  const remove: RouteHandler = async (req) => {
    await endSession(deps, sessionToken(req, secure));
    return noContent({ cookies: [clearCookie('session', secure), clearCookie('csrf', secure)] });
  };

  return { create, remove };
};
