import * as z from 'zod';

// The Lambdas' environment, parsed once at cold start: a missing or malformed value stops the
// function before it serves a request. CDK (infra/constructs/portal-function.ts) and the local
// runtime (local/) set exactly these variables.

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const RuntimeEnv = z
  .object({
    TABLE_NAME: z.string().min(1),
    SERVICE_CONFIG_PATH: z.string().min(1),
    /** In AWS: the Secrets Manager secret that keys Secure ID and address hashes. */
    HMAC_SECRET_ARN: z.string().startsWith('arn:').optional(),
    /** Locally: the key itself (generated once, kept in .data/). Never set in AWS. */
    HMAC_SECRET: z.string().min(32).optional(),
    /** In AWS: the secret CloudFront adds as a header, so the execute-api URL cannot bypass it. */
    ORIGIN_VERIFY_SECRET_ARN: z.string().startsWith('arn:').optional(),
    COOKIE_SECURE: flag.default(true),
    DYNAMODB_ENDPOINT: z.url().optional(),
    /**
     * The staff identity provider the stack runs (Cognito in AWS, the local provider locally);
     * unset when the service config names an outside one (staffIdentityProvider).
     */
    STAFF_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
    STAFF_OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** Cognito's /logout, whose discovery document names no end_session_endpoint. */
    STAFF_OIDC_LOGOUT_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Where browsers reach the portal (the OIDC callback is under it); else the config's portalUrl. */
    PORTAL_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
    /** The reminder queue the scan writes to (the reminder-scan function only). */
    REMINDER_QUEUE_URL: z.url().optional(),
    /** Locally: aws-ses-v2-local. Unset in AWS (the regional SES endpoint). */
    SES_ENDPOINT: z.url().optional(),
  })
  .refine((env) => Boolean(env.HMAC_SECRET_ARN) !== Boolean(env.HMAC_SECRET), {
    message: 'set exactly one of HMAC_SECRET_ARN (AWS) and HMAC_SECRET (local)',
    path: ['HMAC_SECRET_ARN'],
  })
  // Deployed (the HMAC key comes from Secrets Manager) means behind CloudFront: the origin check
  // must be on, or the execute-api URL would bypass WAF and the viewer-address rules. It fails
  // closed: a deployed function without the secret does not start.
  .refine((env) => !env.HMAC_SECRET_ARN || Boolean(env.ORIGIN_VERIFY_SECRET_ARN), {
    message:
      'ORIGIN_VERIFY_SECRET_ARN is required whenever HMAC_SECRET_ARN is set (deployed behind CloudFront)',
    path: ['ORIGIN_VERIFY_SECRET_ARN'],
  })
  .transform((env) => ({
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
    sesEndpoint: env.SES_ENDPOINT,
  }));
export type RuntimeConfig = z.output<typeof RuntimeEnv>;

export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError';
}

export const parseRuntimeConfig = (env: Record<string, string | undefined>): RuntimeConfig => {
  const parsed = RuntimeEnv.safeParse(env);
  if (!parsed.success) {
    // Names only: values may be secrets.
    throw new RuntimeConfigError(
      `The function's environment is not valid:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
};
