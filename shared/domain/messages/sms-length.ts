// How many text messages a text costs (3GPP TS 23.038, "GSM 03.38"). A text that uses only the
// GSM-7 alphabet travels in 7-bit septets: 160 in one message, 153 per part once it is split (the
// other 7 carry the concatenation header). One character outside it (a curly apostrophe ’, an
// emoji) sends the whole text as UCS-2: 70 UTF-16 code units in one message, 67 per part. Every
// part is charged as one message, so the portal keeps its texts to two parts.

/** The basic character set: one septet each. ESC (0x1B) is left out: it only introduces the extension table. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: ESC and the character, two septets each. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export const SMS_LIMITS = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
} as const;

/** The most the portal sends as one SMS: two concatenated parts. */
export const MAX_SMS_SEGMENTS = 2;

export type SmsEncoding = keyof typeof SMS_LIMITS;

export interface SmsLength {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  readonly segments: number;
}

export const isGsm7Character = (char: string): boolean => GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);

/** The first character (whole code point) that forces UCS-2, or undefined for a GSM-7 text. */
export const firstNonGsm7Character = (text: string): string | undefined =>
  [...text].find((char) => !isGsm7Character(char));

/** The units each indivisible piece of the text takes: a character, an ESC pair, a surrogate pair. */
const pieces = (text: string, encoding: SmsEncoding): number[] =>
  [...text].map((char) => (encoding === 'UCS-2' ? char.length : GSM7_EXTENSION.has(char) ? 2 : 1));

/**
 * Splits greedily as senders do: an ESC pair or a surrogate pair is never cut between two parts,
 * so a part can carry one unit less than its limit. Worked example: 152 letters, then '€', then
 * 152 letters is 306 septets but needs three parts, because the '€' does not fit in the one septet
 * left in the first part.
 */
const countParts = (sizes: readonly number[], perPart: number): number => {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
};

export const smsSegments = (text: string): SmsLength => {
  const encoding: SmsEncoding = firstNonGsm7Character(text) === undefined ? 'GSM-7' : 'UCS-2';
  const sizes = pieces(text, encoding);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limits = SMS_LIMITS[encoding];
  // An empty text still goes as one (empty) message.
  const segments = units <= limits.single ? 1 : countParts(sizes, limits.perPart);
  return { encoding, units, segments };
};

/** At most 306 GSM-7 septets or 134 UCS-2 code units, and (see countParts) no pair split across the cut. */
export const fitsTwoSegments = (text: string): boolean => smsSegments(text).segments <= MAX_SMS_SEGMENTS;
