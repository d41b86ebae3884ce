import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { type SealContext, SealedValueRejectedError, type SecretSealer } from './secret-sealer.js';

// The sealer in AWS: KMS Encrypt and Decrypt with a symmetric key of its own. The request
// Lambdas may only Encrypt with it and the notify Lambda only Decrypt (infra/constructs/
// reminders.ts), so a queued Secure ID opens in the notify function and nowhere else. The
// EncryptionContext is checked by KMS and written to CloudTrail: it holds ids, never the secret.

/** What KMS answers when the ciphertext, key or context do not match. */
const REJECTED = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

export const kmsSecretSealer = (kms: KMSClient, keyId: string): SecretSealer => ({
  async seal(plaintext, context: SealContext) {
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: keyId,
        Plaintext: new TextEncoder().encode(plaintext),
        EncryptionContext: { ...context },
      }),
    );
    if (!CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    return Buffer.from(CiphertextBlob).toString('base64');
  },
  async open(sealed, context: SealContext) {
    try {
      const { Plaintext } = await kms.send(
        new DecryptCommand({
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
});
