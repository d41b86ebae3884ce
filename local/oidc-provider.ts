import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { StaffRole } from '../shared/domain/staff.js';
import { COGNITO_GROUPS_CLAIM, STAFF_SCOPES } from '../shared/staff/oidc-client.js';
import { errorPage, loginPage, logoutPage } from './oidc-login-page.js';

// The staff identity provider on this machine: oidc-provider (a certified OpenID Provider) on
// loopback, with seeded staff, a real password check and our own sign-in form (its built-in
// development screens accept any password). Like Cognito it puts the person's groups in the ID
// token's `cognito:groups` claim, so the portal has one code path for both.

export interface LocalStaffUser {
  readonly sub: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
  /** What goes in `cognito:groups`: usually one role, several or none to test the rules. */
  readonly groups: readonly (StaffRole | string)[];
}

export interface LocalOidcProviderOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly users: readonly LocalStaffUser[];
  /** The portal's callback(s), `<origin>/staff/callback`. */
  readonly redirectUris: readonly string[];
  /** The portal's signed-out page(s), `<origin>/staff/signed-out`. */
  readonly postLogoutRedirectUris: readonly string[];
  /** The portal's stylesheet, for the sign-in page; none in tests that never render it. */
  readonly stylesheetUrl?: string | undefined;
}

export interface LocalOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  stop(): Promise<void>;
}

export const LOCAL_STAFF_CLIENT_ID = 'therapy-portal-local';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the time taken nor an early exit says how much of it matched. */
const samePassword = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) {
        fail(new Error('form too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => done(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });

const sendHtml = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
};

const listen = (server: Server, port: number) =>
  new Promise<number>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : port);
    });
  });

export const startLocalOidcProvider = async (
  options: LocalOidcProviderOptions,
): Promise<LocalOidcProvider> => {
  const byEmail = new Map(options.users.map((u) => [u.email.toLowerCase(), u]));
  const bySub = new Map(options.users.map((u) => [u.sub, u]));
  const { stylesheetUrl } = options;

  // The port is known only once the server listens, and the issuer (which names it) is needed to
  // make the provider: listen first, then route requests to the provider once it exists.
  const ready: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server = createServer((req, res) => {
    if (ready.handle) ready.handle(req, res);
    else sendHtml(res, 503, errorPage({ stylesheetUrl }));
  });
  const port = await listen(server, options.port);
  const issuer = `http://localhost:${port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    clients: [
      {
        client_id: LOCAL_STAFF_CLIENT_ID,
        client_name: 'Therapy portal staff console',
        // A public client, as the portal is in AWS: no secret, PKCE instead.
        token_endpoint_auth_method: 'none',
        redirect_uris: [...options.redirectUris],
        post_logout_redirect_uris: [...options.postLogoutRedirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: 'local-1' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // Cognito's scopes and claims; groups go in the ID token whatever the scope, as Cognito does.
    scopes: STAFF_SCOPES.split(' '),
    claims: {
      openid: ['sub', COGNITO_GROUPS_CLAIM],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Claims in the ID token itself (as Cognito's ID tokens carry them), not only at userinfo.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const user = bySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          [COGNITO_GROUPS_CLAIM]: [...user.groups],
        }),
      };
    },
    // The portal is this provider's own (first-party) client: no consent screen, as with Cognito.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(STAFF_SCOPES);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage({ form, stylesheetUrl });
        },
      },
    },
    renderError: (ctx) => {
      ctx.type = 'html';
      ctx.body = errorPage({ stylesheetUrl });
    },
    ttl: {
      AccessToken: 3600,
      IdToken: 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
  };
  const provider = new Provider(issuer, configuration);
  const providerCallback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const login = /^\/interaction\/([\w-]+)\/login$/.exec(url.pathname);
    const details = await provider.interactionDetails(req, res);
    const action = `/interaction/${details.uid}/login`;
    if (req.method === 'POST' && login) {
      const form = await readForm(req);
      const email = (form.get('email') ?? '').trim();
      const user = byEmail.get(email.toLowerCase());
      const password = form.get('password') ?? '';
      // The password is compared even for an unknown address, so the time taken does not tell.
      const matches = samePassword(password, user?.password ?? randomBytes(32).toString('hex'));
      if (!user || !matches)
        return sendHtml(res, 401, loginPage({ action, stylesheetUrl, email, failed: true }));
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (details.prompt.name === 'login') return sendHtml(res, 200, loginPage({ action, stylesheetUrl }));
    // Any other prompt (consent) for the first-party client: grant what it asked for.
    const { accountId } = details.session ?? {};
    if (!accountId) return sendHtml(res, 400, errorPage({ stylesheetUrl }));
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (!grant) return sendHtml(res, 400, errorPage({ stylesheetUrl }));
    grant.addOIDCScope(STAFF_SCOPES);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  };

  ready.handle = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname.startsWith('/interaction/')) {
      interaction(req, res, url).catch(() => {
        // An expired or unknown interaction (a stale tab): its error page, not a crash.
        if (!res.headersSent) sendHtml(res, 400, errorPage({ stylesheetUrl }));
        else res.end();
      });
      return;
    }
    void providerCallback(req, res);
  };

  return {
    issuer,
    clientId: LOCAL_STAFF_CLIENT_ID,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
