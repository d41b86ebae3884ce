import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { type RecordOutcome, reissueFromConsole, type StaffContext } from '../../staff/console.js';
import { messages } from '../../web/messages.js';
import { NewSecureIdPage } from '../../web/pages/staff/console.js';
import { logWelcome } from '../log-welcome.js';
import type { PortalRequest } from '../request.js';
import { apiError, htmlPage, json, type PortalResponse, seeOther } from '../responses.js';
import {
  staffApi,
  staffApiForbidden,
  staffFormRoute,
  staffNoAccess,
  staffNotFound,
} from '../staff-access.js';

// A new Secure ID from the console, the page's form post and its JSON (API.md "Staff API"). Apart
// from the console's other routes because issuing one queues the welcome, and the SQS and KMS
// clients that takes live in the staff-appointments Lambda (which queues a new patient's welcome
// too), not in the console's, whose bundle is at its 130 KiB limit. The paths are unchanged: the
// route table decides which Lambda serves them.

const PatientId = z.uuid();

export const staffSecureIdRoutes = (deps: Deps) => {
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });

  /** The form post: a new Secure ID shown once, never put in a URL. */
  const page = staffFormRoute(deps)(async (req, principal, _fields, csrf) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    const notFound = () => staffNotFound(deps);
    if (!id.success) return notFound();
    const outcome = await reissueFromConsole(deps, context(req, principal), id.data);
    if (!outcome.ok) {
      if (outcome.reason === 'changed-meanwhile') return seeOther(`/staff/patients/${id.data}`);
      return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
    }
    logWelcome(id.data, { welcome: outcome.value.welcome, error: outcome.value.welcomeError });
    const current = await deps.patients.get(id.data);
    return htmlPage(
      200,
      NewSecureIdPage({
        service: deps.service,
        principal,
        csrfToken: csrf,
        now: deps.clock(),
        patient: { id: id.data, name: current ? `${current.givenName} ${current.familyName}` : '' },
        secureId: outcome.value.secureId,
        welcome: outcome.value.welcome,
      }),
    );
  });

  const api = staffApi(deps)(async (req, principal) => {
    const patientNotFound = () => apiError(404, 'not_found', messages.staff.patientNotFound);
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return patientNotFound();
    const outcome = await reissueFromConsole(deps, context(req, principal), id.data);
    if (outcome.ok) {
      logWelcome(id.data, { welcome: outcome.value.welcome, error: outcome.value.welcomeError });
      return json(200, { secureId: outcome.value.secureId, welcome: outcome.value.welcome });
    }
    if (outcome.reason === 'changed-meanwhile')
      return apiError(409, 'conflict', messages.staff.changedMeanwhile);
    const refused: Extract<RecordOutcome<unknown>, { ok: false }> = outcome;
    return refused.reason === 'forbidden' ? staffApiForbidden() : patientNotFound();
  });

  return { page, api } satisfies Record<string, (req: PortalRequest) => Promise<PortalResponse>>;
};
