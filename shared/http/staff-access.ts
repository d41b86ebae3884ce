import type { Deps } from '../deps.js';
import type { StaffPrincipal, StaffRole } from '../domain/staff.js';
import { currentStaff } from '../staff/staff-sign-in.js';
import { messages } from '../web/messages.js';
import { StaffFormExpiredPage, StaffNoAccessPage, StaffNotFoundPage } from '../web/pages/staff/notices.js';
import { readCookie } from './cookies.js';
import { csrfMatches, csrfToken } from './csrf.js';
import { contentSecurityPolicyAllowingForms } from './middlewares.js';
import { formFields, type PortalRequest } from './request.js';
import { apiError, htmlPage, type PortalResponse, seeOther } from './responses.js';
import type { RouteHandler } from './router.js';

// The staff console's door: every /staff page and /api/staff route is wrapped in one of these.
// The edge reads the staff cookie (never the patient's) and the use case decides whether it
// still opens a session; the route gets the person, or never runs.

export type StaffRoute = (req: PortalRequest, principal: StaffPrincipal) => Promise<PortalResponse>;

/** The staff session token in the request, if any. */
export const staffSessionToken = (deps: Deps, req: PortalRequest): string | undefined =>
  readCookie(req, 'staff', deps.cookieSecure);

/** The page that was asked for, to come back to after signing in (GET only: a form post is not replayed). */
const requestedPath = (req: PortalRequest): string => {
  if (!req.routeKey.startsWith('GET ')) return req.path;
  const query = new URLSearchParams(req.query).toString();
  return query ? `${req.path}?${query}` : req.path;
};

export const staffSignInPath = (returnPath: string): string =>
  `/staff/sign-in?${new URLSearchParams({ returnTo: returnPath }).toString()}`;

/**
 * Staff pages carry the sign-out form, whose post ends at the identity provider's sign-out
 * endpoint: their CSP lets forms lead there (its issuer, and Cognito's separate sign-out host).
 */
export const staffPageHeaders = (deps: Deps): Record<string, string> => {
  const settings = deps.staffOidcSettings;
  const origins = new Set<string>();
  if (settings) {
    origins.add(new URL(settings.issuer).origin);
    if (settings.logoutUrl) origins.add(new URL(settings.logoutUrl).origin);
  }
  return { 'content-security-policy': contentSecurityPolicyAllowingForms([...origins]) };
};

const withStaffHeaders = (deps: Deps, response: PortalResponse): PortalResponse =>
  String(response.headers?.['content-type'] ?? '').startsWith('text/html')
    ? { ...response, headers: { ...response.headers, ...staffPageHeaders(deps) } }
    : response;

/** A console page: anonymous visitors go to sign in, and come back to the page they asked for. */
export const staffPage =
  (deps: Deps) =>
  (route: StaffRoute): RouteHandler =>
  async (req) => {
    const principal = await currentStaff(deps, staffSessionToken(deps, req));
    if (!principal) return seeOther(staffSignInPath(requestedPath(req)));
    return withStaffHeaders(deps, await route(req, principal));
  };

/** A console route that shows forms: it gets the CSRF token they carry. */
export type StaffCsrfRoute = (
  req: PortalRequest,
  principal: StaffPrincipal,
  csrf: string,
) => Promise<PortalResponse>;

/** The token for the route's forms; the response sets the cookie when the token is new. */
const withCsrfToken =
  (deps: Deps, route: StaffCsrfRoute): StaffRoute =>
  async (req, principal) => {
    const csrf = csrfToken(req, deps.cookieSecure);
    const response = await route(req, principal, csrf.token);
    return { ...response, cookies: [...(response.cookies ?? []), ...csrf.cookies] };
  };

/** A console page (GET) with forms on it. */
export const staffPageWithCsrf =
  (deps: Deps) =>
  (route: StaffCsrfRoute): RouteHandler =>
    staffPage(deps)(withCsrfToken(deps, route));

/** The NHS "page expired" page (400), for a staff form whose CSRF token does not match. */
export const staffFormExpired = (deps: Deps): PortalResponse =>
  htmlPage(400, StaffFormExpiredPage({ service: deps.service }), { headers: staffPageHeaders(deps) });

/**
 * A console form post, once the session and the token are good: its fields (the token taken out)
 * and the token the page needs if the route shows the form again.
 */
export type StaffFormAction = (
  req: PortalRequest,
  principal: StaffPrincipal,
  fields: Record<string, string>,
  csrf: string,
) => Promise<PortalResponse>;

export interface StaffFormOptions {
  /**
   * A refusal decided before the token is looked at, from the path alone (staff consents: a
   * patient id that cannot be one is "not found" whatever the form holds).
   */
  readonly before?: (req: PortalRequest) => PortalResponse | undefined;
}

/**
 * Every console form post (Post/Redirect/Get): anonymous visitors go to sign in; a form without
 * the CSRF token of the browser's cookie gets the "page expired" page and the action never runs,
 * so nothing is stored or audited. Whether the role may act is the use case's to say.
 */
export const staffFormRoute =
  (deps: Deps) =>
  (action: StaffFormAction, options: StaffFormOptions = {}): RouteHandler =>
    staffPage(deps)(async (req, principal) => {
      const refused = options.before?.(req);
      if (refused) return refused;
      const { csrf: submitted, ...fields } = formFields(req);
      if (!csrfMatches(req, submitted, deps.cookieSecure)) return staffFormExpired(deps);
      return withCsrfToken(deps, async (r, p, csrf) => action(r, p, fields, csrf))(req, principal);
    });

/** A staff JSON route: without a live staff session, 401 `unauthenticated` (API.md). */
export const staffApi =
  (deps: Deps) =>
  (route: StaffRoute): RouteHandler =>
  async (req) => {
    const principal = await currentStaff(deps, staffSessionToken(deps, req));
    if (!principal) return apiError(401, 'unauthenticated', messages.staff.unauthenticated);
    return route(req, principal);
  };

/** 403 "You do not have access", for a page outside the person's role. */
export const staffNoAccess = (deps: Deps): PortalResponse =>
  htmlPage(403, StaffNoAccessPage({ service: deps.service }), { headers: staffPageHeaders(deps) });

/** 404 with the console's look, for a patient (or the page's own `title`: a blackout, a request) not found. */
export const staffNotFound = (deps: Deps, title: string = messages.staff.patientNotFound): PortalResponse =>
  htmlPage(404, StaffNotFoundPage({ service: deps.service, title }), { headers: staffPageHeaders(deps) });

/** 403 `forbidden`, for a JSON route outside the person's role (API.md "Staff API"). */
export const staffApiForbidden = (): PortalResponse => apiError(403, 'forbidden', messages.staff.forbidden);

/** Narrows a route to some roles: others get the 403 page or body. */
export const onlyRoles =
  (roles: readonly StaffRole[], forbidden: () => PortalResponse) =>
  (route: StaffRoute): StaffRoute =>
  async (req, principal) =>
    roles.includes(principal.role) ? route(req, principal) : forbidden();
