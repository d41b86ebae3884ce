import type { PortalRequest } from './request.js';

// Cookie names and attributes in one place. On https the `__Host-` prefix makes the browser
// refuse the cookie unless it is Secure, host-only and Path=/ (DESIGN.md, "Sessions"); plain-http
// localhost cannot use it, so the local runtime sets COOKIE_SECURE=false.

// `staff` is the staff console's session, apart from the patient's `session`: a token of one kind
// is never looked up as the other. `staff-signin` ties an OpenID Connect sign-in to the browser
// that started it (it must survive the provider's redirect back, so SameSite=Lax, not Strict).
export type CookieName = 'session' | 'csrf' | 'staff' | 'staff-signin';

export const cookieName = (name: CookieName, secure: boolean): string => (secure ? `__Host-${name}` : name);

export const readCookie = (req: PortalRequest, name: CookieName, secure: boolean): string | undefined =>
  req.cookies[cookieName(name, secure)];

/** The patient session token the browser sent, for the use cases (which never see requests). */
export const sessionToken = (req: PortalRequest, secure: boolean): string | undefined =>
  readCookie(req, 'session', secure);

export const setCookie = (name: CookieName, value: string, secure: boolean): string =>
  // No Max-Age: a browser-session cookie. The server enforces the idle and absolute limits.
  `${cookieName(name, secure)}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

export const clearCookie = (name: CookieName, secure: boolean): string =>
  `${cookieName(name, secure)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
