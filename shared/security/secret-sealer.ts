import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// A secret that must travel through places that may not hold it in clear (the notify queue, its
// dead-letter queue): sealed by the sender, opened only by the one function allowed to. The
// context is bound to the sealed value (KMS's EncryptionContext, AES-GCM's additional data), so a
// value sealed for one patient and purpose cannot be opened as another's.

/** What a sealed value is for, e.g. { purpose: 'welcome', patientId, generation }; not secret. */
export type SealContext = Readonly<Record<string, string>>;

export interface SecretSealer {
  /** The plaintext sealed, as base64 text safe to put in a JSON message. */
  seal(plaintext: string, context: SealContext): Promise<string>;
  /** Throws SealedValueRejectedError when the value was not sealed with this key and context. */
  open(sealed: string, context: SealContext): Promise<string>;
}

/** Names no value: what was sealed is secret, and the context holds ids only. */
export class SealedValueRejectedError extends Error {
  override name = 'SealedValueRejectedError';
  constructor() {
    super('the sealed value does not open with this key and context');
  }
}

/** The context in one canonical form: the same pairs in any order give the same bytes. */
export const canonicalContext = (context: SealContext): string =>
  JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const LOCAL_SEAL_KEY_BYTES = 32;

/**
 * The local runtime's and the tests' sealer: AES-256-GCM with a key from the local secrets, where
 * there is no KMS to call. Sealed form: base64 of iv | ciphertext | tag.
 */
export const localSecretSealer = (keyBase64url: string): SecretSealer => {
  const key = Buffer.from(keyBase64url, 'base64url');
  if (key.length !== LOCAL_SEAL_KEY_BYTES) throw new RangeError('the local seal key must be 32 bytes');
  return {
    async seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(canonicalContext(context)));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
    },
    async open(sealed, context) {
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealedValueRejectedError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(canonicalContext(context)));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedValueRejectedError();
      }
    },
  };
};
