import { openEpisodeItems } from '../data/episode-items.js';
import { randomUUID } from 'node:crypto';
import type { StoredAppointmentRequest } from '../data/appointment-requests.js';
import { FIRST_GENERATION } from '../data/patients.js';
import type { Deps } from '../deps.js';
import type { AppointmentRequest, NewPatientDetails } from '../domain/appointment-requests.js';
import type { AuditAction } from '../domain/audit.js';
import type { Clinician, Location, ServiceType } from '../domain/availability/setup.js';
import { REASON_MAX_LENGTH } from '../domain/messages/templates.js';
import type { Patient, PatientRecord } from '../domain/patient.js';
import { foldName } from '../domain/patient-search.js';
import { formatSecureId } from '../domain/secure-id.js';
import { allows, mayDecideRequest } from '../domain/staff-access.js';
import type { StaffPrincipal } from '../domain/staff.js';
import { prepareNotice } from '../messages/prepare-notice.js';
import { queueWelcome, type WelcomeQueued } from '../messages/welcome-queue.js';
import { newSecureId } from '../security/keyed-hash.js';
import type { StaffContext } from '../staff/console.js';
import { formatDate, formatTime } from '../web/format.js';
import { appointmentIcs } from './appointment-ics.js';

// Staff decide appointment requests (F13, F14; docs/appointments.md, "Staff decisions"): the
// list of pending requests, one request with its suggestions, approval and denial, for the
// requests pages and their JSON alike. Who may decide: the requested clinician (their clinician
// record, linked by their staff email), any scheduler, or an admin (staff-access.ts). A decision
// is one transaction: the request leaves `pending` (conditional, so of two staff deciding at once
// exactly one wins), its copies and cells go or pass to the appointment, and the patient's notice
// and the audit entry are written with it.

export type DecisionOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'not-found' | 'forbidden' | 'not-pending' };

/** The set-up's names, read once per page (one Query of the set-up partition). */
export interface SetupNames {
  readonly clinicians: readonly Clinician[];
  readonly locations: readonly Location[];
  readonly serviceTypes: readonly ServiceType[];
}

/** Who asked: an existing patient by name, or the details a public requester gave. */
export type Requester =
  | { readonly kind: 'patient'; readonly patientId: string; readonly name: string }
  | { readonly kind: 'new'; readonly name: string };

export interface RequestListItem {
  readonly request: Omit<AppointmentRequest, 'status' | 'comment' | 'newPatient'>;
  readonly requester: Requester;
}

export interface RequestDetail {
  readonly request: AppointmentRequest;
  readonly requester: Requester;
  /** Contact details, for the roles that may see them (staff-roles.md). */
  readonly contact?: { readonly email?: string | undefined; readonly phone?: string | undefined };
  readonly newPatient?: NewPatientDetails | undefined;
  /** For a public request: existing patients with its family name and date of birth, given name first. */
  readonly suggestions: readonly PatientRecord[];
}

/** How many patients born on one date are read for suggestions: a date is shared by few. */
const SUGGESTION_READ_LIMIT = 50;

const forbidden = { ok: false, reason: 'forbidden' } as const;
const notFound = { ok: false, reason: 'not-found' } as const;
const notPending = { ok: false, reason: 'not-pending' } as const;

/** Three GetItems at once: the lists alone, not the schedules and blackouts beside them. */
export const readSetupNames = async (deps: Deps): Promise<SetupNames> => {
  const [clinicians, locations, serviceTypes] = await Promise.all([
    deps.clinicians.get(),
    deps.locations.get(),
    deps.serviceTypes.get(),
  ]);
  return {
    clinicians: clinicians?.value ?? deps.service.clinicians,
    locations: locations?.value ?? [],
    serviceTypes: serviceTypes?.value ?? deps.service.serviceTypes,
  };
};

const fullName = (p: { readonly givenName: string; readonly familyName: string }) =>
  `${p.givenName} ${p.familyName}`;

/**
 * The pending requests this person may decide, oldest first: one Query of the service-wide list,
 * then the patients' names in one batch, and each public request's requester by id.
 */
export const pendingRequestsFor = async (
  deps: Deps,
  principal: StaffPrincipal,
): Promise<RequestListItem[]> => {
  const pending = (await deps.appointmentRequests.pendingForService()).filter((r) =>
    mayDecideRequest(principal, r),
  );
  const patientIds = pending.flatMap((r) => (r.patientId ? [r.patientId] : []));
  const [patients, publicOnes] = await Promise.all([
    deps.patients.getMany(patientIds),
    Promise.all(pending.filter((r) => !r.patientId).map((r) => deps.appointmentRequests.get(r.id))),
  ]);
  const newPatients = new Map(publicOnes.flatMap((r) => (r?.newPatient ? [[r.id, r.newPatient]] : [])));
  return pending.map((request) => {
    const patient = request.patientId ? patients.get(request.patientId) : undefined;
    const requester: Requester =
      request.patientId !== undefined
        ? { kind: 'patient', patientId: request.patientId, name: patient ? fullName(patient) : '' }
        : { kind: 'new', name: fullName(newPatients.get(request.id) ?? { givenName: '', familyName: '' }) };
    return { request, requester };
  });
};

