import { readFileSync } from 'node:fs';
import type { QuestionnaireDefinition } from '../domain/questionnaires/definition.js';
import type { ServiceConfig } from './service-config.js';

// The service config as the Lambdas read it: the output of `cdk synth`, not the admin's file.
// Synth parses infra/services/<id>.json with the zod schema (defaults applied, time zone checked),
// builds and validates every questionnaire the stages ask for, and writes the result here
// (prepareServiceConfig in service-config.ts); PortalFunction ships that file in each bundle. A
// cold start only reads it back. Validating it again would find nothing new: synth is the gate,
// and this file is synth's own output, shipped as part of the code version it was built with.
// Not running the schemas here keeps zod's config and questionnaire-definition schemas (and the
// time-zone data the check loads) out of the bundles and out of the cold start. The local
// runtime and the tests load through the same functions.
//
// This module must not import the schemas (service-config.ts, definition.ts's values,
// builtin.ts): type imports only, or they would be bundled again.

/** Marks a prepared file, so an admin's raw file (no defaults applied) is refused, not trusted. */
export const PREPARED_SERVICE_CONFIG_FORMAT = 'therapy-portal/prepared-service-config/1';

export interface PreparedServiceConfig {
  readonly format: typeof PREPARED_SERVICE_CONFIG_FORMAT;
  readonly service: ServiceConfig;
  /** The service's questionnaires, built and validated at synth, in catalogue order. */
  readonly questionnaires: readonly QuestionnaireDefinition[];
}

/** What a Lambda's Deps are built from. */
export interface LoadedServiceConfig {
  readonly service: ServiceConfig;
  /** The service's questionnaires by id: built-ins with its wording, plus its own. */
  readonly questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
}

export class PreparedServiceConfigError extends Error {
  override name = 'PreparedServiceConfigError';
}

export const fromPreparedServiceConfig = (prepared: PreparedServiceConfig): LoadedServiceConfig => ({
  service: prepared.service,
  questionnaires: new Map(prepared.questionnaires.map((q) => [q.id, q])),
});

/** Reads a prepared config (SERVICE_CONFIG_PATH): a cold start's only work on the service config. */
export const readPreparedServiceConfig = (path: string): LoadedServiceConfig => {
  let prepared: Partial<PreparedServiceConfig> | undefined;
  try {
    prepared = JSON.parse(readFileSync(path, 'utf8')) as Partial<PreparedServiceConfig>;
  } catch (e) {
    throw new PreparedServiceConfigError(`${path} could not be read as JSON: ${(e as Error).message}`);
  }
  if (prepared?.format !== PREPARED_SERVICE_CONFIG_FORMAT || !prepared.service || !prepared.questionnaires) {
    throw new PreparedServiceConfigError(
      `${path} is not a prepared service config: the Lambdas read the file synth writes from ` +
        `infra/services/<id>.json (prepareServiceConfig), never the admin's file itself`,
    );
  }
  return fromPreparedServiceConfig(prepared as PreparedServiceConfig);
};
