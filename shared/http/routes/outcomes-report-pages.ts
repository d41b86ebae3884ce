import type { Deps } from '../../deps.js';
import {
  maySeeServiceReport,
  type ReportFormat,
  viewServiceReport,
  type ViewServiceReportDeps,
} from '../../outcomes/view-service-report.js';
import { OutcomesReportPage } from '../../web/pages/staff/outcomes-report.js';
import { csrfToken } from '../csrf.js';
import { logger } from '../logger.js';
import type { PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse } from '../responses.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import { staffNoAccess, staffPage } from '../staff-access.js';
import { reportCsvDownload, reportRangeErrors } from './outcomes-report-fields.js';

// The service outcomes report for staff (F26): GET /staff/reports/outcomes?from=&to= shows the
// form and, for a good range, the figures; the same URL with .csv downloads them. Opening the
// page with no dates shows the form alone; a bad date shows it again with the error by the field
// (400), and the CSV route answers a bad range with that page too, so the person can put it right.

export const outcomesReportPages = (deps: Deps, reportDeps: ViewServiceReportDeps) => {
  const page = staffPage(deps);

  const view = async (req: PortalRequest, principal: StaffPrincipal, format: ReportFormat) => {
    const { from, to } = req.query;
    const csrf = csrfToken(req, deps.cookieSecure);
    const withCookies = (response: PortalResponse): PortalResponse => ({
      ...response,
      cookies: [...(response.cookies ?? []), ...csrf.cookies],
    });
    const show = (status: number, props: Partial<Parameters<typeof OutcomesReportPage>[0]> = {}) =>
      withCookies(
        htmlPage(
          status,
          OutcomesReportPage({
            service: deps.service,
            principal,
            csrfToken: csrf.token,
            from: from ?? '',
            to: to ?? '',
            ...props,
          }),
        ),
      );
    // First visit: the form, nothing read and nothing audited.
    if (format === 'html' && from === undefined && to === undefined) {
      return maySeeServiceReport(principal) ? show(200) : staffNoAccess(deps);
    }
    const outcome = await viewServiceReport(
      reportDeps,
      { kind: 'staff', principal },
      { from, to, format, requestId: req.requestId },
    );
    logger.info('Service report asked for', { format, outcome: outcome.ok ? 'shown' : outcome.reason });
    if (!outcome.ok) {
      if (outcome.reason === 'forbidden') return staffNoAccess(deps);
      return show(400, { errors: reportRangeErrors(outcome.problems) });
    }
    if (format === 'html') return show(200, { report: outcome.report });
    return reportCsvDownload(deps.service.id, outcome.report);
  };

  return {
    page: page((req, principal) => view(req, principal, 'html')),
    csv: page((req, principal) => view(req, principal, 'csv')),
  };
};
