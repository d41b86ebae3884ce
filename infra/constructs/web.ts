import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  Annotations,
  CfnElement,
  DefaultStackSynthesizer,
  Duration,
  type SecretValue,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  type ResponseCustomHeader,
  SecurityPolicyProtocol,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { BrandFile } from '../../shared/config/brand-files.js';
import { ASSET_URL_PREFIX, assetSources } from '../../shared/web/assets.js';
import { fromProjectRoot } from '../project-paths.js';
import type { Logging } from './logging.js';

// What the browser talks to: one CloudFront distribution. /assets/* comes from a private S3
// bucket (nhsuk-frontend's CSS, images and icons, and the portal's own stylesheet); everything
// else goes, uncached, to the API.

export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
export const ASSETS_PATH_PATTERN = `${ASSET_URL_PREFIX}/*`;

export interface WebProps {
  /** Shown in the distribution's comment, so the console tells two services apart. */
  readonly serviceId: string;
  /** The execute-api host name of the HTTP API. */
  readonly apiDomainName: string;
  /** Sent to the API as x-origin-verify; the Lambdas refuse requests that lack it. */
  readonly originVerifyValue: SecretValue;
  readonly logging: Logging;
  /** The service's own host name and its us-east-1 certificate (config `customDomain`). */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string } | undefined;
  /** A branded service's stylesheet and logo (shared/config/brand-files.ts), under /assets/brand/. */
  readonly brandFiles?: readonly BrandFile[];
  /** The web ACL CloudFront filters with; absent only when the service config turns WAF off. */
  readonly webAclArn?: string;
}

/**
 * The brand files in a folder laid out as they are served below /assets/, for one more source of
 * the same deployment (a second deployment under the same prefix would prune the first's files).
 */
const stageBrandFiles = (files: readonly BrandFile[]): string => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-brand-'));
  for (const file of files) {
    const path = join(dir, file.url.slice(ASSET_URL_PREFIX.length + 1));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }
  return dir;
};

const stylesheetFile = fromProjectRoot(assetSources.stylesheet.file);
const portalStylesheetFile = fromProjectRoot(assetSources.portalStylesheet.file);

// Applies to every response. CSP is a fallback (override: false): the Lambdas send their own
// (shared/http/middlewares.ts); this covers the assets. Fonts come from assets.nhs.uk.
const securityHeaders: ResponseSecurityHeadersBehavior = {
  strictTransportSecurity: {
    accessControlMaxAge: Duration.days(730),
    includeSubdomains: true,
    override: true,
  },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
  referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
  contentSecurityPolicy: {
    contentSecurityPolicy:
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' https://assets.nhs.uk; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    override: false,
  },
};
const permissionsPolicy: ResponseCustomHeader = {
  header: 'Permissions-Policy',
  value: 'camera=(), microphone=(), geolocation=(), payment=()',
  override: true,
};

