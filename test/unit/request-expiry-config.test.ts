// The expiry limit in the service config and the default expiry messages (issue 14 item 7).
import { describe, expect, it } from 'vitest';
import { loadServiceConfig, parseServiceConfig } from '../../shared/config/service-config.js';
import { fitsTwoSegments } from '../../shared/domain/messages/sms-length.js';
import { type RenderedEmail, type RenderedSms, renderMessage } from '../../shared/notify/render.js';

const demo = loadServiceConfig('infra/services/demo.json');
// Wednesday 30 September 2026 at 10:45am in London (BST).
const values = { start: '2026-09-30T09:45:00Z', consoleUrl: 'https://portal.north.example/staff/requests' };

describe('appointments.requestExpiryWorkingDays', () => {
  it('defaults to 5 working days', () => {
    const { appointments: _, ...withoutAppointments } = demo;
    expect(parseServiceConfig(withoutAppointments, 'x.json').appointments.requestExpiryWorkingDays).toBe(5);
  });

  it('explains in plain English what it must be', () => {
    const withDays = (days: unknown) => () =>
      parseServiceConfig(
        { ...demo, appointments: { ...demo.appointments, requestExpiryWorkingDays: days } },
        'x.json',
      );
    expect(withDays(0)).toThrow('appointments.requestExpiryWorkingDays must be 1 to 20 working days');
    expect(withDays(21)).toThrow('appointments.requestExpiryWorkingDays must be 1 to 20 working days');
    expect(withDays(2.5)).toThrow(
      'appointments.requestExpiryWorkingDays must be a whole number of working days, such as 5',
    );
    expect(withDays('five')).toThrow(
      'appointments.requestExpiryWorkingDays must be a whole number of working days, such as 5',
    );
    expect(withDays(10)().appointments.requestExpiryWorkingDays).toBe(10);
  });
});

describe('the expiry messages', () => {
  it('tells the patient the request was not answered in time, and to request again or call', () => {
    const sms = renderMessage(demo, 'requestExpired', 'sms', values) as RenderedSms;
    const email = renderMessage(demo, 'requestExpired', 'email', values) as RenderedEmail;
    for (const text of [sms.text, email.text]) {
      expect(text).toContain('Wednesday 30 September at 10:45am was not answered in time');
      expect(text).toContain(demo.phone);
    }
    expect(fitsTwoSegments(sms.text)).toBe(true);
    expect(email.subject).toBe('Your request for Wednesday 30 September at 10:45am was not answered in time');
  });

  it('tells the clinician by email only, with the time and the console link and no patient details', () => {
    const email = renderMessage(demo, 'staffRequestExpired', 'email', values) as RenderedEmail;
    expect(email.text).toContain('Wednesday 30 September at 10:45am');
    expect(email.text).toContain(values.consoleUrl);
    expect(email.text).toContain('no patient details');
    expect(() => renderMessage(demo, 'staffRequestExpired', 'sms', values)).toThrow();
  });

  it('lets a service replace the patient text, within its placeholders', () => {
    const config = parseServiceConfig(
      { ...demo, messageTemplates: { requestExpired: { sms: 'Request {date} {time} closed. {phone}' } } },
      'x.json',
    );
    expect((renderMessage(config, 'requestExpired', 'sms', values) as RenderedSms).text).toBe(
      `Request Wednesday 30 September 10:45am closed. ${demo.phone}`,
    );
    expect(() =>
      parseServiceConfig(
        {
          ...demo,
          messageTemplates: { staffRequestExpired: { email: { subject: 'x', text: '{secureId}' } } },
        },
        'x.json',
      ),
    ).toThrow('messageTemplates.staffRequestExpired.email.text uses {secureId}');
  });
});
