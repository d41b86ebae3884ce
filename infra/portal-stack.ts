import { brandFilesOf } from '../shared/config/brand-files.js';
import { CfnOutput, SecretValue, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type ServiceConfig, ServiceConfigError } from '../shared/config/service-config.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { DeliveryStatus } from './constructs/delivery-status.js';
import { Logging } from './constructs/logging.js';
import { ServiceDashboard } from './constructs/dashboard.js';
import { OperatorAlarms } from './constructs/operator-alarms.js';
import { PortalFunction } from './constructs/portal-function.js';
import { ServiceAlarms } from './constructs/service-alarms.js';
import { Reminders } from './constructs/reminders.js';
import { Secrets } from './constructs/secrets.js';
import { StaffAuth } from './constructs/staff-auth.js';
import { SyntheticCheck } from './constructs/synthetic-check.js';
import { Web } from './constructs/web.js';

export interface PortalStackProps extends StackProps {
  readonly service: ServiceConfig;
  /** Absolute path of infra/services/<id>.json; every function ships a copy. */
  readonly serviceConfigFile: string;
  /** The companion WAF stack's web ACL (waf-stack.ts); absent when the config turns WAF off. */
  readonly webAclArn?: string;
}

export const stackNameOf = (serviceId: string): string => `TherapyPortal-${serviceId}`;

