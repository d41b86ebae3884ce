import * as z from 'zod/mini';
import { useEnglishIssues } from '../zod-english.js';

// The Lambdas' environment, parsed once at cold start: a missing or malformed value stops the
// function before it serves a request. CDK (infra/constructs/portal-function.ts) and the local
// runtime (local/) set exactly these variables.

const flag = z.pipe(
  z.enum(['true', 'false']),
  z.transform((v: 'true' | 'false') => v === 'true'),
);

const Vars = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    SERVICE_CONFIG_PATH: z.string().check(z.minLength(1)),
    /** In AWS: the Secrets Manager secret that keys Secure ID and address hashes. */
    HMAC_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
    /** Locally: the key itself (generated once, kept in .data/). Never set in AWS. */
    HMAC_SECRET: z.optional(z.string().check(z.minLength(32))),
    /** In AWS: the secret CloudFront adds as a header, so the execute-api URL cannot bypass it. */
    ORIGIN_VERIFY_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
    COOKIE_SECURE: z._default(flag, true),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    /**
     * The staff identity provider the stack runs (Cognito in AWS, the local provider locally);
     * unset when the service config names an outside one (staffIdentityProvider).
     */
    STAFF_OIDC_ISSUER: z.optional(z.url({ protocol: /^https?$/ })),
    STAFF_OIDC_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
    /** Cognito's /logout, whose discovery document names no end_session_endpoint. */
    STAFF_OIDC_LOGOUT_URL: z.optional(z.url({ protocol: /^https?$/ })),
    /** Where browsers reach the portal (the OIDC callback is under it); else the config's portalUrl. */
    PORTAL_ORIGIN: z.optional(z.url({ protocol: /^https?$/ })),
    /**
     * The notify queue (named for its first use): the scan puts reminders on it, and the
     * integration and staff functions welcomes (docs/messages.md).
     */
    REMINDER_QUEUE_URL: z.optional(z.url()),
    /** In AWS: the KMS key that seals a welcome's Secure ID (integration, staff: Encrypt; notify: Decrypt). */
    WELCOME_KEY_ID: z.optional(z.string().check(z.startsWith('arn:'))),
    /** Locally: the AES-256 key (base64url) that stands in for the welcome key. Never set in AWS. */
    WELCOME_SEAL_KEY: z.optional(z.string().check(z.minLength(43), z.maxLength(43))),
    /** Locally: aws-ses-v2-local. Unset in AWS (the regional SES endpoint). */
    SES_ENDPOINT: z.optional(z.url()),
    /**
     * The SES configuration set the stack made for delivery events (notify only), used when the
     * service config names none (messages.emailConfigurationSet wins).
     */
    EMAIL_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(
    z.refine((env) => Boolean(env.HMAC_SECRET_ARN) !== Boolean(env.HMAC_SECRET), {
      message: 'set exactly one of HMAC_SECRET_ARN (AWS) and HMAC_SECRET (local)',
      path: ['HMAC_SECRET_ARN'],
    }),
    // Deployed (the HMAC key comes from Secrets Manager) means behind CloudFront: the origin check
    // must be on, or the execute-api URL would bypass WAF and the viewer-address rules. It fails
    // closed: a deployed function without the secret does not start.
    z.refine((env) => !(env.WELCOME_KEY_ID && env.WELCOME_SEAL_KEY), {
      message: 'set at most one of WELCOME_KEY_ID (AWS) and WELCOME_SEAL_KEY (local)',
      path: ['WELCOME_KEY_ID'],
    }),
    z.refine((env) => !env.HMAC_SECRET_ARN || Boolean(env.ORIGIN_VERIFY_SECRET_ARN), {
      message:
        'ORIGIN_VERIFY_SECRET_ARN is required whenever HMAC_SECRET_ARN is set (deployed behind CloudFront)',
      path: ['ORIGIN_VERIFY_SECRET_ARN'],
    }),
  );

export const RuntimeEnv = z.pipe(
  Vars,
  z.transform((env: z.output<typeof Vars>) => ({
    tableName: env.TABLE_NAME,
    serviceConfigPath: env.SERVICE_CONFIG_PATH,
    hmacSecret: env.HMAC_SECRET_ARN
      ? ({ kind: 'secrets-manager', arn: env.HMAC_SECRET_ARN } as const)
      : ({ kind: 'inline', value: env.HMAC_SECRET as string } as const),
    originVerifySecretArn: env.ORIGIN_VERIFY_SECRET_ARN,
    cookieSecure: env.COOKIE_SECURE,
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT,
    staffOidc: {
      issuer: env.STAFF_OIDC_ISSUER,
      clientId: env.STAFF_OIDC_CLIENT_ID,
      logoutUrl: env.STAFF_OIDC_LOGOUT_URL,
    },
    portalOrigin: env.PORTAL_ORIGIN,
    reminderQueueUrl: env.REMINDER_QUEUE_URL,
    welcomeSeal: env.WELCOME_KEY_ID
      ? ({ kind: 'kms', keyId: env.WELCOME_KEY_ID } as const)
      : env.WELCOME_SEAL_KEY
        ? ({ kind: 'local', key: env.WELCOME_SEAL_KEY } as const)
        : undefined,
    sesEndpoint: env.SES_ENDPOINT,
    emailConfigurationSet: env.EMAIL_CONFIGURATION_SET,
  })),
);
export type RuntimeConfig = z.output<typeof RuntimeEnv>;

export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError';
}

export const parseRuntimeConfig = (env: Record<string, string | undefined>): RuntimeConfig => {
  useEnglishIssues();
  const parsed = RuntimeEnv.safeParse(env);
  if (!parsed.success) {
    // Names only: values may be secrets.
    throw new RuntimeConfigError(
      `The function's environment is not valid:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
};
