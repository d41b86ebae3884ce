import type { Patient } from '../patient.js';

// Which channel a reminder goes by (F3, F4; DESIGN.md, "SMS in the UK").

export type ChannelChoice =
  | { readonly channel: 'sms'; readonly to: string }
  | { readonly channel: 'email'; readonly to: string }
  | { readonly channel: undefined; readonly reason: 'opted-out' | 'no-contact' };

/**
 * A patient who prefers SMS gets one, unless their number is on the opted-out list (they replied
 * STOP): then email if they have an address, else nothing, recorded as "opted out". A patient who
 * prefers email is never sent an SMS instead (they may have declined texts).
 *
 * `smsOptedOut` is only asked for when it matters (an SMS patient with a number), since checking
 * it is a call to SNS.
 */
export const chooseChannel = async (
  patient: Pick<Patient, 'phone' | 'email' | 'contactPreference'>,
  smsOptedOut: (phone: string) => Promise<boolean>,
): Promise<ChannelChoice> => {
  if (patient.contactPreference === 'sms' && patient.phone) {
    if (!(await smsOptedOut(patient.phone))) return { channel: 'sms', to: patient.phone };
    return patient.email
      ? { channel: 'email', to: patient.email }
      : { channel: undefined, reason: 'opted-out' };
  }
  if (patient.email) return { channel: 'email', to: patient.email };
  return { channel: undefined, reason: 'no-contact' };
};
