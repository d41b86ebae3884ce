import type { ContactPreference } from '../patient.js';

// Which channel a reminder goes by (F3, F4; DESIGN.md, "SMS in the UK"; docs/reminders.md).

/** What decides the channel: the patient's choice, their addresses, and what became of them. */
export interface ContactState {
  readonly contactPreference: ContactPreference;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  /** The patient stopped texts on the portal's contact preferences page (F4). */
  readonly smsStopped?: boolean | undefined;
  /** SES reported a permanent bounce for this address; the clinic changing the email clears it. */
  readonly emailBouncedAt?: string | undefined;
}

export type NotSentReason = 'opted-out' | 'email-bounced' | 'no-contact';

export type ChannelChoice =
  | { readonly channel: 'sms'; readonly to: string }
  | { readonly channel: 'email'; readonly to: string }
  | { readonly channel: undefined; readonly reason: NotSentReason };

/**
 * A patient who prefers SMS gets one, unless they stopped texts on the portal or their number is
 * on SNS's opted-out list (they replied STOP): then email if they have an address that has not
 * hard-bounced, else nothing, recorded as "opted out".
 *
 * A patient who prefers email gets one; they are never texted instead (they may have declined
 * texts), with one exception: an address that hard-bounced can no longer reach them, so the
 * reminder goes by SMS when they have a number they have not stopped (issue 13, item 6). With
 * no such number it is recorded as "email bounced".
 *
 * Worked example: SMS preference, texts stopped, email bounced: nothing, "opted out" (staff see
 * the bounce beside it on the patient's page).
 *
 * `smsOptedOut` is asked only when a text is about to be chosen, since checking is a call to SNS.
 */
export const chooseChannel = async (
  patient: ContactState,
  smsOptedOut: (phone: string) => Promise<boolean>,
): Promise<ChannelChoice> => {
  const deliverableEmail = patient.email && !patient.emailBouncedAt ? patient.email : undefined;
  const textable = async (): Promise<string | undefined> => {
    if (!patient.phone || patient.smsStopped) return undefined;
    return (await smsOptedOut(patient.phone)) ? undefined : patient.phone;
  };

  if (patient.contactPreference === 'sms' && patient.phone) {
    const phone = await textable();
    if (phone) return { channel: 'sms', to: phone };
    return deliverableEmail
      ? { channel: 'email', to: deliverableEmail }
      : { channel: undefined, reason: 'opted-out' };
  }
  if (deliverableEmail) return { channel: 'email', to: deliverableEmail };
  if (patient.email) {
    const phone = await textable();
    return phone ? { channel: 'sms', to: phone } : { channel: undefined, reason: 'email-bounced' };
  }
  return { channel: undefined, reason: 'no-contact' };
};
