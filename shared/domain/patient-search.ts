import { parseIsoDateOfBirth } from './calendar-date.js';

// Staff find a patient by name, date of birth or the EPR's id (issue "Staff", console pages).
// Names are compared in a folded form: lower case, accents and punctuation dropped, so "O'Brien",
// "o brien" and "OBrien" meet, and "Zoë" is found by "zoe".

export const foldName = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();

export type PatientQuery =
  | { readonly kind: 'date-of-birth'; readonly dateOfBirth: string }
  | { readonly kind: 'name'; readonly family: string; readonly given: string; readonly raw: string }
  | { readonly kind: 'empty' };

/**
 * What staff typed, read as a date of birth ("27/03/1985", "27 3 1985", "1985-03-27") or a name
 * ("Bloggs", "Jo Bloggs", "bloggs jo"). A name is searched by its last word as the family name,
 * with the other words as the start of a given name; the raw text is also tried as an external id.
 */
export const parsePatientQuery = (typed: string, today: string): PatientQuery => {
  const text = typed.trim().slice(0, 100);
  if (!text) return { kind: 'empty' };
  const dmy = /^(\d{1,2})[/ .-](\d{1,2})[/ .-](\d{4})$/.exec(text);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseIsoDateOfBirth(text, today) : undefined;
  if (iso?.ok) return { kind: 'date-of-birth', dateOfBirth: iso.value };
  if (dmy) {
    const [, day = '', month = '', year = ''] = dmy;
    const dob = parseIsoDateOfBirth(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, today);
    if (dob.ok) return { kind: 'date-of-birth', dateOfBirth: dob.value };
  }
  const words = foldName(text).split(' ').filter(Boolean);
  if (words.length === 0) return { kind: 'empty' };
  const family = words.at(-1) ?? '';
  return { kind: 'name', family, given: words.slice(0, -1).join(' '), raw: text };
};
