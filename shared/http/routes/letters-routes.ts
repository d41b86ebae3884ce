import { signedInPatient } from '../../auth/patient-session.js';
import type { Deps } from '../../deps.js';
import { letterMessages, sessionMessages } from '../../web/messages.js';
import { LettersPage } from '../../web/pages/letters.js';
import { ProblemPage } from '../../web/pages/problem.js';
import { sessionToken } from '../cookies.js';
import { csrfToken } from '../csrf.js';
import type { PortalRequest } from '../request.js';
import { apiError, htmlPage, json, type PortalResponse, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';

// The patient's letters (F24), page and JSON: the list, and each letter's PDF as the exact bytes
// that were shared (deps.letters keeps them). A letter is looked up in the signed-in patient's own
// partition, so another patient's letter id is simply not found (404).

/** The stored bytes, as API Gateway carries binary bodies: base64, flagged. */
const pdfResponse = (bytes: Uint8Array, letterId: string): PortalResponse => ({
  statusCode: 200,
  headers: {
    'content-type': 'application/pdf',
    // Inline: the browser's own viewer opens it; the name carries the id, never the patient's.
    'content-disposition': `inline; filename="letter-${letterId.replace(/[^A-Za-z0-9-]/g, '')}.pdf"`,
  },
  cookies: [],
  body: Buffer.from(bytes).toString('base64'),
  isBase64Encoded: true,
});

export const lettersRoutes = (deps: Deps) => {
  const secure = deps.cookieSecure;
  const patientOf = (req: PortalRequest) => signedInPatient(deps, sessionToken(req, secure));

  const page: RouteHandler = async (req) => {
    const patient = await patientOf(req);
    if (!patient) return seeOther('/sign-in');
    const csrf = csrfToken(req, secure);
    return htmlPage(
      200,
      LettersPage({
        service: deps.service,
        csrfToken: csrf.token,
        letters: await deps.letters.ofPatient(patient.id),
      }),
      { cookies: csrf.cookies },
    );
  };

  const pagePdf: RouteHandler = async (req) => {
    const patient = await patientOf(req);
    if (!patient) return seeOther('/sign-in');
    const id = req.pathParameters.id ?? '';
    const bytes = await deps.letters.pdf(patient.id, id);
    return bytes
      ? pdfResponse(bytes, id)
      : htmlPage(404, ProblemPage({ service: deps.service, kind: 'not-found' }));
  };

  const list: RouteHandler = async (req) => {
    const patient = await patientOf(req);
    if (!patient) return apiError(401, 'unauthenticated', sessionMessages.unauthenticated);
    const items = (await deps.letters.ofPatient(patient.id)).map(({ id, title, createdAt }) => ({
      id,
      title,
      createdAt,
    }));
    return json(200, { items });
  };

  const apiPdf: RouteHandler = async (req) => {
    const patient = await patientOf(req);
    if (!patient) return apiError(401, 'unauthenticated', sessionMessages.unauthenticated);
    const id = req.pathParameters.id ?? '';
    const bytes = await deps.letters.pdf(patient.id, id);
    return bytes ? pdfResponse(bytes, id) : apiError(404, 'not_found', letterMessages.notFound);
  };

  return { page, pagePdf, list, apiPdf };
};
