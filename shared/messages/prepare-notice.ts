import type { ServiceConfig } from '../config/service-config.js';
import type { Notice } from '../data/notices.js';
import { isSmsKind, type MessageKind } from '../domain/messages/templates.js';
import { type MessageValues, renderMessage } from '../notify/render.js';

// The deciding side of a notice (shared/data/notices.ts): render the message now, with the one
// renderer and the service's templates, for every channel it may go by, so notify only has to
// choose the channel and send. A patient's notice is rendered as a text too when its kind may be
// texted; one to an address (a requester who is not a patient yet, a member of staff) is email.

export interface NoticeRequest {
  readonly id: string;
  readonly kind: MessageKind;
  readonly to: { readonly patientId: string } | { readonly email: string };
  /** Staff notices get no patients' reply-to (send-by-channel.ts). */
  readonly audience?: 'patient' | 'staff';
  readonly values: MessageValues;
  readonly createdAt: Date;
  /** An email attachment, such as an appointment's .ics; a text goes without it. */
  readonly attachment?: Notice['attachment'];
}

export const prepareNotice = (service: ServiceConfig, request: NoticeRequest): Notice => {
  const { id, kind, to, values, attachment, audience = 'patient' } = request;
  const email = renderMessage(service, kind, 'email', values);
  if (email.channel !== 'email') throw new Error('renderMessage answered another channel');
  const toPatient = 'patientId' in to;
  const sms = toPatient && isSmsKind(kind) ? renderMessage(service, kind, 'sms', values) : undefined;
  return {
    id,
    kind,
    ...(toPatient ? { patientId: to.patientId } : { email: to.email }),
    audience,
    sms: sms?.text,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachment,
    createdAt: request.createdAt.toISOString(),
  };
};
