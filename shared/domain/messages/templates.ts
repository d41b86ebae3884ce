// Message templates are plain text with placeholders in braces ("Your Secure ID is {secureId}").
// Each kind of message may use only the placeholders that make sense for it, so a staff alert can
// never be written to carry a Secure ID and a welcome text never has an empty {reason}.

export const messageKinds = [
  'welcome',
  'reminder',
  'staffAlertRisk',
  'staffAlertSecureIdDisabled',
  'confirmation',
  'denial',
  'staffCancelled',
  'appointmentMoved',
  'requestExpired',
  'staffRequestExpired',
  'requestVerification',
  'staffNewRequest',
  'letterAvailable',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export const placeholders = [
  'serviceName',
  'portalUrl',
  'secureId',
  'date',
  'time',
  'phone',
  'consoleUrl',
  'reason',
  'oldDate',
  'oldTime',
  'verifyUrl',
] as const;
export type Placeholder = (typeof placeholders)[number];

/** Patients get these by SMS (or email when they declined SMS); staff alerts go only to the duty email. */
export const smsKinds = [
  'welcome',
  'reminder',
  'confirmation',
  'denial',
  'staffCancelled',
  'appointmentMoved',
  'requestExpired',
  'letterAvailable',
] as const satisfies readonly MessageKind[];
export type SmsKind = (typeof smsKinds)[number];
export const isSmsKind = (kind: MessageKind): kind is SmsKind =>
  (smsKinds as readonly string[]).includes(kind);

/**
 * What each kind may say. There is no placeholder for a clinician's name, answers or scores at
 * all: texts and emails never carry clinical detail (risk.md), and staff alerts carry only the
 * console link, where a signed-in member of staff sees the rest.
 */
export const kindPlaceholders: Readonly<Record<MessageKind, readonly Placeholder[]>> = {
  welcome: ['serviceName', 'portalUrl', 'secureId', 'phone'],
  reminder: ['serviceName', 'portalUrl', 'date', 'time', 'phone'],
  confirmation: ['serviceName', 'portalUrl', 'date', 'time', 'phone'],
  denial: ['serviceName', 'portalUrl', 'date', 'time', 'phone', 'reason'],
  staffAlertRisk: ['serviceName', 'consoleUrl'],
  staffAlertSecureIdDisabled: ['serviceName', 'consoleUrl'],
  // Staff cancelled or moved the patient's appointment (the staff calendar): the date and time it
  // was, and for a move the new date and time ({date}, {time}) after the old ({oldDate}, {oldTime}).
  staffCancelled: ['serviceName', 'portalUrl', 'date', 'time', 'phone', 'reason'],
  appointmentMoved: ['serviceName', 'portalUrl', 'date', 'time', 'phone', 'oldDate', 'oldTime'],
  requestExpired: ['serviceName', 'portalUrl', 'date', 'time', 'phone'],
  // No patient name: the clinician finds the rest in the console.
  staffRequestExpired: ['serviceName', 'consoleUrl', 'date', 'time'],
  // A public requester's link (F17): no name, time or clinician, only the link that proves the address.
  requestVerification: ['serviceName', 'verifyUrl', 'phone'],
  // Staff are told a request arrived, and when for: who and why stay in the console.
  staffNewRequest: ['serviceName', 'consoleUrl', 'date', 'time'],
  // A letter (the GP report's copy) is in the portal: where to read it, never what it says.
  letterAvailable: ['serviceName', 'portalUrl', 'phone'],
};

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The names a template uses, in order of first use ("{a} {b} {a}" -> a, b); unknown names included. */
export const placeholdersIn = (template: string): string[] => [
  ...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string)),
];

/** The names a template uses that its kind may not: empty when the template is fine. */
export const unknownPlaceholders = (kind: MessageKind, template: string): string[] =>
  placeholdersIn(template).filter((name) => !(kindPlaceholders[kind] as readonly string[]).includes(name));

/**
 * Replaces every placeholder in one pass, so a value that itself contains "{secureId}" is left as
 * written and never expanded. A placeholder without a value throws: callers check first.
 */
export const fillPlaceholders = (template: string, values: Partial<Record<Placeholder, string>>): string =>
  template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined) throw new RangeError(`no value for the placeholder {${name}}`);
    return value;
  });

/**
 * The longest text each time-independent placeholder can become, for checking that an SMS fits
 * before any is sent. "Wednesday 30 September" is the longest day and month; every time is at
 * most "10:45am"; a Secure ID is printed as four groups (7KQ2-M9XD-4TRB-W).
 */
export const LONGEST_VALUES = {
  date: 'Wednesday 30 September',
  time: '10:45am',
  secureId: 'WWWW-WWWW-WWWW-W',
} as const;

/** Free text staff give when they turn a request down (checked again when a message is rendered). */
export const REASON_MAX_LENGTH = 100;
