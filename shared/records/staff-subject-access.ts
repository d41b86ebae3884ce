import type { Deps } from '../deps.js';
import { staffMay } from '../outcomes/episodes.js';
import { type StaffContext, staffAuditEvent } from '../staff/staff-audit.js';
import { type SubjectAccess, subjectAccess } from './subject-access.js';

// Staff produce a patient's subject-access copy (F27) for them: the same gathering as the
// patient's own, for whoever the role table lets produce it, and audited as a view of the whole
// record before it is read.

export type StaffSubjectAccess =
  | { readonly ok: true; readonly data: SubjectAccess }
  | { readonly ok: false; readonly reason: 'forbidden' | 'not-found' };

export const staffSubjectAccess = async (
  deps: Deps,
  actor: StaffContext,
  patientId: string,
): Promise<StaffSubjectAccess> => {
  const may = await staffMay(deps, actor.principal, patientId, 'produce subject access');
  if (may !== 'yes') return { ok: false, reason: may };
  await deps.auditLog.append(staffAuditEvent(deps, actor, patientId, 'viewed-record', 'subject access'));
  const data = await subjectAccess(deps, patientId);
  return data ? { ok: true, data } : { ok: false, reason: 'not-found' };
};
