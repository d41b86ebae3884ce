import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPortalApp } from '../../infra/portal-app.js';
import { ORIGIN_VERIFY_HEADER } from '../../infra/constructs/web.js';
import type { PortalStack } from '../../infra/portal-stack.js';

// Rotating the origin secret (docs/runbook.md): CloudFormation resolves the header's dynamic
// reference only when the distribution changes, so `-c originSecretVersion=<VersionId>` names the
// version in the reference, which changes the distribution and puts the new value into CloudFront.
// Without it the header is the secret's current value (test/infra/portal-stack.test.ts).

const VERSION_ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

describe('the origin-verify header with originSecretVersion', () => {
  let stack: PortalStack;
  let template: Template;
  beforeAll(() => {
    const portal = createPortalApp({
      appProps: {
        builtinCloudFormationValidation: false,
        context: { 'aws:cdk:bundling-stacks': [], service: 'demo', originSecretVersion: VERSION_ID },
      },
    });
    const [only] = portal.stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    template = Template.fromStack(stack);
  });

  it('names that version of the secret in the dynamic reference, still never the value', () => {
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    const config = distribution?.Properties.DistributionConfig;
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
              { Ref: stack.getLogicalId(stack.secrets.originVerify.node.defaultChild as never) },
              `:SecretString:::${VERSION_ID}}}`,
            ],
          ],
        },
      },
    ]);
  });
});
