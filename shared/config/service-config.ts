import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import * as z from 'zod';
import { QuestionnaireWording } from '../domain/questionnaires/definition.js';
import { requesters } from '../domain/availability/setup.js';
import { portalAudiences } from '../domain/appointment-requests.js';
import { staffRoles } from '../domain/staff.js';
import { Branding, brandingContrastProblems } from './branding.js';
import {
  combinedMeasuresPolicies,
  DEFAULT_COMBINED_MEASURES_POLICY,
} from '../domain/outcomes/episode-outcome.js';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../domain/outcomes/suppression.js';
import { MessageTemplates, messageTemplateProblems } from './message-templates.js';
import { PREPARED_SERVICE_CONFIG_FORMAT, type PreparedServiceConfig } from './prepared-service-config.js';
import { serviceQuestionnaires } from './service-questionnaires.js';

// One service's portal, as an admin writes it in infra/services/<id>.json. `cdk synth` parses it
// (a bad file fails synth, not a deploy) and ships the parsed result, defaults applied and
// questionnaires built, with every Lambda (prepareServiceConfig below); the Lambdas read that
// back without this schema (prepared-service-config.ts).

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const Clinician = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a clinician id is lower-case letters, digits and hyphens'),
  name: z.string().trim().min(1).max(100),
  /** Hidden clinicians still have appointments; patients just cannot see or pick them. */
  visible: z.boolean().default(true),
  /**
   * The email this clinician signs in to the staff console with: a clinician-role sign-in with
   * this address (any case) acts as this clinician (their to-dos, their appointments).
   */
  staffEmail: z.email().max(254).optional(),
});
export type Clinician = z.infer<typeof Clinician>;

export const ServiceType = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a service type id is lower-case letters, digits and hyphens'),
  name: z.string().trim().min(1).max(100),
  durationMinutes: z.number().int().min(5).max(480),
  /** Kept free after the appointment (notes, a break); it occupies the clinician's time too. */
  bufferMinutes: z.number().int().min(0).max(120).default(0),
  /**
   * Who may ask for it from the portal (F10): `new-patients` (intakes), `existing-patients`
   * (sessions) or `nobody` (staff and EPR bookings only, the default).
   */
  requestableBy: z.enum(requesters).default('nobody'),
});
export type ServiceType = z.infer<typeof ServiceType>;

// The wording schema belongs to the questionnaire domain; the config schema uses it.
export { QuestionnaireWording } from '../domain/questionnaires/definition.js';

/**
 * An outside OpenID Connect issuer for staff (NHS CIS2, Microsoft Entra ID) instead of the stack's
 * Cognito user pool: the portal is its client (code flow with PKCE, no client secret), and
 * `roles` maps the values of `roleClaim` in the ID token to the portal's roles.
 */
export const StaffIdentityProvider = z.strictObject({
  issuer: z.url({ protocol: /^https$/ }),
  clientId: z.string().trim().min(1).max(200),
  roleClaim: z.string().trim().min(1).max(100),
  roles: z
    .record(z.string().min(1).max(200), z.enum(staffRoles))
    .refine((roles) => Object.keys(roles).length > 0, 'map at least one claim value to a role'),
});
export type StaffIdentityProvider = z.infer<typeof StaffIdentityProvider>;

const QuestionnaireIds = z.array(z.string()).max(20);

/** England's default (risk.md); Wales, Scotland and Northern Ireland services replace it. */
const ENGLAND_URGENT_HELP = [
  'Call 999 or go to A&E if your life is at risk or you have seriously harmed yourself.',
  'Call NHS 111 and choose the mental health option (24 hours a day, every day), or go to 111.nhs.uk.',
  'Call Samaritans free on 116 123 (24 hours a day, every day).',
];

/**
 * How the portal sends patients messages (F1, F3, F4): who they come from and when reminders go.
 * docs/reminders.md explains each setting.
 */
