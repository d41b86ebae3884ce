import { createHash, createHmac, randomBytes } from 'node:crypto';
import { encodeSecureId, SECURE_ID_RANDOM_BYTES } from '../domain/secure-id.js';

// Secure IDs and client addresses are stored only as keyed hashes: a copy of the table without
// the key (a backup, an export) cannot be searched for a known Secure ID. Random tokens (session
// tokens, integration keys) carry 256 bits, so a plain SHA-256 is enough for them.

export interface KeyedHasher {
  secureId(canonical: string): string;
  clientAddress(address: string): string;
}

export const keyedHasher = (secret: string): KeyedHasher => {
  // Domain-separated, so a Secure ID's hash can never equal an address's.
  const hmac = (purpose: string, value: string) =>
    createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url');
  return {
    secureId: (canonical) => hmac('secure-id', canonical),
    clientAddress: (address) => hmac('client-address', address),
  };
};

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** 256 bits from the CSPRNG, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

export const newSecureId = (): string => encodeSecureId(randomBytes(SECURE_ID_RANDOM_BYTES));
