import { isSmsKind, type MessageKind } from '../domain/messages/templates.js';
import {
  letterMessageTemplates,
  messageTemplateDefaults,
  noticeMessageTemplates,
  staffChangeMessageTemplates,
} from '../web/messages.js';
import type { ServiceConfig } from './service-config.js';

// Which template a service sends for each kind, for the renderer in the notify Lambda: no schema
// here, so the bundle does not carry the config's zod schema (it ran at synth).

/** One email template: a one-line subject and a text body. */
export interface EmailTemplate {
  readonly subject: string;
  readonly text: string;
}

export interface ServiceMessageTemplate {
  readonly sms?: string;
  readonly email: EmailTemplate;
}

/** The default template of every kind (shared/web/messages.ts): the catalogue's, and those kept beside it. */
export const defaultMessageTemplates: Readonly<
  Record<MessageKind, { readonly sms?: string; readonly email: EmailTemplate }>
> = {
  ...messageTemplateDefaults,
  ...staffChangeMessageTemplates,
  ...noticeMessageTemplates,
  ...letterMessageTemplates,
};

/** The template a service sends for a kind: its own where it wrote one, else the default. */
export const serviceMessageTemplate = (
  service: Pick<ServiceConfig, 'messageTemplates'>,
  kind: MessageKind,
): ServiceMessageTemplate => {
  const defaults = defaultMessageTemplates[kind];
  const own: { readonly sms?: string; readonly email?: EmailTemplate } =
    service.messageTemplates?.[kind] ?? {};
  return isSmsKind(kind)
    ? { sms: own.sms ?? defaults.sms, email: own.email ?? defaults.email }
    : { email: own.email ?? defaults.email };
};
