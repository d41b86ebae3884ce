import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RuntimeConfig } from '../config/runtime-config.js';

/** Fetched once per cold start: the key never changes under a running function. */
export const loadHmacSecret = async (source: RuntimeConfig['hmacSecret']): Promise<string> => {
  if (source.kind === 'inline') return source.value;
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: source.arn }));
  if (!answer.SecretString) throw new Error('The HMAC secret has no string value');
  return answer.SecretString;
};

export const loadOriginVerifySecret = async (arn: string | undefined): Promise<string | undefined> => {
  if (!arn) return undefined;
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  return answer.SecretString;
};
