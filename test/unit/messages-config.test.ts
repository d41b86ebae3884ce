import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reminderTiming, smsSenderIdOf } from '../../shared/config/message-settings.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadServiceConfig,
  parseServiceConfig,
  writePreparedServiceConfig,
} from '../../shared/config/service-config.js';
import { createNotifyDeps, createScanDeps, MissingQueueUrlError } from '../../shared/messaging-deps.js';

// The `messages` settings of a service config (docs/reminders.md, "Settings"): defaults, and
// errors an admin who is not a developer can act on.

const base = {
  id: 'north',
  name: 'North Talking Therapies',
  phone: '01632 960 002',
  clinicians: [{ id: 'clin-a', name: 'Clinician A' }],
  serviceTypes: [{ id: 'session', name: 'Session', durationMinutes: 50 }],
  questionnaires: {
    wording: JSON.parse(readFileSync('infra/services/demo.json', 'utf8')).questionnaires.wording,
  },
};
const withMessages = (messages: Record<string, unknown>) =>
  parseServiceConfig({ ...base, messages }, 'north.json');
const errorOf = (messages: Record<string, unknown>): string => {
  try {
    withMessages(messages);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('messages settings', () => {
  it('defaults to a 48-hour lead and a 2-hour late-booking minimum', () => {
    const config = withMessages({ emailFrom: 'reminders@north.example' });
    expect(reminderTiming(config)).toEqual({ leadHours: 48, lateBookingMinimumHours: 2 });
    expect(reminderTiming(parseServiceConfig(base, 'north.json'))).toEqual({
      leadHours: 48,
      lateBookingMinimumHours: 2,
    });
  });

  it('derives the SMS sender ID from the service name when none is set: 11 letters and digits', () => {
    expect(smsSenderIdOf(withMessages({ emailFrom: 'r@north.example' }))).toBe('NorthTalkin');
    expect(smsSenderIdOf(withMessages({ emailFrom: 'r@north.example', smsSenderId: 'NorthTT' }))).toBe(
      'NorthTT',
    );
  });

  it.each([
    ['North TT', 'no spaces'],
    ['1North', 'starting with a letter'],
    ['NorthTalkingT', '1 to 11 letters or digits'],
  ])('refuses the SMS sender ID %j, saying why', (smsSenderId, says) => {
    expect(errorOf({ emailFrom: 'r@north.example', smsSenderId })).toContain(says);
  });

  it('names the field and gives an example when emailFrom is not an address', () => {
    const message = errorOf({ emailFrom: 'north reminders' });
    expect(message).toContain('north.json');
    expect(message).toContain('emailFrom must be an email address');
  });

  it('refuses a lead time that is not a whole number of hours, or out of range', () => {
    expect(errorOf({ emailFrom: 'r@north.example', reminderLeadHours: 1.5 })).toContain(
      'whole number of hours',
    );
    expect(errorOf({ emailFrom: 'r@north.example', reminderLeadHours: 0 })).toContain('at least 1 hour');
    expect(errorOf({ emailFrom: 'r@north.example', lateBookingMinimumHours: -1 })).toContain(
      'cannot be negative',
    );
  });
});

describe('the reminder functions’ environment', () => {
  // What PortalFunction ships in the bundle: the config as synth prepared it.
  const prepared = join(mkdtempSync(join(tmpdir(), 'reminders-env-')), 'service.json');
  writePreparedServiceConfig(loadServiceConfig('infra/services/demo.json'), prepared);
  const env = {
    TABLE_NAME: 'portal',
    SERVICE_CONFIG_PATH: prepared,
    HMAC_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:hmac',
    ORIGIN_VERIFY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:origin',
  };

  it('stops the scan at cold start when it is not told its queue', () => {
    expect(() => createScanDeps(env)).toThrow(MissingQueueUrlError);
  });

  it('builds the scan and notify dependencies from the environment and the service file', () => {
    const scan = createScanDeps({
      ...env,
      REMINDER_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/reminders',
    });
    const notify = createNotifyDeps(env);
    expect(scan.service.messages?.smsSenderId).toBe('DemoTT');
    expect(typeof notify.sms.send).toBe('function');
    expect(typeof notify.email.send).toBe('function');
  });
});
