import * as z from 'zod/mini';
import { submitPublicRequest, validatePublicDetails } from '../../appointments/public-request.js';
import type { Deps } from '../../deps.js';
import { bookingMessages, messages, publicRequestMessages as m } from '../../web/messages.js';
import { parseJsonBody } from '../json-body.js';
import { logger } from '../logger.js';
import { clientAddress } from '../request.js';
import { apiError, json } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { retryAfterSeconds } from './patient-pages.js';
import { RequestBody } from './patient-appointments-api.js';

// The public new-patient request as JSON (API.md, "Public (no session)"): the same use case as the
// form's page. 201 means held, not yet with staff: `verification: "email-sent"` says the requester
// must follow the emailed link first (docs/API.md).

const Text = z.string(messages.fields.notText);

const PublicRequestBody = z.strictObject({
  ...RequestBody.shape,
  givenName: Text,
  familyName: Text,
  dateOfBirth: Text,
  email: Text,
  phone: z.optional(Text),
  comment: z.optional(Text),
});

export const publicRequestApi = (deps: Deps) => {
  const viaCloudFront = Boolean(deps.originVerifySecret);

  const submit: RouteHandler = async (req) => {
    if (deps.service.appointments.portal !== 'everyone') return apiError(403, 'forbidden', m.apiClosed);
    const body = parseJsonBody(req, PublicRequestBody);
    if (!body.ok) return body.response;
    const b = body.value;
    const checked = validatePublicDetails(b, deps.clock(), deps.service.timeZone);
    if (!checked.ok) return apiError(400, 'invalid_request', messages.api.invalidRequest, checked.errors);
    const outcome = await submitPublicRequest(
      deps,
      checked.value,
      { clinicianId: b.clinicianId, start: b.start, serviceTypeId: b.serviceType, locationId: b.locationId },
      {
        address: clientAddress(req, viaCloudFront),
        isBot: false,
      },
    );
    if (outcome.ok) {
      logger.info('Public appointment request held for its email link', {
        requestId: outcome.id,
        outcome: 'unverified',
      });
      return json(201, { id: outcome.id, status: 'pending', verification: 'email-sent' });
    }
    logger.info('Public appointment request refused', { outcome: outcome.reason });
    switch (outcome.reason) {
      case 'closed':
        return apiError(403, 'forbidden', m.apiClosed);
      case 'rate-limited':
        return apiError(429, 'too_many_requests', m.apiRateLimited, undefined, {
          headers: { 'retry-after': String(retryAfterSeconds(outcome.retryAt, deps.clock())) },
        });
      case 'unknown-service-type':
        return apiError(400, 'invalid_request', messages.api.invalidRequest, {
          serviceType: bookingMessages.unknownServiceType,
        });
      case 'unknown-clinician':
        return apiError(400, 'invalid_request', messages.api.invalidRequest, {
          clinicianId: bookingMessages.unknownClinician,
        });
      default:
        return apiError(409, 'slot_unavailable', bookingMessages.slotUnavailable);
    }
  };

  return { submit };
};
