import { questionnaireCatalogue } from '../domain/questionnaires/builtin.js';
import type { QuestionnaireDefinition } from '../domain/questionnaires/definition.js';
import type { ServiceConfig } from './service-config.js';

/** Every questionnaire id a service's stages ask for. */
export const stageQuestionnaireIds = (service: Pick<ServiceConfig, 'questionnaires'>): string[] => [
  ...new Set(Object.values(service.questionnaires.stages).flat()),
];

/**
 * The service's questionnaires: built-ins with the service's wording, plus its own definitions.
 * Throws a QuestionnaireConfigError naming the problem; `cdk synth` calls it through
 * parseServiceConfig, so a broken definition never reaches a deploy.
 */
export const serviceQuestionnaires = (
  service: Pick<ServiceConfig, 'questionnaires'>,
): ReadonlyMap<string, QuestionnaireDefinition> =>
  questionnaireCatalogue(service.questionnaires, stageQuestionnaireIds(service));
