import { createHash } from 'node:crypto';

// Stable resource ids for the FHIR export. A receiving system that imports the same bundle twice
// must see the same resources, not new ones: each QuestionnaireResponse's id is a name-based
// UUID (RFC 9562 version 5) of what makes a response unique in the portal — the patient, the day
// and the questionnaire (once a day per questionnaire, enforced when it is stored). The id is a
// SHA-1 digest, so neither the patient's id nor the date can be read back from it.

/** The portal's namespace for response ids: a fixed random UUID, never to change (ids would). */
export const RESPONSE_ID_NAMESPACE = 'a4c1e8f2-6b0d-4e57-9a3c-2f8d1b7e5c90';

const uuidBytes = (uuid: string): Buffer => {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('a namespace must be a UUID');
  return Buffer.from(hex, 'hex');
};

/** A version 5 (SHA-1, name-based) UUID of `name` in `namespace`, as RFC 9562 defines it. */
export const uuidV5 = (namespace: string, name: string): string => {
  const digest = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The id of a patient's response to a questionnaire on a day: the same on every export. */
export const responseResourceId = (patientId: string, date: string, questionnaireId: string): string =>
  uuidV5(
    RESPONSE_ID_NAMESPACE,
    `QuestionnaireResponse\u0000${patientId}\u0000${date}\u0000${questionnaireId}`,
  );

/** The Bundle entry's fullUrl for a resource with a UUID id (FHIR R4: `urn:uuid:` form). */
export const uuidFullUrl = (id: string): string => `urn:uuid:${id}`;
