import { randomUUID } from 'node:crypto';
import type { ReportViews } from '../data/report-views.js';
import type { ServiceReport } from '../domain/outcomes/service-report.js';
import { reachOf } from '../domain/staff-access.js';
import type { StaffPrincipal } from '../domain/staff.js';
import {
  parseReportRange,
  type ReportRangeResult,
  serviceReportForRange,
  type ServiceReportDeps,
} from './service-report-for-range.js';

// Someone asks for the service outcomes report (F26): staff in a role that may see it (shared/
// domain/staff-access.ts, "see the service report"), or an integration key with `reports:read`
// (the route checks the scope). The range is checked, the report built, and the view audited in
// the audit log's report partition: who, when, the period and the format, nothing about a patient.

export type ReportViewer =
  | { readonly kind: 'staff'; readonly principal: StaffPrincipal }
  | { readonly kind: 'integration'; readonly keyId: string };

export type ReportFormat = 'html' | 'csv' | 'json';

export type ViewServiceReportDeps = ServiceReportDeps & {
  readonly reportViews: Pick<ReportViews, 'append'>;
  readonly clock: () => Date;
};

export type ViewServiceReportOutcome =
  | { readonly ok: true; readonly report: ServiceReport }
  | { readonly ok: false; readonly reason: 'forbidden' }
  | {
      readonly ok: false;
      readonly reason: 'invalid-range';
      readonly problems: Extract<ReportRangeResult, { ok: false }>;
    };

/** Whether the person's role may see the report at all (it is service-wide: all or nothing). */
export const maySeeServiceReport = (principal: StaffPrincipal): boolean =>
  reachOf(principal.role, 'see the service report') === 'all';

export const viewServiceReport = async (
  deps: ViewServiceReportDeps,
  viewer: ReportViewer,
  request: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly format: ReportFormat;
    readonly requestId: string;
  },
): Promise<ViewServiceReportOutcome> => {
  if (viewer.kind === 'staff' && !maySeeServiceReport(viewer.principal))
    return { ok: false, reason: 'forbidden' };
  const range = parseReportRange(request.from, request.to);
  if (!range.ok) return { ok: false, reason: 'invalid-range', problems: range };
  const { report } = await serviceReportForRange(deps, range);
  await deps.reportViews.append({
    id: randomUUID(),
    at: deps.clock().toISOString(),
    actor: viewer.kind === 'staff' ? viewer.principal.email : `integration key ${viewer.keyId}`,
    role: viewer.kind === 'staff' ? viewer.principal.role : 'integration',
    action: 'viewed-service-report',
    requestId: request.requestId,
    detail: `${range.from} to ${range.to} as ${request.format}`,
  });
  return { ok: true, report };
};
