import { describe, expect, it } from 'vitest';
import {
  type ChannelChoice,
  chooseChannel,
  type ContactState,
} from '../../shared/domain/reminders/channel.js';

// The channel rule (F4, issue 13 items 4 and 6) over every combination of preference, the state
// of the number and the state of the address. Hazard H6 (a reminder missed).

const PHONE = '+447700900123';
const EMAIL = 'a@example.com';

type PhoneState = 'none' | 'ok' | 'stopped on the portal' | 'opted out with SNS';
type EmailState = 'none' | 'ok' | 'hard-bounced';

const patient = (contactPreference: 'sms' | 'email', phone: PhoneState, email: EmailState): ContactState => ({
  contactPreference,
  ...(phone === 'none' ? {} : { phone: PHONE }),
  smsStopped: phone === 'stopped on the portal',
  ...(email === 'none' ? {} : { email: EMAIL }),
  ...(email === 'hard-bounced' ? { emailBouncedAt: '2027-06-01T10:00:00.000Z' } : {}),
});

const sms: ChannelChoice = { channel: 'sms', to: PHONE };
const email: ChannelChoice = { channel: 'email', to: EMAIL };
const notSent = (reason: 'opted-out' | 'email-bounced' | 'no-contact'): ChannelChoice => ({
  channel: undefined,
  reason,
});

// Written out, not derived: the table is the rule as docs/reminders.md states it.
const table: [preference: 'sms' | 'email', PhoneState, EmailState, ChannelChoice][] = [
  ['sms', 'none', 'none', notSent('no-contact')],
  ['sms', 'none', 'ok', email],
  ['sms', 'none', 'hard-bounced', notSent('email-bounced')],
  ['sms', 'ok', 'none', sms],
  ['sms', 'ok', 'ok', sms],
  ['sms', 'ok', 'hard-bounced', sms],
  ['sms', 'stopped on the portal', 'none', notSent('opted-out')],
  ['sms', 'stopped on the portal', 'ok', email],
  ['sms', 'stopped on the portal', 'hard-bounced', notSent('opted-out')],
  ['sms', 'opted out with SNS', 'none', notSent('opted-out')],
  ['sms', 'opted out with SNS', 'ok', email],
  ['sms', 'opted out with SNS', 'hard-bounced', notSent('opted-out')],
  ['email', 'none', 'none', notSent('no-contact')],
  ['email', 'none', 'ok', email],
  ['email', 'none', 'hard-bounced', notSent('email-bounced')],
  ['email', 'ok', 'none', notSent('no-contact')],
  ['email', 'ok', 'ok', email],
  ['email', 'ok', 'hard-bounced', sms],
  ['email', 'stopped on the portal', 'none', notSent('no-contact')],
  ['email', 'stopped on the portal', 'ok', email],
  ['email', 'stopped on the portal', 'hard-bounced', notSent('email-bounced')],
  ['email', 'opted out with SNS', 'none', notSent('no-contact')],
  ['email', 'opted out with SNS', 'ok', email],
  ['email', 'opted out with SNS', 'hard-bounced', notSent('email-bounced')],
];

describe('chooseChannel with stopped texts and bounced addresses', () => {
  it.each(table)('prefers %s, number %s, email %s', async (preference, phone, address, expected) => {
    const snsSaysOptedOut = async () => phone === 'opted out with SNS';
    expect(await chooseChannel(patient(preference, phone, address), snsSaysOptedOut)).toEqual(expected);
  });

  it('asks SNS about the number only when a text is about to be chosen', async () => {
    const asked: string[] = [];
    const check = async (phone: string) => {
      asked.push(phone);
      return false;
    };
    await chooseChannel(patient('email', 'ok', 'ok'), check);
    await chooseChannel(patient('sms', 'stopped on the portal', 'ok'), check);
    expect(asked).toEqual([]);
    await chooseChannel(patient('email', 'ok', 'hard-bounced'), check);
    await chooseChannel(patient('sms', 'ok', 'none'), check);
    expect(asked).toEqual([PHONE, PHONE]);
  });
});
