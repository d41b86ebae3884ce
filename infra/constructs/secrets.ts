import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

// Two generated secrets. Neither is rotated automatically; the acknowledgements below say why.

export class Secrets extends Construct {
  /** Keys the HMAC of Secure IDs and client addresses (shared/security/keyed-hash.ts). */
  readonly hmacKey: Secret;
  /** The value CloudFront sends in x-origin-verify; the Lambdas refuse requests without it. */
  readonly originVerify: Secret;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the therapy portal secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.hmacKey = new Secret(this, 'HmacKey', {
      description: 'Therapy portal: key for the HMAC of Secure IDs and client addresses',
      encryptionKey: this.key,
      // 64 of 62 letters and digits: about 381 bits, above the 256 bits HMAC-SHA-256 can use.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing this key makes every stored Secure ID hash unmatchable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const id of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled']) {
      Validations.of(this.hmacKey).acknowledge({
        id,
        reason:
          'Rotating the HMAC key would make every stored Secure ID hash and lock-out counter unmatchable, locking every patient out; the key changes only together with a reissue of all Secure IDs.',
      });
    }

    this.originVerify = new Secret(this, 'OriginVerify', {
      description: 'Therapy portal: value of the x-origin-verify header that CloudFront adds',
      encryptionKey: this.key,
      // Letters and digits only: the value travels as an HTTP header.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    for (const id of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled']) {
      Validations.of(this.originVerify).acknowledge({
        id,
        reason:
          'CloudFront reads this value only when its distribution is deployed (a CloudFormation dynamic reference), so a rotation is a person putting a new value and then deploying with -c originSecretVersion=<VersionId>; the Lambdas accept the current and the previous value meanwhile (docs/runbook.md, "Rotating the origin secret"). An automatic rotation would run a second time before anyone deployed, and the value CloudFront sends would then be refused.',
      });
    }
  }
}
