import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tableActionsOf } from '../../infra/constructs/table-access.js';
import { lazyInEveryLambda, lazyModulesOf } from '../../infra/bundling.js';
import { ORIGIN_VERIFY_HEADER } from '../../infra/constructs/web.js';
import { createPortalApp, type PortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';
import { parseRuntimeConfig } from '../../shared/config/runtime-config.js';
import { readPreparedServiceConfig } from '../../shared/config/prepared-service-config.js';
import { loadServiceConfig, prepareServiceConfig } from '../../shared/config/service-config.js';
import { tableSchema } from '../../shared/data/table-schema.js';
import { defaultRoute, lambdaNames, routeKey, routes } from '../../shared/http/route-table.js';
import { tempServicesDir } from '../support/service-dirs.js';
import { TRACER_FILE } from '../../shared/observability/tracing.js';

// The deployed shape of one service's portal, read from the synthesized template. Most tests skip
// Lambda bundling for speed; one test bundles for real with local esbuild.

const skipBundling = { 'aws:cdk:bundling-stacks': [] };
/** Template checks do not need CDK's built-in CloudFormation schema check, which takes seconds. */
const fastApp = (context: Record<string, unknown>) => ({
  builtinCloudFormationValidation: false,
  context: { ...skipBundling, ...context },
});
const demoConfigFile = join(defaultServicesDir, 'demo.json');
const demo = loadServiceConfig(demoConfigFile);

const logicalIdOf = (stack: Stack, construct: IConstruct): string => {
  const resource = construct.node.defaultChild;
  if (!resource || !CfnElement.isCfnElement(resource))
    throw new Error(`${construct.node.path} has no resource`);
  return stack.getLogicalId(resource);
};

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new ServerlessChecks()];

const describeViolations = (pack: NagPack, app: PortalApp['app']): string[] =>
  pack
    .validateScope(app)
    .violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

/** Acknowledgements made for cdk-nag rules anywhere in the tree: where, which rule, why. */
const nagAcknowledgements = (root: IConstruct): { path: string; id: string; reason: string }[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason }))
      .filter(({ id }) => /^(AwsSolutions|HIPAA\.Security|Serverless)-/.test(id)),
  );

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const writeServiceFiles = (files: Record<string, unknown>): string => {
  const dir = tempServicesDir();
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
};

