import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { PortalStack, stackNameOf } from './portal-stack.js';
import { defaultServicesDir } from './project-paths.js';
import { selectServiceFiles } from './service-files.js';
import { WAF_REGION, WafStack, wafStackNameOf } from './waf-stack.js';

// Builds the CDK app: infra/app.ts runs it for the CLI, the infra tests build it in memory.

export interface PortalAppOptions {
  readonly appProps?: AppProps;
  /** Tests point this at a folder of their own configs. */
  readonly servicesDir?: string;
}

export interface PortalApp {
  readonly app: App;
  readonly stacks: readonly PortalStack[];
}

export const createPortalApp = (options: PortalAppOptions = {}): PortalApp => {
  const app = new App(options.appProps);
  // cdk.json sets service=demo; `-c service=<id>` or `-c service=all` overrides it.
  const selector = String(app.node.tryGetContext('service') ?? 'demo');
  const stacks = selectServiceFiles(selector, options.servicesDir ?? defaultServicesDir).map(
    ({ config, path }) => {
      // The web ACL for CloudFront lives in us-east-1 (waf-stack.ts); the service stack reads its
      // ARN across regions, which CDK carries in SSM parameters it writes and reads on deploy.
      const waf = config.waf.enabled
        ? new WafStack(app, wafStackNameOf(config.id), {
            serviceId: config.id,
            env: { account: config.deployment.account, region: WAF_REGION },
            crossRegionReferences: true,
          })
        : undefined;
      return new PortalStack(app, stackNameOf(config.id), {
        service: config,
        serviceConfigFile: path,
        webAclArn: waf?.webAcl.attrArn,
        // No account in the config: the stack deploys to the account of the caller's credentials.
        env: { account: config.deployment.account, region: config.deployment.region },
        crossRegionReferences: waf !== undefined,
      });
    },
  );
  // cdk-nag 3 runs as a validation plugin at synth: an unacknowledged finding fails the synth.
  // Acknowledgements sit next to their resources, each with its reason.
  // ServerlessChecks adds the serverless practices (tracing, DLQs, redrive) the other two skip.
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new ServerlessChecks(app),
  );
  return { app, stacks };
};
