import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAuditLog,
  wireConsents,
  wirePatients,
  wireSessions,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { consentsApi } from '../routes/consents-api.js';
import { consentsPages } from '../routes/consents-pages.js';

// The patient's records (issue 16; docs/information-governance.md): consent to share (F25),
// letters (F24) and subject access (F27), pages and JSON. A Lambda of its own so that the sign-in
// Lambda does not carry every repository subject access reads. The session and the patient sign
// the patient in; consents are recorded and withdrawn with their audit entries.
export const recordsWiring: DepsWiring = {
  sessions: wireSessions,
  patients: wirePatients,
  consents: wireConsents,
  auditLog: wireAuditLog,
};

/** The records Lambda's routes. */
export const recordsHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, recordsWiring);
  const consentPages = consentsPages(deps);
  const consentApi = consentsApi(deps);
  return portalHandler<'records'>(deps, {
    'GET /consents': consentPages.page,
    'POST /consents': consentPages.record,
    'POST /consents/{id}/withdraw': consentPages.withdraw,
    'GET /api/patient/consents': consentApi.list,
    'POST /api/patient/consents': consentApi.record,
    'DELETE /api/patient/consents/{id}': consentApi.withdraw,
  });
};
