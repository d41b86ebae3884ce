import { serviceMessageTemplate } from '../config/service-message-template.js';
import type { ServiceConfig } from '../config/service-config.js';
import { fitsTwoSegments, smsSegments, type SmsEncoding } from '../domain/messages/sms-length.js';
import {
  fillPlaceholders,
  type MessageKind,
  type Placeholder,
  placeholdersIn,
  REASON_MAX_LENGTH,
} from '../domain/messages/templates.js';
import { brandLogoUrl } from '../web/brand.js';
import { formatDate, formatTime } from '../web/format.js';
import { type EmailBrand, emailHtml } from './email-html.js';

// The one renderer of texts and emails: the service's template (or the default) for a kind, with
// its placeholders filled in. The sending pipeline calls it; nothing else builds message text.

export type { MessageKind } from '../domain/messages/templates.js';

export interface MessageValues {
  readonly secureId?: string;
  /** UTC ISO instant of the appointment. */
  readonly start?: string;
  readonly reason?: string;
  readonly consoleUrl?: string;
  /** UTC ISO instant the appointment had before it was moved ({oldDate}, {oldTime}). */
  readonly previousStart?: string;
  /** A public requester's one-time link (requestVerification). */
  readonly verifyUrl?: string;
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

// The errors carry the kind and names only, never a value: values are personal data.

/** The template uses a placeholder whose value the caller did not give. */
export class MissingMessageValueError extends Error {
  override name = 'MissingMessageValueError';
  constructor(
    readonly kind: MessageKind,
    readonly value: keyof MessageValues,
  ) {
    super(`a ${kind} message needs values.${value}`);
  }
}

/** A value was given but cannot be used: a start that is not an instant, a reason too long. */
export class InvalidMessageValueError extends Error {
  override name = 'InvalidMessageValueError';
  constructor(
    readonly kind: MessageKind,
    readonly value: keyof MessageValues,
    readonly problem: string,
  ) {
    super(`values.${value} of a ${kind} message ${problem}`);
  }
}

/** Staff alerts go by email only. */
export class NoSmsTemplateError extends Error {
  override name = 'NoSmsTemplateError';
  constructor(readonly kind: MessageKind) {
    super(`a ${kind} message is sent by email only`);
  }
}

/**
 * The config check keeps every template within two parts with the longest values it knows of;
 * this catches what it cannot see, such as a value in an unexpected alphabet.
 */
export class SmsTooLongError extends Error {
  override name = 'SmsTooLongError';
  constructor(
    readonly kind: MessageKind,
    readonly encoding: SmsEncoding,
    readonly units: number,
  ) {
    super(`the ${kind} text is ${units} ${encoding} units, more than two parts`);
  }
}

/** The header band of a branded service's emails; none without branding. */
const emailBrandOf = (service: ServiceConfig): EmailBrand | undefined => {
  const { branding } = service;
  if (!branding) return undefined;
  const logo = branding.logo;
  const path = brandLogoUrl(branding);
  return {
    serviceName: service.name,
    background: branding.colours.header,
    colour: branding.colours.headerText,
    logo:
      logo && path?.endsWith('.png') ? { url: `${portalUrlOf(service)}${path}`, alt: logo.alt } : undefined,
  };
};

/** Where a service has no portalUrl yet: an address that plainly cannot work (RFC 2606). */
export const portalUrlOf = (service: ServiceConfig): string =>
  service.portalUrl ?? `https://${service.id}.therapy-portal.invalid`;

/** An instant with its offset (Z or ±hh:mm), so it is never read in the server's own zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Date would roll 30 February over to 2 March; a real calendar day survives the round trip. */
const isRealDay = (iso: string): boolean => {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
};

const startOf = (
  kind: MessageKind,
  values: MessageValues,
  name: 'start' | 'previousStart' = 'start',
): Date => {
  const value = values[name]?.trim();
  if (value === undefined || value === '') throw new MissingMessageValueError(kind, name);
  const start = new Date(value);
  if (!ISO_INSTANT.test(value) || Number.isNaN(start.getTime()) || !isRealDay(value)) {
    throw new InvalidMessageValueError(kind, name, 'is not an ISO instant with an offset');
  }
  return start;
};

const given = (
  kind: MessageKind,
  values: MessageValues,
  name: 'secureId' | 'reason' | 'consoleUrl' | 'verifyUrl',
) => {
  const value = values[name]?.trim();
  if (value === undefined || value === '') throw new MissingMessageValueError(kind, name);
  return value;
};

/** The value of one placeholder; read only when the template uses it, so unused values may be absent. */
const valueOf = (
  service: ServiceConfig,
  kind: MessageKind,
  values: MessageValues,
  name: Placeholder,
): string => {
  switch (name) {
    case 'serviceName':
      return service.name;
    case 'portalUrl':
      return portalUrlOf(service);
    case 'phone':
      return service.phone;
    case 'secureId':
      return given(kind, values, 'secureId');
    case 'consoleUrl':
      return given(kind, values, 'consoleUrl');
    case 'verifyUrl':
      return given(kind, values, 'verifyUrl');
    case 'reason': {
      const reason = given(kind, values, 'reason');
      if (reason.length > REASON_MAX_LENGTH) {
        throw new InvalidMessageValueError(kind, 'reason', `is longer than ${REASON_MAX_LENGTH} characters`);
      }
      return reason;
    }
    case 'date':
      return formatDate(startOf(kind, values), service.timeZone);
    case 'time':
      return formatTime(startOf(kind, values), service.timeZone);
    case 'oldDate':
      return formatDate(startOf(kind, values, 'previousStart'), service.timeZone);
    case 'oldTime':
      return formatTime(startOf(kind, values, 'previousStart'), service.timeZone);
  }
};

const fill = (service: ServiceConfig, kind: MessageKind, template: string, values: MessageValues): string =>
  fillPlaceholders(
    template,
    Object.fromEntries(
      // The config check allows only the kind's placeholders, so every name here is one of them.
      placeholdersIn(template).map((name) => [name, valueOf(service, kind, values, name as Placeholder)]),
    ),
  );

export const renderMessage = (
  service: ServiceConfig,
  kind: MessageKind,
  channel: 'sms' | 'email',
  values: MessageValues,
): RenderedSms | RenderedEmail => {
  const template = serviceMessageTemplate(service, kind);
  if (channel === 'sms') {
    if (template.sms === undefined) throw new NoSmsTemplateError(kind);
    const text = fill(service, kind, template.sms, values);
    if (!fitsTwoSegments(text)) {
      const { encoding, units } = smsSegments(text);
      throw new SmsTooLongError(kind, encoding, units);
    }
    return { channel: 'sms', text };
  }
  // One line, whatever a value holds: a subject is a mail header.
  const subject = fill(service, kind, template.email.subject, values).replace(/\s+/g, ' ');
  const text = fill(service, kind, template.email.text, values);
  return { channel: 'email', subject, text, html: emailHtml(subject, text, emailBrandOf(service)) };
};
