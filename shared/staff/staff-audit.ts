import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { AuditAction, AuditEvent } from '../domain/audit.js';
import type { StaffPrincipal } from '../domain/staff.js';

/** A member of staff acting in the console: who they are, and the request they act in. */
export interface StaffContext {
  readonly principal: StaffPrincipal;
  readonly requestId: string;
}

/** The audit entry of a staff action: their email and role, the request, what they did. */
export const staffAuditEvent = (
  deps: Pick<Deps, 'clock'>,
  context: StaffContext,
  patientId: string,
  action: AuditAction,
  detail?: string,
): AuditEvent => ({
  id: randomUUID(),
  patientId,
  at: deps.clock().toISOString(),
  actor: context.principal.email,
  role: context.principal.role,
  action,
  requestId: context.requestId,
  ...(detail ? { detail } : {}),
});
