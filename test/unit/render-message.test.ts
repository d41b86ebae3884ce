import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import {
  loadServiceConfig,
  parseServiceConfig,
  type ServiceConfig,
} from '../../shared/config/service-config.js';
import { fitsTwoSegments, smsSegments } from '../../shared/domain/messages/sms-length.js';
import {
  isSmsKind,
  kindPlaceholders,
  messageKinds,
  REASON_MAX_LENGTH,
} from '../../shared/domain/messages/templates.js';
import {
  InvalidMessageValueError,
  type MessageValues,
  MissingMessageValueError,
  NoSmsTemplateError,
  type RenderedEmail,
  type RenderedSms,
  renderMessage,
  SmsTooLongError,
} from '../../shared/notify/render.js';

const demo = loadServiceConfig('infra/services/demo.json');
const demoRaw = { ...demo };

/** The longest values a service can have: a 100-character name, a 30-character phone, a long address. */
const longValues = parseServiceConfig(
  {
    ...demoRaw,
    name: 'North Talking Therapies '.repeat(5).slice(0, 100),
    phone: '+44 (0)1632 960 000 ext. 12345',
    portalUrl: 'https://portal.talking-therapies.northshire-healthcare-nhs-ft.nhs.uk',
  },
  'long.json',
);

const values: MessageValues = {
  secureId: '7KQ2-M9XD-4TRB-W',
  // Wednesday 30 September 2026 at 10:45am in London (BST): the longest date and time.
  start: '2026-09-30T09:45:00Z',
  reason: 'The clinician is not working that day.',
  consoleUrl: 'https://portal.north.example/staff/todos',
  // A moved appointment's old time (appointmentMoved): the longest date and time again.
  previousStart: '2026-09-30T09:45:00Z',
  verifyUrl: 'https://portal.north.example/request-an-appointment/verify?token=abc',
};

const sms = (service: ServiceConfig, kind: (typeof messageKinds)[number], v: MessageValues = values) =>
  renderMessage(service, kind, 'sms', v) as RenderedSms;
const email = (service: ServiceConfig, kind: (typeof messageKinds)[number], v: MessageValues = values) =>
  renderMessage(service, kind, 'email', v) as RenderedEmail;

const bodyText = (html: string) => {
  const body = DomUtils.findOne((e) => e.name === 'body', parseDocument(html).children);
  if (!body) throw new Error('no body');
  return body.children.filter((p) => DomUtils.isTag(p) && p.name === 'p').map((p) => DomUtils.textContent(p));
};