/** One service's whole portal: a stack per service, so services share no data and no keys. */
export class PortalStack extends Stack {
  readonly data: Data;
  readonly secrets: Secrets;
  readonly api: Api;
  readonly web: Web;
  readonly reminders: Reminders;
  readonly deliveryStatus: DeliveryStatus;
  readonly operatorAlarms: OperatorAlarms;
  /** Absent when the service config names an outside staff identity provider. */
  readonly staffAuth: StaffAuth | undefined;
  readonly syntheticCheck: SyntheticCheck;
  readonly dashboard: ServiceDashboard;
  readonly serviceAlarms: ServiceAlarms;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, {
      description: `Therapy portal for ${props.service.name}`,
      ...props,
    });
    Tags.of(this).add('therapy-portal:service', props.service.id);

    // An alarm nobody receives protects no one: a deployed service names who is told.
    if (!props.service.alarmEmail) {
      throw new ServiceConfigError(
        `${props.service.id}: add "alarmEmail" to its service config: the address every alarm of the service is emailed to; see docs/runbook.md`,
      );
    }
    this.operatorAlarms = new OperatorAlarms(this, 'OperatorAlarms', {
      serviceId: props.service.id,
      alarmEmail: props.service.alarmEmail,
    });
    const logging = new Logging(this, 'Logging');
    this.data = new Data(this, 'Data', { serviceId: props.service.id });
    this.secrets = new Secrets(this, 'Secrets');
    this.api = new Api(this, 'Api', {
      serviceId: props.service.id,
      serviceConfigFile: props.serviceConfigFile,
      table: this.data.table,
      hmacKey: this.secrets.hmacKey,
      originVerify: this.secrets.originVerify,
      logging,
    });
    // Reminders (F3) go to every service's patients: a service without a sender cannot deploy.
    if (!props.service.messages) {
      throw new ServiceConfigError(
        `${props.service.id}: add "messages" with at least "emailFrom" (the address reminder emails come from) to its service config; see docs/reminders.md`,
      );
    }
    // A new risk to-do emails the duty address (risk.md, hazard H5): a deployed service that had
    // none would file its to-dos with no one nudged. Local and test configs may leave it out.
    if (!props.service.messages.dutyEmail) {
      throw new ServiceConfigError(
        `${props.service.id}: add "dutyEmail" to "messages" in its service config: the address that new risk flags and disabled Secure IDs are emailed to; see docs/messages.md`,
      );
    }
    this.reminders = new Reminders(this, 'Reminders', {
      serviceId: props.service.id,
      messages: props.service.messages,
      serviceConfigFile: props.serviceConfigFile,
      table: this.data.table,
      hmacKey: this.secrets.hmacKey,
      originVerify: this.secrets.originVerify,
      logging,
    });
    this.deliveryStatus = new DeliveryStatus(this, 'DeliveryStatus', {
      serviceId: props.service.id,
      messages: props.service.messages,
      notify: this.reminders.notify,
      serviceConfigFile: props.serviceConfigFile,
      table: this.data.table,
      hmacKey: this.secrets.hmacKey,
      originVerify: this.secrets.originVerify,
      logging,
    });
    // The Lambdas that issue Secure IDs queue the patient's welcome for notify (docs/messages.md).
    // staff-appointments issues them from the console, and for a public requester approved as a
    // new patient; the console's own Lambda no longer does (docs/ARCHITECTURE.md).
    for (const lambda of ['integration', 'staff-appointments'] as const) {
      const fn = this.api.functions.get(lambda);
      if (!fn) throw new Error(`The route table has no ${lambda} Lambda`);
      this.reminders.acceptWelcomesFrom(fn);
    }
    this.web = new Web(this, 'Web', {
      serviceId: props.service.id,
      apiDomainName: this.api.domainName,
      originVerifyValue: this.originVerifyValue(),
      logging,
      brandFiles: brandFilesOf(props.service, props.serviceConfigFile),
      customDomain: props.service.customDomain,
      webAclArn: props.webAclArn,
    });

    // Staff sign-in. The Cognito client's callback URL needs the portal's address (the
    // distribution's), the distribution needs the API, and the staff function needs the client id
    // and that address. This is no cycle in CloudFormation, because the distribution refers to
    // the HTTP API resource alone (its endpoint), never to a function, route or stage: so the
    // staff function's environment can name the client and the distribution directly, set here
    // once both exist. CloudFormation creates the API, then the distribution, the user pool
    // client, and last the function. Keep it so: an origin that referred to a function would
    // close the loop (see docs/ARCHITECTURE.md, "Staff sign-in").
    const portalOrigin = props.service.portalUrl
      ? new URL(props.service.portalUrl).origin
      : `https://${this.web.distribution.distributionDomainName}`;
    // The staff Lambdas know the provider: staff-auth talks to it, the console and the set-up name
    // it in their pages' CSP (the sign-out form's post ends there).
    const staffFunctions = (
      [
        'staff-auth',
        'staff',
        'staff-setup',
        'staff-calendar',
        'staff-appointments',
        'staff-records',
        'staff-reports',
      ] as const
    ).map((lambda) => {
      const fn = this.api.functions.get(lambda);
      if (!fn) throw new Error(`The route table has no ${lambda} Lambda`);
      return fn.function;
    });
    const setStaffEnvironment = (name: string, value: string) => {
      for (const fn of staffFunctions) fn.addEnvironment(name, value);
    };
    setStaffEnvironment('PORTAL_ORIGIN', portalOrigin);
    if (props.service.staffIdentityProvider) {
      // An outside issuer (NHS CIS2, Entra ID): its settings ship in the service config.
      this.staffAuth = undefined;
    } else {
      this.staffAuth = new StaffAuth(this, 'StaffAuth', { serviceId: props.service.id, portalOrigin });
      setStaffEnvironment('STAFF_OIDC_ISSUER', this.staffAuth.issuer);
      setStaffEnvironment('STAFF_OIDC_CLIENT_ID', this.staffAuth.client.userPoolClientId);
      setStaffEnvironment('STAFF_OIDC_LOGOUT_URL', this.staffAuth.logoutUrl);
      new CfnOutput(this, 'StaffUserPoolId', {
        description: 'The staff user pool: admins invite staff with aws cognito-idp admin-create-user',
        value: this.staffAuth.userPool.userPoolId,
      });
    }

    // The canary goes where patients go: the public origin, so through CloudFront and its header.
    this.syntheticCheck = new SyntheticCheck(this, 'SyntheticCheck', {
      serviceId: props.service.id,
      portalOrigin,
      logging,
    });

    // Monitoring last: it finds every portal function in the stack, so one added above (a new
    // Lambda in the route table, or a construct of its own) is graphed and alarmed unasked.
    const functions = this.node.findAll().filter((node) => node instanceof PortalFunction);
    this.serviceAlarms = new ServiceAlarms(this, 'ServiceAlarms', {
      serviceId: props.service.id,
      operations: props.service.operations,
      httpApi: this.api.httpApi,
      functions,
      notify: this.reminders.notify,
      table: this.data.table,
    });
    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      serviceId: props.service.id,
      httpApi: this.api.httpApi,
      functions,
      table: this.data.table,
      queues: [{ label: 'Reminders', queue: this.reminders.queue }],
      deadLetterQueues: [
        { label: 'Reminders DLQ', queue: this.reminders.deadLetterQueue },
        { label: 'Reminder scan DLQ', queue: this.reminders.scanDeadLetterQueue },
        { label: 'Delivery status DLQ', queue: this.deliveryStatus.deadLetterQueue },
      ],
    });
    this.dashboard.addAlarmStatus();

    new CfnOutput(this, 'PortalUrl', {
      description: 'Where patients and staff open the portal',
      value: `https://${this.web.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'TableName', {
      description: 'The DynamoDB table (for admin scripts and the runbook)',
      value: this.data.table.tableName,
    });
  }

  /**
   * What CloudFront sends as x-origin-verify: the secret's current value, or with
   * `-c originSecretVersion=<VersionId>` that version's. CloudFormation resolves the reference
   * only when the distribution changes, and naming the version changes it: the way to put a
   * rotated value into CloudFront (docs/runbook.md, "Rotating the origin secret").
   */
  private originVerifyValue(): SecretValue {
    const versionId: unknown = this.node.tryGetContext('originSecretVersion');
    if (versionId === undefined) return this.secrets.originVerify.secretValue;
    return SecretValue.secretsManager(this.secrets.originVerify.secretArn, { versionId: String(versionId) });
  }
}
