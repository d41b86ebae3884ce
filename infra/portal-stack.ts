import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ServiceConfig } from '../shared/config/service-config.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Logging } from './constructs/logging.js';
import { Secrets } from './constructs/secrets.js';
import { Web } from './constructs/web.js';

export interface PortalStackProps extends StackProps {
  readonly service: ServiceConfig;
  /** Absolute path of infra/services/<id>.json; every function ships a copy. */
  readonly serviceConfigFile: string;
}

export const stackNameOf = (serviceId: string): string => `TherapyPortal-${serviceId}`;

/** One service's whole portal: a stack per service, so services share no data and no keys. */
export class PortalStack extends Stack {
  readonly data: Data;
  readonly secrets: Secrets;
  readonly api: Api;
  readonly web: Web;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, {
      description: `Therapy portal for ${props.service.name}`,
      ...props,
    });
    Tags.of(this).add('therapy-portal:service', props.service.id);

    const logging = new Logging(this, 'Logging');
    this.data = new Data(this, 'Data');
    this.secrets = new Secrets(this, 'Secrets');
    this.api = new Api(this, 'Api', {
      serviceId: props.service.id,
      serviceConfigFile: props.serviceConfigFile,
      table: this.data.table,
      hmacKey: this.secrets.hmacKey,
      originVerify: this.secrets.originVerify,
      logging,
    });
    this.web = new Web(this, 'Web', {
      apiDomainName: this.api.domainName,
      originVerifyValue: this.secrets.originVerify.secretValue,
      logging,
    });

    new CfnOutput(this, 'PortalUrl', {
      description: 'Where patients and staff open the portal',
      value: `https://${this.web.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'TableName', {
      description: 'The DynamoDB table (for admin scripts and the runbook)',
      value: this.data.table.tableName,
    });
  }
}
