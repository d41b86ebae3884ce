import { RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { logRetention } from './constructs/logging.js';

// The web application firewall in front of one service's CloudFront distribution (issue 15,
// item 5; DESIGN.md "WAF on CloudFront"). A web ACL for CloudFront must live in us-east-1, so it
// is a companion stack of its own, TherapyPortalWaf-<id>; the service stack takes its ARN (a
// cross-region reference, which CDK carries in SSM parameters) and sets it on the distribution.
// `waf.enabled: false` in the service config leaves this stack out (docs/runbook.md, "WAF").

/** CloudFront's web ACLs and their logs live here, whatever region the service is in. */
export const WAF_REGION = 'us-east-1';

export const wafStackNameOf = (serviceId: string): string => `TherapyPortalWaf-${serviceId}`;

/**
 * Requests one client address may make to a group of paths in WAF's 5-minute window before WAF
 * blocks it for the rest of the window. Generous: NHS sites and mobile networks put many people
 * behind one address, and the portal's own per-Secure-ID lock-out and per-client limit are the
 * fine-grained controls (DESIGN.md, "Lock-out"); these stop floods and scripted guessing.
 */
export const rateLimits = {
  /** Patient sign-in, page and JSON: a person signs in a few times a day. */
  signIn: {
    limit: 100,
    paths: [
      { path: '/sign-in', match: 'EXACTLY' },
      { path: '/api/patient/session', match: 'EXACTLY' },
    ],
  },
  /** The public appointment request form (F10), where nobody is signed in. */
  publicRequests: {
    limit: 50,
    paths: [
      { path: '/request-an-appointment', match: 'STARTS_WITH' },
      { path: '/api/public/appointment-requests', match: 'STARTS_WITH' },
    ],
  },
  /** The integration API: one EPR system calls from few addresses, in batches. */
  integrationApi: { limit: 2000, paths: [{ path: '/api/v1/', match: 'STARTS_WITH' }] },
} as const satisfies Record<
  string,
  { limit: number; paths: readonly { path: string; match: 'EXACTLY' | 'STARTS_WITH' }[] }
>;

export interface WafStackProps extends StackProps {
  readonly serviceId: string;
}

const byteMatch = ({ path, match }: { path: string; match: string }): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: match,
    searchString: path,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

export class WafStack extends Stack {
  readonly webAcl: CfnWebACL;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, { description: `Therapy portal ${props.serviceId}: web ACL for CloudFront`, ...props });
    Tags.of(this).add('therapy-portal:service', props.serviceId);
    const prefix = `therapy-portal-${props.serviceId}`;

    const managed = (priority: number, name: string): CfnWebACL.RuleProperty => ({
      name: `aws-${name}`,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(`${prefix}-${name}`),
    });
    const rateRule = (
      priority: number,
      name: string,
      { limit, paths }: { limit: number; paths: readonly { path: string; match: string }[] },
    ): CfnWebACL.RuleProperty => {
      const [first, ...rest] = paths.map(byteMatch);
      if (!first) throw new Error(`The rate rule ${name} names no path`);
      return {
        name,
        priority,
        statement: {
          rateBasedStatement: {
            limit,
            aggregateKeyType: 'IP',
            evaluationWindowSec: 300,
            scopeDownStatement: rest.length === 0 ? first : { orStatement: { statements: [first, ...rest] } },
          },
        },
        action: { block: {} },
        visibilityConfig: visibility(`${prefix}-${name}`),
      };
    };

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: prefix,
      description: `Therapy portal ${props.serviceId}: managed rules and per-address rate limits`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(prefix),
      rules: [
        // Rate limits first: a flood is refused before the managed rules spend time on it.
        rateRule(0, 'rate-sign-in', rateLimits.signIn),
        rateRule(1, 'rate-public-requests', rateLimits.publicRequests),
        rateRule(2, 'rate-integration-api', rateLimits.integrationApi),
        managed(10, 'AWSManagedRulesCommonRuleSet'),
        managed(11, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    // WAF's logs: what was blocked and why, for a year. Cookies, the bearer key and query strings
    // are redacted: they carry sessions and keys.
    const key = new Key(this, 'LogKey', {
      description: `Encrypts the therapy portal ${props.serviceId} WAF logs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    this.logGroup = new LogGroup(this, 'Logs', {
      // WAF writes only to log groups whose name starts aws-waf-logs-.
      logGroupName: `aws-waf-logs-${prefix}`,
      encryptionKey: key,
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // The log group's ARN without the ":*" that CloudFormation's Arn attribute ends with.
      logDestinationConfigs: [
        `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:${this.logGroup.logGroupName}`,
      ],
      redactedFields: [
        { singleHeader: { Name: 'cookie' } },
        { singleHeader: { Name: 'authorization' } },
        { queryString: {} },
      ],
    });
  }
}
