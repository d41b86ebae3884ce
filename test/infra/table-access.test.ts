import { readFileSync } from 'node:fs';
import { CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PortalFunction } from '../../infra/constructs/portal-function.js';
import { tableAccess, tableActions, tableActionsOf } from '../../infra/constructs/table-access.js';
import { createPortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { fromProjectRoot } from '../../infra/project-paths.js';
import { lambdaNames } from '../../shared/http/route-table.js';

// Least privilege on the table (issue 15, item 8). What each Lambda may do is read from the
// source: the repositories its wiring names, and the commands and transaction items of each
// repository (and the shared/data modules it imports). The table in infra/constructs/table-access.ts
// must match, so a new repository call, a new wiring entry or a new Lambda fails here first.

const read = (path: string): string => readFileSync(fromProjectRoot(path), 'utf8');

const commandActions: Record<string, string> = {
  'new GetCommand': 'dynamodb:GetItem',
  'new TransactGetCommand': 'dynamodb:GetItem',
  'new BatchGetCommand': 'dynamodb:BatchGetItem',
  'new QueryCommand': 'dynamodb:Query',
  'queryAll(': 'dynamodb:Query',
  'new PutCommand': 'dynamodb:PutItem',
  'new UpdateCommand': 'dynamodb:UpdateItem',
  'new DeleteCommand': 'dynamodb:DeleteItem',
  'new BatchWriteCommand': 'dynamodb:BatchWriteItem',
};
// Items of a TransactWriteItems call authorise as the single-item actions.
const transactionItems: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};
/** Helpers every repository imports that make no call of their own (dynamo.js: queryAll is counted). */
const notRepositories = new Set(['keys', 'table-schema', 'setup-schemas']);

/** The actions a shared/data module's source uses, with those of the modules it imports (not types). */
const moduleActions = (module: string, seen = new Set<string>()): Set<string> => {
  if (seen.has(module) || notRepositories.has(module) || module === 'dynamo') return new Set();
  seen.add(module);
  const source = read(`shared/data/${module}.ts`);
  const actions = new Set<string>();
  for (const [call, action] of Object.entries(commandActions)) if (source.includes(call)) actions.add(action);
  for (const [item, action] of Object.entries(transactionItems)) {
    if (new RegExp(`\\b${item}\\s*:\\s*\\{`).test(source)) actions.add(action);
  }
  for (const [, imported] of source.matchAll(/^import \{[^}]*\} from '\.\/([\w-]+)\.js';/gm)) {
    for (const action of moduleActions(imported ?? '', seen)) actions.add(action);
  }
  return actions;
};

