import { signedInPatient } from '../../auth/patient-session.js';
import { changeContactPreferences } from '../../contact-preferences/change-contact-preferences.js';
import type { Deps } from '../../deps.js';
import {
  type ContactChoice,
  currentChoice,
  offeredChoices,
  preferencesFor,
} from '../../domain/contact-preferences.js';
import type { PatientRecord } from '../../domain/patient.js';
import { contactPreferenceMessages } from '../../web/messages.js';
import { ContactPreferencesPage } from '../../web/pages/contact-preferences.js';
import { sessionToken } from '../cookies.js';
import { csrfMatches, csrfToken } from '../csrf.js';
import { formFields, type PortalRequest } from '../request.js';
import { htmlPage, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The contact preferences page (F4): one question, posted back; Post/Redirect/Get on success, the
// form again with the error by the field otherwise (nothing is changed then).

export const contactPreferencesPages = (deps: Deps) => {
  const secure = deps.cookieSecure;

  const show = (
    req: PortalRequest,
    patient: PatientRecord,
    options: { status?: number; error?: string; checked?: ContactChoice | undefined; saved?: boolean } = {},
  ) => {
    const csrf = csrfToken(req, secure);
    return htmlPage(
      options.status ?? 200,
      ContactPreferencesPage({
        service: deps.service,
        csrfToken: csrf.token,
        phone: patient.phone,
        email: patient.email,
        choices: offeredChoices(patient),
        checked: 'checked' in options ? options.checked : currentChoice(patient),
        error: options.error,
        saved: options.saved ?? false,
      }),
      { cookies: csrf.cookies },
    );
  };

  const page: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, secure));
    if (!patient) return seeOther('/sign-in');
    return show(req, patient, { saved: req.query.saved !== undefined });
  };

  const submit: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, secure));
    if (!patient) return seeOther('/sign-in');
    const form = formFields(req);
    if (!csrfMatches(req, form.csrf, secure))
      return show(req, patient, { status: 400, error: contactPreferenceMessages.formExpired });
    const choice = offeredChoices(patient).find((c) => c === form.choice);
    if (!choice)
      return show(req, patient, {
        status: 400,
        error: contactPreferenceMessages.chooseOne,
        checked: undefined,
      });

    const outcome = await changeContactPreferences(
      deps,
      patient,
      preferencesFor(choice, patient),
      req.requestId,
    );
    if (outcome.ok) return seeOther('/contact-preferences?saved');
    if (outcome.reason === 'no-address')
      return show(req, patient, {
        status: 400,
        error: contactPreferenceMessages.chooseOne,
        checked: undefined,
      });
    // Someone changed the details meanwhile: show what is stored now, and ask again.
    const now = (await deps.patients.get(patient.id)) ?? patient;
    return show(req, now, { status: 409, error: contactPreferenceMessages.changedMeanwhile });
  };

  return { page, submit };
};
