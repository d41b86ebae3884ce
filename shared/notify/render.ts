import type { ServiceConfig } from '../config/service-config.js';

// The one message renderer (F1, F3, F13, F14, F19). This is a minimal stand-in so the reminder
// pipeline runs end to end: the templates work replaces this file, with this same interface.

export type MessageKind =
  'welcome' | 'reminder' | 'staffAlertRisk' | 'staffAlertSecureIdDisabled' | 'confirmation' | 'denial';
export interface MessageValues {
  readonly secureId?: string;
  /** UTC ISO instant. */
  readonly start?: string;
  readonly reason?: string;
  readonly consoleUrl?: string;
}
export interface RenderedSms {
  readonly channel: 'sms';
  readonly text: string;
}
export interface RenderedEmail {
  readonly channel: 'email';
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The instant as people in the service read it: "Tuesday 30 March 2027 at 10:00". */
const localDateTime = (start: string, timeZone: string): string => {
  const at = new Date(start);
  // NHS style has no comma after the weekday ("Monday 29 March 2027"); en-GB puts one there.
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
    .format(at)
    .replace(',', '');
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${date} at ${time}`;
};

export const renderMessage = (
  service: ServiceConfig,
  kind: MessageKind,
  channel: 'sms' | 'email',
  values: MessageValues,
): RenderedSms | RenderedEmail => {
  const when = values.start ? localDateTime(values.start, service.timeZone) : '';
  const link = service.portalUrl ?? '';
  const text =
    kind === 'reminder'
      ? `${service.name}: reminder of your appointment on ${when}. Complete your questionnaires before it: ${link}`
      : `${service.name}: ${link}`;
  if (channel === 'sms') return { channel, text };
  return {
    channel,
    subject: kind === 'reminder' ? `Your appointment on ${when}` : service.name,
    text,
    html: `<p>${escapeHtml(text)}</p>`,
  };
};
