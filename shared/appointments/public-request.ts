import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { Deps } from '../deps.js';
import { epochSeconds } from '../data/dynamo.js';
import type { NewPatientDetails } from '../domain/appointment-requests.js';
import { appointmentEnd } from '../domain/appointments.js';
import {
  calendarDateIn,
  type DateParts,
  parseDateOfBirth,
  parseIsoDateOfBirth,
} from '../domain/calendar-date.js';
import { clientNetwork } from '../domain/client-limit.js';
import { normalisePhone } from '../domain/phone.js';
import { prepareNotice } from '../messages/prepare-notice.js';
import { portalUrlOf } from '../notify/render.js';
import { randomToken, stableId } from '../security/keyed-hash.js';
import { messages, publicRequestMessages as pm } from '../web/messages.js';
import { newRequestNoticeItems } from './new-request-notices.js';
import { offeredSlot, prereadForRequest, type RequestInput } from './patient-booking.js';

// The public new-patient request form (F10, F17; docs/appointments.md, "The public request form").
// A request from someone the service does not know yet is held as `unverified` (no time held,
// invisible to staff) until its requester follows the link emailed to the address they gave; then,
// in one transaction, it becomes pending, takes its cells and tells staff. Spam control without a
// CAPTCHA: a honeypot field, and limits per email address and per network.

/** How long the emailed link works; an unverified request is deleted (TTL) after it. */
export const VERIFY_LINK_HOURS = 24;
const NAME_MAX = 100;
const EMAIL_MAX = 254;
export const PUBLIC_COMMENT_MAX = 500;

export const mayUsePublicForm = (deps: Deps): boolean => deps.service.appointments.portal === 'everyone';

export interface PublicDetailsTyped {
  readonly givenName: string;
  readonly familyName: string;
  /** Day, month and year from the page, or YYYY-MM-DD from JSON. */
  readonly dateOfBirth: DateParts | string;
  readonly email: string;
  readonly phone?: string | undefined;
  readonly comment?: string | undefined;
}

export type PublicDetailsField = 'givenName' | 'familyName' | 'dateOfBirth' | 'email' | 'phone' | 'comment';
export type PublicDetailsValidation =
  | { readonly ok: true; readonly value: NewPatientDetails & { readonly comment?: string | undefined } }
  | { readonly ok: false; readonly errors: Partial<Record<PublicDetailsField, string>> };

const Email = z.email();

/** Checks what a requester typed; every problem named by its field, nothing stored. */
export const validatePublicDetails = (
  typed: PublicDetailsTyped,
  now: Date,
  timeZone: string,
): PublicDetailsValidation => {
  const errors: Partial<Record<PublicDetailsField, string>> = {};
  const givenName = typed.givenName.trim();
  const familyName = typed.familyName.trim();
  if (givenName === '') errors.givenName = pm.givenNameMissing;
  else if (givenName.length > NAME_MAX) errors.givenName = pm.nameTooLong(NAME_MAX);
  if (familyName === '') errors.familyName = pm.familyNameMissing;
  else if (familyName.length > NAME_MAX) errors.familyName = pm.nameTooLong(NAME_MAX);
  const today = calendarDateIn(now, timeZone);
  const dob =
    typeof typed.dateOfBirth === 'string'
      ? typed.dateOfBirth === ''
        ? ({ ok: false, problem: 'missing' } as const)
        : parseIsoDateOfBirth(typed.dateOfBirth, today)
      : parseDateOfBirth(typed.dateOfBirth, today);
  if (!dob.ok) errors.dateOfBirth = messages.dateOfBirth[dob.problem];
  const email = typed.email.trim();
  if (email === '') errors.email = pm.emailMissing;
  else if (email.length > EMAIL_MAX || !Email.safeParse(email).success)
    errors.email = messages.fields.invalidEmail;
  const phoneText = typed.phone?.trim() ?? '';
  const phone = phoneText === '' ? undefined : normalisePhone(phoneText);
  if (phoneText !== '' && phone === undefined) errors.phone = messages.fields.invalidPhone;
  const comment = typed.comment?.trim() || undefined;
  if ((comment?.length ?? 0) > PUBLIC_COMMENT_MAX) errors.comment = pm.commentTooLong(PUBLIC_COMMENT_MAX);
  if (Object.keys(errors).length > 0 || !dob.ok) return { ok: false, errors };
  return { ok: true, value: { givenName, familyName, dateOfBirth: dob.value, email, phone, comment } };
};

export type PublicRequestOutcome =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly reason: 'rate-limited'; readonly retryAt: Date }
  | {
      readonly ok: false;
      readonly reason: 'closed' | 'unknown-service-type' | 'unknown-clinician' | 'slot-unavailable';
    };