/** Deps part (shared/deps.ts) → the shared/data module its repository comes from; none for SQS, OIDC. */
const partModules = (): Map<string, string> => {
  const deps = read('shared/deps.ts');
  const moduleOf = new Map(
    [...deps.matchAll(/^import \{ (\w+) \} from '\.\/data\/([\w-]+)\.js';/gm)].map(([, fn, file]) => [
      fn,
      file,
    ]),
  );
  const parts = new Map<string, string>();
  for (const [, part, body] of deps.matchAll(
    /^export const wire(\w+) = \(core: DepsCore\) =>([\s\S]*?);\n/gm,
  )) {
    const repository = /(\w+)\(core\.table\b/.exec(body ?? '')?.[1];
    const file = repository ? moduleOf.get(repository) : undefined;
    if (part && file) parts.set(part.charAt(0).toLowerCase() + part.slice(1), file);
  }
  return parts;
};

/** The table-touching Deps parts each Lambda wires. */
const wiredRepositories = (): Map<string, string[]> => {
  const modules = partModules();
  const wiring = new Map<string, string[]>();
  for (const lambda of lambdaNames) {
    const source = read(`shared/http/lambdas/${lambda}.ts`);
    const block = /Wiring: DepsWiring = \{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
    const parts = [...block.matchAll(/^\s+(\w+): wire\w+,/gm)].map(([, part]) => part ?? '');
    wiring.set(
      lambda,
      parts.filter((part) => modules.has(part)),
    );
  }
  const messaging = read('shared/messaging-deps.ts');
  for (const [lambda, factory] of [
    ['reminder-scan', 'createScanDeps'],
    ['notify', 'createNotifyDeps'],
    ['delivery-status', 'createDeliveryStatusDeps'],
  ] as const) {
    const body = new RegExp(`export const ${factory} = [\\s\\S]*?\\n\\};`).exec(messaging)?.[0] ?? '';
    wiring.set(
      lambda,
      [...body.matchAll(/^\s+(\w+): (\w+)\(table\b/gm)].map(([, part]) => part ?? ''),
    );
  }
  return wiring;
};

const logicalIdOf = (stack: Stack, construct: IConstruct): string => {
  const resource = construct.node.defaultChild;
  if (!resource || !CfnElement.isCfnElement(resource))
    throw new Error(`${construct.node.path} has no resource`);
  return stack.getLogicalId(resource);
};

describe('table access per Lambda', () => {
  const wiring = wiredRepositories();
  const modules = partModules();
  const derived = (lambda: string): string[] => {
    const actions = new Set<string>();
    for (const part of wiring.get(lambda) ?? []) {
      for (const action of moduleActions(modules.get(part) ?? part)) actions.add(action);
    }
    return [...actions].sort();
  };

  it('reads the wiring of every Lambda from the source', () => {
    expect(wiring.get('patient-session')).toContain('healthProbe');
    expect(wiring.get('reminder-scan')).toEqual([
      'todos',
      'reminders',
      'staffAlerts',
      'notices',
      'appointmentRequests',
      'clinicians',
    ]);
    expect(derived('patient-session')).toContain('dynamodb:GetItem');
  });

  it('lists every Lambda of the route table and the message Lambdas: an unlisted one gets full access', () => {
    // Lambdas still on full item read and write. Add a new Lambda to table-access.ts, not here.
    const exceptions: string[] = [];
    const unlisted = [...wiring.keys()].filter((lambda) => !(lambda in tableAccess));
    expect(unlisted).toEqual(exceptions);
    expect(tableActionsOf('a-lambda-not-yet-listed')).toEqual(tableActions);
  });

  it.each([...wiring.keys()].filter((lambda) => lambda in tableAccess))(
    '%s: lists the repositories it wires and the actions they use, or fewer with a reason',
    (lambda) => {
      const access = tableAccess[lambda];
      if (!access) throw new Error(lambda);
      expect([...access.repositories].sort()).toEqual([...(wiring.get(lambda) ?? [])].sort());
      const granted = [...access.actions].sort();
      const needed = derived(lambda);
      for (const action of granted) expect(needed, `${lambda} is granted ${action}`).toContain(action);
      if (access.narrowed === undefined) expect(granted).toEqual(needed);
      else expect(access.narrowed.length).toBeGreaterThan(40);
    },
  );

  describe('in the synthesized demo stack', () => {
    let stack: PortalStack;
    let template: Template;
    const functions = (): [string, PortalFunction][] => [
      ...[...stack.api.functions].map(([lambda, fn]): [string, PortalFunction] => [lambda, fn]),
      ['reminder-scan', stack.reminders.scan],
      ['notify', stack.reminders.notify],
      ['delivery-status', stack.deliveryStatus.function],
    ];
    const statementsOf = (fn: PortalFunction) =>
      Object.values(
        template.findResources('AWS::IAM::Policy', {
          Properties: { Roles: [{ Ref: logicalIdOf(stack, fn.role) }] },
        }),
      ).flatMap((p) => p.Properties.PolicyDocument.Statement) as {
        Effect: string;
        Action: string | string[];
        Sid?: string;
      }[];
    const allowedTableActions = (fn: PortalFunction): string[] =>
      statementsOf(fn)
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) => s.Action)
        .filter((a) => a.startsWith('dynamodb:'))
        .sort();

    beforeAll(() => {
      const [only] = createPortalApp({
        appProps: {
          builtinCloudFormationValidation: false,
          context: { 'aws:cdk:bundling-stacks': [], service: 'demo' },
        },
      }).stacks;
      if (!only) throw new Error('no stack');
      stack = only;
      template = Template.fromStack(stack);
    });

    it('gives each function exactly its listed item actions, and keeps the audit log append-only', () => {
      for (const [lambda, fn] of functions()) {
        expect(allowedTableActions(fn), lambda).toEqual([...tableActionsOf(lambda)].sort());
        expect(
          statementsOf(fn).some((s) => s.Sid === 'AuditLogIsAppendOnly' && s.Effect === 'Deny'),
          lambda,
        ).toBe(true);
      }
    });

    it('no longer gives every function full read and write', () => {
      const questionnaires = stack.api.functions.get('questionnaires');
      if (!questionnaires) throw new Error('questionnaires');
      expect(allowedTableActions(questionnaires)).not.toContain('dynamodb:DeleteItem');
      expect(allowedTableActions(questionnaires)).not.toContain('dynamodb:BatchGetItem');
      // The reminder scan claims reminders, queues alerts and notices, and expires stale requests
      // (deleting their copies and cells): it reads no batch of patients.
      for (const action of ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']) {
        expect(allowedTableActions(stack.reminders.scan)).not.toContain(action);
      }
      // No function writes in batches: BatchWriteItem would pass over the audit log's conditions.
      for (const [lambda, fn] of functions()) {
        expect(allowedTableActions(fn), lambda).not.toContain('dynamodb:BatchWriteItem');
        expect(allowedTableActions(fn), lambda).not.toContain('dynamodb:Scan');
      }
      // GET /api/health reads the HEALTH item.
      const session = stack.api.functions.get('patient-session');
      if (!session) throw new Error('patient-session');
      expect(allowedTableActions(session)).toContain('dynamodb:GetItem');
    });
  });
});
