import * as z from 'zod/mini';
import type { WithdrawOutcome } from '../../consents/manage-consents.js';
import { checkConsentDraft, type ConsentDraft } from '../../domain/consent.js';
import { consentMessages, messages } from '../../web/messages.js';
import { type Parsed, parseJsonBody } from '../json-body.js';
import type { PortalRequest } from '../request.js';
import { apiError, noContent, type PortalResponse } from '../responses.js';
import { consentFieldErrors } from './consent-fields.js';

// A consent as JSON, the same for the patient's API and the EPR's (docs/API.md): the body
// `{party, purpose}` checked by the one rule set, and the answers to a withdrawal.

const ConsentBody = z.strictObject({
  party: z.string(messages.fields.notText),
  purpose: z.string(messages.fields.notText),
});

/** The draft in a JSON body, or the 400 naming the fields to change. */
export const consentDraftFromJson = (req: PortalRequest): Parsed<ConsentDraft> => {
  const body = parseJsonBody(req, ConsentBody);
  if (!body.ok) return body;
  const draft = checkConsentDraft(body.value);
  if (!draft.ok)
    return {
      ok: false,
      response: apiError(
        400,
        'invalid_request',
        messages.api.invalidRequest,
        consentFieldErrors(draft.problems),
      ),
    };
  return { ok: true, value: draft.value };
};

/** 204 once withdrawn; 404 for a consent the patient does not have; 409 for one already withdrawn. */
export const withdrawalAnswer = (outcome: WithdrawOutcome): PortalResponse => {
  if (outcome === 'not-found') return apiError(404, 'not_found', consentMessages.notFound);
  if (outcome === 'already-withdrawn')
    return apiError(409, 'already_withdrawn', consentMessages.alreadyWithdrawn);
  return noContent();
};
