import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultMessageTemplates,
  serviceMessageTemplate,
} from '../../shared/config/service-message-template.js';
import { parseServiceConfig } from '../../shared/config/service-config.js';
import {
  fillPlaceholders,
  kindPlaceholders,
  messageKinds,
  placeholdersIn,
  unknownPlaceholders,
} from '../../shared/domain/messages/templates.js';
import { messageTemplateDefaults } from '../../shared/web/messages.js';

const demo = JSON.parse(readFileSync('infra/services/demo.json', 'utf8'));
const withTemplates = (messageTemplates: unknown, more: Record<string, unknown> = {}) => ({
  ...demo,
  ...more,
  messageTemplates,
});
const parse = (raw: unknown) => parseServiceConfig(raw, 'north.json');

describe('template placeholders', () => {
  it('lists the names a template uses once each, in order', () => {
    expect(placeholdersIn('{a} and {b}, then {a} again; {} is empty')).toEqual(['a', 'b', '']);
  });

  it('fills every placeholder in one pass, leaving braces inside a value as written', () => {
    expect(fillPlaceholders('{serviceName}: {reason}', { serviceName: 'North', reason: '{secureId}' })).toBe(
      'North: {secureId}',
    );
  });

  it('gives staff alerts only the service name and the console link', () => {
    expect(kindPlaceholders.staffAlertRisk).toEqual(['serviceName', 'consoleUrl']);
    expect(unknownPlaceholders('staffAlertRisk', '{serviceName} {secureId} {date}')).toEqual([
      'secureId',
      'date',
    ]);
  });

  it('keeps each default template to the placeholders of its kind', () => {
    for (const kind of messageKinds) {
      const template: { sms?: string; email: { subject: string; text: string } } =
        defaultMessageTemplates[kind];
      for (const text of [template.sms ?? '', template.email.subject, template.email.text]) {
        expect(unknownPlaceholders(kind, text), `${kind}: ${text}`).toEqual([]);
      }
    }
  });
});

describe('messageTemplates in the service config', () => {
  it('accepts a config without messageTemplates and uses the defaults', () => {
    const config = parse(demo);
    expect(config.messageTemplates).toBeUndefined();
    expect(serviceMessageTemplate(config, 'reminder')).toEqual(messageTemplateDefaults.reminder);
  });

  it('replaces only the templates a service writes', () => {
    const config = parse(withTemplates({ reminder: { sms: 'See you on {date} at {time}: {portalUrl}' } }));
    expect(serviceMessageTemplate(config, 'reminder')).toEqual({
      sms: 'See you on {date} at {time}: {portalUrl}',
      email: messageTemplateDefaults.reminder.email,
    });
    expect(serviceMessageTemplate(config, 'welcome')).toEqual(messageTemplateDefaults.welcome);
  });

  it('names the template and the placeholder when a template uses one its kind cannot fill', () => {
    expect(() =>
      parse(withTemplates({ reminder: { sms: 'Your Secure ID is {secureId}, see you {date}' } })),
    ).toThrow(
      /north\.json is not a valid service config:\nmessageTemplates\.reminder\.sms uses \{secureId\}, which a reminder message cannot fill; it may use \{serviceName\}, \{portalUrl\}, \{date\}, \{time\}, \{phone\}/,
    );
    expect(() =>
      parse(
        withTemplates({ staffAlertRisk: { email: { subject: 'Review {date}', text: 'See {consoleUrl}' } } }),
      ),
    ).toThrow(/messageTemplates\.staffAlertRisk\.email\.subject uses \{date\}/);
    expect(() => parse(withTemplates({ welcome: { sms: 'Hello {name}' } }))).toThrow(
      /messageTemplates\.welcome\.sms uses \{name\}/,
    );
  });

  it('refuses an SMS for a staff alert, which goes by email only', () => {
    expect(() => parse(withTemplates({ staffAlertRisk: { sms: 'Review {consoleUrl}' } }))).toThrow(
      /Unrecognized key: "sms"[\s\S]*messageTemplates\.staffAlertRisk/,
    );
  });

  it('accepts an SMS of exactly two parts with a 100-character service name, and refuses one character more', () => {
    // The name is lengthened to the schema's 100 characters: 100 + 1 + 205 = 306 septets.
    expect(() =>
      parse(withTemplates({ welcome: { sms: `{serviceName} ${'a'.repeat(205)}` } })),
    ).not.toThrow();
    expect(() => parse(withTemplates({ welcome: { sms: `{serviceName} ${'a'.repeat(206)}` } }))).toThrow(
      /messageTemplates\.welcome\.sms is too long for two text messages with the longest values \(a 100-character service name\): 307 GSM-7 characters \(septets\), at most 306/,
    );
  });

  it('counts the longest date, time, phone and portal address in the SMS length', () => {
    // 22 + 1 + 7 + 1 + 30 + 1 + the configured address: one more "a" would not fit.
    const portalUrl = 'https://portal.north.example';
    const fixed = 22 + 1 + 7 + 1 + 30 + 1 + portalUrl.length + 1;
    const sms = (n: number) => `{date} {time} {phone} {portalUrl} ${'a'.repeat(n)}`;
    expect(() => parse(withTemplates({ reminder: { sms: sms(306 - fixed) } }, { portalUrl }))).not.toThrow();
    expect(() => parse(withTemplates({ reminder: { sms: sms(307 - fixed) } }, { portalUrl }))).toThrow(
      /messageTemplates\.reminder\.sms is too long[\s\S]*: 307 GSM-7/,
    );
  });

  it('says when a curly apostrophe makes an SMS UCS-2 and too long', () => {
    // 100 + 13 + 22 = 135 UCS-2 units.
    expect(() => parse(withTemplates({ reminder: { sms: '{serviceName}’s reminder: {date}' } }))).toThrow(
      /messageTemplates\.reminder\.sms is too long[\s\S]*: 135 UCS-2 units, at most 134; it is UCS-2 because of the character "’"/,
    );
  });

  it('counts the service’s own name, so a curly apostrophe in it fails the default texts', () => {
    expect(() => parse({ ...demo, name: 'St Mary’s Talking Therapies' })).toThrow(
      /messageTemplates\.welcome\.sms is too long[\s\S]*UCS-2[\s\S]*"’"/,
    );
    expect(() => parse({ ...demo, name: "St Mary's Talking Therapies" })).not.toThrow();
  });

  it('refuses a template that mentions risk, and an SMS that names a clinician', () => {
    expect(() =>
      parse(
        withTemplates({
          staffAlertRisk: { email: { subject: 'Risk flag raised', text: 'See {consoleUrl}' } },
        }),
      ),
    ).toThrow(/messageTemplates\.staffAlertRisk\.email\.subject mentions risk/);
    expect(() =>
      parse(withTemplates({ reminder: { sms: 'See Alex Morgan on {date} at {time}: {portalUrl}' } })),
    ).toThrow(/messageTemplates\.reminder\.sms names the clinician alex-morgan/);
  });

  it('refuses an email subject of more than one line', () => {
    expect(() =>
      parse(
        withTemplates({ welcome: { email: { subject: 'Hello\nBcc: x@example.com', text: '{secureId}' } } }),
      ),
    ).toThrow(/subject is one line[\s\S]*messageTemplates\.welcome\.email\.subject/);
  });
});
