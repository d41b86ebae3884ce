import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

// Email (F3, F4) through SES v2: in AWS the real service, locally aws-ses-v2-local (same API).

export interface EmailMessage {
  readonly to: string;
  readonly from: string;
  readonly replyTo?: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** An SES configuration set (delivery events, suppression list). */
  readonly configurationSet?: string | undefined;
  /** One file, such as an appointment's .ics (SES v2 Simple content carries attachments). */
  readonly attachment?:
    { readonly fileName: string; readonly contentType: string; readonly content: string } | undefined;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ readonly messageId: string }>;
}

export const sesEmailSender = (ses: SESv2Client): EmailSender => ({
  async send({ to, from, replyTo, subject, text, html, configurationSet, attachment }) {
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        ReplyToAddresses: replyTo ? [replyTo] : undefined,
        ConfigurationSetName: configurationSet,
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
            Attachments: attachment
              ? [
                  {
                    FileName: attachment.fileName,
                    ContentType: attachment.contentType,
                    RawContent: new TextEncoder().encode(attachment.content),
                  },
                ]
              : undefined,
          },
        },
      }),
    );
    return { messageId: MessageId ?? '' };
  },
});
