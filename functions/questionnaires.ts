import { createDeps } from '../shared/deps.js';
import { questionnairesHandler, questionnairesWiring } from '../shared/http/lambdas/questionnaires.js';

// Built once per cold start: config parsed, secret fetched, clients created.
export const handler = questionnairesHandler(await createDeps(questionnairesWiring));
