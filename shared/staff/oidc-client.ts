import * as oidc from 'openid-client';
import type { ServiceConfig } from '../config/service-config.js';
import type { StaffRole } from '../domain/staff.js';
import { lazyUntilFailure } from '../lazy.js';

// The portal as an OpenID Connect client of the staff identity provider, through openid-client (a
// certified relying-party library): it checks the ID token's signature, issuer, audience, expiry,
// nonce and the PKCE exchange. Nothing here validates a token by hand.

export interface StaffOidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** The ID token claim that carries the person's groups or roles. */
  readonly roleClaim: string;
  /** Claim value to role; absent for Cognito and the local provider, whose groups are role names. */
  readonly roles?: Readonly<Record<string, StaffRole>> | undefined;
  /** `<portal origin>/staff/callback`, registered with the provider. */
  readonly redirectUri: string;
  /** `<portal origin>/staff/signed-out`, where the provider sends the browser after sign-out. */
  readonly postLogoutRedirectUri: string;
  /** A non-standard sign-out endpoint (Cognito's /logout) for providers that advertise none. */
  readonly logoutUrl?: string | undefined;
}

/** What groups Cognito puts in its ID tokens; the local provider uses the same claim. */
export const COGNITO_GROUPS_CLAIM = 'cognito:groups';
export const STAFF_SCOPES = 'openid email profile';

export interface StaffOidc {
  readonly settings: StaffOidcSettings;
  /** The provider's metadata and keys, discovered on first use and kept for the cold start. */
  configuration(): Promise<oidc.Configuration>;
}

/** Plain http is refused except on this machine, where the local provider runs. */
const isLoopbackHttp = (issuer: URL): boolean =>
  issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);

const DISCOVERY_TIMEOUT_SECONDS = 5;

/**
 * Discovery is lazy: only the staff Lambda, and only on its first staff request, fetches the
 * provider's metadata, so patient Lambdas never wait for it. A failed discovery is not cached,
 * so the next request tries again.
 */
export const staffOidc = (settings: StaffOidcSettings): StaffOidc => {
  const discover = async () => {
    const issuer = new URL(settings.issuer);
    const config = await oidc.discovery(
      issuer,
      settings.clientId,
      { redirect_uris: [settings.redirectUri] },
      // A public client: no secret to keep in the Lambda; PKCE binds the code to this sign-in.
      oidc.None(),
      {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        ...(isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
    config.timeout = DISCOVERY_TIMEOUT_SECONDS;
    return config;
  };
  return {
    settings,
    // A provider that was down is asked again on the next sign-in.
    configuration: lazyUntilFailure(discover),
  };
};

export interface StaffOidcSources {
  readonly issuer?: string | undefined;
  readonly clientId?: string | undefined;
  readonly logoutUrl?: string | undefined;
  /** Where browsers reach the portal; else the service config's portalUrl. */
  readonly portalOrigin?: string | undefined;
}

/**
 * Which provider staff sign in with. The environment names the stack's own (Cognito in AWS, the
 * local provider locally), which put groups in `cognito:groups`; otherwise the service config may
 * name an outside issuer with its own claim and role map. Undefined when neither is set, or the
 * portal's address is unknown: staff sign-in is then unavailable (the staff routes fail loudly).
 */
export const staffOidcSettings = (
  service: Pick<ServiceConfig, 'portalUrl' | 'staffIdentityProvider'>,
  sources: StaffOidcSources,
): StaffOidcSettings | undefined => {
  const originSource = sources.portalOrigin ?? service.portalUrl;
  if (!originSource) return undefined;
  const origin = new URL(originSource).origin;
  const urls = {
    redirectUri: `${origin}/staff/callback`,
    postLogoutRedirectUri: `${origin}/staff/signed-out`,
  };
  if (sources.issuer && sources.clientId) {
    return {
      issuer: sources.issuer,
      clientId: sources.clientId,
      roleClaim: COGNITO_GROUPS_CLAIM,
      logoutUrl: sources.logoutUrl,
      ...urls,
    };
  }
  const outside = service.staffIdentityProvider;
  if (!outside) return undefined;
  return {
    issuer: outside.issuer,
    clientId: outside.clientId,
    roleClaim: outside.roleClaim,
    roles: outside.roles,
    ...urls,
  };
};
