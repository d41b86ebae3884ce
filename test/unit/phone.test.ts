import fc from 'fast-check';
import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import minMetadata from 'libphonenumber-js/metadata.min.json';
import { describe, expect, it } from 'vitest';
import committedMetadata from '../../shared/domain/phone-metadata.json' with { type: 'json' };
import { normalisePhone } from '../../shared/domain/phone.js';
import { derivePhoneMetadata } from '../support/phone-metadata.js';

const E164 = /^\+[1-9]\d{1,14}$/;

describe('normalisePhone', () => {
  it.each([
    ['a UK mobile written the UK way, with spaces', '07911 123456', '+447911123456'],
    ['a UK number in E.164', '+447911123456', '+447911123456'],
    ['a UK number after the international prefix 00', '0044 7911 123456', '+447911123456'],
    ['+44 with the national 0 in brackets', '+44 (0)7911 123456', '+447911123456'],
    ['hyphens, dots and surrounding spaces', ' 07911-123.456 ', '+447911123456'],
    ['a London landline', '020 7946 0000', '+442079460000'],
    ['a 9-digit area number (016977)', '016977 2345', '+44169772345'],
    ['a 9-digit freephone number', '0800 123456', '+44800123456'],
    ['Childline, 7 digits', '0800 1111', '+448001111'],
    ['a Jersey number, which shares +44', '+44 1534 123456', '+441534123456'],
    ['a French mobile', '+33 6 12 34 56 78', '+33612345678'],
    ['an Irish mobile written with 00', '00353 87 123 4567', '+353871234567'],
    ['a Canadian number, which shares +1 with the US', '+1 613 555 0123', '+16135550123'],
    ['a 7-digit Canadian number, a length the US, first for +1, does not use', '+1 310 1234', '+13101234'],
    ['an Italian landline, whose leading 0 is part of the number', '+39 06 1234 5678', '+390612345678'],
    ['a non-geographic international freephone number', '+800 1234 5678', '+80012345678'],
  ])('accepts %s', (_, input, e164) => {
    expect(normalisePhone(input)).toBe(e164);
  });

  it.each([
    ['the first', '07700 900000', '+447700900000'],
    ['the last', '07700 900999', '+447700900999'],
    ['an NHS Notify test number in', '+447700900123', '+447700900123'],
  ])('accepts %s number of Ofcom drama range, which is never allocated', (_, input, e164) => {
    expect(isValidPhoneNumber(input, 'GB')).toBe(false);
    expect(normalisePhone(input)).toBe(e164);
  });

  it('accepts a mobile number in a range the allocation tables do not know yet', () => {
    expect(isValidPhoneNumber('07911 312345', 'GB')).toBe(false);
    expect(normalisePhone('07911 312345')).toBe('+447911312345');
  });

  it.each([
    ['nothing', ''],
    ['spaces', '   '],
    ['a plus sign alone', '+'],
    ['too few digits', '07911 1234'],
    ['too many digits', '07911 1234567'],
    ['too many digits for E.164', '+44 7911 1234567890'],
    ['a UK mobile one digit short (9 digits after 07)', '07911 12345'],
    ['a London number one digit short', '020 7946 000'],
    ['a UK number starting 06, which the numbering plan leaves unused', '06123 456789'],
    ['a UK number starting 04, which the numbering plan leaves unused', '+44 4123 456789'],
    ['a letter O for a zero', '07911 12345O'],
    ['letters', 'not a number'],
    ['a country calling code that does not exist', '+999 1234 5678'],
    ['another code that does not exist', '+383 0'],
    ['a number inside other text', 'call 07911 123456'],
    ['an extension', '07911 123456 ext. 12'],
    ['two plus signs', '++447911123456'],
  ])('refuses %s', (_, input) => {
    expect(normalisePhone(input)).toBeUndefined();
  });

  it('gives E.164 or undefined for any string, and never throws', () => {
    const phoneish = fc
      .array(fc.constantFrom('0', '1', '4', '7', '9', ' ', '+', '(', ')', '-', '.', 'x'), { maxLength: 30 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), phoneish),
        (text) => {
          const e164 = normalisePhone(text);
          expect(e164 === undefined || E164.test(e164)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the phone metadata', () => {
  it('is what test/support/phone-metadata.ts derives from the installed libphonenumber-js', () => {
    expect(committedMetadata).toEqual(derivePhoneMetadata(minMetadata));
  });
});

describe('normalisePhone beside libphonenumber-js', () => {
  // The library's own isPossible(), with its full parser and metadata, and the same UK rule.
  const ukNationalNumber = new RegExp(`^(?:${committedMetadata.ukNationalNumber})$`);
  const libraryAccepts = (text: string): string | undefined => {
    const parsed = parsePhoneNumberFromString(text, { defaultCountry: 'GB', extract: false });
    if (!parsed?.isPossible()) return undefined;
    if (parsed.countryCallingCode === '44' && !ukNationalNumber.test(parsed.nationalNumber)) return undefined;
    return parsed.number;
  };
  const digits = (min: number, max: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
  const international = fc.oneof(
    digits(4, 16),
    fc
      .constantFrom('1', '7', '33', '44', '49', '54', '61', '290', '599', '800')
      .chain((code) => digits(4, 13).map((d) => `${code}${d}`)),
  );

  it('accepts, unchanged, every E.164 number (+ or 00) the library calls possible', () => {
    let compared = 0;
    fc.assert(
      fc.property(international, fc.constantFrom('+', '00'), (number, prefix) => {
        // Where the library rewrites the number (it takes a leading 0 of "+49 0301234" for a
        // national prefix), it is not E.164 as written, and the table above decides. E.164 has
        // at most 15 digits; the library allows a few more.
        if (number.length > 15 || libraryAccepts(`${prefix}${number}`) !== `+${number}`) return;
        compared++;
        expect(normalisePhone(`${prefix}${number}`)).toBe(`+${number}`);
      }),
      { numRuns: 5000 },
    );
    // The property says little unless a good share of the inputs are possible numbers.
    expect(compared).toBeGreaterThan(500);
  });

  it('gives what the library gives for any UK number written the UK way', () => {
    let accepted = 0;
    fc.assert(
      // Starting 1 to 9: "00..." is the international prefix, covered above.
      fc.property(fc.integer({ min: 1, max: 9 }), digits(4, 11), (first, rest) => {
        const national = `${first}${rest}`;
        // The library keeps the trunk 0 for some Crown Dependency ranges (01624 00000 parses as
        // +440162400000, a number no one can dial): its answer is not a reference there.
        fc.pre(!parsePhoneNumberFromString(`0${national}`, 'GB')?.nationalNumber.startsWith('0'));
        const expected = libraryAccepts(`0${national}`);
        if (expected !== undefined) accepted++;
        expect(normalisePhone(`0${national}`)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(500);
  });
});
