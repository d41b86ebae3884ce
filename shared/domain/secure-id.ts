// Secure IDs (DESIGN.md, "Secure ID"): 13 Crockford base32 characters = 65 random bits, shown in
// groups of four (7KQ2-M9XD-4TRB-W) so they can be read out over the phone and typed on a cheap
// phone keyboard. Accepted in any case, with or without spaces or hyphens, and with the letters
// people confuse with digits read as Crockford says: I and L as 1, O as 0.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SECURE_ID_LENGTH = 13;
const BITS_PER_CHAR = 5;
/** 13 × 5 = 65 bits; the encoder needs 9 random bytes (72 bits) and drops the top 7. */
export const SECURE_ID_RANDOM_BYTES = 9;

/** Encodes random bytes as a canonical Secure ID (no separators). Pure: the caller supplies randomness. */
export const encodeSecureId = (random: Uint8Array): string => {
  if (random.length < SECURE_ID_RANDOM_BYTES) {
    throw new RangeError(`a Secure ID needs ${SECURE_ID_RANDOM_BYTES} random bytes`);
  }
  let value = 0n;
  for (const byte of random.subarray(0, SECURE_ID_RANDOM_BYTES)) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < SECURE_ID_LENGTH; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= BigInt(BITS_PER_CHAR);
  }
  return out;
};

/** 7KQ2M9XD4TRBW -> 7KQ2-M9XD-4TRB-W: the form printed in messages and API answers. */
export const formatSecureId = (canonical: string): string =>
  canonical.match(/.{1,4}/g)?.join('-') ?? canonical;

export type NormalisedSecureId = { ok: true; value: string } | { ok: false; reason: 'missing' | 'malformed' };

/** What a person typed -> the canonical 13 characters, or why it cannot be a Secure ID. */
export const normaliseSecureId = (typed: string): NormalisedSecureId => {
  const compact = typed.replace(/[\s\-–—_.]/g, '').toUpperCase();
  if (compact.length === 0) return { ok: false, reason: 'missing' };
  const read = compact.replace(/[IL]/g, '1').replace(/O/g, '0');
  if (read.length !== SECURE_ID_LENGTH || ![...read].every((c) => ALPHABET.includes(c))) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, value: read };
};
