import * as z from 'zod/mini';
import {
  approveRequest,
  denyRequest,
  type PatientChoice,
  pendingRequestsFor,
  readSetupNames,
  requestDetail,
} from '../../appointments/decide-request.js';
import type { Deps } from '../../deps.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { REASON_MAX_LENGTH } from '../../domain/messages/templates.js';
import type { StaffContext } from '../../staff/console.js';
import { messages, requestDecisionMessages as m } from '../../web/messages.js';
import { parseJsonBody } from '../json-body.js';
import { logger } from '../logger.js';
import { logWelcome } from '../log-welcome.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, type PortalResponse } from '../responses.js';
import { staffApi, staffApiForbidden } from '../staff-access.js';

// Appointment requests for staff as JSON under /api/staff/appointment-requests (additive to
// API.md's staff API), on the same use cases as the requests pages. A request outside the
// person's reach is 403 `forbidden`; one already decided is 409 `not_pending`.

export const ApproveBody = z.union([
  z.strictObject({ patientId: z.optional(z.uuid(m.unknownPatient)) }),
  z.strictObject({ createPatient: z.literal(true) }),
]);
export const DenyBody = z.strictObject({
  reason: z
    .string(messages.fields.notText)
    .check(
      z.trim(),
      z.minLength(1, m.reasonRequired),
      z.maxLength(REASON_MAX_LENGTH, m.reasonTooLong(REASON_MAX_LENGTH)),
    ),
});

export const staffRequestsApi = (deps: Deps) => {
  const api = staffApi(deps);
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });
  const refused = (reason: string): PortalResponse => {
    if (reason === 'forbidden') return staffApiForbidden();
    if (reason === 'not-pending') return apiError(409, 'not_pending', m.notPending);
    if (reason === 'choose-patient')
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        createPatient: m.chooseRequired,
      });
    if (reason === 'invalid-reason')
      return apiError(400, 'invalid_request', messages.api.invalidRequest, { reason: m.reasonRequired });
    if (reason === 'unknown-patient')
      return apiError(400, 'invalid_request', messages.api.invalidRequest, { patientId: m.unknownPatient });
    return apiError(404, 'not_found', m.notFound);
  };
  const idOf = (req: PortalRequest) => req.pathParameters.id ?? '';

  const list = api(async (_req, principal) => {
    const [items, names] = await Promise.all([pendingRequestsFor(deps, principal), readSetupNames(deps)]);
    return json(200, {
      items: items.map(({ request, requester }) => ({
        ...request,
        serviceTypeName: names.serviceTypes.find((t) => t.id === request.serviceType)?.name,
        clinicianName: names.clinicians.find((c) => c.id === request.clinicianId)?.name,
        requester,
      })),
    });
  });

  const detail = api(async (req, principal) => {
    const outcome = await requestDetail(deps, principal, idOf(req));
    if (!outcome.ok) return refused(outcome.reason);
    const { request, requester, contact, newPatient, suggestions } = outcome.value;
    return json(200, {
      ...request,
      requester,
      ...(contact ? { contact } : {}),
      // The requester's name and date of birth, to match; their address only under `contact`.
      ...(newPatient
        ? {
            newPatient: {
              givenName: newPatient.givenName,
              familyName: newPatient.familyName,
              dateOfBirth: newPatient.dateOfBirth,
            },
          }
        : {}),
      suggestions: suggestions.map((p) => ({
        id: p.id,
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
      })),
    });
  });

  const approve = api(async (req, principal) => {
    const body = parseJsonBody(req, ApproveBody);
    if (!body.ok) return body.response;
    const choice: PatientChoice | undefined =
      'createPatient' in body.value
        ? { createPatient: true }
        : body.value.patientId
          ? { patientId: body.value.patientId }
          : undefined;
    const outcome = await approveRequest(deps, context(req, principal), idOf(req), choice);
    if (!outcome.ok) return refused(outcome.reason);
    const { appointmentId, patientId, welcome, welcomeError } = outcome.value;
    logger.info('Request approved', { appointmentRequestId: idOf(req), appointmentId });
    if (welcome) logWelcome(patientId, { welcome, error: welcomeError });
    return json(200, { status: 'approved', appointmentId, patientId, ...(welcome ? { welcome } : {}) });
  });

  const deny = api(async (req, principal) => {
    const body = parseJsonBody(req, DenyBody);
    if (!body.ok) return body.response;
    const outcome = await denyRequest(deps, context(req, principal), idOf(req), body.value.reason);
    if (!outcome.ok) return refused(outcome.reason);
    logger.info('Request denied', { appointmentRequestId: idOf(req) });
    return json(200, { status: 'denied' });
  });

  return { list, detail, approve, deny };
};
