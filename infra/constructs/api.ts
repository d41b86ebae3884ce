import { CfnElement, Fn, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { keys } from '../../shared/data/keys.js';
import { Construct } from 'constructs';
import {
  defaultRoute,
  entryFileOf,
  type LambdaName,
  lambdaNames,
  routeKey,
  routes,
} from '../../shared/http/route-table.js';
import { PortalFunction, type PortalFunctionEnvironment } from './portal-function.js';
import { grantTableAccess } from './table-access.js';
import { lazyModulesOf } from '../bundling.js';

// The HTTP API: one function per capability and one route per entry of the shared route table,
// the same table the local server dispatches with.

export interface ApiProps extends PortalFunctionEnvironment {
  readonly serviceId: string;
}

/** Stage-wide limits, well above what one service's patients and staff generate. */
const throttle = { rateLimit: 100, burstLimit: 200 };

// Fields useful to trace a request; no path (it can carry a patient id), no query, no headers.
// sourceIp is a CloudFront address, unless someone calls the execute-api URL directly.
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
    sourceIp: '$context.identity.sourceIp',
  }),
);

const constructIdOf = (lambda: LambdaName): string =>
  lambda.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

/**
 * Item reads and writes, transactions included (they authorise as the single-item actions).
 * No Scan: every access pattern is a Query or GetItem (DESIGN.md, "Data"), and IAM holds to it.
 */
export const tableItemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The wildcards in the table grants, each for a reason of its own. */
export const acknowledgeTableGrant = (fn: PortalFunction, table: ITable): void => {
  const tableResource = table.node.defaultChild;
  if (!tableResource || !CfnElement.isCfnElement(tableResource))
    throw new Error('The table has no CloudFormation resource');
  const tableLogicalId = Stack.of(table).getLogicalId(tableResource);
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
    reason:
      "Queries on the table's own indexes (shared/data/table-schema.ts) need their ARNs; the wildcard covers no other table.",
  });
  for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason:
        "DynamoDB needs these to encrypt items with the table's customer-managed key; the statement names that one key.",
    });
  }
};

/**
 * The audit log is append-only (F23): no function may update or delete an AUDIT# item. An
 * explicit Deny wins over the table grant whatever it allows. A put cannot be conditioned in IAM,
 * so the code's puts carry `attribute_not_exists` (shared/data/audit-log.ts) and keys hold a
 * random id: an existing entry cannot be named, let alone overwritten.
 */
export const AUDIT_REWRITE_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
export const denyAuditRewrites = (fn: PortalFunction, table: ITable): void => {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'AuditLogIsAppendOnly',
      effect: Effect.DENY,
      actions: [...AUDIT_REWRITE_ACTIONS],
      resources: [table.tableArn],
      conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${keys.AUDIT_PREFIX}*`] } },
    }),
  );
};

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyMap<LambdaName, PortalFunction>;
  /** The execute-api host name, for CloudFront's origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `therapy-portal-${props.serviceId}`,
      description: `Therapy portal ${props.serviceId}: reached through CloudFront only`,
      // The stage is created below, with access logging and throttling.
      createDefaultStage: false,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(props.logging.logGroup(this, 'AccessLogs')),
        format: accessLogFormat,
      },
    });
    // apiEndpoint is https://<id>.execute-api.<region>.amazonaws.com
    this.domainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));

    const functions = new Map<LambdaName, PortalFunction>();
    for (const lambda of lambdaNames) {
      const fn = new PortalFunction(this, constructIdOf(lambda), {
        ...props,
        entry: entryFileOf(lambda),
        lazyModules: lazyModulesOf(lambda),
        description: `Therapy portal ${props.serviceId}: ${lambda}`,
      });
      // The item actions its repositories use (table-access.ts), with the table's key, and read
      // its two secrets (the grant includes decrypting with their key).
      grantTableAccess(lambda, fn, props.table);
      denyAuditRewrites(fn, props.table);
      props.table.encryptionKey?.grantEncryptDecrypt(fn.function);
      props.hmacKey.grantRead(fn.function);
      props.originVerify.grantRead(fn.function);
      acknowledgeTableGrant(fn, props.table);
      functions.set(lambda, fn);
    }
    this.functions = functions;

    const integrations = new Map(
      [...functions].map(([lambda, fn]) => [
        lambda,
        new HttpLambdaIntegration(`${constructIdOf(lambda)}Integration`, fn.function),
      ]),
    );
    for (const route of routes) {
      const integration = integrations.get(route.lambda);
      if (!integration) throw new Error(`Route ${routeKey(route)} names an unknown lambda ${route.lambda}`);
      this.httpApi.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    }
    // What no route above matches: the portal's 404 page or JSON error, not API Gateway's text.
    // Made in the API's scope, as addRoutes makes the others, so the acknowledgement below covers it.
    const fallback = integrations.get(defaultRoute.lambda);
    if (!fallback) throw new Error(`The default route names an unknown lambda ${defaultRoute.lambda}`);
    new HttpRoute(this.httpApi, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: fallback,
    });

    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authentication is in the functions: patients by session cookie, EPR systems by bearer integration key (API.md), and sign-in pages are public by design. Every request must also carry the x-origin-verify header that only CloudFront adds.',
    });
  }
}
