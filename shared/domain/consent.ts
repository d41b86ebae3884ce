// Consent to share with a named party (F25; seed 001: "nothing goes to anyone else without your
// consent"). The GP is the patient's direct care and needs none; any other recipient of an export
// needs a current consent naming it. Pure: the repository stores these, the use cases decide.

export type ConsentActor =
  | { readonly kind: 'patient' }
  // The stable subject names the person; the email, as it was when they acted, is what the
  // consents page shows, so the page need not read the patient's whole audit trail to name them.
  // Absent on a consent stored before it was kept.
  | { readonly kind: 'staff'; readonly staffId: string; readonly email?: string | undefined }
  | { readonly kind: 'integration'; readonly keyId: string };

/** Who acted, as the audit log names them: "patient", a staff email, an integration key. */
export const consentActorName = (actor: ConsentActor): string => {
  switch (actor.kind) {
    case 'patient':
      return 'patient';
    case 'staff':
      return actor.email ?? actor.staffId;
    case 'integration':
      return `integration key ${actor.keyId}`;
  }
};

export interface Consent {
  readonly id: string;
  readonly patientId: string;
  /** Who may receive: an employer scheme, an insurer, a referrer (free text, as the patient says it). */
  readonly party: string;
  /** What for, in the patient's or the recorder's words. */
  readonly purpose: string;
  /** UTC ISO instant. */
  readonly recordedAt: string;
  readonly recordedBy: ConsentActor;
  readonly withdrawnAt: string | null;
  readonly withdrawnBy: ConsentActor | null;
}

export const PARTY_MAX_CHARS = 100;
export const PURPOSE_MAX_CHARS = 200;

/** A party's name as compared: trimmed, inner spaces collapsed, case folded. */
export const normalisedParty = (party: string): string => party.trim().replace(/\s+/g, ' ').toLowerCase();

export const isCurrent = (consent: Consent): boolean => consent.withdrawnAt === null;

/** The current consent that names this party, if any. */
export const currentConsentFor = (consents: readonly Consent[], party: string): Consent | undefined => {
  const wanted = normalisedParty(party);
  return consents.find((c) => isCurrent(c) && normalisedParty(c.party) === wanted);
};

/**
 * The recipient an export names (`?recipient=`): none, or "gp", is the patient's GP (direct care,
 * no consent needed); anything else is another party.
 */
export const GP_RECIPIENT = 'gp';
export const isGpRecipient = (recipient: string | undefined): boolean =>
  recipient === undefined || normalisedParty(recipient) === '' || normalisedParty(recipient) === GP_RECIPIENT;

export type ConsentFieldProblem = 'party-empty' | 'party-too-long' | 'purpose-empty' | 'purpose-too-long';

export interface ConsentDraft {
  readonly party: string;
  readonly purpose: string;
}

/** The draft trimmed, or what is wrong with each field. */
export const checkConsentDraft = (input: {
  party?: unknown;
  purpose?: unknown;
}):
  | { readonly ok: true; readonly value: ConsentDraft }
  | {
      readonly ok: false;
      readonly problems: { party?: ConsentFieldProblem; purpose?: ConsentFieldProblem };
    } => {
  const party = typeof input.party === 'string' ? input.party.trim() : '';
  const purpose = typeof input.purpose === 'string' ? input.purpose.trim() : '';
  const problems: { party?: ConsentFieldProblem; purpose?: ConsentFieldProblem } = {};
  if (party === '') problems.party = 'party-empty';
  else if ([...party].length > PARTY_MAX_CHARS) problems.party = 'party-too-long';
  if (purpose === '') problems.purpose = 'purpose-empty';
  else if ([...purpose].length > PURPOSE_MAX_CHARS) problems.purpose = 'purpose-too-long';
  return problems.party || problems.purpose
    ? { ok: false, problems }
    : { ok: true, value: { party, purpose } };
};