export class Web extends Construct {
  readonly distribution: Distribution;
  readonly assets: Bucket;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);

    this.assets = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: props.logging.accessLogBucket,
      serverAccessLogsPrefix: 'assets-bucket/',
    });
    Validations.of(this.assets).acknowledge({
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason:
        'The bucket holds only public nhsuk-frontend files (CSS, icons) that anyone can download from npm; SSE-S3 encrypts them at rest without a key policy for CloudFront.',
    });
    Validations.of(this.assets).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Every deploy rebuilds the bucket contents from the nhsuk-frontend package; there is nothing to restore from a replica.',
    });

    const deployment = new BucketDeployment(this, 'DeployAssets', {
      destinationBucket: this.assets,
      // shared/web/assets.ts lists what is served under /assets/, for this bucket and the local server.
      destinationKeyPrefix: `${ASSET_URL_PREFIX.slice(1)}/`,
      sources: [
        // The stylesheet alone from its folder.
        Source.asset(dirname(stylesheetFile), { exclude: ['*', `!${basename(stylesheetFile)}`] }),
        // The portal's own stylesheet, alone from its folder too.
        Source.asset(dirname(portalStylesheetFile), {
          exclude: ['*', `!${basename(portalStylesheetFile)}`],
        }),
        // The folder as it is: the CSS refers to its icons as /assets/images/...
        Source.asset(fromProjectRoot(assetSources.folder.dir)),
        ...(props.brandFiles?.length ? [Source.asset(stageBrandFiles(props.brandFiles))] : []),
      ],
      // The file names carry no content hash: an hour bounds how long browsers and CloudFront
      // keep an old copy after nhsuk-frontend is upgraded.
      cacheControl: [CacheControl.fromString('public, max-age=3600')],
      logGroup: props.logging.logGroup(this, 'DeployAssetsLogs'),
    });
    // BucketDeployment runs a CDK-provided, stack-wide singleton function; its role's scope is
    // that function, so the acknowledgements below apply to it and nothing else.
    const deploymentHandler = deployment.handlerRole.node.scope;
    if (!deploymentHandler) throw new Error('BucketDeployment handler role has no scope');
    acknowledgeDeploymentHandler(deploymentHandler, this.assets);

    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Security headers; pages with patient data are not kept in the browser cache',
      securityHeadersBehavior: securityHeaders,
      customHeadersBehavior: {
        customHeaders: [
          permissionsPolicy,
          // A fallback for responses that do not say: shared computers must not keep patient pages.
          { header: 'Cache-Control', value: 'no-store', override: false },
        ],
      },
    });
    const assetHeaders = new ResponseHeadersPolicy(this, 'AssetHeaders', {
      comment: 'Security headers for static assets',
      securityHeadersBehavior: securityHeaders,
      customHeadersBehavior: { customHeaders: [permissionsPolicy] },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Therapy portal ${props.serviceId}`,
      defaultBehavior: {
        origin: new HttpOrigin(props.apiDomainName, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          // CloudFront replaces a viewer's header of the same name, so it cannot be forged
          // through the distribution. The value is a CloudFormation dynamic reference
          // ({{resolve:secretsmanager:...}}), which CloudFormation supports in every resource
          // property: it stays out of the template, is resolved at deploy time, and is visible
          // to whoever may read the distribution's config (cloudfront:GetDistributionConfig).
          customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifyValue.unsafeUnwrap() },
        }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // All viewer headers except Host (API Gateway routes on its own host name), plus
        // CloudFront's viewer headers, CloudFront-Viewer-Address among them: the client address
        // the per-client sign-in limit counts. All cookies and query strings. A custom policy
        // cannot say this: with "all except", its header list only removes headers.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: apiHeaders,
      },
      additionalBehaviors: {
        [ASSETS_PATH_PATTERN]: {
          origin: S3BucketOrigin.withOriginAccessControl(this.assets),
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: assetHeaders,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Patients are in the UK: edge locations in Europe and North America are enough.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logging.accessLogBucket,
      logFilePrefix: 'cloudfront/',
      // Cookies carry session tokens: never in the logs.
      logIncludesCookies: false,
      ...(props.customDomain && {
        domainNames: [props.customDomain.domainName],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      webAclId: props.webAclArn,
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Patients use the portal from abroad too (travel, study); blocking countries would keep them from their questionnaires and appointments.',
    });
    if (!props.webAclArn) {
      // Off only by the service config's explicit `"waf": { "enabled": false }`: said at every
      // synth, so nobody runs without it unknowingly (docs/runbook.md, "WAF").
      Annotations.of(this.distribution).addWarningV2(
        'therapy-portal:waf-off',
        'WAF is turned off for this service (waf.enabled is false in its config): AwsSolutions-CFR2, CloudFront without a web ACL.',
      );
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'The service config turns WAF off ("waf": { "enabled": false }). The portal\'s own per-Secure-ID lock-out and per-client limits remain, and the Lambdas refuse requests without the origin header.',
      });
    }
    if (!props.customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses its *.cloudfront.net name, whose default certificate cannot set a minimum TLS version; a service with `customDomain` in its config gets its own certificate and TLSv1.2_2021.',
      });
    }
  }
}

/**
 * BucketDeployment's handler and its policy are written by aws-cdk-lib; these are the findings on
 * them, named one by one so that a new wildcard in a later aws-cdk-lib still fails the synth.
 */
const acknowledgeDeploymentHandler = (handler: Construct, assets: Bucket): void => {
  const stack = Stack.of(handler);
  const assetsResource = assets.node.defaultChild;
  if (!assetsResource || !CfnElement.isCfnElement(assetsResource))
    throw new Error('The assets bucket has no resource');
  // How cdk-nag prints the CDK asset bucket (DefaultStackSynthesizer's name) in a finding.
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const qualifier =
    stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const cdkAssetObjects = `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${account}-${stack.region}/*`;
  const syncReason =
    'BucketDeployment copies a folder: it reads the CDK asset objects and lists, writes and deletes objects of the assets bucket, with the wildcards aws-cdk-lib gives its handler.';
  const reasons: Record<string, string> = {
    'AwsSolutions-L1':
      'aws-cdk-lib chooses the runtime of the BucketDeployment handler, and moves it with aws-cdk-lib upgrades.',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      'aws-cdk-lib gives the BucketDeployment handler the basic execution role; it runs only during deploys.',
    'AwsSolutions-IAM5[Action::s3:GetObject*]': syncReason,
    'AwsSolutions-IAM5[Action::s3:GetBucket*]': syncReason,
    'AwsSolutions-IAM5[Action::s3:List*]': syncReason,
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]': syncReason,
    'AwsSolutions-IAM5[Action::s3:Abort*]': syncReason,
    [`AwsSolutions-IAM5[Resource::${cdkAssetObjects}]`]: syncReason,
    [`AwsSolutions-IAM5[Resource::<${stack.getLogicalId(assetsResource)}.Arn>/*]`]: syncReason,
    'HIPAA.Security-IAMNoInlinePolicy':
      'The policy of the BucketDeployment handler is generated by aws-cdk-lib for that handler alone.',
    'HIPAA.Security-LambdaConcurrency':
      'The handler runs once per deploy, from CloudFormation, never from user traffic.',
    'HIPAA.Security-LambdaDLQ':
      'The handler is a CloudFormation custom resource: CloudFormation sees its failure and rolls back.',
    'HIPAA.Security-LambdaInsideVPC':
      'The handler only copies files between two S3 buckets; it has no private network resources to reach.',
    'Serverless-LambdaDLQ':
      'The handler is a CloudFormation custom resource: CloudFormation sees its failure and rolls back.',
    'Serverless-LambdaLatestVersion':
      'aws-cdk-lib chooses the runtime of the BucketDeployment handler, and moves it with aws-cdk-lib upgrades.',
    'Serverless-LambdaTracing':
      'The handler runs once per deploy to copy the nhsuk-frontend files; no patient request ever passes through it.',
  };
  for (const [id, reason] of Object.entries(reasons)) Validations.of(handler).acknowledge({ id, reason });
};
