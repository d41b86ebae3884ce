import * as z from 'zod/mini';
import { signedInPatient } from '../../auth/patient-session.js';
import { changeContactPreferences } from '../../contact-preferences/change-contact-preferences.js';
import type { Deps } from '../../deps.js';
import { contactPreferences, type PatientRecord } from '../../domain/patient.js';
import { contactPreferenceMessages, messages, sessionMessages } from '../../web/messages.js';
import { sessionToken } from '../cookies.js';
import { parseJsonBody } from '../json-body.js';
import { apiError, json } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The contact preferences as JSON (API.md, patient API; F4): the same use case as the page.

export const ContactPreferencesBody = z.strictObject({
  contactPreference: z.enum(contactPreferences, messages.fields.invalidChoice(contactPreferences)),
  smsStopped: z.boolean(contactPreferenceMessages.smsStoppedType),
});

const view = (p: PatientRecord) => ({
  contactPreference: p.contactPreference,
  smsStopped: p.smsStopped,
  ...(p.smsStoppedAt ? { smsStoppedAt: p.smsStoppedAt } : {}),
  // The clinic's record, shown so the patient can check where reminders go; not changed here.
  ...(p.phone ? { phone: p.phone } : {}),
  ...(p.email ? { email: p.email } : {}),
});

export const contactPreferencesApi = (deps: Deps) => {
  const unauthenticated = () => apiError(401, 'unauthenticated', sessionMessages.unauthenticated);

  const get: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, deps.cookieSecure));
    return patient ? json(200, view(patient)) : unauthenticated();
  };

  const put: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, deps.cookieSecure));
    if (!patient) return unauthenticated();
    const body = parseJsonBody(req, ContactPreferencesBody);
    if (!body.ok) return body.response;
    const outcome = await changeContactPreferences(deps, patient, body.value, req.requestId);
    if (!outcome.ok && outcome.reason === 'no-address') {
      return apiError(400, 'invalid_request', messages.api.invalidRequest, {
        contactPreference: contactPreferenceMessages.noAddress(deps.service.name, deps.service.phone),
      });
    }
    if (!outcome.ok) return apiError(409, 'conflict', contactPreferenceMessages.changedMeanwhile);
    const stored = await deps.patients.get(patient.id);
    return json(200, view(stored ?? patient));
  };

  return { get, put };
};
