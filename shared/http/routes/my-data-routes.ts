import { signedInPatient } from '../../auth/patient-session.js';
import type { Deps } from '../../deps.js';
import { subjectAccess } from '../../records/subject-access.js';
import { myDataMessages as m, sessionMessages } from '../../web/messages.js';
import { MyDataPage } from '../../web/pages/my-data.js';
import { sessionToken } from '../cookies.js';
import { csrfToken } from '../csrf.js';
import { apiError, htmlPage, json, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The patient's own subject access (F27): a readable page, and the same as one JSON download.

export const myDataRoutes = (deps: Deps) => {
  const secure = deps.cookieSecure;

  const page: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, secure));
    if (!patient) return seeOther('/sign-in');
    const data = await subjectAccess(deps, patient.id);
    if (!data) return seeOther('/sign-in');
    const csrf = csrfToken(req, secure);
    return htmlPage(
      200,
      MyDataPage({
        service: deps.service,
        data,
        title: m.title,
        downloadHref: '/api/patient/my-data',
        downloadText: m.download,
        csrfToken: csrf.token,
        backHref: '/home',
      }),
      { cookies: csrf.cookies },
    );
  };

  const download: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, sessionToken(req, secure));
    if (!patient) return apiError(401, 'unauthenticated', sessionMessages.unauthenticated);
    const data = await subjectAccess(deps, patient.id);
    if (!data) return apiError(401, 'unauthenticated', sessionMessages.unauthenticated);
    return json(200, data, { headers: { 'content-disposition': 'attachment; filename="my-data.json"' } });
  };

  return { page, download };
};
