import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readPortalFile } from '../local/portal-file.js';
import { loadServiceConfig } from '../shared/config/service-config.js';
import { documentClient, type Table } from '../shared/data/dynamo.js';
import { integrationKeys, type StoredKey } from '../shared/data/integration-keys.js';
import { integrationScopes, parseScopes } from '../shared/domain/integration-scopes.js';
import {
  createKey,
  findKey,
  grantScopes,
  type KeyAdmin,
  listKeys,
  revokeKey,
} from '../shared/integration-keys/manage-keys.js';

// `npm run keys`: integration keys for the Integration API, against the local portal's table
// (the default: `npm start` must be running) or, with --aws, a deployed stack's table found from
// the stack's TableName output with the caller's AWS credentials. See README, "Deploying".

export const usage = `Usage:
  npm run keys -- create --service <id> --name <label> --scopes <list> [--aws]
  npm run keys -- list   --service <id> [--aws]
  npm run keys -- revoke --service <id> <key id or label> [--aws]
  npm run keys -- grant  --service <id> <key id or label, or - to read the key from stdin> --scopes <list> [--aws]

Scopes (comma-separated, or all): ${integrationScopes.join(', ')}.
Without --aws it manages the keys of the local portal that \`npm start\` is running.`;

/** A refusal the admin can act on: printed as it is, without a stack trace. */
export class KeysCommandError extends Error {
  override name = 'KeysCommandError';
}

export type KeysTarget =
  | { readonly kind: 'local'; readonly serviceId: string | undefined }
  | { readonly kind: 'aws'; readonly serviceId: string };

export interface KeysCommandIo {
  table(target: KeysTarget): Promise<Table>;
  clock(): Date;
  out(text: string): void;
  /** The whole of standard input (only `grant -` reads it). */
  stdin(): Promise<string>;
}

const NOT_RUNNING =
  'No local portal is running. Start it with `npm start` in another terminal and run this again, ' +
  'or add --aws (with AWS credentials) to manage the keys of a deployed stack.';

/** The table of the portal `npm start` runs, from the file it writes under `dataDir`. */
export const localTable = (dataDir: string, serviceId: string | undefined): Table => {
  const running = readPortalFile(dataDir);
  if (!running) throw new KeysCommandError(NOT_RUNNING);
  if (serviceId && serviceId !== running.serviceId) {
    throw new KeysCommandError(
      `The local portal runs service "${running.serviceId}", not "${serviceId}". ` +
        'Use --service ' +
        `${running.serviceId}, or add --aws for a deployed stack.`,
    );
  }
  return { db: documentClient(running.dynamoDbEndpoint), name: running.tableName };
};

/** A deployed service's table: the TableName output of its stack, in the region of its config. */
export const awsTable = async (serviceId: string, root = '.'): Promise<Table> => {
  const configFile = join(root, 'infra', 'services', `${serviceId}.json`);
  if (!existsSync(configFile)) {
    throw new KeysCommandError(
      `There is no service "${serviceId}": infra/services/${serviceId}.json is missing.`,
    );
  }
  const { region } = loadServiceConfig(configFile).deployment;
  // Loaded only here: the stack module brings all of aws-cdk-lib, which local use never needs.
  const { stackNameOf } = await import('./portal-stack.js');
  const stackName = stackNameOf(serviceId);
  const cfn = new CloudFormationClient({ region });
  try {
    const { Stacks = [] } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const tableName = Stacks[0]?.Outputs?.find((o) => o.OutputKey === 'TableName')?.OutputValue;
    if (!tableName) throw new KeysCommandError(`Stack ${stackName} in ${region} has no TableName output.`);
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    return { db, name: tableName };
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'ValidationError') {
      throw new KeysCommandError(
        `There is no stack ${stackName} in ${region}: deploy it first (README, "Deploying").`,
      );
    }
    if (name === 'CredentialsProviderError') {
      throw new KeysCommandError(
        'No AWS credentials found: set AWS_PROFILE (or sign in with `aws sso login`).',
      );
    }
    throw e;
  } finally {
    cfn.destroy();
  }
};

const describeScopes = (k: StoredKey): string =>
  k.scopes.length > 0
    ? k.scopes.join(',')
    : k.hasScopesAttribute
      ? '(none)'
      : '(none: stored before scopes; add them with grant)';

const table = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

const lookupProblem = {
  'not-found': (ref: string) => `No key has the id or label "${ref}". \`npm run keys -- list\` shows them.`,
  'ambiguous-label': (ref: string) => `Several keys are labelled "${ref}": give the key id instead.`,
} as const;

