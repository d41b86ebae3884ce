import { signedInPatient } from '../../auth/patient-session.js';
import { patientActing, recordConsent, withdrawConsent } from '../../consents/manage-consents.js';
import type { Deps } from '../../deps.js';
import { checkConsentDraft } from '../../domain/consent.js';
import type { PatientRecord } from '../../domain/patient.js';
import { consentMessages } from '../../web/messages.js';
import { type ConsentFormErrors, ConsentsPage } from '../../web/pages/consents.js';
import { sessionToken } from '../cookies.js';
import { csrfMatches, csrfToken } from '../csrf.js';
import { formFields, type PortalRequest } from '../request.js';
import { htmlPage, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { consentProblemText } from './consent-fields.js';

// The consents page (F25): agree to share with a party, or stop. Post/Redirect/Get on success;
// the form again with the error by the field otherwise (nothing is stored then).

const banners = {
  recorded: consentMessages.recorded,
  withdrawn: consentMessages.withdrawn,
  'already-withdrawn': consentMessages.alreadyWithdrawn,
} as const;

export const consentsPages = (deps: Deps) => {
  const secure = deps.cookieSecure;

  const show = async (
    req: PortalRequest,
    patient: PatientRecord,
    options: {
      status?: number;
      errors?: ConsentFormErrors;
      values?: { party?: string; purpose?: string };
      banner?: string | undefined;
    } = {},
  ) => {
    const csrf = csrfToken(req, secure);
    return htmlPage(
      options.status ?? 200,
      ConsentsPage({
        service: deps.service,
        csrfToken: csrf.token,
        consents: await deps.consents.ofPatient(patient.id),
        ...(options.values ? { values: options.values } : {}),
        ...(options.errors ? { errors: options.errors } : {}),
        banner: options.banner,
      }),
      { cookies: csrf.cookies },
    );
  };

  const page: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, secure));
    if (!patient) return seeOther('/sign-in');
    const done = req.query.done;
    return show(req, patient, {
      banner: done && done in banners ? banners[done as keyof typeof banners] : undefined,
    });
  };

  const record: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, secure));
    if (!patient) return seeOther('/sign-in');
    const form = formFields(req);
    const values = { party: form.party ?? '', purpose: form.purpose ?? '' };
    if (!csrfMatches(req, form.csrf, secure))
      return show(req, patient, { status: 400, values, errors: { form: consentMessages.formExpired } });
    const draft = checkConsentDraft(values);
    if (!draft.ok) {
      return show(req, patient, {
        status: 400,
        values,
        errors: {
          party: draft.problems.party && consentProblemText[draft.problems.party],
          purpose: draft.problems.purpose && consentProblemText[draft.problems.purpose],
        },
      });
    }
    await recordConsent(deps, patient.id, draft.value, patientActing(req.requestId));
    return seeOther('/consents?done=recorded');
  };

  const withdraw: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, secure));
    if (!patient) return seeOther('/sign-in');
    const form = formFields(req);
    if (!csrfMatches(req, form.csrf, secure))
      return show(req, patient, { status: 400, errors: { form: consentMessages.formExpired } });
    const outcome = await withdrawConsent(
      deps,
      patient.id,
      req.pathParameters.id ?? '',
      patientActing(req.requestId),
    );
    // Not one of theirs: the page as it is, nothing changed.
    if (outcome === 'not-found') return show(req, patient, { status: 404 });
    return seeOther(`/consents?done=${outcome}`);
  };

  return { page, record, withdraw };
};
