import * as z from 'zod';
import {
  firstNonGsm7Character,
  fitsTwoSegments,
  smsSegments,
  SMS_LIMITS,
} from '../domain/messages/sms-length.js';
import {
  fillPlaceholders,
  kindPlaceholders,
  LONGEST_VALUES,
  messageKinds,
  type Placeholder,
  REASON_MAX_LENGTH,
  unknownPlaceholders,
} from '../domain/messages/templates.js';
import type { ServiceConfig } from './service-config.js';
import { serviceMessageTemplate } from './service-message-template.js';

export { serviceMessageTemplate };

// `messageTemplates` in a service config: any template the service writes replaces the default in
// shared/web/messages.ts. parseServiceConfig checks the result at synth, so a template with a
// placeholder its kind cannot fill, or a text too long for two SMS parts, never reaches a deploy.

const SmsTemplate = z.string().trim().min(1).max(1000);
const EmailTemplate = z.strictObject({
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\r\n]*$/, 'a subject is one line'),
  text: z.string().trim().min(1).max(5000),
});
export type EmailTemplate = z.infer<typeof EmailTemplate>;

const PatientMessage = z.strictObject({ sms: SmsTemplate.optional(), email: EmailTemplate.optional() });
/** Staff alerts go to the duty email address only, so they have no SMS to write. */
const StaffAlert = z.strictObject({ email: EmailTemplate.optional() });

export const MessageTemplates = z.strictObject({
  welcome: PatientMessage.optional(),
  reminder: PatientMessage.optional(),
  confirmation: PatientMessage.optional(),
  denial: PatientMessage.optional(),
  staffAlertRisk: StaffAlert.optional(),
  staffAlertSecureIdDisabled: StaffAlert.optional(),
  staffCancelled: PatientMessage.optional(),
  appointmentMoved: PatientMessage.optional(),
  requestExpired: PatientMessage.optional(),
  staffRequestExpired: StaffAlert.optional(),
  requestVerification: StaffAlert.optional(),
  staffNewRequest: StaffAlert.optional(),
  letterAvailable: PatientMessage.optional(),
});
export type MessageTemplates = z.infer<typeof MessageTemplates>;

/** Where absent, a made-up but realistic long address stands in for the length check. */
const LONG_PORTAL_URL = 'https://portal.talking-therapies.northshire-healthcare-nhs-ft.nhs.uk';

/**
 * The longest value of each placeholder for this service. The name and phone are the service's
 * own, lengthened to the schema's maximum with plain GSM-7 characters, so a template that fits
 * keeps fitting when the name or number is changed later; their own characters still count (a
 * curly apostrophe in the name makes every text UCS-2).
 */
export const longestValues = (
  service: Pick<ServiceConfig, 'name' | 'phone' | 'portalUrl'>,
  limits: { readonly name: number; readonly phone: number },
): Record<Placeholder, string> => ({
  ...LONGEST_VALUES,
  serviceName: service.name.padEnd(limits.name, 'x'),
  phone: service.phone.padEnd(limits.phone, '0'),
  portalUrl: service.portalUrl ?? LONG_PORTAL_URL,
  reason: 'x'.repeat(REASON_MAX_LENGTH),
  // Staff alerts are email only; a console link never goes in a text.
  consoleUrl: `${service.portalUrl ?? LONG_PORTAL_URL}/staff/todos`,
  oldDate: LONGEST_VALUES.date,
  oldTime: LONGEST_VALUES.time,
  // Email only, like consoleUrl: a 43-character token after the path.
  verifyUrl: `${service.portalUrl ?? LONG_PORTAL_URL}/request-an-appointment/verify?token=${'x'.repeat(43)}`,
});

const placeholderList = (names: readonly string[]) => names.map((n) => `{${n}}`).join(', ');

/** Risk stays in the console (risk.md: "An SMS or email never mentions risk"). */
const MENTIONS_RISK = /\brisk/i;

/**
 * Every problem with the service's templates, each naming the template (messageTemplates.<kind>
 * .<sms|email.subject|email.text>) and what to change; empty when they are all fine.
 */
export const messageTemplateProblems = (
  service: Pick<ServiceConfig, 'name' | 'phone' | 'portalUrl' | 'messageTemplates' | 'clinicians'>,
  limits: { readonly name: number; readonly phone: number },
): string[] => {
  const longest = longestValues(service, limits);
  return messageKinds.flatMap((kind) => {
    const template = serviceMessageTemplate(service, kind);
    const texts: [string, string][] = [
      ...(template.sms === undefined ? [] : [['sms', template.sms] as [string, string]]),
      ['email.subject', template.email.subject],
      ['email.text', template.email.text],
    ];
    return texts.flatMap(([part, text]) => {
      const where = `messageTemplates.${kind}.${part}`;
      const unknown = unknownPlaceholders(kind, text);
      if (unknown.length > 0) {
        return [
          `${where} uses ${placeholderList(unknown)}, which a ${kind} message cannot fill; it may use ${placeholderList(kindPlaceholders[kind])}`,
        ];
      }
      const problems: string[] = [];
      if (MENTIONS_RISK.test(text)) {
        problems.push(
          `${where} mentions risk; texts and emails never do (say "a questionnaire needs review")`,
        );
      }
      if (part === 'sms') {
        const named = service.clinicians.find((c) => text.toLowerCase().includes(c.name.toLowerCase()));
        if (named) problems.push(`${where} names the clinician ${named.id}; a text never names a clinician`);
        const rendered = fillPlaceholders(text, longest);
        if (!fitsTwoSegments(rendered)) {
          const { encoding, units } = smsSegments(rendered);
          const limit = SMS_LIMITS[encoding].perPart * 2;
          const unit = encoding === 'GSM-7' ? 'GSM-7 characters (septets)' : 'UCS-2 units';
          const why = [
            ...(encoding === 'UCS-2'
              ? [
                  `it is UCS-2 because of the character "${firstNonGsm7Character(rendered)}" (GSM-7 could hold 306)`,
                ]
              : []),
            // The rare case where the units fit but a pair straddles the cut between two parts.
            ...(units <= limit ? ['a two-unit character cannot be cut between two parts'] : []),
          ]
            .map((reason) => `; ${reason}`)
            .join('');
          problems.push(
            `${where} is too long for two text messages with the longest values (a ${limits.name}-character service name): ${units} ${unit}, at most ${limit}${why}`,
          );
        }
      }
      return problems;
    });
  });
};
