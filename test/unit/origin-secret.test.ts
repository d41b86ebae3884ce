import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cachedOriginSecret, fixedOriginSecret, ORIGIN_SECRET_CACHE } from '../../shared/security/secrets.js';

// The origin-verify secret as a warm Lambda keeps it (shared/security/secrets.ts; runbook,
// "Rotating the origin secret"). Secrets Manager has no local emulator, so it is mocked at the
// client boundary: the mock answers GetSecretValue by VersionStage as Secrets Manager does, and
// a rotation is the mock's answers changing (new value current, old one previous).

const ARN = 'arn:aws:secretsmanager:eu-west-2:000000000000:secret:origin-verify';
const sm = mockClient(SecretsManagerClient);

/** What Secrets Manager holds: AWSCURRENT and, after a rotation, AWSPREVIOUS. */
const holds = (current: string, previous?: string) => {
  sm.reset();
  sm.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSCURRENT' }).resolves({
    SecretString: current,
  });
  if (previous)
    sm.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' }).resolves({
      SecretString: previous,
    });
  else
    sm.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' }).rejects(
      Object.assign(new Error("Secrets Manager can't find the specified secret version."), {
        name: 'ResourceNotFoundException',
      }),
    );
};
const reads = () => sm.commandCalls(GetSecretValueCommand).length;

let clock = 0;
const secretWithClock = () =>
  cachedOriginSecret(ARN, { client: new SecretsManagerClient({ region: 'eu-west-2' }), now: () => clock });

beforeEach(() => {
  clock = 1_000_000;
});

describe('the origin-verify secret, cached with a max age', () => {
  it('accepts the current value before any rotation (no previous version yet)', async () => {
    holds('value-one');
    const secret = secretWithClock();
    expect(await secret.accepts('value-one')).toBe(true);
    expect(await secret.accepts('value-two')).toBe(false);
  });

  it('accepts both the current and the previous value during a rotation, and refuses any other', async () => {
    holds('value-two', 'value-one');
    const secret = secretWithClock();
    expect(await secret.accepts('value-two')).toBe(true);
    expect(await secret.accepts('value-one')).toBe(true);
    expect(await secret.accepts('value-three')).toBe(false);
    expect(await secret.accepts('')).toBe(false);
    expect(await secret.accepts('value-two ')).toBe(false);
  });

  it('reads Secrets Manager once for many requests within the max age', async () => {
    holds('value-one');
    const secret = secretWithClock();
    for (let i = 0; i < 50; i++) await secret.accepts('value-one');
    clock += ORIGIN_SECRET_CACHE.maxAgeMs - 1;
    await secret.accepts('value-one');
    // One read: AWSCURRENT and AWSPREVIOUS together.
    expect(reads()).toBe(2);
  });

  it('picks up a rotated secret after the max age, without a cold start', async () => {
    holds('value-one');
    const secret = secretWithClock();
    expect(await secret.accepts('value-one')).toBe(true);
    // Rotated twice meanwhile: value-one is neither current nor previous any more.
    holds('value-three', 'value-two');
    clock += ORIGIN_SECRET_CACHE.maxAgeMs;
    // The header that matched a moment ago is refused once the max age has passed...
    expect(await secret.accepts('value-one')).toBe(false);
    // ...and the rotated values pass, from the same instance.
    expect(await secret.accepts('value-three')).toBe(true);
    expect(await secret.accepts('value-two')).toBe(true);
  });

  it('reads again when a header matches neither value (CloudFront already sends the new one)', async () => {
    holds('value-one');
    const secret = secretWithClock();
    expect(await secret.accepts('value-one')).toBe(true);
    holds('value-two', 'value-one');
    clock += ORIGIN_SECRET_CACHE.missRefreshMs;
    // Well within the max age: only the miss makes it read.
    expect(await secret.accepts('value-two')).toBe(true);
  });

  it('reads at most once per missRefreshMs however many wrong headers arrive', async () => {
    holds('value-one');
    const secret = secretWithClock();
    await secret.accepts('value-one');
    expect(reads()).toBe(2);
    clock += ORIGIN_SECRET_CACHE.missRefreshMs;
    for (let i = 0; i < 100; i++) {
      expect(await secret.accepts(`forged-${i}`)).toBe(false);
      clock += 10;
    }
    // One more read for the first wrong header, none for the other 99 (all within 30 s).
    expect(reads()).toBe(4);
    clock += ORIGIN_SECRET_CACHE.missRefreshMs;
    await secret.accepts('forged-again');
    expect(reads()).toBe(6);
  });

  it('reads once for concurrent requests that all find the cache old', async () => {
    holds('value-one');
    const secret = secretWithClock();
    await Promise.all(Array.from({ length: 20 }, () => secret.accepts('value-one')));
    expect(reads()).toBe(2);
  });

  it('keeps the values it has when a later read fails, so warm Lambdas keep answering', async () => {
    holds('value-one');
    const secret = secretWithClock();
    await secret.accepts('value-one');
    sm.reset();
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('throttled'), { name: 'ThrottlingException' }),
    );
    clock += ORIGIN_SECRET_CACHE.maxAgeMs;
    expect(await secret.accepts('value-one')).toBe(true);
  });

  it('fails the first read loudly: a Lambda without the value cannot tell CloudFront from anyone', async () => {
    sm.reset();
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
    );
    await expect(secretWithClock().refresh()).rejects.toThrow('denied');
  });
});

describe('a fixed origin secret (tests, local)', () => {
  it('accepts its value only', async () => {
    const secret = fixedOriginSecret('the-value');
    expect(await secret.accepts('the-value')).toBe(true);
    expect(await secret.accepts('the-valu')).toBe(false);
    expect(await secret.accepts('the-value-and-more')).toBe(false);
  });
});
