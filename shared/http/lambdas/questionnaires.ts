import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wirePatients,
  wireResponses,
  wireSessions,
  wireStaffAlerts,
  wireTodos,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { questionnairePages } from '../routes/questionnaire-pages.js';
import { questionnairesApi } from '../routes/questionnaires-api.js';

// The session, the due list (appointments, responses) and a submission (the risk to-do and its
// staff alert).
export const questionnairesWiring: DepsWiring = {
  patients: wirePatients,
  sessions: wireSessions,
  appointments: wireAppointments,
  responses: wireResponses,
  todos: wireTodos,
  staffAlerts: wireStaffAlerts,
};

/** The questionnaires Lambda's routes: the flow's pages and its JSON API. */
export const questionnairesHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, questionnairesWiring);
  const pages = questionnairePages(deps);
  const api = questionnairesApi(deps);
  return portalHandler<'questionnaires'>(deps, {
    'GET /questionnaires': pages.list,
    'GET /questionnaires/{id}': pages.show,
    'POST /questionnaires/{id}': pages.submit,
    'GET /urgent-help': pages.urgentHelp,
    'GET /api/patient/questionnaires': api.due,
    'GET /api/patient/questionnaires/{id}': api.definition,
    'POST /api/patient/questionnaires/{id}/responses': api.submit,
  });
};
