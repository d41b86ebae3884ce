import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localSesClient, startSesLocal } from '../../local/ses-local.js';
import { sendByChannel } from '../../shared/messages/send-by-channel.js';
import { sesEmailSender } from '../../shared/notify/email.js';
import { snsSmsSender } from '../../shared/notify/sms.js';
import { testService } from '../support/portal-fixture.js';

// The one place reminders, welcomes and staff alerts hand a rendered message to SNS or SES
// (shared/messages/send-by-channel.ts): the service's sender settings on every message, the
// patients' reply-to on theirs only. SES is aws-ses-v2-local; SNS is aws-sdk-client-mock.

const sns = mockClient(SNSClient);
let ses: { url: string; stop: () => Promise<void> };
/** What the SES client sent, read at the client: the emulator keeps no configuration set. */
const sesInputs: SendEmailCommandInput[] = [];
let deps: Parameters<typeof sendByChannel>[0];

beforeAll(async () => {
  ses = await startSesLocal(0);
  const client = localSesClient(ses.url);
  client.middlewareStack.add(
    (next) => async (args) => {
      sesInputs.push(args.input as SendEmailCommandInput);
      return next(args);
    },
    { step: 'initialize' },
  );
  deps = {
    service: testService({
      messages: {
        smsSenderId: 'TestTT',
        emailFrom: 'reminders@test.example.com',
        replyTo: 'help@test.example.com',
        emailConfigurationSet: 'test-set',
        reminderLeadHours: 48,
        lateBookingMinimumHours: 2,
      },
    }),
    sms: snsSmsSender(new SNSClient({ region: 'eu-west-2' })),
    email: sesEmailSender(client),
  };
});
afterAll(async () => {
  await ses.stop();
  sns.restore();
});
beforeEach(() => {
  sns.reset();
});

const landed = async (to: string) => {
  const { emails } = (await (await fetch(`${ses.url}/store`)).json()) as {
    emails: {
      messageId: string;
      from: string;
      replyTo: string[];
      destination: { to: string[] };
      subject: string;
    }[];
  };
  return emails.filter((e) => e.destination.to.includes(to));
};

const email = {
  channel: 'email',
  subject: 'Your appointment',
  text: 'Text part',
  html: '<p>HTML part</p>',
} as const;

describe('sendByChannel', () => {
  it("sends a text from the service's sender ID and answers SNS's message id", async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });

    const id = await sendByChannel(
      deps,
      '+447700900123',
      { channel: 'sms', text: 'See you soon' },
      'patient',
    );

    expect(id).toBe('sns-1');
    const sent = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ PhoneNumber: '+447700900123', Message: 'See you soon' });
    expect(sent[0]?.MessageAttributes?.['AWS.SNS.SMS.SenderID']?.StringValue).toBe('TestTT');
  });

  it("emails a patient from the service's address, with its reply-to and configuration set", async () => {
    const to = `patient-${randomUUID()}@example.com`;

    const id = await sendByChannel(deps, to, email, 'patient');

    const [sent] = await landed(to);
    expect(sent).toMatchObject({
      messageId: id,
      from: 'reminders@test.example.com',
      replyTo: ['help@test.example.com'],
      subject: 'Your appointment',
    });
    expect(sesInputs.find((i) => i.Destination?.ToAddresses?.includes(to))?.ConfigurationSetName).toBe(
      'test-set',
    );
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("emails staff through the configuration set without the patients' reply-to", async () => {
    const to = `duty-${randomUUID()}@example.com`;

    const id = await sendByChannel(deps, to, email, 'staff');

    const [sent] = await landed(to);
    expect(sent).toMatchObject({ messageId: id, from: 'reminders@test.example.com', replyTo: [] });
    expect(sesInputs.find((i) => i.Destination?.ToAddresses?.includes(to))?.ConfigurationSetName).toBe(
      'test-set',
    );
  });
});