export const MessageSettings = z.strictObject({
  /**
   * The alphanumeric SMS sender a phone shows. UK networks accept 1 to 11 letters or digits,
   * starting with a letter; a patient cannot reply to it (so STOP goes nowhere: the portal's own
   * opt-out is the real control). Unset: the first 11 letters and digits of the service's name.
   */
  smsSenderId: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9]{0,10}$/,
      'the SMS sender ID must be 1 to 11 letters or digits with no spaces, starting with a letter (for example "NorthTT")',
    )
    .optional(),
  /** The address reminder emails come from: verified in SES for the account. */
  emailFrom: z.email('emailFrom must be an email address, such as reminders@north-tt.nhs.uk'),
  replyTo: z.email('replyTo must be an email address that patients can reply to').optional(),
  /** Where new risk to-dos and disabled Secure IDs are emailed (docs/messages.md); synth requires it. */
  dutyEmail: z.email('dutyEmail must be an email address').optional(),
  /** Elapsed hours between the reminder and the appointment (DESIGN.md, "48 hours before"). */
  reminderLeadHours: z
    .number('reminderLeadHours must be a whole number of hours, such as 48')
    .int('reminderLeadHours must be a whole number of hours, such as 48')
    .min(1, 'reminderLeadHours must be at least 1 hour')
    .max(14 * 24, 'reminderLeadHours can be at most 336 hours (14 days)')
    .default(48),
  /** A reminder is not sent when the appointment is closer than this (late bookings, delays). */
  lateBookingMinimumHours: z
    .number('lateBookingMinimumHours must be a whole number of hours, such as 2')
    .int('lateBookingMinimumHours must be a whole number of hours, such as 2')
    .min(0, 'lateBookingMinimumHours cannot be negative')
    .max(48, 'lateBookingMinimumHours can be at most 48 hours')
    .default(2),
  /** An SES configuration set for reminder emails (delivery events, suppression). */
  emailConfigurationSet: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'emailConfigurationSet must be an SES configuration set name')
    .optional(),
  /**
   * The month's SMS spend (USD, SNS's SMSMonthToDateSpentUSD) at which the spend alarm fires:
   * about 80% of the account's SNS spend limit, which starts at USD 1 (docs/reminders.md).
   * Unset: 0.8, for that first limit.
   */
  /**
   * SNS logs failed texts for the whole AWS account and region, in one log group: the first
   * service deployed to an account and region sets that logging up (true, the default); every
   * other service in the same account and region sets false, and reads the same log group
   * (docs/reminders.md, "More than one service per account").
   */
  ownsAccountSmsLogging: z
    .boolean(
      'ownsAccountSmsLogging must be true (this service sets up SMS failure logging for the AWS account) or false (another service in the same account and region already does)',
    )
    .default(true),
  smsSpendAlarmUsd: z
    .number('smsSpendAlarmUsd must be a number of US dollars, such as 40')
    .positive('smsSpendAlarmUsd must be more than 0')
    .optional(),
  /**
   * The schedulers' shared address: told when a request reaches staff (a signed-in patient's, or a
   * public one once its email link is followed), beside the requested clinician's staff email.
   */
  schedulersEmail: z
    .email('messages.schedulersEmail must be an email address, such as bookings@north-tt.nhs.uk')
    .optional(),
});
export type MessageSettings = z.infer<typeof MessageSettings>;

