import type { Deps } from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { patientsApi } from '../routes/patients-api.js';

/** The integration Lambda's routes: the bearer-key API for EPR systems. */
export const integrationHandler = (deps: Deps) => {
  const patients = patientsApi(deps);
  return portalHandler<'integration'>(deps, {
    'POST /api/v1/patients': patients.create,
    'PATCH /api/v1/patients/{id}': patients.update,
    'POST /api/v1/patients/{id}/secure-id': patients.reissueSecureId,
  });
};
