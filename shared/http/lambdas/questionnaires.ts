import type { Deps } from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { questionnairePages } from '../routes/questionnaire-pages.js';
import { questionnairesApi } from '../routes/questionnaires-api.js';

/** The questionnaires Lambda's routes: the flow's pages and its JSON API. */
export const questionnairesHandler = (deps: Deps) => {
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