export const ServiceConfig = z.strictObject({
  /** Used in the stack name and resource names: short, lower case. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}$/, 'a service id is 2 to 31 lower-case letters, digits and hyphens'),
  name: z.string().trim().min(1).max(100),
  /** Shown wherever a patient is told to call: locked out, problems signing in. */
  phone: z.string().trim().min(5).max(30),
  phoneHours: z.string().trim().max(200).optional(),
  /**
   * Where patients reach the portal (links in messages) and the base of the portal's FHIR
   * canonical URLs. Without it, exports name the service under the reserved .invalid domain.
   */
  portalUrl: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * The portal's own address (portal.north-tt.nhs.uk) instead of CloudFront's *.cloudfront.net:
   * the distribution answers to it with this ACM certificate, which CloudFront needs in us-east-1.
   * Point the name at the distribution (a CNAME, or an alias record in Route 53) after deploying.
   */
  customDomain: z
    .strictObject({
      domainName: z
        .string()
        .regex(
          /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          'customDomain.domainName must be a host name in lower case, such as portal.north-tt.nhs.uk',
        ),
      certificateArn: z
        .string()
        .regex(
          /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
          'customDomain.certificateArn must be the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from there), such as arn:aws:acm:us-east-1:123456789012:certificate/…',
        ),
    })
    .optional(),
  timeZone: z
    .string()
    .refine(isTimeZone, 'not a time zone name such as Europe/London')
    .default('Europe/London'),
  clinicians: z.array(Clinician).min(1),
  serviceTypes: z.array(ServiceType).min(1),
  questionnaires: z
    .strictObject({
      /** Questionnaires open this long before an appointment and close when it starts. */
      windowHours: z
        .number()
        .int()
        .min(1)
        .max(14 * 24)
        .default(72),
      /** Which questionnaires each stage of care asks, in order (questionnaires.md "Stages"). */
      stages: z
        .strictObject({
          assessment: QuestionnaireIds,
          treatment: QuestionnaireIds,
          discharge: QuestionnaireIds,
        })
        .default({
          assessment: ['phq-9', 'gad-7', 'iapt-phobia', 'wsas'],
          treatment: ['phq-9', 'gad-7'],
          discharge: ['phq-9', 'gad-7', 'wsas'],
        }),
      /** Wording for built-in measures that need it, by questionnaire id. */
      wording: z.record(z.string(), QuestionnaireWording).default({}),
      /** The service's own questionnaires (validated by the questionnaire definition schema). */
      definitions: z.array(z.unknown()).default([]),
      /** How fast the service reviews a risk flag: local policy, shown on the clinician's to-do. */
      riskReview: z.string().trim().min(1).max(200).default('Review within 1 working day'),
    })
    .prefault({}),
  /** Patients' free times and requests (F10, F11, F15; docs/appointments.md). */
  appointments: z
    .strictObject({
      /** Who may see free times and ask for one from the portal. */
      portal: z
        .enum(portalAudiences, {
          error:
            'appointments.portal must be "everyone", "existing-patients" or "nobody": who may see free times and ask for one',
        })
        .default('existing-patients'),
      /** A booked appointment can be cancelled from the portal up to this many hours before it. */
      cancelCutoffHours: z
        .number({ error: 'appointments.cancelCutoffHours must be a whole number of hours, such as 24' })
        .int('appointments.cancelCutoffHours must be a whole number of hours, such as 24')
        .min(0, 'appointments.cancelCutoffHours must be 0 to 336 hours')
        .max(336, 'appointments.cancelCutoffHours must be 0 to 336 hours')
        .default(24),
      /** No free time is offered sooner than this after now. */
      minimumNoticeHours: z
        .number({ error: 'appointments.minimumNoticeHours must be a whole number of hours, such as 24' })
        .int('appointments.minimumNoticeHours must be a whole number of hours, such as 24')
        .min(0, 'appointments.minimumNoticeHours must be 0 to 720 hours')
        .max(720, 'appointments.minimumNoticeHours must be 0 to 720 hours')
        .default(24),
      /** No free time is offered on a date later than today plus this many days. */
      horizonDays: z
        .number({ error: 'appointments.horizonDays must be a whole number of days, such as 56' })
        .int('appointments.horizonDays must be a whole number of days, such as 56')
        .min(1, 'appointments.horizonDays must be 1 to 366 days')
        .max(366, 'appointments.horizonDays must be 1 to 366 days')
        .default(56),
      /** A pending request not decided within this many working days (Monday to Friday) expires. */
      requestExpiryWorkingDays: z
        .number({
          error: 'appointments.requestExpiryWorkingDays must be a whole number of working days, such as 5',
        })
        .int('appointments.requestExpiryWorkingDays must be a whole number of working days, such as 5')
        .min(1, 'appointments.requestExpiryWorkingDays must be 1 to 20 working days')
        .max(20, 'appointments.requestExpiryWorkingDays must be 1 to 20 working days')
        .default(5),
      /**
       * How many requests the public form takes (docs/appointments.md, "The public request form"),
       * counted over a sliding window: per email address, and per network (an IPv4 address, an
       * IPv6 /64). Generous per network: a clinic or a phone network puts many people behind one.
       */
      publicRequestLimits: z
        .strictObject({
          perEmail: z
            .number({ error: 'appointments.publicRequestLimits.perEmail must be a whole number, such as 3' })
            .int('appointments.publicRequestLimits.perEmail must be a whole number, such as 3')
            .min(1, 'appointments.publicRequestLimits.perEmail must be 1 to 50')
            .max(50, 'appointments.publicRequestLimits.perEmail must be 1 to 50')
            .default(3),
          perNetwork: z
            .number({
              error: 'appointments.publicRequestLimits.perNetwork must be a whole number, such as 20',
            })
            .int('appointments.publicRequestLimits.perNetwork must be a whole number, such as 20')
            .min(1, 'appointments.publicRequestLimits.perNetwork must be 1 to 1000')
            .max(1000, 'appointments.publicRequestLimits.perNetwork must be 1 to 1000')
            .default(20),
          windowHours: z
            .number({
              error:
                'appointments.publicRequestLimits.windowHours must be a whole number of hours, such as 24',
            })
            .int('appointments.publicRequestLimits.windowHours must be a whole number of hours, such as 24')
            .min(1, 'appointments.publicRequestLimits.windowHours must be 1 to 168 hours')
            .max(168, 'appointments.publicRequestLimits.windowHours must be 1 to 168 hours')
            .default(24),
        })
        .prefault({}),
    })
    .prefault({}),
  /** What the urgent-help page lists after a risk answer, before the service's own number and the GP. */
  urgentHelp: z.array(z.string().trim().min(1).max(300)).min(1).default(ENGLAND_URGENT_HELP),
  /** Texts and emails to patients and staff: defaults in shared/web/messages.ts, any replaced here. */
  messageTemplates: MessageTemplates.optional(),
  sessions: z
    .strictObject({
      idleMinutes: z.number().int().min(5).max(120).default(30),
      absoluteHours: z.number().int().min(1).max(24).default(12),
    })
    .prefault({}),
  /** Staff console sessions: shorter than a working day, and ended by a short idle time. */
  staffSessions: z
    .strictObject({
      idleMinutes: z.number().int().min(5).max(120).default(30),
      absoluteHours: z.number().int().min(1).max(24).default(8),
    })
    .prefault({}),
  /**
   * Who is told when an alarm fires (F22; docs/runbook.md): every alarm of the stack emails this
   * address through the service's alarm topic. Optional here so local and test configs may leave
   * it out; `cdk synth` refuses a service without it.
   */
  alarmEmail: z
    .email('alarmEmail must be an email address, such as portal-alarms@north-tt.nhs.uk, that operators read')
    .optional(),
  /** The service's logo, colours and sign-in instructions (F19; docs/branding.md). */
  branding: Branding.optional(),
  /**
   * What the operators' alarms watch for on the service's own metrics (docs/runbook.md). Each has
   * a default; set one only to change it.
   */
  operations: z
    .strictObject({
      /**
       * The longest an open risk to-do may wait before an alarm fires, in working days. CloudWatch
       * knows no calendar, so the alarm counts a working day as 24 hours: a flag raised before a
       * weekend or bank holiday alarms during it, earlier than the policy but never later
       * (docs/runbook.md). The review text the clinician sees is questionnaires.riskReview.
       */
      riskReviewLimitWorkingDays: z
        .number('operations.riskReviewLimitWorkingDays must be a whole number of working days, such as 1')
        .int('operations.riskReviewLimitWorkingDays must be a whole number of working days, such as 1')
        .min(1, 'operations.riskReviewLimitWorkingDays must be 1 to 10 working days')
        .max(10, 'operations.riskReviewLimitWorkingDays must be 1 to 10 working days')
        .default(1),
      /** Failed patient sign-ins in 15 minutes, across the service, at which the alarm fires. */
      failedSignInsAlarmThreshold: z
        .number(
          'operations.failedSignInsAlarmThreshold must be a whole number of failed sign-ins, such as 50',
        )
        .int('operations.failedSignInsAlarmThreshold must be a whole number of failed sign-ins, such as 50')
        .min(5, 'operations.failedSignInsAlarmThreshold must be 5 to 100000 failed sign-ins')
        .max(100_000, 'operations.failedSignInsAlarmThreshold must be 5 to 100000 failed sign-ins')
        .default(50),
    })
    .prefault({}),
  /**
   * The web application firewall in front of the portal (infra/waf-stack.ts). On unless turned
   * off here, and turning it off is shown as a finding at synth (docs/runbook.md, "WAF").
   */
  waf: z
    .strictObject({
      enabled: z.boolean('waf.enabled must be true or false').default(true),
    })
    .prefault({}),
  /** Unset: the stack creates a Cognito user pool for staff (infra/constructs/staff-auth.ts). */
  staffIdentityProvider: StaffIdentityProvider.optional(),
  signIn: z
    .strictObject({
      // NHS sites share addresses, so this stays generous; the per-Secure-ID lock-out is the
      // real control (DESIGN.md, "Lock-out").
      clientFailureLimit: z.number().int().min(5).max(1000).default(20),
      clientWindowMinutes: z.number().int().min(1).max(60).default(10),
    })
    .prefault({}),
  /** Outcome rules and published figures (docs/outcomes.md). */
  outcomes: z
    .strictObject({
      /** How PHQ-9 and GAD-7 combine into reliable improvement and deterioration. */
      combinedMeasures: z
        .enum(combinedMeasuresPolicies, {
          error: `outcomes.combinedMeasures must be one of ${combinedMeasuresPolicies.map((p) => `"${p}"`).join(', ')}`,
        })
        .default(DEFAULT_COMBINED_MEASURES_POLICY),
      /**
       * Published counts from 1 up to this are shown as *. At least 4 (NHS England's own rule
       * hides counts below 5); the default 7 is the stricter hospital-statistics rule.
       */
      suppressionThreshold: z
        .number({ error: 'outcomes.suppressionThreshold must be a whole number, such as 7' })
        .int('outcomes.suppressionThreshold must be a whole number, such as 7')
        .min(4, 'outcomes.suppressionThreshold must be 4 to 100')
        .max(100, 'outcomes.suppressionThreshold must be 4 to 100')
        .default(DEFAULT_SUPPRESSION_THRESHOLD),
    })
    .prefault({}),
  /**
   * Messages to patients. Optional here so a portal can run without sending anything; the stack
   * refuses to deploy reminders without it (infra/constructs/reminders.ts).
   */
  messages: MessageSettings.optional(),
  deployment: z
    .strictObject({
      account: z
        .string()
        .regex(/^\d{12}$/)
        .optional(),
      region: z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
        .default('eu-west-2'),
    })
    .prefault({}),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export class ServiceConfigError extends Error {
  override name = 'ServiceConfigError';
}

/** Parses a service config, naming the file and each bad field in the error. */
export const parseServiceConfig = (raw: unknown, source: string): ServiceConfig => {
  const parsed = ServiceConfig.safeParse(raw);
  if (!parsed.success) {
    throw new ServiceConfigError(
      `${source} is not a valid service config:\n${z.prettifyError(parsed.error)}`,
    );
  }
  try {
    // Builds every questionnaire the stages ask for, so a missing wording or a broken definition
    // fails here (at synth) and not when a patient opens the questionnaire.
    serviceQuestionnaires(parsed.data);
  } catch (e) {
    throw new ServiceConfigError(`${source} is not a valid service config:\n${(e as Error).message}`);
  }
  // Texts are checked with the longest name and phone the schema allows, so they are read from it.
  const templateProblems = messageTemplateProblems(parsed.data, {
    name: ServiceConfig.shape.name.maxLength ?? 100,
    phone: ServiceConfig.shape.phone.maxLength ?? 30,
  });
  if (templateProblems.length > 0) {
    throw new ServiceConfigError(`${source} is not a valid service config:\n${templateProblems.join('\n')}`);
  }
  const contrastProblems = parsed.data.branding ? brandingContrastProblems(parsed.data.branding) : [];
  if (contrastProblems.length > 0) {
    throw new ServiceConfigError(`${source} is not a valid service config:\n${contrastProblems.join('\n')}`);
  }
  return parsed.data;
};

/**
 * JSON with // and /* comments (what `npm run service:new` writes) and trailing commas. A syntax
 * error names its line, which JSON.parse's offset does not.
 */
const parseJsonWithComments = (text: string): unknown => {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  const [first] = errors;
  if (first) {
    const line = text.slice(0, first.offset).split('\n').length;
    throw new Error(`${printParseErrorCode(first.error)} on line ${line}`);
  }
  return value;
};

export const loadServiceConfig = (path: string): ServiceConfig => {
  let raw: unknown;
  try {
    raw = parseJsonWithComments(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ServiceConfigError(`${path} could not be read as JSON: ${(e as Error).message}`);
  }
  return parseServiceConfig(raw, path);
};

/**
 * What synth ships to the Lambdas: the parsed config with its questionnaires built. Given an
 * already parsed config, so it only runs where the schema has run (synth, the local runtime, tests).
 */
export const prepareServiceConfig = (service: ServiceConfig): PreparedServiceConfig => ({
  format: PREPARED_SERVICE_CONFIG_FORMAT,
  service,
  questionnaires: [...serviceQuestionnaires(service).values()],
});

/** Writes the prepared config where a Lambda (or the local runtime) reads SERVICE_CONFIG_PATH. */
export const writePreparedServiceConfig = (service: ServiceConfig, path: string): void => {
  writeFileSync(path, `${JSON.stringify(prepareServiceConfig(service))}\n`);
};
