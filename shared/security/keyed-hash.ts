import { createHash, createHmac, randomBytes } from 'node:crypto';
import { encodeSecureId, SECURE_ID_RANDOM_BYTES } from '../domain/secure-id.js';

// Secure IDs and client addresses are stored only as keyed hashes: a copy of the table without
// the key (a backup, an export) cannot be searched for a known Secure ID. Random tokens (session
// tokens, integration keys) carry 256 bits, so a plain SHA-256 is enough for them.

export interface KeyedHasher {
  secureId(canonical: string): string;
  clientAddress(address: string): string;
  /** A public requester's email address, lower case, as the name of its rate-limit counter. */
  emailAddress(address: string): string;
  /** A public request's one-time verification token (its link), as the key that finds it. */
  requestToken(token: string): string;
}

export const keyedHasher = (secret: string): KeyedHasher => {
  // Domain-separated, so a Secure ID's hash can never equal an address's.
  const hmac = (purpose: string, value: string) =>
    createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url');
  return {
    secureId: (canonical) => hmac('secure-id', canonical),
    clientAddress: (address) => hmac('client-address', address),
    emailAddress: (address) => hmac('email-address', address.trim().toLowerCase()),
    requestToken: (token) => hmac('request-token', token),
  };
};

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** 256 bits from the CSPRNG, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

export const newSecureId = (): string => encodeSecureId(randomBytes(SECURE_ID_RANDOM_BYTES));

/**
 * An id in UUID form derived from its parts, for records that one cause must create at most once
 * (a risk to-do for the same answer sent twice): the second put finds the first and adds nothing.
 */
export const stableId = (...parts: readonly string[]): string => {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
