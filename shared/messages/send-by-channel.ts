import { smsSenderIdOf } from '../config/message-settings.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { EmailMessage, EmailSender } from '../notify/email.js';
import type { RenderedEmail, RenderedSms } from '../notify/render.js';
import type { SmsSender } from '../notify/sms.js';

export interface ChannelSenders {
  readonly service: ServiceConfig;
  readonly sms: SmsSender;
  readonly email: EmailSender;
}

/**
 * Sends a rendered message by its channel with the service's sender settings, and answers the
 * provider's message id (the one delivery events name). A text goes from the service's sender ID;
 * an email from its address, through its configuration set, so bounces and complaints come back
 * (reminders.md, "Delivery status"). The patients' reply-to goes on patients' messages only: it
 * is not where replies to staff alerts belong.
 */
export const sendByChannel = async (
  deps: ChannelSenders,
  to: string,
  rendered: RenderedSms | RenderedEmail,
  audience: 'patient' | 'staff',
  attachment?: EmailMessage['attachment'],
): Promise<string> => {
  if (rendered.channel === 'sms') {
    const { messageId } = await deps.sms.send({
      to,
      text: rendered.text,
      senderId: smsSenderIdOf(deps.service),
    });
    return messageId;
  }
  const settings = deps.service.messages;
  const { messageId } = await deps.email.send({
    to,
    from: settings?.emailFrom ?? '',
    replyTo: audience === 'patient' ? settings?.replyTo : undefined,
    configurationSet: settings?.emailConfigurationSet,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachment,
  });
  return messageId;
};