describe('PortalStack for the demo service', () => {
  let portal: PortalApp;
  let stack: PortalStack;
  let template: Template;

  beforeAll(() => {
    portal = createPortalApp({ appProps: fastApp({ service: 'demo' }) });
    const [only] = portal.stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    // Synthesizes the app, which also runs the cdk-nag plugins.
    template = Template.fromStack(stack);
  });

  it('is named after the service and deploys to the region in its config', () => {
    expect(portal.stacks).toHaveLength(1);
    expect(stack.stackName).toBe(`TherapyPortal-${demo.id}`);
    expect(stack.region).toBe(demo.deployment.region);
  });

  it("traces every portal function with X-Ray and names the service's stack on every log line", () => {
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } },
      }),
    ) as {
      Properties: { TracingConfig?: { Mode: string }; Environment: { Variables: Record<string, unknown> } };
    }[];
    expect(functions.length).toBeGreaterThan(5);
    for (const fn of functions) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(`TherapyPortal-${demo.id}`);
    }
  });

  describe('data', () => {
    it('keys the table on the string attributes pk and sk', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: tableSchema.partitionKey, AttributeType: 'S' },
          { AttributeName: tableSchema.sortKey, AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
      });
    });

    it('has every global secondary index of the table schema, with its keys', () => {
      for (const index of tableSchema.globalSecondaryIndexes) {
        template.hasResourceProperties('AWS::DynamoDB::Table', {
          GlobalSecondaryIndexes: Match.arrayWith([
            Match.objectLike({
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            }),
          ]),
          AttributeDefinitions: Match.arrayWith([
            { AttributeName: index.partitionKey, AttributeType: 'S' },
            { AttributeName: index.sortKey, AttributeType: 'S' },
          ]),
        });
      }
    });

    it('expires items by their expiresAt attribute', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      });
    });

    it('keeps point-in-time recovery and deletion protection on, and the table on stack deletion', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('encrypts the table with a customer-managed key that rotates', () => {
      const keyId = logicalIdOf(stack, stack.data.key);
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
      });
      expect(template.toJSON().Resources[keyId]).toMatchObject({
        Type: 'AWS::KMS::Key',
        Properties: { EnableKeyRotation: true },
      });
    });
  });

  describe('secrets', () => {
    it('generates the HMAC key: 64 letters and digits, encrypted with a customer-managed key, kept on deletion', () => {
      const resources = template.toJSON().Resources;
      expect(resources[logicalIdOf(stack, stack.secrets.hmacKey)]).toMatchObject({
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
          KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(stack, stack.secrets.key), 'Arn'] },
        },
        DeletionPolicy: 'Retain',
      });
    });

    it('generates the origin-verify value without punctuation, so it can travel as a header', () => {
      expect(template.toJSON().Resources[logicalIdOf(stack, stack.secrets.originVerify)]).toMatchObject({
        Type: 'AWS::SecretsManager::Secret',
        Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
      });
    });
  });

  describe('api', () => {
    const functionIdOf = (lambda: (typeof lambdaNames)[number]): string => {
      const fn = stack.api.functions.get(lambda);
      if (!fn) throw new Error(`no function for ${lambda}`);
      return logicalIdOf(stack, fn.function);
    };

    it('has one function per Lambda of the route table', () => {
      expect([...stack.api.functions.keys()]).toEqual([...lambdaNames]);
    });

    it('routes every entry of the route table to the function of its Lambda', () => {
      const resources = template.toJSON().Resources;
      for (const route of routes) {
        const found = template.findResources('AWS::ApiGatewayV2::Route', {
          Properties: { RouteKey: routeKey(route) },
        });
        const [only, ...others] = Object.values(found);
        expect(others, routeKey(route)).toHaveLength(0);
        const target = only?.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
        const integrationId = target['Fn::Join'][1][1].Ref;
        expect(resources[integrationId], routeKey(route)).toMatchObject({
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: {
            IntegrationType: 'AWS_PROXY',
            PayloadFormatVersion: '2.0',
            IntegrationUri: { 'Fn::GetAtt': [functionIdOf(route.lambda), 'Arn'] },
          },
        });
      }
    });

    it("sends whatever no route matches to the default route's function, which answers 404", () => {
      const resources = template.toJSON().Resources;
      const found = Object.values(
        template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: '$default' } }),
      );
      expect(found).toHaveLength(1);
      expect(defaultRoute.routeKey).toBe('$default');
      const target = found[0]?.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      expect(resources[target['Fn::Join'][1][1].Ref]).toMatchObject({
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: { IntegrationUri: { 'Fn::GetAtt': [functionIdOf(defaultRoute.lambda), 'Arn'] } },
      });
    });

    it('has no routes beyond the route table and its default route', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length + 1);
    });

    it('runs every portal function on Node.js 22, arm64, from the ESM bundle', () => {
      for (const lambda of lambdaNames) {
        expect(template.toJSON().Resources[functionIdOf(lambda)], lambda).toMatchObject({
          Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' },
        });
      }
    });

    it('gives every portal function the environment that runtime-config.ts accepts, and no local-only values', () => {
      const tableId = logicalIdOf(stack, stack.data.table);
      const hmacId = logicalIdOf(stack, stack.secrets.hmacKey);
      const originId = logicalIdOf(stack, stack.secrets.originVerify);
      for (const lambda of lambdaNames) {
        const all = template.toJSON().Resources[functionIdOf(lambda)].Properties.Environment.Variables;
        // The staff function's sign-in settings are checked under "staff sign-in" below.
        const {
          STAFF_OIDC_ISSUER,
          STAFF_OIDC_CLIENT_ID,
          STAFF_OIDC_LOGOUT_URL,
          PORTAL_ORIGIN,
          REMINDER_QUEUE_URL,
          WELCOME_KEY_ID,
          ...variables
        } = all;
        expect(
          Boolean(STAFF_OIDC_ISSUER && STAFF_OIDC_CLIENT_ID && STAFF_OIDC_LOGOUT_URL && PORTAL_ORIGIN),
          lambda,
        ).toBe(
          lambda === 'staff' ||
            lambda === 'staff-auth' ||
            lambda === 'staff-setup' ||
            lambda === 'staff-calendar' ||
            lambda === 'staff-appointments' ||
            lambda === 'staff-records' ||
            lambda === 'staff-reports',
        );
        // The functions that issue Secure IDs queue welcomes (docs/messages.md).
        const issuesSecureIds = lambda === 'integration' || lambda === 'staff-appointments';
        expect(REMINDER_QUEUE_URL, lambda).toEqual(
          issuesSecureIds ? { Ref: logicalIdOf(stack, stack.reminders.queue) } : undefined,
        );
        expect(WELCOME_KEY_ID, lambda).toEqual(
          issuesSecureIds
            ? { 'Fn::GetAtt': [logicalIdOf(stack, stack.reminders.welcomeKey), 'Arn'] }
            : undefined,
        );
        expect(variables, lambda).toEqual({
          TABLE_NAME: { Ref: tableId },
          SERVICE_CONFIG_PATH: '/var/task/service.json',
          HMAC_SECRET_ARN: { Ref: hmacId },
          ORIGIN_VERIFY_SECRET_ARN: { Ref: originId },
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'TherapyPortal-demo',
          POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
          POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
          AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
        });
        // What the function sees once CloudFormation has filled in the references.
        const deployed = {
          ...variables,
          TABLE_NAME: 'TherapyPortal-demo-DataTable-ABC',
          HMAC_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:HmacKey-abc',
          ORIGIN_VERIFY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:OriginVerify-abc',
        };
        const config = parseRuntimeConfig({
          ...deployed,
          ...(issuesSecureIds
            ? {
                REMINDER_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/111111111111/Queue-abc',
                WELCOME_KEY_ID: 'arn:aws:kms:eu-west-2:111111111111:key/abc',
              }
            : {}),
        });
        expect(config.welcomeSeal?.kind).toBe(issuesSecureIds ? 'kms' : undefined);
        expect(config.cookieSecure).toBe(true);
        expect(config.hmacSecret.kind).toBe('secrets-manager');
        expect(config.dynamoDbEndpoint).toBeUndefined();
      }
    });

    it('lets every function use the table items as table-access.ts lists, never scan, and read both secrets', () => {
      const tableArn = { 'Fn::GetAtt': [logicalIdOf(stack, stack.data.table), 'Arn'] };
      for (const lambda of lambdaNames) {
        const fn = stack.api.functions.get(lambda);
        if (!fn) throw new Error(lambda);
        const policies = Object.values(
          template.findResources('AWS::IAM::Policy', {
            Properties: { Roles: [{ Ref: logicalIdOf(stack, fn.role) }] },
          }),
        );
        const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement) as {
          Action: string | string[];
          Resource: unknown;
        }[];
        const actions = statements.flatMap((s) => s.Action);
        expect(actions, lambda).toEqual(expect.arrayContaining([...tableActionsOf(lambda)]));
        expect(
          actions.filter((a) => a.startsWith('dynamodb:')),
          lambda,
        ).not.toContain('dynamodb:Scan');
        expect(statements, lambda).toContainEqual(
          expect.objectContaining({
            Action: expect.arrayContaining(['dynamodb:GetItem']),
            Resource: expect.arrayContaining([tableArn]),
          }),
        );
        expect(statements, lambda).toContainEqual(
          expect.objectContaining({
            Action: expect.arrayContaining(['kms:Decrypt']),
            Resource: { 'Fn::GetAtt': [logicalIdOf(stack, stack.data.key), 'Arn'] },
          }),
        );
        for (const secret of [stack.secrets.hmacKey, stack.secrets.originVerify]) {
          expect(statements, lambda).toContainEqual({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: { Ref: logicalIdOf(stack, secret) },
          });
        }
      }
    });

    it('denies every function updating or deleting audit log entries (append-only, F23)', () => {
      const tableArn = { 'Fn::GetAtt': [logicalIdOf(stack, stack.data.table), 'Arn'] };
      for (const lambda of lambdaNames) {
        const fn = stack.api.functions.get(lambda);
        if (!fn) throw new Error(lambda);
        const statements = Object.values(
          template.findResources('AWS::IAM::Policy', {
            Properties: { Roles: [{ Ref: logicalIdOf(stack, fn.role) }] },
          }),
        ).flatMap((p) => p.Properties.PolicyDocument.Statement);
        expect(statements, lambda).toContainEqual({
          Sid: 'AuditLogIsAppendOnly',
          Effect: 'Deny',
          Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          Resource: tableArn,
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        });
      }
    });

    it('logs every function to a log group of its own, encrypted and with a retention period', () => {
      const logGroups = template.findResources('AWS::Logs::LogGroup');
      for (const lambda of lambdaNames) {
        const properties = template.toJSON().Resources[functionIdOf(lambda)].Properties;
        const logGroup = logGroups[properties.LoggingConfig.LogGroup.Ref];
        expect(logGroup?.Properties, lambda).toMatchObject({
          RetentionInDays: expect.any(Number),
          KmsKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
        });
      }
    });

    it('logs API access to an encrypted log group and throttles the default stage', () => {
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
      expect(stage).toHaveLength(1);
      const properties = stage[0]?.Properties;
      expect(properties).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: expect.any(Number),
          ThrottlingBurstLimit: expect.any(Number),
        },
      });
      const logGroupId = properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
      expect(template.toJSON().Resources[logGroupId].Properties).toMatchObject({
        RetentionInDays: expect.any(Number),
        KmsKeyId: expect.anything(),
      });
      expect(JSON.parse(properties.AccessLogSettings.Format)).toMatchObject({
        requestId: '$context.requestId',
      });
    });
  });

  describe('web', () => {
    const distributionConfig = () =>
      Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties
        .DistributionConfig;

    it('sends everything but /assets/* uncached to the HTTP API, with all methods', () => {
      const config = distributionConfig();
      expect(config.DefaultCacheBehavior).toMatchObject({
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      const apiOrigin = config.Origins.find(
        (o: { Id: string }) => o.Id === config.DefaultCacheBehavior.TargetOriginId,
      );
      expect(apiOrigin.DomainName).toEqual({
        'Fn::Select': [
          2,
          { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalIdOf(stack, stack.api.httpApi), 'ApiEndpoint'] }] },
        ],
      });
      expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    });

    it('adds the origin-verify header from the secret as a dynamic reference, never the value itself', () => {
      const config = distributionConfig();
      const apiOrigin = config.Origins.find(
        (o: { Id: string }) => o.Id === config.DefaultCacheBehavior.TargetOriginId,
      );
      expect(apiOrigin.OriginCustomHeaders).toEqual([
        {
          HeaderName: ORIGIN_VERIFY_HEADER,
          HeaderValue: {
            'Fn::Join': [
              '',
              [
                '{{resolve:secretsmanager:',
                { Ref: logicalIdOf(stack, stack.secrets.originVerify) },
                ':SecretString:::}}',
              ],
            ],
          },
        },
      ]);
    });

    it('serves /assets/* from the private bucket through Origin Access Control, over HTTPS', () => {
      const config = distributionConfig();
      const assets = config.CacheBehaviors.find(
        (b: { PathPattern: string }) => b.PathPattern === '/assets/*',
      );
      expect(assets).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
      });
      const origin = config.Origins.find((o: { Id: string }) => o.Id === assets.TargetOriginId);
      expect(origin).toMatchObject({
        DomainName: { 'Fn::GetAtt': [logicalIdOf(stack, stack.web.assets), 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] },
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalIdOf(stack, stack.web.assets) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('deploys the nhsuk-frontend CSS and the portal.css to /assets/, and the images to /assets/images/', () => {
      const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0]?.Properties;
      expect(deployment.DestinationBucketKeyPrefix).toBe('assets/');
      const assembly = portal.app.synth();
      const sourceDirs = (deployment.SourceObjectKeys as string[]).map((key) =>
        join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`),
      );
      const listings = sourceDirs.map((dir) => readdirSync(dir, { recursive: true }).map(String).sort());
      expect(listings).toContainEqual(['nhsuk-frontend.min.css']);
      expect(listings).toContainEqual(['portal.css']);
      expect(listings).toContainEqual(
        expect.arrayContaining(['images/favicon.svg', 'images/nhsuk-icon-180.png']),
      );
    });

    it('adds security headers to every response', () => {
      const config = distributionConfig();
      const policyIds = [config.DefaultCacheBehavior, ...config.CacheBehaviors].map(
        (b) => b.ResponseHeadersPolicyId.Ref,
      );
      const resources = template.toJSON().Resources;
      for (const id of policyIds) {
        expect(resources[id].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toMatchObject({
          StrictTransportSecurity: { Override: true, AccessControlMaxAgeSec: expect.any(Number) },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY' },
          ContentSecurityPolicy: { ContentSecurityPolicy: expect.stringContaining("frame-ancestors 'none'") },
        });
      }
    });

    it('logs CloudFront requests to the access-log bucket, without cookies', () => {
      expect(distributionConfig().Logging).toMatchObject({ IncludeCookies: false, Prefix: 'cloudfront/' });
    });
  });

  describe('staff sign-in', () => {
    const staffAuth = () => {
      if (!stack.staffAuth) throw new Error('no staff user pool');
      return stack.staffAuth;
    };
    const portalUrlUnder = (path: string) => ({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [logicalIdOf(stack, stack.web.distribution), 'DomainName'] }, path],
      ],
    });

    it('creates a user pool where only admins create accounts, by email invitation', () => {
      template.resourceCountIs('AWS::Cognito::UserPool', 1);
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: Match.objectLike({
          AllowAdminCreateUserOnly: true,
          InviteMessageTemplate: Match.objectLike({ EmailMessage: Match.stringLikeRegexp('\\{####\\}') }),
        }),
        UsernameAttributes: ['email'],
        DeletionProtection: 'ACTIVE',
      });
    });

    it('requires MFA with an authenticator app (TOTP) and never SMS', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      });
      const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
      expect(pool?.Properties.SmsConfiguration).toBeUndefined();
    });

    it('has a strong password policy and threat protection on', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      });
    });

    it('has the groups admin, clinician and scheduler, in that precedence', () => {
      const poolRef = { Ref: logicalIdOf(stack, staffAuth().userPool) };
      template.resourceCountIs('AWS::Cognito::UserPoolGroup', 3);
      ['admin', 'clinician', 'scheduler'].forEach((GroupName, Precedence) =>
        template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
          GroupName,
          Precedence,
          UserPoolId: poolRef,
        }),
      );
    });

    it('has an app client for the code flow only, without a secret, calling back to /staff/callback on the portal', () => {
      template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        SupportedIdentityProviders: ['COGNITO'],
        CallbackURLs: [portalUrlUnder('/staff/callback')],
        LogoutURLs: [portalUrlUnder('/staff/signed-out')],
        PreventUserExistenceErrors: 'ENABLED',
      });
      const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
      // No sign-in straight against the pool with a password: only through the hosted pages.
      expect(client?.Properties.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    });

    it('has a hosted sign-in domain', () => {
      template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    });

    it.each([
      'staff-auth',
      'staff',
      'staff-setup',
      'staff-calendar',
      'staff-appointments',
      'staff-records',
      'staff-reports',
    ] as const)(
      'gives the %s function the pool as issuer, the client id, the sign-out URL and the portal origin',
      (lambda) => {
        const staff = stack.api.functions.get(lambda);
        if (!staff) throw new Error(`no ${lambda} function`);
        const variables =
          template.toJSON().Resources[logicalIdOf(stack, staff.function)].Properties.Environment.Variables;
        expect(JSON.stringify(variables.STAFF_OIDC_ISSUER)).toContain(
          logicalIdOf(stack, staffAuth().userPool),
        );
        expect(variables.STAFF_OIDC_CLIENT_ID).toEqual({ Ref: logicalIdOf(stack, staffAuth().client) });
        expect(JSON.stringify(variables.STAFF_OIDC_LOGOUT_URL)).toContain(
          logicalIdOf(stack, staffAuth().domain),
        );
        expect(variables.PORTAL_ORIGIN).toEqual({
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [logicalIdOf(stack, stack.web.distribution), 'DomainName'] }],
          ],
        });
      },
    );
  });

  it('outputs the portal URL and the table name', () => {
    template.hasOutput('PortalUrl', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [logicalIdOf(stack, stack.web.distribution), 'DomainName'] }],
        ],
      },
    });
    template.hasOutput('TableName', { Value: { Ref: logicalIdOf(stack, stack.data.table) } });
  });

  describe('cdk-nag', () => {
    it('leaves no unacknowledged AwsSolutions, HIPAA Security or Serverless finding', () => {
      for (const pack of packs()) {
        expect(describeViolations(pack, portal.app), pack.name).toEqual([]);
      }
    });

    it('acknowledges only findings that really occur, each with a reason', () => {
      const acknowledgements = nagAcknowledgements(portal.app);
      expect(acknowledgements.length).toBeGreaterThan(0);
      // The same app with every acknowledgement ignored shows what the packs really find.
      const ignore = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
      let bare: PortalApp;
      try {
        bare = createPortalApp({ appProps: fastApp({ service: 'demo' }) });
      } finally {
        ignore.mockRestore();
      }
      const findings = packs().flatMap((pack) => pack.validateScope(bare.app).violations);
      for (const { path, id, reason } of acknowledgements) {
        const occurs = findings.some(
          (f) =>
            f.ruleName === id &&
            f.violatingResources.some(
              (r) => r.constructPath === path || r.constructPath?.startsWith(`${path}/`),
            ),
        );
        expect(occurs, `${id} at ${path} acknowledges nothing`).toBe(true);
        expect(reason.length, `${id} at ${path}`).toBeGreaterThan(40);
      }
    });

    it('fails the synth when a finding is not acknowledged', () => {
      const ignore = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
      try {
        const { app } = createPortalApp({ appProps: fastApp({ service: 'demo' }) });
        expect(() => app.synth()).toThrow(/AwsSolutions-SMG4/);
      } finally {
        ignore.mockRestore();
      }
    });
  });
});

describe('service configs', () => {
  const { id: _id, name: _name, ...demoWithoutIdAndName } = JSON.parse(readFileSync(demoConfigFile, 'utf8'));

  it('fails the synth with a message naming the field when a config has no name', () => {
    const dir = writeServiceFiles({ 'broken.json': { id: 'broken', ...demoWithoutIdAndName } });
    expect(() => createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'broken' }) })).toThrow(
      /broken\.json is not a valid service config[\s\S]*\bname\b/,
    );
  });

  it('refuses a config whose id is not its file name, since the stack is named after the id', () => {
    const dir = writeServiceFiles({ 'north.json': { id: 'south', name: 'South', ...demoWithoutIdAndName } });
    expect(() => createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'north' }) })).toThrow(
      /rename it south\.json/,
    );
  });

  it('names the known services when asked for an unknown one', () => {
    expect(() => createPortalApp({ appProps: fastApp({ service: 'nowhere' }) })).toThrow(
      /No service "nowhere".*\bdemo\b/,
    );
  });

  it('builds one stack per config file for service=all, each in its own account and region', () => {
    const dir = writeServiceFiles({
      'east.json': { id: 'east', name: 'East Talking Therapies', ...demoWithoutIdAndName },
      'west.json': {
        id: 'west',
        name: 'West Talking Therapies',
        ...demoWithoutIdAndName,
        deployment: { account: '123456789012', region: 'eu-west-1' },
      },
    });
    const { app, stacks } = createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'all' }) });
    expect(stacks.map((s) => s.stackName)).toEqual(['TherapyPortal-east', 'TherapyPortal-west']);
    expect(stacks[1]?.account).toBe('123456789012');
    expect(stacks[1]?.region).toBe('eu-west-1');
    // The acknowledgements that name account or region still match: the synth's nag check passes.
    expect(() => app.synth()).not.toThrow();
  });
});

describe('a service with an outside staff identity provider', () => {
  it('creates no user pool, and the staff function reaches the portal at the config’s portalUrl', () => {
    const demoConfig = JSON.parse(readFileSync(demoConfigFile, 'utf8'));
    const dir = writeServiceFiles({
      'north.json': {
        ...demoConfig,
        id: 'north',
        portalUrl: 'https://portal.north.example',
        staffIdentityProvider: {
          issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
          clientId: 'app-id',
          roleClaim: 'roles',
          roles: { 'Portal.Admins': 'admin' },
        },
      },
    });
    const { stacks } = createPortalApp({ servicesDir: dir, appProps: fastApp({ service: 'north' }) });
    const [north] = stacks;
    if (!north) throw new Error('no stack');
    const template = Template.fromStack(north);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    const staff = north.api.functions.get('staff');
    if (!staff) throw new Error('no staff function');
    const variables =
      template.toJSON().Resources[logicalIdOf(north, staff.function)].Properties.Environment.Variables;
    expect(variables.PORTAL_ORIGIN).toBe('https://portal.north.example');
    expect(variables.STAFF_OIDC_ISSUER).toBeUndefined();
    expect(variables.STAFF_OIDC_CLIENT_ID).toBeUndefined();
  });
});

describe('Lambda bundles', () => {
  it('are built by local esbuild (no Docker) as index.mjs with the prepared service config and the tracer beside it', async () => {
    const { app, stacks } = createPortalApp({
      appProps: {
        builtinCloudFormationValidation: false,
        context: { service: 'demo', 'aws:cdk:enable-asset-metadata': true },
      },
    });
    const [stack] = stacks;
    if (!stack) throw new Error('no stack');
    const assembly = app.synth();
    const resources = assembly.getStackByName(stack.stackName).template.Resources;
    // The HTTP Lambdas and the three that answer queue, schedule and SNS events.
    const functions = new Map([
      ...lambdaNames.map((lambda) => [lambda, stack.api.functions.get(lambda)] as const),
      ['reminder-scan', stack.reminders.scan],
      ['notify', stack.reminders.notify],
      ['delivery-status', stack.deliveryStatus.function],
    ]);
    const tracerFiles = new Set<string>();
    for (const [lambda, fn] of functions) {
      if (!fn) throw new Error(lambda);
      const assetDir = join(
        assembly.directory,
        resources[logicalIdOf(stack, fn.function)].Metadata['aws:asset:path'],
      );
      // A Lambda's lazy modules (infra/bundling.ts) are installed beside the bundle from the lock
      // file; every Lambda has some (Powertools Metrics). Beside them, the tracer in one file.
      const lazy = lazyModulesOf(lambda);
      expect(lazy).toEqual(expect.arrayContaining([...lazyInEveryLambda]));
      expect(readdirSync(assetDir).sort(), lambda).toEqual([
        'index.mjs',
        'index.mjs.map',
        'node_modules',
        'package-lock.json',
        'package.json',
        TRACER_FILE,
        'service.json',
      ]);
      tracerFiles.add(readFileSync(join(assetDir, TRACER_FILE), 'utf8'));
      // Scoped ones (@aws-sdk/client-sqs) sit a folder deeper.
      for (const name of lazy)
        expect(existsSync(join(assetDir, 'node_modules', name, 'package.json')), `${lambda} ${name}`).toBe(
          true,
        );
      // Synth's output (defaults applied, questionnaires built), which the cold start reads
      // without the schema: not the admin's file.
      const demo = loadServiceConfig(demoConfigFile);
      expect(JSON.parse(readFileSync(join(assetDir, 'service.json'), 'utf8'))).toEqual(
        prepareServiceConfig(demo),
      );
      const loaded = readPreparedServiceConfig(join(assetDir, 'service.json'));
      expect(loaded.service).toEqual(demo);
      expect([...loaded.questionnaires.keys()]).toEqual(['phq-9', 'gad-7', 'wsas', 'iapt-phobia']);
      const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'module';"), lambda).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{[^}]*\bhandler\b/);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // Everything but Node's own modules is inside the bundle, the AWS SDK included: the
      // bundle's static imports, as esbuild reads them, are Node built-ins only.
      const { metafile } = buildSync({
        entryPoints: [join(assetDir, 'index.mjs')],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
      });
      const staticImports = Object.values(metafile.inputs).flatMap((input) =>
        input.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
      );
      expect(
        staticImports.filter((specifier) => !isBuiltin(specifier)),
        lambda,
      ).toEqual([]);
    }
    expect(existsSync(assembly.directory)).toBe(true);
    // One tracer file, the same beside every bundle, that gives what tracing.ts takes from it.
    expect(tracerFiles.size).toBe(1);
    const tracer = (await import(pathToFileURL(join(assembly.directory, TRACER_FILE)).href)) as Record<
      string,
      unknown
    >;
    expect(typeof tracer.Tracer).toBe('function');
    expect(typeof tracer.captureLambdaHandler).toBe('function');
    // It bundles all 18 functions and installs each one's lazy modules with npm: about a minute
    // alone, several on 2 cores busy with the other test files.
  }, 600_000);
});
