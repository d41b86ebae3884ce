import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { staffSubjectAccess } from '../../records/staff-subject-access.js';
import { myDataMessages as m } from '../../web/messages.js';
import { MyDataContent } from '../../web/pages/my-data.js';
import { StaffLayout } from '../../web/staff-layout.js';
import { csrfToken } from '../csrf.js';
import { htmlPage, json } from '../responses.js';
import { staffNoAccess, staffNotFound, staffPage } from '../staff-access.js';

// Staff produce a patient's subject-access copy (F27): the readable page and the JSON download,
// each audited (shared/records/staff-subject-access.ts).

const PatientId = z.uuid();

export const staffMyData = (deps: Deps) => {
  const page = staffPage(deps);
  const notFound = () => staffNotFound(deps);

  const produce = (as: 'page' | 'json') =>
    page(async (req, principal) => {
      const id = PatientId.safeParse(req.pathParameters.id);
      if (!id.success) return notFound();
      const outcome = await staffSubjectAccess(deps, { principal, requestId: req.requestId }, id.data);
      if (!outcome.ok) return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
      if (as === 'json')
        return json(200, outcome.data, {
          headers: { 'content-disposition': 'attachment; filename="my-data.json"' },
        });
      const csrf = csrfToken(req, deps.cookieSecure);
      return htmlPage(
        200,
        StaffLayout({
          title: m.staffTitle,
          service: deps.service,
          signedIn: { principal, csrfToken: csrf.token },
          children: MyDataContent({
            data: outcome.data,
            title: m.staffTitle,
            downloadHref: `/staff/patients/${id.data}/my-data.json`,
            downloadText: m.staffDownload,
            backHref: `/staff/patients/${id.data}`,
          }),
        }),
        { cookies: csrf.cookies },
      );
    });

  return { page: produce('page'), download: produce('json') };
};
