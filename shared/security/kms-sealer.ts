import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { type SealContext, SealedValueRejectedError, type SecretSealer } from './secret-sealer.js';
import { lazyUntilFailure } from '../lazy.js';
import { traceAwsClient } from '../observability/tracing.js';

// The sealer in AWS: KMS Encrypt and Decrypt with a symmetric key of its own. The request
// Lambdas may only Encrypt with it and the notify Lambda only Decrypt (infra/constructs/
// reminders.ts), so a queued Secure ID opens in the notify function and nowhere else. The
// EncryptionContext is checked by KMS and written to CloudTrail: it holds ids, never the secret.
//
// The KMS client is imported on the first seal or open, not at cold start: only a welcome needs
// it, and staff-appointments and notify ship it beside their bundles to stay within the 130 KiB
// limit (infra/bundling.ts, `lazyModules`).

/** What KMS answers when the ciphertext, key or context do not match. */
const REJECTED = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

const loadKms = async (config: KMSClientConfig) => {
  const sdk = await import('@aws-sdk/client-kms');
  return { sdk, client: traceAwsClient(new sdk.KMSClient(config)) };
};

export const kmsSecretSealer = (keyId: string, config: KMSClientConfig = {}): SecretSealer => {
  // A failed import is tried again on the next message rather than remembered.
  const kms = lazyUntilFailure(() => loadKms(config));
  return {
    async seal(plaintext, context: SealContext) {
      const { sdk, client } = await kms();
      const { CiphertextBlob } = await client.send(
        new sdk.EncryptCommand({
          KeyId: keyId,
          Plaintext: new TextEncoder().encode(plaintext),
          EncryptionContext: { ...context },
        }),
      );
      if (!CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
      return Buffer.from(CiphertextBlob).toString('base64');
    },
    async open(sealed, context: SealContext) {
      const { sdk, client } = await kms();
      try {
        const { Plaintext } = await client.send(
          new sdk.DecryptCommand({
            // Named, so a ciphertext made under another key is refused rather than opened with it.
            KeyId: keyId,
            CiphertextBlob: Buffer.from(sealed, 'base64'),
            EncryptionContext: { ...context },
          }),
        );
        if (!Plaintext) throw new SealedValueRejectedError();
        return new TextDecoder().decode(Plaintext);
      } catch (e) {
        if (REJECTED.has((e as Error).name)) throw new SealedValueRejectedError();
        throw e;
      }
    },
  };
};
