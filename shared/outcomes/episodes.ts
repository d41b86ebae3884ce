import { randomUUID } from 'node:crypto';
import type { Episode, EpisodeEndedBy } from '../data/episodes.js';
import type { Deps } from '../deps.js';
import type { StaffPrincipal } from '../domain/staff.js';
import { type StaffContext, staffAuditEvent } from '../staff/staff-audit.js';
import { allows, isOwnPatient, type StaffPermission } from '../domain/staff-access.js';

// Episodes (a referral to its discharge; docs/outcomes.md, "Storage"): the integration API and
// staff end one (discharge) or open the next (a new referral). Staff need the permission for the
// patient (shared/domain/staff-access.ts), and each staff change is audited in the same
// transaction as the change.

export type EpisodeChange =
  | { readonly ok: true; readonly episode: Episode }
  | {
      readonly ok: false;
      readonly reason: 'not-found' | 'forbidden' | 'no-open-episode' | 'episode-open';
    };

/** Whether the person may do it for this patient: 'not-found' when there is no such patient. */
export const staffMay = async (
  deps: Deps,
  principal: StaffPrincipal,
  patientId: string,
  permission: StaffPermission,
): Promise<'yes' | 'forbidden' | 'not-found'> => {
  const patient = await deps.patients.get(patientId);
  if (!patient) return 'not-found';
  const own =
    principal.role === 'clinician' &&
    isOwnPatient(
      principal,
      patient,
      (await deps.appointments.forPatient(patientId)).map((a) => a.clinicianId),
    );
  return allows(principal, permission, own) ? 'yes' : 'forbidden';
};

const discharged = (result: Awaited<ReturnType<Deps['episodes']['discharge']>>): EpisodeChange =>
  result.ok
    ? result
    : { ok: false, reason: result.reason === 'unknown-patient' ? 'not-found' : result.reason };

const referred = (result: Awaited<ReturnType<Deps['episodes']['refer']>>): EpisodeChange =>
  result.ok
    ? result
    : { ok: false, reason: result.reason === 'unknown-patient' ? 'not-found' : result.reason };

/** The EPR discharges a patient: the open episode ends now. */
export const dischargeByIntegration = async (
  deps: Deps,
  patientId: string,
  keyId: string,
): Promise<EpisodeChange> => {
  const endedBy: EpisodeEndedBy = { kind: 'integration', keyId };
  return discharged(await deps.episodes.discharge(patientId, deps.clock(), endedBy));
};

/** The EPR refers a discharged patient again: a new episode opens now. */
export const referByIntegration = async (deps: Deps, patientId: string): Promise<EpisodeChange> =>
  referred(await deps.episodes.refer(patientId, randomUUID(), deps.clock()));

/** A member of staff discharges the patient (their clinician, or an admin); audited. */
export const dischargeByStaff = async (
  deps: Deps,
  actor: StaffContext,
  patientId: string,
): Promise<EpisodeChange> => {
  const may = await staffMay(deps, actor.principal, patientId, 'discharge and refer');
  if (may !== 'yes') return { ok: false, reason: may };
  const endedBy: EpisodeEndedBy = { kind: 'staff', staffId: actor.principal.sub };
  return discharged(
    await deps.episodes.discharge(patientId, deps.clock(), endedBy, (ended) => [
      deps.auditLog.appendItem(staffAuditEvent(deps, actor, patientId, 'discharged', `episode: ${ended.id}`)),
    ]),
  );
};

/** A member of staff starts a new referral for a discharged patient; audited. */
export const referByStaff = async (
  deps: Deps,
  actor: StaffContext,
  patientId: string,
): Promise<EpisodeChange> => {
  const may = await staffMay(deps, actor.principal, patientId, 'discharge and refer');
  if (may !== 'yes') return { ok: false, reason: may };
  return referred(
    await deps.episodes.refer(patientId, randomUUID(), deps.clock(), (opened) => [
      deps.auditLog.appendItem(
        staffAuditEvent(deps, actor, patientId, 'started-referral', `episode: ${opened.id}`),
      ),
    ]),
  );
};
