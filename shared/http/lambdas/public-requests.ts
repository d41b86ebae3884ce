import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointmentRequests,
  wireBlackouts,
  wireClinicians,
  wireLocations,
  wireNotices,
  wirePublicRequestLimits,
  wireServiceSetup,
  wireServiceTypes,
  wireWorkSchedules,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { publicRequestApi } from '../routes/public-request-api.js';
import { publicRequestPages } from '../routes/public-request-pages.js';

// The public new-patient request form (F10, F17; docs/appointments.md, "The public request form"),
// pages and JSON. A Lambda of its own, apart from the patients' appointments, so that neither
// carries the other's pages and both stay under the 130 KiB bundle limit; it has no session, so
// it wires neither sessions nor patients. The set-up and the clinicians' cell locks find free
// times (the set-up's one Query parses each item with its own repository's schema, so clinicians,
// locations, service types and schedules are wired too); requests take the cells; notices carry
// the requester's link and the staff's new-request emails; the limits count requests per address.
export const publicRequestsWiring: DepsWiring = {
  appointmentRequests: wireAppointmentRequests,
  blackouts: wireBlackouts,
  serviceSetup: wireServiceSetup,
  clinicians: wireClinicians,
  locations: wireLocations,
  serviceTypes: wireServiceTypes,
  workSchedules: wireWorkSchedules,
  notices: wireNotices,
  publicRequestLimits: wirePublicRequestLimits,
};

/** The public-requests Lambda's routes. */
export const publicRequestsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, publicRequestsWiring);
  const pages = publicRequestPages(deps);
  const api = publicRequestApi(deps);
  return portalHandler<'public-requests'>(deps, {
    'GET /request-an-appointment': pages.find,
    'GET /request-an-appointment/details': pages.details,
    'POST /request-an-appointment': pages.send,
    'GET /request-an-appointment/check-email': pages.checkEmail,
    'GET /request-an-appointment/verify': pages.verifyLink,
    'POST /request-an-appointment/verify': pages.verify,
    'POST /api/public/appointment-requests': api.submit,
  });
};
