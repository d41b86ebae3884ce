import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

// Text messages (F3, F4). In AWS through SNS; locally into an outbox (sms-outbox.ts). Both answer
// the same two questions, so the notify use case never knows which it has.

export interface SmsMessage {
  /** E.164, e.g. +447700900123. */
  readonly to: string;
  readonly text: string;
  /** The alphanumeric sender the phone shows (messages.smsSenderId). */
  readonly senderId: string;
}

export interface SmsSender {
  /** Whether the number replied STOP to this account's messages (SNS's opted-out list). */
  isOptedOut(phone: string): Promise<boolean>;
  send(message: SmsMessage): Promise<{ readonly messageId: string }>;
}

export const snsSmsSender = (sns: SNSClient): SmsSender => ({
  async isOptedOut(phone) {
    const { isOptedOut } = await sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: phone }));
    return isOptedOut === true;
  },
  async send({ to, text, senderId }) {
    const { MessageId } = await sns.send(
      new PublishCommand({
        PhoneNumber: to,
        Message: text,
        MessageAttributes: {
          // Transactional: delivered ahead of promotional traffic, and to numbers on DND lists.
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: senderId },
        },
      }),
    );
    return { messageId: MessageId ?? '' };
  },
});
