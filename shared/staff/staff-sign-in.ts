import * as oidc from 'openid-client';
import { epochSeconds } from '../data/dynamo.js';
import { toPrincipal } from '../data/staff-sessions.js';
import type { Deps } from '../deps.js';
import { clinicianIdFor, roleFromClaims, type StaffPrincipal, safeReturnPath } from '../domain/staff.js';
import { randomToken, sha256 } from '../security/keyed-hash.js';
import { currentClinicians } from '../setup/service-setup.js';
import { STAFF_SCOPES, type StaffOidc } from './oidc-client.js';

// Staff sign-in with OpenID Connect, as use cases: start (PKCE, state and nonce), complete (the
// code exchange and a session), the current session, and sign-out. They take values, never
// requests: the edge (shared/http/routes/staff-*.ts) reads cookies and query strings.

/** How long a person has to sign in at the provider before the started sign-in is forgotten. */
export const STAFF_SIGN_IN_TTL_SECONDS = 10 * 60;

export class StaffSignInNotConfiguredError extends Error {
  override name = 'StaffSignInNotConfiguredError';
  constructor() {
    super('Staff sign-in has no identity provider: set STAFF_OIDC_ISSUER or staffIdentityProvider');
  }
}

const oidcOf = (deps: Deps): StaffOidc => {
  if (!deps.staffOidc) throw new StaffSignInNotConfiguredError();
  return deps.staffOidc;
};

const isToken = (value: string | undefined): value is string =>
  value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);

export interface StartedStaffSignIn {
  /** Where to send the browser: the provider's authorization endpoint. */
  readonly authorizationUrl: string;
  /** The value of the cookie that ties the sign-in to this browser (the same one if it had one). */
  readonly browserBinding: string;
}

/**
 * Starts a sign-in: a fresh PKCE verifier, state and nonce, stored for 10 minutes under the
 * state's hash with the (checked) return path. Only the state and the PKCE challenge travel in
 * the URL, as OpenID Connect needs them to.
 */
