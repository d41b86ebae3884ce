import { createHash, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RuntimeConfig } from '../config/runtime-config.js';

/** Fetched once per cold start: the key never changes under a running function. */
export const loadHmacSecret = async (source: RuntimeConfig['hmacSecret']): Promise<string> => {
  if (source.kind === 'inline') return source.value;
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: source.arn }));
  if (!answer.SecretString) throw new Error('The HMAC secret has no string value');
  return answer.SecretString;
};

/** The values of the x-origin-verify header a request may carry (CloudFront's). */
export interface OriginSecret {
  /** Whether `value` is one of them. */
  accepts(value: string): Promise<boolean>;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `got` is one of `values`, in constant time: every value is compared, each as a digest
 * of the same length, so neither which one matched nor a value's length shows in the time taken.
 */
const matchesAny = (got: string, values: readonly string[]): boolean => {
  const d = digest(got);
  let match = false;
  for (const value of values) match = timingSafeEqual(d, digest(value)) || match;
  return match;
};

/** One value that never changes: tests, and anything else that is given the value itself. */
export const fixedOriginSecret = (value: string): OriginSecret => ({
  accepts: async (got) => matchesAny(got, [value]),
});

/**
 * How the origin-verify secret is cached in a warm Lambda (docs/runbook.md, "Rotating the origin
 * secret"): read again after maxAgeMs, and on a header that matches neither value, at most once
 * per missRefreshMs, so a flood of wrong headers cannot hammer Secrets Manager.
 */
export const ORIGIN_SECRET_CACHE = { maxAgeMs: 5 * 60_000, missRefreshMs: 30_000 } as const;

/**
 * The origin-verify secret from Secrets Manager, both its AWSCURRENT and AWSPREVIOUS versions: a
 * rotation makes the new value current and the old one previous, and CloudFront sends the old one
 * until its header is deployed again, so either passes. What Powertools Parameters'
 * SecretsProvider gives (a cache with a max age), written out because its package does not fit
 * the 130 KiB bundles (docs/runbook.md has the figures). A failed refresh keeps the values it has:
 * Secrets Manager failing must not refuse every request; only the first read must succeed.
 */
export const cachedOriginSecret = (
  arn: string,
  options: {
    client?: SecretsManagerClient;
    now?: () => number;
    maxAgeMs?: number;
    missRefreshMs?: number;
  } = {},
): OriginSecret & { refresh(): Promise<void> } => {
  const client = options.client ?? new SecretsManagerClient({});
  const now = options.now ?? Date.now;
  const { maxAgeMs, missRefreshMs } = { ...ORIGIN_SECRET_CACHE, ...options };
  let values: string[] | undefined;
  let fetchedAt = 0;
  let triedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  const stage = async (VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    try {
      return (await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage }))).SecretString;
    } catch (e) {
      // A secret never rotated has no previous version.
      if (VersionStage === 'AWSPREVIOUS' && (e as Error).name === 'ResourceNotFoundException')
        return undefined;
      throw e;
    }
  };
  // One read at a time: requests arriving meanwhile wait for it rather than start their own.
  const refresh = () =>
    (loading ??= (async () => {
      triedAt = now();
      try {
        const read = await Promise.all([stage('AWSCURRENT'), stage('AWSPREVIOUS')]);
        values = read.filter((v): v is string => Boolean(v));
        fetchedAt = now();
      } catch (e) {
        if (!values) throw e;
      } finally {
        loading = undefined;
      }
    })());

  return {
    refresh,
    async accepts(got) {
      const quiet = () => now() - triedAt >= missRefreshMs;
      if (!values || (now() - fetchedAt >= maxAgeMs && quiet())) await refresh();
      if (matchesAny(got, values ?? [])) return true;
      if (!quiet()) return false;
      await refresh();
      return matchesAny(got, values ?? []);
    },
  };
};