const limitsOf = (deps: Deps) => {
  const l = deps.service.appointments.publicRequestLimits;
  const windowSeconds = l.windowHours * 3600;
  return {
    email: { maxFailures: l.perEmail, windowSeconds },
    network: { maxFailures: l.perNetwork, windowSeconds },
  };
};

/**
 * Takes a public request: checks the limits and the time (both read at once, beside the set-up
 * and the clinician's cells), then stores it as unverified with its link's email and the two
 * counts, in one transaction. Two round trips. A filled honeypot (`isBot`) gets the same answer
 * as a person, and nothing is read, stored, counted or sent.
 */
export const submitPublicRequest = async (
  deps: Deps,
  details: NewPatientDetails & { readonly comment?: string | undefined },
  input: Omit<RequestInput, 'comment'>,
  client: { readonly address: string; readonly isBot: boolean },
): Promise<PublicRequestOutcome> => {
  if (!mayUsePublicForm(deps)) return { ok: false, reason: 'closed' };
  if (client.isBot) return { ok: true, id: randomUUID() };
  const instant = deps.clock();
  const now = epochSeconds(instant);
  const limits = limitsOf(deps);
  const emailHash = deps.hasher.emailAddress(details.email);
  const networkHash = deps.hasher.clientAddress(clientNetwork(client.address));
  const [pre, byEmail, byNetwork] = await Promise.all([
    prereadForRequest(deps, input, 'new'),
    deps.publicRequestLimits.state(emailHash, now, limits.email),
    deps.publicRequestLimits.state(networkHash, now, limits.network),
  ]);
  const limited = [byEmail, byNetwork].flatMap((s) => (s.limited ? [s.retryAt] : []));
  if (limited.length > 0)
    return { ok: false, reason: 'rate-limited', retryAt: new Date(Math.max(...limited) * 1000) };
  const checked = offeredSlot(input, pre);
  if (!checked.ok) return checked;
  const { serviceType, slot } = checked;
  const id = randomUUID();
  const token = randomToken();
  const { comment, ...newPatient } = details;
  const verifyUrl = `${portalUrlOf(deps.service)}/request-an-appointment/verify?token=${token}`;
  await deps.appointmentRequests.submitUnverified(
    {
      id,
      newPatient,
      clinicianId: slot.clinicianId,
      start: slot.start,
      end: appointmentEnd(slot.start, serviceType),
      serviceType: serviceType.id,
      locationId: slot.locationId,
      comment,
    },
    serviceType.bufferMinutes,
    instant,
    {
      tokenHash: deps.hasher.requestToken(token),
      expiresAt: new Date(instant.getTime() + VERIFY_LINK_HOURS * 3600_000),
    },
    [
      deps.notices.pendingItem(
        prepareNotice(deps.service, {
          id: stableId('requestVerification', id),
          kind: 'requestVerification',
          to: { email: newPatient.email },
          values: { verifyUrl },
          createdAt: instant,
        }),
      ),
      deps.publicRequestLimits.countItem(emailHash, now, limits.email.windowSeconds),
      deps.publicRequestLimits.countItem(networkHash, now, limits.network.windowSeconds),
    ],
  );
  return { ok: true, id };
};

/** What the link's page shows before the requester confirms: the time asked for, nothing personal. */
export const findPublicRequest = async (deps: Deps, token: string) =>
  /^[A-Za-z0-9_-]{43}$/.test(token)
    ? deps.appointmentRequests.findUnverified(deps.hasher.requestToken(token), deps.clock())
    : undefined;

export type VerifyOutcome = 'verified' | 'closed' | 'gone' | 'slot-unavailable';

/**
 * Follows the link (the confirm button's POST): the time must still be one availability offers,
 * then one transaction makes the request pending, takes its cells and files the staff's emails.
 * A time taken meanwhile leaves everything as it was.
 */
export const verifyPublicRequest = async (deps: Deps, token: string): Promise<VerifyOutcome> => {
  if (!mayUsePublicForm(deps)) return 'closed';
  const found = await findPublicRequest(deps, token);
  if (!found) return 'gone';
  const { request } = found;
  const input: RequestInput = {
    clinicianId: request.clinicianId,
    start: new Date(request.start),
    serviceTypeId: request.serviceType,
    locationId: request.locationId,
  };
  const pre = await prereadForRequest(deps, input, 'new');
  if (!offeredSlot(input, pre).ok) return 'slot-unavailable';
  const now = deps.clock();
  const result = await deps.appointmentRequests.verify(
    found,
    deps.hasher.requestToken(token),
    now,
    newRequestNoticeItems(deps, request, pre.setup.clinicians, now),
  );
  // A public request is made when its link is followed: only then do staff see it.
  if (result.ok) {
    deps.metrics.count('RequestsMade');
    return 'verified';
  }
  return result.reason === 'gone' ? 'gone' : 'slot-unavailable';
};
