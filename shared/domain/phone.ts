import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A phone number as E.164 (+447700900123), from what an EPR sends: E.164, or a UK number written
 * the UK way (07700 900123). Undefined when it is not a possible number for its country.
 */
export const normalisePhone = (text: string): string | undefined => {
  const parsed = parsePhoneNumberFromString(text.trim(), 'GB');
  return parsed?.isValid() ? parsed.number : undefined;
};
