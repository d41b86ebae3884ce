import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { staffRoles } from '../../shared/domain/staff.js';

// Staff sign in to the console with OpenID Connect (DESIGN.md "AWS specifics"): this Cognito user
// pool is the provider when the service config names no outside issuer. The portal is its public
// client (authorization code with PKCE, no secret); the groups are the portal's roles and reach
// the portal in the ID token's `cognito:groups` claim.

export interface StaffAuthProps {
  readonly serviceId: string;
  /** Where browsers reach the portal, `https://<host>`: the callback and sign-out URLs live under it. */
  readonly portalOrigin: string;
}

/** Cognito's group precedence (lower wins), in the portal's own order: admin, clinician, scheduler. */
const groupPrecedence = Object.fromEntries(staffRoles.map((role, i) => [role, i]));

export class StaffAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The OpenID issuer: https://cognito-idp.<region>.amazonaws.com/<pool id>. */
  readonly issuer: string;
  /** Cognito's sign-out endpoint on the hosted UI domain (its discovery names none). */
  readonly logoutUrl: string;

  constructor(scope: Construct, id: string, props: StaffAuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `therapy-portal-${props.serviceId}-staff`,
      // Admins invite staff (README "Deploying"); nobody can make themselves an account.
      selfSignUpEnabled: false,
      userInvitation: {
        emailSubject: 'Your staff account for the therapy portal',
        emailBody:
          'You have been given a staff account for the therapy portal. Your username is {username} and your temporary password is {####}. You will be asked to choose a new password and to set up an authenticator app when you first sign in.',
      },
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      // Staff see patients' data: a second factor always, from an authenticator app. No SMS (SIM
      // swapping, and the service's SMS spend is for patients' reminders).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, risky sign-ins blocked), which the Plus plan
      // carries: a handful of staff accounts cost little, and they guard every patient's record.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      // Staff accounts (with their MFA devices) outlive a deleted stack: re-inviting is work.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of staffRoles) {
      this.userPool.addGroup(`Group-${role}`, {
        groupName: role,
        description: `Therapy portal staff console: ${role}`,
        precedence: groupPrecedence[role],
      });
    }

    // The hosted sign-in pages. The prefix must be unique in the region across all accounts,
    // hence the account id in it.
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: Fn.join('-', ['therapy-portal', props.serviceId, Aws.ACCOUNT_ID]) },
    });

    this.client = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'staff-console',
      // A public client: the Lambda keeps no client secret; PKCE (S256, sent by openid-client on
      // every sign-in) binds each code to the sign-in that asked for it.
      generateSecret: false,
      // Only the hosted UI signs people in: no password or SRP flows straight against the pool.
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.portalOrigin}/staff/callback`],
        logoutUrls: [`${props.portalOrigin}/staff/signed-out`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The portal keeps its own session (8 hours at most) and uses no refresh token; the
      // tokens only have to last the code exchange.
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.minutes(60),
      authSessionValidity: Duration.minutes(5),
    });

    this.issuer = this.userPool.userPoolProviderUrl;
    this.logoutUrl = `${this.domain.baseUrl()}/logout`;
  }
}
