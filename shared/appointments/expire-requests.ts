import { randomUUID } from 'node:crypto';
import type { ServiceConfig } from '../config/service-config.js';
import type { AppointmentRequests } from '../data/appointment-requests.js';
import type { Clinicians } from '../data/clinicians.js';
import type { Notices } from '../data/notices.js';
import type { AppointmentRequest } from '../domain/appointment-requests.js';
import type { Clinician } from '../domain/availability/setup.js';
import { requestDeadline } from '../domain/working-days.js';
import { prepareNotice } from '../messages/prepare-notice.js';
import { portalUrlOf } from '../notify/render.js';

// Pending requests don't rot (issue 14 item 7; docs/appointments.md, "Expiry"): a request staff
// have not decided within the service's working days expires, frees its time, and tells the
// requester and the requested clinician. The reminder scan runs this every few minutes; the
// notices go in each expiry's own transaction, so the same scan queues them.

export interface ExpiryDeps {
  readonly service: ServiceConfig;
  readonly appointmentRequests: Pick<AppointmentRequests, 'pendingForService' | 'expire'>;
  readonly clinicians: Pick<Clinicians, 'get'>;
  readonly notices: Pick<Notices, 'pendingItem'>;
  readonly newId?: () => string;
}

export interface ExpiryReport {
  /** Pending requests read from the service-wide list (one Query). */
  readonly pendingRead: number;
  readonly expired: number;
  /** Past their deadline, but decided or cancelled by someone else first. */
  readonly decidedMeanwhile: number;
  /** Requests whose expiry failed (still pending: the next scan tries again), and the first error's name. */
  readonly failed: number;
  readonly errorName?: string;
  /** When the oldest request still pending after this run was made (none: nothing pending). */
  readonly oldestPendingAt?: Date;
}

/** The requester: the patient (their channel rule applies), or the public form's address. */
const requesterOf = (request: AppointmentRequest): { patientId: string } | { email: string } | undefined =>
  request.patientId !== undefined
    ? { patientId: request.patientId }
    : request.newPatient
      ? { email: request.newPatient.email }
      : undefined;

export const expireStaleRequests = async (deps: ExpiryDeps, now: Date): Promise<ExpiryReport> => {
  const { service } = deps;
  const { requestExpiryWorkingDays: days } = service.appointments;
  const newId = deps.newId ?? randomUUID;
  const pending = await deps.appointmentRequests.pendingForService();
  // Oldest first, and a later request never has an earlier deadline: stop at the first not due.
  const firstNotDue = pending.findIndex(
    (r) => requestDeadline(new Date(r.createdAt), days, service.timeZone).getTime() > now.getTime(),
  );
  const due = firstNotDue === -1 ? pending : pending.slice(0, firstNotDue);
  const oldestPendingAt = (left: ReadonlySet<string>) => {
    const oldest = pending.find((r) => !left.has(r.id));
    return oldest ? { oldestPendingAt: new Date(oldest.createdAt) } : {};
  };
  if (due.length === 0)
    return {
      pendingRead: pending.length,
      expired: 0,
      decidedMeanwhile: 0,
      failed: 0,
      ...oldestPendingAt(new Set()),
    };

  // The clinicians as stored (the console may have linked a staff email since the seed).
  let clinicians: readonly Clinician[] | undefined;
  const staffEmailOf = async (clinicianId: string) => {
    clinicians ??= (await deps.clinicians.get())?.value ?? service.clinicians;
    return clinicians.find((c) => c.id === clinicianId)?.staffEmail;
  };

  let expired = 0;
  let decidedMeanwhile = 0;
  let failed = 0;
  let errorName: string | undefined;
  const noLongerPending = new Set<string>();
  // One at a time: each is its own transaction, and a scan rarely finds more than a handful. One
  // that fails is left pending and the rest go on, so it cannot hold back every later expiry.
  for (const { id, clinicianId } of due) {
    const result = await expireOne(id, clinicianId).catch((e: unknown) => {
      failed += 1;
      errorName ??= (e as Error).name;
      return 'failed' as const;
    });
    if (result === 'expired') expired += 1;
    else if (result !== 'failed') decidedMeanwhile += 1;
    if (result !== 'failed') noLongerPending.add(id);
  }
  return {
    pendingRead: pending.length,
    expired,
    decidedMeanwhile,
    failed,
    ...(errorName ? { errorName } : {}),
    ...oldestPendingAt(noLongerPending),
  };

  async function expireOne(id: string, clinicianId: string) {
    const staffEmail = await staffEmailOf(clinicianId);
    return deps.appointmentRequests.expire(id, (request) => {
      const to = requesterOf(request);
      const values = { start: request.start };
      return [
        ...(to
          ? [
              deps.notices.pendingItem(
                prepareNotice(service, { id: newId(), kind: 'requestExpired', to, values, createdAt: now }),
              ),
            ]
          : []),
        ...(staffEmail
          ? [
              deps.notices.pendingItem(
                prepareNotice(service, {
                  id: newId(),
                  kind: 'staffRequestExpired',
                  to: { email: staffEmail },
                  audience: 'staff',
                  values: { ...values, consoleUrl: `${portalUrlOf(service)}/staff` },
                  createdAt: now,
                }),
              ),
            ]
          : []),
      ];
    });
  }
};
