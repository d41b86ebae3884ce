import { type ConsentFieldProblem, PARTY_MAX_CHARS, PURPOSE_MAX_CHARS } from '../../domain/consent.js';
import { consentMessages as m } from '../../web/messages.js';

// The words for a consent form's problems, the same on the patient's page, the staff page and in
// the JSON `fields` (one rule set: shared/domain/consent.ts checkConsentDraft).

export const consentProblemText: Record<ConsentFieldProblem, string> = {
  'party-empty': m.partyRequired,
  'party-too-long': m.partyTooLong(PARTY_MAX_CHARS),
  'purpose-empty': m.purposeRequired,
  'purpose-too-long': m.purposeTooLong(PURPOSE_MAX_CHARS),
};

export const consentFieldErrors = (problems: {
  party?: ConsentFieldProblem;
  purpose?: ConsentFieldProblem;
}): Record<string, string> => ({
  ...(problems.party ? { party: consentProblemText[problems.party] } : {}),
  ...(problems.purpose ? { purpose: consentProblemText[problems.purpose] } : {}),
});