describe('renderMessage', () => {
  for (const [label, service] of [
    ['the demo config', demo],
    ['a config with the longest values', longValues],
  ] as const) {
    it(`renders every kind by email, and by SMS within two parts, with ${label}`, () => {
      for (const kind of messageKinds) {
        const rendered = email(service, kind);
        for (const text of [rendered.subject, rendered.text, rendered.html]) {
          expect(text, kind).not.toMatch(/\{\w*\}/);
        }
        // Staff messages link to the console; patients' give the service's number.
        const toStaff = (kindPlaceholders[kind] as readonly string[]).includes('consoleUrl');
        expect(rendered.text).toContain(toStaff ? values.consoleUrl : service.phone);
        if (!isSmsKind(kind)) continue;
        const text = sms(service, kind).text;
        expect(text).not.toMatch(/\{\w*\}/);
        expect(text).toContain(service.name);
        expect(fitsTwoSegments(text), `${kind}: ${JSON.stringify(smsSegments(text))}`).toBe(true);
        expect(smsSegments(text).encoding).toBe('GSM-7');
      }
    });
  }

  it('puts the Secure ID and the portal link in the welcome, by SMS and by email', () => {
    const text = sms(longValues, 'welcome').text;
    expect(text).toContain('7KQ2-M9XD-4TRB-W');
    expect(text).toContain('https://portal.talking-therapies.northshire-healthcare-nhs-ft.nhs.uk');
    expect(email(longValues, 'welcome').text).toContain('Your Secure ID is 7KQ2-M9XD-4TRB-W');
  });

  it('gives the reminder the service, the local date and time, the link and the questionnaires', () => {
    expect(sms(longValues, 'reminder').text).toBe(
      `${longValues.name}: your appointment is on Wednesday 30 September at 10:45am. Before then, please complete your questionnaires at https://portal.talking-therapies.northshire-healthcare-nhs-ft.nhs.uk`,
    );
  });

  it('shows 10am local time on both sides of the 2027 clock changes in Europe/London', () => {
    // Clocks go forward on 28 March 2027 and back on 31 October 2027.
    expect(sms(demo, 'reminder', { start: '2027-03-29T09:00:00Z' }).text).toContain(
      'on Monday 29 March at 10am.',
    );
    expect(sms(demo, 'reminder', { start: '2027-11-01T10:00:00Z' }).text).toContain(
      'on Monday 1 November at 10am.',
    );
    expect(email(demo, 'reminder', { start: '2027-03-29T09:00:00Z' }).subject).toBe(
      'Your appointment on Monday 29 March at 10am',
    );
    // An offset in the value is honoured: this is the same instant as the first.
    expect(sms(demo, 'reminder', { start: '2027-03-29T10:00:00+01:00' }).text).toContain('at 10am.');
  });

  it('uses the service’s own time zone', () => {
    const belfastToNewYork = { ...demo, timeZone: 'America/New_York' };
    expect(sms(belfastToNewYork, 'reminder', { start: '2027-03-29T14:00:00Z' }).text).toContain(
      'on Monday 29 March at 10am.',
    );
  });

  it('puts the link in the requester email, and only when and where to look in the staff one', () => {
    const link = email(demo, 'requestVerification');
    expect(link.text).toContain(values.verifyUrl);
    expect(link.subject).toContain(demo.name);
    const staff = email(demo, 'staffNewRequest', { start: values.start, consoleUrl: values.consoleUrl });
    expect(staff.text).toContain('Wednesday 30 September');
    expect(staff.text).toContain('10:45am');
    expect(staff.text).toContain(values.consoleUrl);
    expect(() => email(demo, 'requestVerification', {})).toThrow(MissingMessageValueError);
  });

  it('escapes the HTML part, and keeps the plain-text part as written', () => {
    const risky = { ...demo, name: 'Smith & Jones <script>alert(1)</script>' };
    const rendered = email(risky, 'reminder');
    expect(rendered.text).toContain('Smith & Jones <script>alert(1)</script>');
    expect(rendered.html).not.toContain('<script');
    expect(rendered.html).toContain('Smith &amp; Jones &lt;script>');
    expect(bodyText(rendered.html).join('\n')).toContain('Smith & Jones <script>alert(1)</script>');
    const subjectInTitle = email(risky, 'staffAlertRisk');
    expect(subjectInTitle.html).toContain(
      '<title>Smith &amp; Jones &lt;script>alert(1)&lt;/script>: a questionnaire',
    );
  });

  it('makes the HTML part a complete plain document that says what the text part says', () => {
    // Unbranded: a branded service's header band is tested in branding.test.ts.
    const plain = { ...demo, branding: undefined };
    for (const kind of messageKinds) {
      const rendered = email(plain, kind);
      const doc = parseDocument(rendered.html);
      expect(rendered.html.startsWith('<!DOCTYPE html>')).toBe(true);
      const html = DomUtils.findOne((e) => e.name === 'html', doc.children);
      expect(html?.attribs.lang).toBe('en');
      expect(DomUtils.textContent(DomUtils.findOne((e) => e.name === 'title', doc.children) ?? [])).toBe(
        rendered.subject,
      );
      expect(
        DomUtils.findAll((e) => 'style' in e.attribs || e.name === 'style' || e.name === 'img', doc.children),
      ).toEqual([]);
      expect(bodyText(rendered.html)).toEqual(rendered.text.split('\n\n'));
      const links = DomUtils.findAll((e) => e.name === 'a', doc.children).map((a) => [
        a.attribs.href,
        DomUtils.textContent(a),
      ]);
      const addresses = rendered.text.match(/https?:\/\/[^\s]+[^\s.,]/g) ?? [];
      expect(links).toEqual(addresses.map((a) => [a, a]));
      expect(links.length).toBeGreaterThan(0);
    }
  });

  it('keeps a full stop after a link out of the link', () => {
    const config = parseServiceConfig(
      {
        ...demoRaw,
        messageTemplates: { confirmation: { email: { subject: 'Booked', text: 'Go to {portalUrl}.' } } },
      },
      'x.json',
    );
    expect(email(config, 'confirmation').html).toContain(
      '<p>Go to <a href="https://demo.therapy-portal.invalid">https://demo.therapy-portal.invalid</a>.</p>',
    );
  });

  it('links to a clearly invalid address until the service sets portalUrl', () => {
    expect(sms(demo, 'welcome').text).toContain('https://demo.therapy-portal.invalid');
    expect(sms({ ...demo, portalUrl: 'https://portal.north.example' }, 'welcome').text).toContain(
      'https://portal.north.example',
    );
  });

  it('never says risk, a Secure ID or a date in the alert that a questionnaire needs review', () => {
    const rendered = email(demo, 'staffAlertRisk');
    expect(rendered.subject).toBe('Demo Talking Therapies: a questionnaire needs review');
    expect(rendered.text).toMatch(/^A questionnaire needs review\./);
    for (const text of [rendered.subject, rendered.text, rendered.html]) {
      expect(text).not.toMatch(/risk/i);
      expect(text).not.toContain(values.secureId);
      expect(text).not.toContain('September');
    }
  });

  it('uses a service’s own template for a kind and the defaults for the rest', () => {
    const config = parseServiceConfig(
      { ...demoRaw, messageTemplates: { reminder: { sms: 'See you {date}, {time}. {portalUrl}' } } },
      'x.json',
    );
    expect(sms(config, 'reminder').text).toBe(
      'See you Wednesday 30 September, 10:45am. https://demo.therapy-portal.invalid',
    );
    expect(sms(config, 'welcome').text).toBe(sms(demo, 'welcome').text);
  });

  it('refuses to render without a value the template needs, naming the value only', () => {
    const needs: [Parameters<typeof renderMessage>[1], 'sms' | 'email', keyof MessageValues][] = [
      ['welcome', 'sms', 'secureId'],
      ['welcome', 'email', 'secureId'],
      ['reminder', 'sms', 'start'],
      ['confirmation', 'email', 'start'],
      ['denial', 'email', 'reason'],
      ['staffAlertRisk', 'email', 'consoleUrl'],
      ['staffAlertSecureIdDisabled', 'email', 'consoleUrl'],
    ];
    for (const [kind, channel, value] of needs) {
      const { [value]: _, ...without } = values;
      expect(() => renderMessage(demo, kind, channel, without), `${kind} ${channel}`).toThrow(
        new MissingMessageValueError(kind, value),
      );
      expect(() => renderMessage(demo, kind, channel, { ...without, [value]: '  ' })).toThrow(
        MissingMessageValueError,
      );
    }
  });

  it('needs only the values its template uses: the denial text leaves the reason to the email', () => {
    const { reason: _, ...noReason } = values;
    expect(sms(demo, 'denial', noReason).text).toContain(
      'we could not book Wednesday 30 September at 10:45am',
    );
    expect(email(demo, 'denial').text).toContain(values.reason);
  });

  it('refuses a start without an offset or not a date, and a reason over the limit', () => {
    for (const start of ['2026-09-30T09:45:00', '2026-09-30', 'next Tuesday', '2026-02-30T09:45:00Z']) {
      expect(() => sms(demo, 'reminder', { start }), start).toThrow(InvalidMessageValueError);
    }
    expect(() => email(demo, 'denial', { ...values, reason: 'x'.repeat(REASON_MAX_LENGTH + 1) })).toThrow(
      InvalidMessageValueError,
    );
    expect(() => email(demo, 'denial', { ...values, reason: 'x'.repeat(REASON_MAX_LENGTH) })).not.toThrow();
  });

  it('sends staff alerts by email only', () => {
    expect(() => renderMessage(demo, 'staffAlertRisk', 'sms', values)).toThrow(NoSmsTemplateError);
    expect(() => renderMessage(demo, 'staffAlertSecureIdDisabled', 'sms', values)).toThrow(
      NoSmsTemplateError,
    );
  });

  it('refuses a text that a value pushes past two parts, which the config check cannot foresee', () => {
    // 3 × 100 septets fit when the reason is GSM-7; a curly apostrophe makes it 300 UCS-2 units.
    const config = parseServiceConfig(
      { ...demoRaw, messageTemplates: { denial: { sms: '{reason}{reason}{reason}' } } },
      'x.json',
    );
    expect(sms(config, 'denial', { reason: 'x'.repeat(100) }).text).toHaveLength(300);
    expect(() => sms(config, 'denial', { reason: `’${'x'.repeat(99)}` })).toThrow(
      new SmsTooLongError('denial', 'UCS-2', 300),
    );
  });

  it('puts no value in its error messages', () => {
    try {
      email(demo, 'denial', { ...values, reason: 'Dr Secret said no'.padEnd(REASON_MAX_LENGTH + 1, '!') });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('Secret');
      expect((e as Error).name).toBe('InvalidMessageValueError');
    }
  });
});
