import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { gpReportForStaff, produceGpReportByStaff } from '../../outcomes/gp-report.js';
import { type GpReportPageState, StaffGpReportPage } from '../../web/pages/staff/gp-report.js';
import { csrfToken } from '../csrf.js';
import { logger } from '../logger.js';
import type { PortalRequest } from '../request.js';
import { fileDownload, htmlPage, type PortalResponse, seeOther } from '../responses.js';
import { staffFormRoute, staffNoAccess, staffNotFound, staffPage } from '../staff-access.js';

// The staff GP report (F24) in the staff-records Lambda: the page (the report, or the button that
// produces it), the form post that produces it (CSRF; a clinician of the patient or an admin),
// and the PDF, the stored bytes the GP and the patient get.

const PatientId = z.uuid();

export const gpReportPages = (deps: Deps) => {
  const secure = deps.cookieSecure;
  const page = staffPage(deps);
  const notFound = () => staffNotFound(deps);
  const actorOf = (req: PortalRequest, principal: StaffPrincipal) =>
    ({ kind: 'staff', principal, requestId: req.requestId }) as const;

  const view = page(async (req, principal) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const outcome = await gpReportForStaff(deps, actorOf(req, principal), id.data, 'html');
    if (!outcome.ok) return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
    const state: GpReportPageState = outcome.report
      ? { kind: 'produced', report: outcome.report.document, justProduced: req.query.produced === '1' }
      : outcome.hasEndedEpisode
        ? { kind: 'not-produced', mayProduce: outcome.mayProduce }
        : { kind: 'no-ended-episode' };
    const csrf = csrfToken(req, secure);
    const { givenName, familyName } = outcome.patient;
    return htmlPage(
      200,
      StaffGpReportPage({
        service: deps.service,
        principal,
        csrfToken: csrf.token,
        patient: { id: id.data, name: `${givenName} ${familyName}` },
        state,
      }),
      { cookies: csrf.cookies },
    );
  });

  const produce = staffFormRoute(deps)(async (req, principal) => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const outcome = await produceGpReportByStaff(deps, actorOf(req, principal), id.data);
    logger.info('GP report', {
      patientId: id.data,
      outcome: outcome.ok ? (outcome.created ? 'produced' : 'served') : outcome.reason,
    });
    if (outcome.ok)
      return seeOther(`/staff/patients/${id.data}/gp-report${outcome.created ? '?produced=1' : ''}`);
    if (outcome.reason === 'forbidden') return staffNoAccess(deps);
    // No ended episode (discharge undone meanwhile, or a stale form): the page says how things stand.
    return outcome.reason === 'not-found' ? notFound() : seeOther(`/staff/patients/${id.data}/gp-report`);
  });

  const pdf = page(async (req, principal): Promise<PortalResponse> => {
    const id = PatientId.safeParse(req.pathParameters.id);
    if (!id.success) return notFound();
    const outcome = await gpReportForStaff(deps, actorOf(req, principal), id.data, 'pdf');
    if (!outcome.ok) return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
    if (!outcome.report) return seeOther(`/staff/patients/${id.data}/gp-report`);
    return fileDownload(outcome.report.letter.pdf, {
      contentType: 'application/pdf',
      fileName: 'gp-report.pdf',
    });
  });

  return { view, produce, pdf };
};
