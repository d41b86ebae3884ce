import metadata from './phone-metadata.json' with { type: 'json' };

// Phone numbers arrive from EPR systems and are stored as E.164 (+447700900123). A number is
// accepted when it is *possible*, not when it is in an allocation table: Ofcom opens new ranges
// between releases of any phone library, and an EPR must be able to create the patient the day a
// new range is in use. Ofcom's drama range (07700 900000 to 900999, NHS Notify's test numbers)
// is possible, so it is accepted too.
//
// Possible means: a country calling code that exists, a national number of a length that code
// uses, and, for the UK (+44, or written the UK way: 07700 900123), the length that goes with its
// first digit in Ofcom's numbering plan: 10 digits, 9 after 01 and 08 (016977 2345, 0800 123456),
// 7 only after 08 (0800 1111); nothing starts 04 or 06.
//
// The facts come from libphonenumber-js's metadata, derived into phone-metadata.json by
// test/support/phone-metadata.ts; test/unit/phone.test.ts checks this rule against the library.

export interface PhoneMetadata {
  /** The UK's national significant numbers by first digit and length (no allocation detail). */
  readonly ukNationalNumber: string;
  /** Per calling code: the possible lengths of the national number, and its national prefix. */
  readonly callingCodes: Readonly<
    Record<string, { readonly lengths: readonly number[]; readonly nationalPrefix?: string }>
  >;
}

/** What an EPR may write in a phone number besides digits: +44 (0)7700 900-123. */
const phoneCharacters = /^\+?[\d\s().-]+$/;
const separators = /[\s().-]/g;
/** E.164: at most 15 digits, calling code included. */
const MAX_DIGITS = 15;
const UK = '44';
/** The UK's international prefix: 0044 7700 900123. */
const INTERNATIONAL_PREFIX = '00';

export const phoneNormaliser = (facts: PhoneMetadata) => {
  const ukNationalNumber = new RegExp(`^(?:${facts.ukNationalNumber})$`);
  const possible = (code: string, national: string): boolean => {
    const lengths = facts.callingCodes[code]?.lengths ?? [];
    return (
      lengths.includes(national.length) &&
      code.length + national.length <= MAX_DIGITS &&
      (code !== UK || ukNationalNumber.test(national))
    );
  };
  /** Calling codes are prefix-free (ITU-T E.164), so at most one of 1, 2 or 3 digits matches. */
  const split = (digits: string): [code: string, national: string] | undefined => {
    for (const size of [1, 2, 3]) {
      const code = digits.slice(0, size);
      if (facts.callingCodes[code]) return [code, digits.slice(size)];
    }
    return undefined;
  };
  const international = (digits: string): string | undefined => {
    const [code, written] = split(digits) ?? [];
    if (code === undefined || written === undefined) return undefined;
    // "+44 07700 900123": the national prefix written after the calling code is dropped when the
    // number is only possible without it ("+39 06 1234 5678" keeps its 0: Italy has no prefix).
    const prefix = facts.callingCodes[code]?.nationalPrefix;
    const national =
      prefix && written.startsWith(prefix) && !possible(code, written)
        ? written.slice(prefix.length)
        : written;
    return possible(code, national) ? `+${code}${national}` : undefined;
  };
  return (text: string): string | undefined => {
    const trimmed = text.trim();
    // Nothing but digits and separators: "call 07700 900123" or "ext. 12" is not a number to
    // store, and a letter O is not a zero.
    if (!phoneCharacters.test(trimmed)) return undefined;
    // "+44 (0)20 7946 0000": the bracketed national prefix of the UK way of writing it.
    const digits = trimmed.replace('(0)', '').replace(separators, '');
    if (digits.startsWith('+')) return international(digits.slice(1));
    if (digits.startsWith(INTERNATIONAL_PREFIX))
      return international(digits.slice(INTERNATIONAL_PREFIX.length));
    // A UK number: 07700 900123, or 7700 900123 once a spreadsheet has eaten its leading 0.
    const national = digits.startsWith('0') ? digits.slice(1) : digits;
    return possible(UK, national) ? `+${UK}${national}` : undefined;
  };
};

/**
 * A phone number as E.164 (+447700900123), from what an EPR sends: E.164, 0044..., or a UK number
 * written the UK way (07700 900123). Undefined when it is not a possible number.
 */
export const normalisePhone: (text: string) => string | undefined = phoneNormaliser(metadata);
