import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { dischargeByStaff, type EpisodeChange, referByStaff } from '../../outcomes/episodes.js';
import { messages } from '../../web/messages.js';
import { StaffFormExpiredPage, StaffNotFoundPage } from '../../web/pages/staff/notices.js';
import { csrfMatches } from '../csrf.js';
import { formFields, type PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import { type StaffRoute, staffNoAccess, staffPage, staffPageHeaders } from '../staff-access.js';

// The staff-records Lambda's forms on the patient page (the page itself is the console's):
// discharge, a new referral, attendance. Each carries the CSRF token and answers with a redirect
// back to the patient page (Post/Redirect/Get), where the change shows.

const PatientId = z.uuid();

export const staffRecordsPages = (deps: Deps) => {
  const secure = deps.cookieSecure;
  const page = staffPage(deps);
  const notFound = () =>
    htmlPage(404, StaffNotFoundPage({ service: deps.service, title: messages.staff.patientNotFound }), {
      headers: staffPageHeaders(deps),
    });

  /** A form post: refused with the NHS "page expired" page when its CSRF token does not match. */
  const form =
    (
      route: (
        req: PortalRequest,
        principal: StaffPrincipal,
        fields: Record<string, string>,
      ) => Promise<PortalResponse>,
    ): StaffRoute =>
    async (req, principal) => {
      const { csrf: submitted, ...fields } = formFields(req);
      if (!csrfMatches(req, submitted, secure))
        return htmlPage(400, StaffFormExpiredPage({ service: deps.service }));
      return route(req, principal, fields);
    };

  /**
   * Back to the patient page: done, or nothing to do (already discharged, already open: the page
   * shows how things stand, as after a double click).
   */
  const answer = (patientId: string, outcome: EpisodeChange): PortalResponse => {
    if (outcome.ok || outcome.reason === 'no-open-episode' || outcome.reason === 'episode-open')
      return seeOther(`/staff/patients/${patientId}`);
    return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
  };

  const episodeChange = (change: typeof dischargeByStaff) =>
    page(
      form(async (req, principal) => {
        const id = PatientId.safeParse(req.pathParameters.id);
        if (!id.success) return notFound();
        return answer(id.data, await change(deps, { principal, requestId: req.requestId }, id.data));
      }),
    );

  return { discharge: episodeChange(dischargeByStaff), referral: episodeChange(referByStaff) };
};