/** Runs one command; the exit code is the result (0 done, 1 refused, 2 usage). */
export const runKeysCommand = async (argv: readonly string[], io: KeysCommandIo): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        service: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        aws: { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    io.out(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ref, ...extra] = positionals;
  const fail = (message: string, code = 1) => {
    io.out(message);
    return code;
  };
  if (values.aws && values.local) return fail('Give --aws or --local, not both.', 2);
  if (values.aws && !values.service) return fail(`--aws needs --service <id>.\n\n${usage}`, 2);
  if (extra.length > 0) return fail(`Unexpected arguments: ${extra.join(' ')}\n\n${usage}`, 2);

  const scopes = () => {
    const result = parseScopes(values.scopes ?? '');
    if (result.ok) return result.scopes;
    throw new KeysCommandError(
      result.problem === 'none'
        ? `Give --scopes, a comma-separated list of: ${integrationScopes.join(', ')} (or all).`
        : `Unknown scope${result.unknown.length > 1 ? 's' : ''}: ${result.unknown.join(', ')}. ` +
            `The scopes are: ${integrationScopes.join(', ')} (or all).`,
    );
  };
  const target: KeysTarget = values.aws
    ? { kind: 'aws', serviceId: values.service ?? '' }
    : { kind: 'local', serviceId: values.service };
  const admin = async (): Promise<KeyAdmin> => ({
    integrationKeys: integrationKeys(await io.table(target)),
    clock: io.clock,
  });
  const keyFrom = async (a: KeyAdmin, what: string | undefined) => {
    if (!what) throw new KeysCommandError(`Name the key: its id or label.\n\n${usage}`);
    const found = await findKey(a, what === '-' ? { key: (await io.stdin()).trim() } : { idOrLabel: what });
    if (!found.ok)
      throw new KeysCommandError(lookupProblem[found.reason](what === '-' ? 'from stdin' : what));
    return found.key;
  };

  try {
    switch (command) {
      case 'create': {
        const label = values.name?.trim() ?? '';
        if (!/^[\p{L}\p{N} ._:-]{1,64}$/u.test(label)) {
          return fail(
            'Give --name, a label of 1 to 64 letters, digits, spaces or . _ : - (e.g. "EPR north").',
            2,
          );
        }
        if (ref) return fail(`create takes no key id.\n\n${usage}`, 2);
        const wanted = scopes();
        const created = await createKey(await admin(), label, wanted);
        if (!created.ok) return fail(`A working key is already labelled "${label}": choose another label.`);
        io.out(
          [
            `Created key ${created.keyId} "${label}" with scopes ${wanted.join(', ')}.`,
            'The key is shown only now (the portal keeps only its hash). Put it in the EPR system:',
            '',
            `  ${created.key}`,
            '',
          ].join('\n'),
        );
        return 0;
      }
      case 'list': {
        const all = await listKeys(await admin());
        if (all.length === 0) return (io.out('No integration keys yet.'), 0);
        io.out(
          table([
            ['ID', 'LABEL', 'SCOPES', 'CREATED', 'REVOKED'],
            ...all.map((k) => [k.keyId, k.label, describeScopes(k), k.createdAt, k.revokedAt ?? '-']),
          ]),
        );
        return 0;
      }
      case 'revoke': {
        const a = await admin();
        const key = await keyFrom(a, ref);
        const outcome = await revokeKey(a, key);
        io.out(
          outcome === 'revoked'
            ? `Revoked key ${key.keyId} "${key.label}": it stops working now.`
            : `Key ${key.keyId} "${key.label}" was already revoked.`,
        );
        return 0;
      }
      case 'grant': {
        const wanted = scopes();
        const a = await admin();
        const key = await keyFrom(a, ref);
        if (key.revokedAt) return fail(`Key ${key.keyId} "${key.label}" is revoked: create a new one.`);
        const after = await grantScopes(a, key, wanted);
        io.out(`Key ${key.keyId} "${key.label}" now has scopes ${after.join(', ')}.`);
        return 0;
      }
      default:
        return fail(command ? `Unknown command "${command}".\n\n${usage}` : usage, 2);
    }
  } catch (e) {
    if (e instanceof KeysCommandError) return fail(e.message);
    // The portal stopped after writing its file (killed, not Ctrl-C): say what to do, not ECONNREFUSED.
    if (target.kind === 'local' && (e as { code?: string }).code === 'ECONNREFUSED') return fail(NOT_RUNNING);
    throw e;
  }
};