export const startStaffSignIn = async (
  deps: Deps,
  request: { readonly returnPath: string | undefined; readonly browserBinding: string | undefined },
): Promise<StartedStaffSignIn> => {
  const provider = oidcOf(deps);
  const config = await provider.configuration();
  // One binding per browser, kept across sign-ins, so two tabs signing in at once both finish.
  const browserBinding = isToken(request.browserBinding) ? request.browserBinding : randomToken();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await deps.staffSignIns.save(sha256(state), {
    browserHash: sha256(browserBinding),
    codeVerifier,
    nonce,
    returnPath: safeReturnPath(request.returnPath),
    expiresAt: epochSeconds(deps.clock()) + STAFF_SIGN_IN_TTL_SECONDS,
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: provider.settings.redirectUri,
    scope: STAFF_SCOPES,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { authorizationUrl: url.href, browserBinding };
};

export type StaffSignInOutcome =
  | {
      readonly ok: true;
      readonly sessionToken: string;
      readonly principal: StaffPrincipal;
      readonly returnPath: string;
    }
  | {
      readonly ok: false;
      /**
       * unknown-state: no sign-in started in this browser has this state (used already, expired,
       * another browser's, or made up); no-access: signed in, but in no group (or no email).
       */
      readonly reason: 'unknown-state' | 'no-access';
    }
  | {
      readonly ok: false;
      /** The provider answered with an error, or the code exchange or ID token failed its checks. */
      readonly reason: 'provider-refused';
      /** For the log: the error's name and OAuth code, never its message (it can quote the answer). */
      readonly errorName: string;
      readonly code?: string | undefined;
    };

/**
 * Completes a sign-in from the provider's redirect: takes the stored sign-in for the state (once),
 * checks it belongs to this browser and is not stale, and has openid-client exchange the code
 * (PKCE verifier, expected state and nonce, the ID token's signature and claims). A person with a
 * role gets a new session.
 */
export const completeStaffSignIn = async (
  deps: Deps,
  request: {
    /** The callback's query parameters, as the provider sent them. */
    readonly query: Readonly<Record<string, string>>;
    readonly browserBinding: string | undefined;
  },
): Promise<StaffSignInOutcome> => {
  const provider = oidcOf(deps);
  const state = request.query.state;
  if (!state || !isToken(request.browserBinding)) return { ok: false, reason: 'unknown-state' };
  const started = await deps.staffSignIns.take(sha256(state));
  const now = epochSeconds(deps.clock());
  if (!started || started.expiresAt <= now || started.browserHash !== sha256(request.browserBinding))
    return { ok: false, reason: 'unknown-state' };

  const config = await provider.configuration();
  // The registered redirect URI plus the provider's parameters: openid-client sends the URL without
  // its query as redirect_uri in the code exchange, which must match the authorization request's.
  const callbackUrl = new URL(provider.settings.redirectUri);
  for (const [name, value] of Object.entries(request.query)) callbackUrl.searchParams.set(name, value);
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: started.codeVerifier,
      expectedState: state,
      expectedNonce: started.nonce,
    });
  } catch (e) {
    const error = e as { name?: string; code?: string; error?: string };
    return {
      ok: false,
      reason: 'provider-refused',
      errorName: error.name ?? 'Error',
      code: error.error ?? error.code,
    };
  }

  const claims = tokens.claims();
  if (!claims) return { ok: false, reason: 'provider-refused', errorName: 'NoIdToken' };
  const role = roleFromClaims(claims, provider.settings.roleClaim, provider.settings.roles);
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  if (!role || !email) return { ok: false, reason: 'no-access' };
  // An address the provider says is unverified must not borrow a clinician's caseload.
  const clinicianId =
    claims.email_verified === false || role !== 'clinician'
      ? undefined
      : clinicianIdFor(role, email, (await currentClinicians(deps)).value);
  const principal: StaffPrincipal = {
    sub: claims.sub,
    email,
    role,
    ...(clinicianId ? { clinicianId } : {}),
  };
  const sessionToken = randomToken();
  await deps.staffSessions.create(sha256(sessionToken), principal, tokens.id_token, now);
  return { ok: true, sessionToken, principal, returnPath: started.returnPath };
};

/**
 * The person behind a staff session token, or undefined when there is none or it has ended
 * (idle for longer than the service allows, past its absolute limit, or signed out).
 */
export const currentStaff = async (
  deps: Deps,
  token: string | undefined,
): Promise<StaffPrincipal | undefined> => {
  if (!isToken(token)) return undefined;
  const stored = await deps.staffSessions.findLive(sha256(token), epochSeconds(deps.clock()));
  return stored ? toPrincipal(stored) : undefined;
};

/**
 * Ends the session here, and says where to send the browser so the provider ends its own too:
 * its end-session endpoint when it has one, Cognito's /logout otherwise, or nowhere (undefined:
 * the portal's signed-out page).
 */
export const endStaffSession = async (
  deps: Deps,
  token: string | undefined,
): Promise<{ readonly providerSignOutUrl?: string | undefined }> => {
  if (!isToken(token)) return {};
  const ended = await deps.staffSessions.end(sha256(token));
  if (!ended) return {};
  const provider = oidcOf(deps);
  const { settings } = provider;
  const config = await provider.configuration();
  if (config.serverMetadata().end_session_endpoint) {
    const url = oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: settings.postLogoutRedirectUri,
      ...(ended.idToken ? { id_token_hint: ended.idToken } : {}),
    });
    return { providerSignOutUrl: url.href };
  }
  if (settings.logoutUrl) {
    const url = new URL(settings.logoutUrl);
    url.searchParams.set('client_id', settings.clientId);
    url.searchParams.set('logout_uri', settings.postLogoutRedirectUri);
    return { providerSignOutUrl: url.href };
  }
  return {};
};
