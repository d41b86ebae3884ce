import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MetadataJson } from 'libphonenumber-js/core';
import minMetadata from 'libphonenumber-js/metadata.min.json';
import { format } from 'prettier';
import type { PhoneMetadata } from '../../shared/domain/phone.js';

// Derives shared/domain/phone-metadata.json, the numbering facts the Lambdas bundle, from
// libphonenumber-js's "min" metadata. Deciding that a number is *possible* needs only each
// calling code's national-number lengths and national prefix, and the UK's general pattern;
// the library's formats and per-type patterns (its allocation tables) and its parsing code
// stay out of the bundles (60 KiB minified). libphonenumber-js remains the source of the facts
// and, in test/unit/phone.test.ts, the yardstick the portal's rule is checked against.
// Regenerate after upgrading libphonenumber-js (that test fails until then):
//   npx tsx test/support/phone-metadata.ts

type Plan = readonly unknown[];

// Positions in a minified numbering plan (libphonenumber-js metadata version 4).
const NATIONAL_NUMBER_PATTERN = 2;
const POSSIBLE_LENGTHS = 3;
const NATIONAL_PREFIX = 5;

export const derivePhoneMetadata = (full: MetadataJson): PhoneMetadata => {
  const countries = full.countries as Record<string, Plan | undefined>;
  const nonGeographic = (full.nonGeographic ?? {}) as Record<string, Plan | undefined>;
  // Geographic codes list their countries; non-geographic ones (+800 international freephone,
  // +881 satellite) have a plan of their own.
  const plansByCode = new Map<string, Plan[]>(
    Object.entries(full.country_calling_codes as Record<string, string[]>).map(([code, sharing]) => [
      code,
      sharing.map((country) => countries[country]).filter((p) => !!p),
    ]),
  );
  for (const [code, plan] of Object.entries(nonGeographic)) if (plan) plansByCode.set(code, [plan]);
  const callingCodes: Record<string, PhoneMetadata['callingCodes'][string]> = {};
  for (const [code, plans] of [...plansByCode].sort(([a], [b]) => Number(a) - Number(b))) {
    // A calling code shared by several countries (+1: the US, Canada, the Caribbean) takes the
    // lengths of all of them: which one a number belongs to is an allocation question.
    const lengths = [...new Set(plans.flatMap((p) => (p[POSSIBLE_LENGTHS] as number[] | undefined) ?? []))];
    const nationalPrefix = plans[0]?.[NATIONAL_PREFIX];
    callingCodes[code] = {
      lengths: lengths.sort((a, b) => a - b),
      ...(typeof nationalPrefix === 'string' && nationalPrefix ? { nationalPrefix } : {}),
    };
  }
  const uk = countries.GB?.[NATIONAL_NUMBER_PATTERN];
  if (typeof uk !== 'string') throw new Error('libphonenumber-js has no UK national number pattern');
  return { ukNationalNumber: uk, callingCodes };
};

export const phoneMetadataFile = fileURLToPath(
  new URL('../../shared/domain/phone-metadata.json', import.meta.url),
);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = JSON.stringify(derivePhoneMetadata(minMetadata));
  writeFileSync(phoneMetadataFile, await format(json, { parser: 'json' }));
  console.log(`wrote ${phoneMetadataFile}`);
}