/** How many requests this person may decide wait, and since when the oldest: the to-do list's line. */
export const waitingSummary = async (
  deps: Deps,
  principal: StaffPrincipal,
): Promise<{ readonly count: number; readonly oldestSince?: string | undefined }> => {
  const pending = (await deps.appointmentRequests.pendingForService()).filter((r) =>
    mayDecideRequest(principal, r),
  );
  return { count: pending.length, oldestSince: pending[0]?.createdAt };
};

/** Existing patients who may be this requester: same family name and date of birth, given name first. */
export const matchingPatients = async (deps: Deps, details: NewPatientDetails): Promise<PatientRecord[]> => {
  const family = foldName(details.familyName);
  const given = foldName(details.givenName);
  const born = await deps.patients.findByDateOfBirth(details.dateOfBirth, SUGGESTION_READ_LIMIT);
  return born
    .filter((p) => foldName(p.familyName) === family)
    .sort((a, b) => Number(foldName(b.givenName) === given) - Number(foldName(a.givenName) === given));
};

const readDecidable = async (
  deps: Deps,
  principal: StaffPrincipal,
  requestId: string,
): Promise<DecisionOutcome<StoredAppointmentRequest>> => {
  const request = await deps.appointmentRequests.getForDecision(requestId);
  // An unverified public request is not staff's yet: it is as if it did not exist.
  if (!request || request.status === 'unverified') return notFound;
  if (!mayDecideRequest(principal, request)) return forbidden;
  return { ok: true, value: request };
};

/** One request, with its requester and, for a public one, the patients who may be them. */
export const requestDetail = async (
  deps: Deps,
  principal: StaffPrincipal,
  requestId: string,
): Promise<DecisionOutcome<RequestDetail>> => {
  const read = await readDecidable(deps, principal, requestId);
  if (!read.ok) return read;
  const { bufferMinutes: _, ...request } = read.value;
  // A clinician deciding a request for them sees who asked, as they will see their own patient.
  const mayContact = allows(principal, 'see contact details', true);
  if (request.patientId !== undefined) {
    const patient = await deps.patients.get(request.patientId);
    return {
      ok: true,
      value: {
        request,
        requester: { kind: 'patient', patientId: request.patientId, name: patient ? fullName(patient) : '' },
        ...(mayContact && patient ? { contact: { email: patient.email, phone: patient.phone } } : {}),
        suggestions: [],
      },
    };
  }
  const details = request.newPatient;
  const suggestions = details && request.status === 'pending' ? await matchingPatients(deps, details) : [];
  return {
    ok: true,
    value: {
      request,
      requester: { kind: 'new', name: details ? fullName(details) : '' },
      ...(mayContact && details ? { contact: { email: details.email, phone: details.phone } } : {}),
      newPatient: details,
      suggestions,
    },
  };
};

/** Whom a public request is approved for: a patient staff matched, or a new one made from it. */
export type PatientChoice = { readonly patientId: string } | { readonly createPatient: true };

export interface Approved {
  readonly appointmentId: string;
  readonly patientId: string;
  /** Set when the approval created the patient: whether their welcome (with the Secure ID) is queued. */
  readonly welcome?: WelcomeQueued;
  readonly welcomeError?: string | undefined;
}

export type ApproveOutcome =
  DecisionOutcome<Approved> | { readonly ok: false; readonly reason: 'choose-patient' | 'unknown-patient' };

const auditItem = (
  deps: Deps,
  context: StaffContext,
  patientId: string,
  action: AuditAction,
  detail: string,
  at: Date,
) =>
  deps.auditLog.appendItem({
    id: randomUUID(),
    patientId,
    at: at.toISOString(),
    actor: context.principal.email,
    role: context.principal.role,
    action,
    requestId: context.requestId,
    detail,
  });

/** The start as the service's clock reads it: "Monday 29 March at 9am". */
const localStartOf = (start: string, timeZone: string) =>
  `${formatDate(new Date(start), timeZone)} at ${formatTime(new Date(start), timeZone)}`;

/**
 * Approves a pending request: the request becomes an appointment holding the same cells, the
 * patient gets the confirmation with its .ics, and the approval is audited, in one transaction.
 * A public request needs a choice: an existing patient (a suggestion), or a new patient created
 * in the same transaction, whose welcome with their Secure ID is queued once it is stored.
 */
