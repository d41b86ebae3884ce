import { timingSafeEqual } from 'node:crypto';
import { randomToken } from '../security/keyed-hash.js';
import { readCookie, setCookie } from './cookies.js';
import type { PortalRequest } from './request.js';

// Double-submit CSRF token: a random value in an HttpOnly cookie and the same value in a hidden
// field. Another site can make a browser post a form here, but cannot read or set the cookie, so
// it cannot supply the matching field. It covers the sign-in form too (login CSRF), and needs no
// JavaScript and no server-side state.

export interface CsrfToken {
  readonly token: string;
  /** Set-Cookie values to send when the token is new. */
  readonly cookies: string[];
}

export const csrfToken = (req: PortalRequest, secure: boolean): CsrfToken => {
  const existing = readCookie(req, 'csrf', secure);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return { token: existing, cookies: [] };
  const token = randomToken();
  return { token, cookies: [setCookie('csrf', token, secure)] };
};

/** A new token, replacing the browser's: after sign-in, the token seen before it is no good. */
export const freshCsrfToken = (secure: boolean): { token: string; cookie: string } => {
  const token = randomToken();
  return { token, cookie: setCookie('csrf', token, secure) };
};

export const csrfMatches = (req: PortalRequest, submitted: string | undefined, secure: boolean): boolean => {
  const expected = readCookie(req, 'csrf', secure);
  if (!expected || !submitted) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
};
