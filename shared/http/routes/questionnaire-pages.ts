import { signedInPatientWith } from '../../auth/patient-session.js';
import type { Deps } from '../../deps.js';
import type { Patient, PatientRecord } from '../../domain/patient.js';
import { checkSubmission } from '../../domain/questionnaires/due.js';
import {
  type DueReads,
  type DueView,
  definitionOf,
  dueView,
  readDue,
  submitQuestionnaire,
} from '../../questionnaires/patient-questionnaires.js';
import { ProblemPage } from '../../web/pages/problem.js';
import {
  QuestionnairePage,
  QuestionnairesPage,
  RecordedPage,
  UrgentHelpPage,
} from '../../web/pages/questionnaires.js';
import { sessionToken } from '../cookies.js';
import { csrfMatches, csrfToken } from '../csrf.js';
import { formFields, type PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The questionnaire pages: one questionnaire per page, every item required before Next, no way
// back once submitted, and a page that says so for one already done (F6, F7, F8).

const MAX_ANSWER_CHARS = 3;

export const questionnairePages = (deps: Deps) => {
  const secure = deps.cookieSecure;

  interface PatientContext {
    readonly patient: PatientRecord;
    readonly reads: DueReads;
    readonly due: DueView;
    readonly csrf: ReturnType<typeof csrfToken>;
  }

  /**
   * Runs `page` for the signed-in patient, with what is due already read (two round trips: the
   * session, then the patient beside the due reads); anyone else goes to sign in.
   */
  const forPatient =
    (page: (req: PortalRequest, context: PatientContext) => Promise<PortalResponse>): RouteHandler =>
    async (req) => {
      const signedIn = await signedInPatientWith(deps, sessionToken(req, secure), (id) => readDue(deps, id));
      if (!signedIn) return seeOther('/sign-in');
      const csrf = csrfToken(req, secure);
      const { patient, also: reads } = signedIn;
      const response = await page(req, { patient, reads, due: dueView(deps, patient, reads), csrf });
      return { ...response, cookies: [...(response.cookies ?? []), ...csrf.cookies] };
    };

  const notFound = () => htmlPage(404, ProblemPage({ service: deps.service, kind: 'not-found' }));

  const positionOf = (patient: Patient, questionnaireId: string) => {
    const list = deps.service.questionnaires.stages[patient.stage];
    return { index: list.indexOf(questionnaireId) + 1, of: list.length };
  };

  const list = forPatient(async (_req, { due: { state }, csrf }) => {
    return htmlPage(
      200,
      QuestionnairesPage({
        service: deps.service,
        state,
        questionnaires: deps.questionnaires,
        csrfToken: csrf.token,
      }),
    );
  });

  const show = forPatient(async (req, { patient, due: { state }, csrf }) => {
    const id = req.pathParameters.id ?? '';
    const definition = definitionOf(deps, id);
    if (!definition) return notFound();
    const check = checkSubmission(state, id);
    if (check.ok) {
      return htmlPage(
        200,
        QuestionnairePage({
          service: deps.service,
          definition,
          position: positionOf(patient, id),
          csrfToken: csrf.token,
        }),
      );
    }
    if (check.reason === 'already-completed' && state.kind === 'open') {
      return htmlPage(
        200,
        RecordedPage({ service: deps.service, definition, next: state.next, csrfToken: csrf.token }),
      );
    }
    if (check.reason === 'not-next' && state.kind === 'open' && state.next)
      return seeOther(`/questionnaires/${state.next}`);
    return seeOther('/questionnaires');
  });

  const submit = forPatient(async (req, { patient, reads, csrf }) => {
    const id = req.pathParameters.id ?? '';
    const definition = definitionOf(deps, id);
    if (!definition) return notFound();
    const { csrf: submittedToken, ...fields } = formFields(req);
    if (!csrfMatches(req, submittedToken, secure))
      return htmlPage(400, ProblemPage({ service: deps.service, kind: 'form-expired' }));
    const answers = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, v.slice(0, MAX_ANSWER_CHARS)]),
    );

    const outcome = await submitQuestionnaire(deps, patient, reads, id, answers);
    if (outcome.ok) {
      // Post/Redirect/Get. After a risk answer the urgent-help page comes first (risk.md).
      if (outcome.response.riskFlag) return seeOther('/urgent-help');
      return seeOther(outcome.next ? `/questionnaires/${outcome.next}` : '/questionnaires');
    }
    // A refused response with a risk answer still shows where to get help now (risk.md): the
    // to-do is filed, and the patient must not be left with only "already done".
    if (outcome.reason !== 'unknown' && outcome.reason !== 'incomplete' && outcome.riskFlag)
      return seeOther('/urgent-help');
    switch (outcome.reason) {
      case 'incomplete':
        return htmlPage(
          400,
          QuestionnairePage({
            service: deps.service,
            definition,
            position: positionOf(patient, id),
            csrfToken: csrf.token,
            values: answers,
            errors: [...outcome.missing, ...outcome.invalid],
          }),
        );
      case 'unknown':
        return notFound();
      default:
        // Already done, another one first, or nothing due: the questionnaire's own page says which.
        return seeOther(`/questionnaires/${id}`);
    }
  });

  const urgentHelp = forPatient(async (_req, { due: { state }, csrf }) => {
    const next = state.kind === 'open' ? state.next : null;
    return htmlPage(200, UrgentHelpPage({ service: deps.service, csrfToken: csrf.token, next }));
  });

  return { list, show, submit, urgentHelp };
};
