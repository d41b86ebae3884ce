import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstNonGsm7Character,
  fitsTwoSegments,
  smsSegments,
} from '../../shared/domain/messages/sms-length.js';

const letters = (n: number) => 'a'.repeat(n);

describe('smsSegments', () => {
  it('sends 160 GSM-7 characters as one message and 161 as two', () => {
    expect(smsSegments(letters(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments(letters(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('fits 306 GSM-7 characters in two parts of 153 and needs a third for 307', () => {
    expect(smsSegments(letters(306)).segments).toBe(2);
    expect(smsSegments(letters(307)).segments).toBe(3);
    expect(fitsTwoSegments(letters(306))).toBe(true);
    expect(fitsTwoSegments(letters(307))).toBe(false);
  });

  it('counts each extension character as two septets', () => {
    for (const char of ['€', '[', ']', '{', '}', '^', '~', '\\', '|']) {
      expect(smsSegments(char)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
      expect(smsSegments(letters(158) + char).segments).toBe(1);
      expect(smsSegments(letters(159) + char)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
      expect(fitsTwoSegments(letters(304) + char)).toBe(true);
      expect(fitsTwoSegments(letters(305) + char)).toBe(false);
    }
  });

  it('keeps the basic set, accented letters and Greek capitals in GSM-7', () => {
    const text = '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r';
    expect(smsSegments(text)).toEqual({ encoding: 'GSM-7', units: [...text].length, segments: 1 });
  });

  it('never cuts an extension character between two parts', () => {
    // 306 septets, but the € would straddle the cut after 153: it moves to the second part.
    const text = `${letters(152)}€${letters(152)}`;
    expect(smsSegments(text)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(fitsTwoSegments(text)).toBe(false);
  });

  it('sends a text with a curly apostrophe as UCS-2', () => {
    expect(smsSegments('You’re booked')).toEqual({ encoding: 'UCS-2', units: 13, segments: 1 });
    expect(firstNonGsm7Character('Its fine, you’re booked')).toBe('’');
    expect(firstNonGsm7Character('It is fine')).toBeUndefined();
  });

  it('sends 70 UCS-2 units as one message and 71 as two', () => {
    expect(smsSegments(`’${letters(69)}`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments(`’${letters(70)}`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  it('fits 134 UCS-2 units in two parts of 67 and needs a third for 135', () => {
    expect(smsSegments(`’${letters(133)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
    expect(smsSegments(`’${letters(134)}`)).toEqual({ encoding: 'UCS-2', units: 135, segments: 3 });
    expect(fitsTwoSegments(`’${letters(133)}`)).toBe(true);
    expect(fitsTwoSegments(`’${letters(134)}`)).toBe(false);
  });

  it('counts an emoji as two UTF-16 code units, and an extension character as one unit once in UCS-2', () => {
    expect(smsSegments('🙂')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(smsSegments(`🙂${letters(68)}`).segments).toBe(1);
    expect(smsSegments(`🙂${letters(69)}`).segments).toBe(2);
    expect(smsSegments('€🙂').units).toBe(3);
  });

  it('never cuts an emoji between two parts', () => {
    // 134 units, but the emoji would straddle the cut after 67.
    const text = `${letters(66)}🙂${letters(66)}`;
    expect(smsSegments(text)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
  });

  it('never needs fewer parts for a longer text', () => {
    const char = fc.constantFrom('a', 'Z', ' ', '.', '\n', '€', '{', '\\', 'é', '’', 'ł', '🙂', 'й');
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 400 }),
        fc.array(char, { minLength: 1, maxLength: 40 }),
        (a, b) => {
          const shorter = smsSegments(a.join(''));
          const longer = smsSegments(a.join('') + b.join(''));
          expect(longer.segments).toBeGreaterThanOrEqual(shorter.segments);
          expect(fitsTwoSegments(a.join(''))).toBe(shorter.segments <= 2);
        },
      ),
    );
  });
});