export const approveRequest = async (
  deps: Deps,
  context: StaffContext,
  requestId: string,
  choice?: PatientChoice,
): Promise<ApproveOutcome> => {
  const read = await readDecidable(deps, context.principal, requestId);
  if (!read.ok) return read;
  const request = read.value;
  if (request.status !== 'pending') return notPending;
  const now = deps.clock();

  let patientId = request.patientId;
  let created: { readonly patient: Patient; readonly secureId: string } | undefined;
  if (patientId === undefined) {
    if (!choice || !request.newPatient) return { ok: false, reason: 'choose-patient' };
    if ('patientId' in choice) {
      if (!(await deps.patients.get(choice.patientId))) return { ok: false, reason: 'unknown-patient' };
      patientId = choice.patientId;
    } else {
      const { givenName, familyName, dateOfBirth, email, phone } = request.newPatient;
      const patient: Patient = {
        id: randomUUID(),
        givenName,
        familyName,
        dateOfBirth,
        email,
        ...(phone ? { phone } : {}),
        // The address they asked from is the one they proved they read (its link was followed).
        contactPreference: 'email',
        stage: 'assessment',
      };
      created = { patient, secureId: newSecureId() };
      patientId = patient.id;
    }
  }

  const setup = await readSetupNames(deps);
  const appointmentId = randomUUID();
  const { clinicianId, start, end, serviceType, locationId } = request;
  const ics = await appointmentIcs({
    appointmentId,
    serviceId: deps.service.id,
    serviceName: deps.service.name,
    serviceTypeName: setup.serviceTypes.find((t) => t.id === serviceType)?.name ?? serviceType,
    locationName: setup.locations.find((l) => l.id === locationId)?.name,
    start,
    end,
    localStart: localStartOf(start, deps.service.timeZone),
  });
  const notice = prepareNotice(deps.service, {
    id: randomUUID(),
    kind: 'confirmation',
    to: { patientId },
    values: { start },
    createdAt: now,
    attachment: { fileName: 'appointment.ics', contentType: 'text/calendar', content: ics },
  });
  const [newProfile, ...newPatientRest] = created
    ? deps.patients.createItems(created.patient, deps.hasher.secureId(created.secureId), now, clinicianId)
    : [];
  const outcome = await deps.appointmentRequests.approve(
    request,
    appointmentId,
    [
      ...deps.appointments.bookingItems(
        { id: appointmentId, patientId, clinicianId, start, end, serviceType, locationId },
        request.bufferMinutes,
        now,
        newProfile,
      ),
      ...newPatientRest,
      // A new patient's first episode (referral) opens with them (docs/outcomes.md, "Storage").
      ...(created
        ? openEpisodeItems(deps.table.name, { id: randomUUID(), patientId, startedAt: now.toISOString() })
        : []),
      deps.notices.pendingItem(notice),
      auditItem(
        deps,
        context,
        patientId,
        'approved-request',
        `request ${request.id} -> appointment ${appointmentId}${created ? ' (new patient)' : ''}`,
        now,
      ),
    ],
    now,
  );
  if (outcome === 'not-pending') return notPending;
  deps.metrics.count('RequestsApproved');
  if (!created) return { ok: true, value: { appointmentId, patientId } };
  const queued = await queueWelcome(deps.welcomeQueue, {
    patientId,
    generation: FIRST_GENERATION,
    secureId: formatSecureId(created.secureId),
  });
  return {
    ok: true,
    value: { appointmentId, patientId, welcome: queued.welcome, welcomeError: queued.error },
  };
};

export type DenyOutcome =
  DecisionOutcome<'denied'> | { readonly ok: false; readonly reason: 'invalid-reason' };

/** The reason as sent: trimmed, required, and no longer than the denial template allows. */
export const denialReason = (text: string): string | undefined => {
  const reason = text.trim();
  return reason.length > 0 && reason.length <= REASON_MAX_LENGTH ? reason : undefined;
};

/**
 * Denies a pending request: its time is freed, and the patient (or the public requester, at the
 * address they gave) gets the reason, in one transaction. Audited in the patient's trail; a
 * public requester has no trail yet, so theirs is logged by ids only.
 */
export const denyRequest = async (
  deps: Deps,
  context: StaffContext,
  requestId: string,
  reasonText: string,
): Promise<DenyOutcome> => {
  const reason = denialReason(reasonText);
  if (reason === undefined) return { ok: false, reason: 'invalid-reason' };
  const read = await readDecidable(deps, context.principal, requestId);
  if (!read.ok) return read;
  const request = read.value;
  if (request.status !== 'pending') return notPending;
  const now = deps.clock();
  const to = request.patientId
    ? { patientId: request.patientId }
    : { email: request.newPatient?.email ?? '' };
  const notice = prepareNotice(deps.service, {
    id: randomUUID(),
    kind: 'denial',
    to,
    values: { start: request.start, reason },
    createdAt: now,
  });
  const outcome = await deps.appointmentRequests.deny(
    request,
    [
      deps.notices.pendingItem(notice),
      ...(request.patientId
        ? [auditItem(deps, context, request.patientId, 'denied-request', `request ${request.id}`, now)]
        : []),
    ],
    now,
  );
  if (outcome !== 'decided') return notPending;
  deps.metrics.count('RequestsDenied');
  return { ok: true, value: 'denied' };
};
