import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeSecureId,
  formatSecureId,
  normaliseSecureId,
  SECURE_ID_LENGTH,
} from '../../shared/domain/secure-id.js';
import { newSecureId } from '../../shared/security/keyed-hash.js';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{13}$/;

describe('encodeSecureId', () => {
  it('makes 13 Crockford base32 characters from 9 random bytes', () => {
    expect(encodeSecureId(new Uint8Array(9))).toBe('0000000000000');
    expect(encodeSecureId(new Uint8Array(9).fill(255))).toBe('ZZZZZZZZZZZZZ');
    expect(encodeSecureId(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe('0000000000001');
  });

  it('uses 65 bits: the lowest bit of the first byte counts, the 7 above it do not', () => {
    const bit64 = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const bit65 = Uint8Array.from([2, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(encodeSecureId(bit64)).toBe('G000000000000'); // 2^64 = 16 × 32^12
    expect(encodeSecureId(bit65)).toBe('0000000000000');
  });

  it('refuses too few random bytes', () => {
    expect(() => encodeSecureId(new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('newSecureId', () => {
  it('gives canonical IDs that do not repeat over 20,000 draws', () => {
    const ids = new Set(Array.from({ length: 20_000 }, newSecureId));
    expect(ids.size).toBe(20_000);
    for (const id of [...ids].slice(0, 100)) expect(id).toMatch(CROCKFORD);
  });

  it('uses every character of the alphabet in every position, as a CSPRNG would', () => {
    const ids = Array.from({ length: 5_000 }, newSecureId);
    for (let position = 1; position < SECURE_ID_LENGTH; position++) {
      expect(new Set(ids.map((id) => id[position])).size).toBe(32);
    }
  });
});

describe('normaliseSecureId', () => {
  it('accepts the printed form, any case, with or without separators', () => {
    for (const typed of ['7KQ2-M9XD-4TRB-W', '7kq2m9xd4trbw', ' 7KQ2 M9XD 4TRB W ', '7kq2-m9xd 4trb-w']) {
      expect(normaliseSecureId(typed)).toEqual({ ok: true, value: '7KQ2M9XD4TRBW' });
    }
  });

  it('reads I and L as 1 and O as 0, the letters people confuse with digits', () => {
    expect(normaliseSecureId('IL0O-0000-0000-0')).toEqual({ ok: true, value: '1100000000000' });
  });

  it('says an empty entry is missing and a wrong length or letter is malformed', () => {
    expect(normaliseSecureId('  ')).toEqual({ ok: false, reason: 'missing' });
    expect(normaliseSecureId('7KQ2-M9XD-4TRB')).toEqual({ ok: false, reason: 'malformed' });
    expect(normaliseSecureId('7KQ2-M9XD-4TRB-WW')).toEqual({ ok: false, reason: 'malformed' });
    expect(normaliseSecureId('7KQ2-M9XD-4TRB-U')).toEqual({ ok: false, reason: 'malformed' });
    expect(normaliseSecureId('7KQ2-M9XD-4TRB-!')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('round-trips every generated ID through its printed form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 9, maxLength: 9 }), (bytes) => {
        const id = encodeSecureId(bytes);
        expect(formatSecureId(id)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
        expect(normaliseSecureId(formatSecureId(id).toLowerCase())).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (typed) => {
        const result = normaliseSecureId(typed);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
