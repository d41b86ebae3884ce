import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { reissueSecureId } from '../../auth/reissue-secure-id.js';
import { FIRST_GENERATION } from '../../data/patients.js';
import type { Deps } from '../../deps.js';
import { calendarDateIn, parseIsoDateOfBirth } from '../../domain/calendar-date.js';
import { contactPreferences, lacksPreferredChannel, type Patient, stages } from '../../domain/patient.js';
import { normalisePhone } from '../../domain/phone.js';
import { formatSecureId } from '../../domain/secure-id.js';
import { queueWelcome } from '../../messages/welcome-queue.js';
import { newSecureId } from '../../security/keyed-hash.js';
import { episodeMessages, messages } from '../../web/messages.js';
import { integrationAuth } from '../integration-auth.js';
import { parseJsonBody } from '../json-body.js';
import { logger } from '../logger.js';
import { logWelcome } from '../log-welcome.js';
import type { PortalRequest } from '../request.js';
import { apiError, json } from '../responses.js';
import type { RouteHandler } from '../router.js';

// Integration API for EPR systems (API.md): create a patient, change their stage or contact
// details, issue a new Secure ID. Every route needs the bearer key (integration-auth.ts).

const text = (max: number) =>
  z
    .string(messages.fields.notText)
    .check(
      z.trim(),
      z.minLength(1, messages.fields.required),
      z.maxLength(max, messages.fields.tooLong(max)),
    );

const Phone = z.pipe(
  z.string(messages.fields.notText).check(z.maxLength(30, messages.fields.tooLong(30))),
  z.transform((value: string, ctx) => {
    const e164 = normalisePhone(value);
    if (!e164) ctx.issues.push({ code: 'custom', message: messages.fields.invalidPhone, input: value });
    return e164 ?? z.NEVER;
  }),
);
const Email = z.email(messages.fields.invalidEmail).check(z.maxLength(254, messages.fields.tooLong(254)));
const Stage = z.enum(stages, messages.fields.invalidChoice(stages));
const ContactPreference = z.enum(contactPreferences, messages.fields.invalidChoice(contactPreferences));

const noAddressIssue = {
  code: 'custom' as const,
  path: ['contactPreference'],
  message: messages.api.noAddressForPreference,
};

/** `today` is the service's calendar date: a date of birth after it is refused. */
export const createPatientBody = (today: string) =>
  z
    .strictObject({
      givenName: text(100),
      familyName: text(100),
      dateOfBirth: z.pipe(
        z.string(messages.fields.notText).check(z.maxLength(10, messages.dateOfBirth.impossible)),
        z.transform((value: string, ctx) => {
          const dob = parseIsoDateOfBirth(value, today);
          if (!dob.ok)
            ctx.issues.push({ code: 'custom', message: messages.dateOfBirth[dob.problem], input: value });
          return dob.ok ? dob.value : z.NEVER;
        }),
      ),
      phone: z.optional(Phone),
      email: z.optional(Email),
      contactPreference: ContactPreference,
      stage: Stage,
      externalId: z.optional(text(64)),
    })
    .check(
      z.superRefine((p, ctx) => {
        if (lacksPreferredChannel(p)) ctx.addIssue(noAddressIssue);
      }),
    );

export const UpdatePatientBody = z
  .strictObject({
    stage: z.optional(Stage),
    phone: z.optional(Phone),
    email: z.optional(Email),
    contactPreference: z.optional(ContactPreference),
    nationalDataOptOut: z.optional(z.boolean(episodeMessages.optOutNotBoolean)),
  })
  .check(
    z.refine((changes) => Object.values(changes).some((v) => v !== undefined), {
      message: messages.fields.empty,
      path: ['body'],
    }),
  );

const PatientId = z.uuid();

export const patientsApi = (deps: Deps) => {
  const authorised = integrationAuth(deps);

  const patientFrom = async (req: PortalRequest) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    return id.success ? deps.patients.get(id.data) : undefined;
  };
  const notFound = () => apiError(404, 'not_found', messages.api.patientNotFound);

  const create: RouteHandler = async (req) => {
    const now = deps.clock();
    const body = parseJsonBody(req, createPatientBody(calendarDateIn(now, deps.service.timeZone)));
    if (!body.ok) return body.response;
    const patient: Patient = { id: randomUUID(), ...body.value };
    const secureId = newSecureId();
    // The patient's first episode (referral) opens with them (docs/outcomes.md, "Storage").
    const created = await deps.patients.create(
      patient,
      deps.hasher.secureId(secureId),
      now,
      deps.episodes.openItems({ id: randomUUID(), patientId: patient.id, startedAt: now.toISOString() }),
    );
    if (!created.ok) {
      // The EPR's retry after a timeout lands here: it learns the id it missed (API.md); the
      // Secure ID just drawn was never stored, and the first one is not shown again.
      logger.info('Patient create refused', { patientId: created.existingId, outcome: created.reason });
      return json(409, {
        error: { code: 'duplicate_external_id', message: messages.api.duplicateExternalId },
        id: created.existingId,
      });
    }
    // The only time the Secure ID leaves the portal in clear, besides a reissue (API.md) and the
    // welcome message, which is queued sealed (docs/messages.md). A welcome that cannot be queued
    // does not fail the request: the patient exists, and this answer is the caller's only copy.
    const shown = formatSecureId(secureId);
    const queued = await queueWelcome(deps.welcomeQueue, {
      patientId: patient.id,
      generation: FIRST_GENERATION,
      secureId: shown,
    });
    logWelcome(patient.id, queued);
    return json(201, { id: patient.id, secureId: shown, welcome: queued.welcome });
  };

  const update: RouteHandler = async (req) => {
    const body = parseJsonBody(req, UpdatePatientBody);
    if (!body.ok) return body.response;
    const current = await patientFrom(req);
    if (!current) return notFound();
    if (lacksPreferredChannel({ ...current, ...body.value })) {
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        contactPreference: messages.api.noAddressForPreference,
      });
    }
    const result = await deps.patients.update(current, body.value, deps.clock());
    if (result === 'changed-meanwhile') return apiError(409, 'conflict', messages.api.changedMeanwhile);
    const { id, stage, contactPreference, phone, email, externalId, nationalDataOptOut } = {
      ...current,
      ...body.value,
    };
    return json(200, {
      id,
      stage,
      contactPreference,
      phone,
      email,
      externalId,
      nationalDataOptOut: nationalDataOptOut ?? false,
    });
  };

  const reissue: RouteHandler = async (req) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const outcome = await reissueSecureId(deps, id.data, { by: 'Integration API', role: 'integration' });
    if (outcome.ok) {
      logWelcome(id.data, { welcome: outcome.welcome, error: outcome.welcomeError });
      return json(200, { secureId: outcome.secureId, welcome: outcome.welcome });
    }
    if (outcome.reason === 'not-found') return notFound();
    return apiError(409, 'conflict', messages.api.changedMeanwhile);
  };

  return {
    create: authorised(create),
    update: authorised(update),
    reissueSecureId: authorised(reissue),
  };
};
