import { randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { welcomeSealContext } from '../../shared/messages/welcome-queue.js';
import { kmsSecretSealer } from '../../shared/security/kms-sealer.js';
import { localSecretSealer, SealedValueRejectedError } from '../../shared/security/secret-sealer.js';

// The sealer port (docs/messages.md): a welcome's Secure ID is sealed by the Lambda that issued it
// and opened only by notify, bound to its patient and generation.

const SECURE_ID = '7KQ2-M9XD-4TRB-W';
const newKey = () => randomBytes(32).toString('base64url');

describe('local sealer (AES-256-GCM)', () => {
  const sealer = localSecretSealer(newKey());
  const context = welcomeSealContext('patient-1', 2);

  it('opens what it sealed, with the same context given in any order', async () => {
    const sealed = await sealer.seal(SECURE_ID, context);
    const reordered = Object.fromEntries(Object.entries(context).reverse());
    expect(await sealer.open(sealed, reordered)).toBe(SECURE_ID);
  });

  it('never holds the plaintext in the sealed text, and seals the same value differently each time', async () => {
    const [a, b] = await Promise.all([sealer.seal(SECURE_ID, context), sealer.seal(SECURE_ID, context)]);
    expect(a).not.toBe(b);
    for (const sealed of [a, b]) {
      expect(sealed).not.toContain(SECURE_ID);
      expect(sealed).not.toContain(SECURE_ID.replaceAll('-', ''));
      expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain(SECURE_ID.replaceAll('-', ''));
    }
  });

  it('refuses to open a value as another patient’s, another generation’s, or with another key', async () => {
    const sealed = await sealer.seal(SECURE_ID, context);
    await expect(sealer.open(sealed, welcomeSealContext('patient-2', 2))).rejects.toThrow(
      SealedValueRejectedError,
    );
    await expect(sealer.open(sealed, welcomeSealContext('patient-1', 1))).rejects.toThrow(
      SealedValueRejectedError,
    );
    await expect(localSecretSealer(newKey()).open(sealed, context)).rejects.toThrow(SealedValueRejectedError);
  });

  it('refuses any altered or made-up sealed text, naming no value', async () => {
    const sealed = Buffer.from(await sealer.seal(SECURE_ID, context), 'base64');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: sealed.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, flip) => {
          const altered = Buffer.from(sealed);
          altered[at] = (altered[at] as number) ^ flip;
          const opened = sealer.open(altered.toString('base64'), context);
          await expect(opened).rejects.toThrow(SealedValueRejectedError);
          await expect(opened).rejects.not.toThrow(SECURE_ID);
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        await expect(sealer.open(text, context)).rejects.toThrow(SealedValueRejectedError);
      }),
      { numRuns: 200 },
    );
  });

  it('takes only a 32-byte key', () => {
    expect(() => localSecretSealer(randomBytes(16).toString('base64url'))).toThrow(RangeError);
  });
});

describe('KMS sealer, at the KMS client boundary', () => {
  const kms = mockClient(KMSClient);
  afterAll(() => kms.restore());
  beforeEach(() => kms.reset());
  const KEY = 'arn:aws:kms:eu-west-2:111111111111:key/welcome';
  const context = welcomeSealContext('patient-1', 3);

  it('encrypts with the welcome key and the context, and returns the ciphertext as base64', async () => {
    kms.on(EncryptCommand).resolves({ CiphertextBlob: Uint8Array.from([1, 2, 3, 250]) });
    const sealed = await kmsSecretSealer(KEY, { region: 'eu-west-2' }).seal(SECURE_ID, context);

    expect(sealed).toBe(Buffer.from([1, 2, 3, 250]).toString('base64'));
    const [call] = kms.commandCalls(EncryptCommand);
    const input = call?.args[0].input;
    expect(input?.KeyId).toBe(KEY);
    expect(new TextDecoder().decode(input?.Plaintext)).toBe(SECURE_ID);
    expect(input?.EncryptionContext).toEqual({ purpose: 'welcome', patientId: 'patient-1', generation: '3' });
  });

  it('decrypts naming the key and the same context', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: new TextEncoder().encode(SECURE_ID) });
    const opened = await kmsSecretSealer(KEY, { region: 'eu-west-2' }).open('AQID+g==', context);

    expect(opened).toBe(SECURE_ID);
    const input = kms.commandCalls(DecryptCommand)[0]?.args[0].input;
    expect(input?.KeyId).toBe(KEY);
    expect(Buffer.from(input?.CiphertextBlob ?? [])).toEqual(Buffer.from([1, 2, 3, 250]));
    expect(input?.EncryptionContext).toEqual(context);
  });

  it('reports a ciphertext KMS refuses as rejected, and passes other errors (throttling) on for a retry', async () => {
    const sealer = kmsSecretSealer(KEY, { region: 'eu-west-2' });
    kms
      .on(DecryptCommand)
      .rejectsOnce(Object.assign(new Error('context mismatch'), { name: 'InvalidCiphertextException' }))
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(sealer.open('AQID', context)).rejects.toThrow(SealedValueRejectedError);
    await expect(sealer.open('AQID', context)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
