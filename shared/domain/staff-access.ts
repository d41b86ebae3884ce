import type { StaffPrincipal, StaffRole } from './staff.js';
import type { Todo } from './todo.js';

// Who may do what in the staff console (issue "Staff", section 2), enforced in the use cases,
// never by hiding links. docs/security/staff-roles.md shows this table, and a test checks every
// cell of it against the running console.
//
// - admin: everything in the service, the audit log included;
// - clinician: their own patients (an appointment with them, or assigned to them), with those
//   patients' answers, scores, risk to-dos, contact details and stage;
// - scheduler: appointments, requests and contact details; no clinical content.

/** 'all': any patient of the service; 'own': a clinician's own patients; 'none': refused. */
export type Reach = 'all' | 'own' | 'none';

export const staffPermissions = {
  'see risk to-dos': { admin: 'all', clinician: 'own', scheduler: 'none' },
  'acknowledge a to-do': { admin: 'all', clinician: 'own', scheduler: 'none' },
  'search patients': { admin: 'all', clinician: 'own', scheduler: 'all' },
  'see contact details': { admin: 'all', clinician: 'own', scheduler: 'all' },
  'see answers and scores': { admin: 'all', clinician: 'own', scheduler: 'none' },
  'change the stage of care': { admin: 'all', clinician: 'own', scheduler: 'none' },
  'issue a new Secure ID': { admin: 'all', clinician: 'own', scheduler: 'all' },
  'read the audit trail': { admin: 'all', clinician: 'none', scheduler: 'none' },
  // Not about patients: 'all' is the whole service's set-up (clinicians, locations, service
  // types, schedules, blackouts), and every change is audited.
  'manage the service set-up': { admin: 'all', clinician: 'none', scheduler: 'none' },
  // The staff calendar: 'own' is a clinician's own calendar (their clinician record's staffEmail
  // is theirs) and the appointments on it; schedulers and admins see and change every clinician's.
  'see the calendar': { admin: 'all', clinician: 'own', scheduler: 'all' },
  'cancel and move appointments': { admin: 'all', clinician: 'own', scheduler: 'all' },
  // Appointment requests (F13, F14): 'own' is a request for the clinician's own clinician record.
  'decide appointment requests': { admin: 'all', clinician: 'own', scheduler: 'all' },
  // Episodes (issue 16): ending one (discharge) or starting a new referral is a clinical decision.
  'discharge and refer': { admin: 'all', clinician: 'own', scheduler: 'none' },
  // Whether a patient came to an appointment: schedulers keep the diary, so they may too.
  'record attendance': { admin: 'all', clinician: 'own', scheduler: 'all' },
  // The GP report (F24): producing it sends the patient's outcome to their GP, a clinical act.
  'produce a GP report': { admin: 'all', clinician: 'own', scheduler: 'none' },
  // Subject access (F27): the whole record, answers and scores included, so as for those.
  'produce subject access': { admin: 'all', clinician: 'own', scheduler: 'none' },
  // The service outcomes report (F26): figures about the whole service, suppressed, never about one
  // patient. The service's lead role is its admins (the table has no separate lead role).
  'see the service report': { admin: 'all', clinician: 'none', scheduler: 'none' },
  // Consent to share (F25), recorded or withdrawn for the patient: whoever may see the patient.
  'record consent': { admin: 'all', clinician: 'own', scheduler: 'all' },
} as const satisfies Record<string, Record<StaffRole, Reach>>;
export type StaffPermission = keyof typeof staffPermissions;

export const reachOf = (role: StaffRole, permission: StaffPermission): Reach =>
  staffPermissions[permission][role];

/** Whether the person may do it for a patient who is (or is not) their own. */
export const allows = (
  principal: StaffPrincipal,
  permission: StaffPermission,
  ownPatient: boolean,
): boolean => {
  const reach = reachOf(principal.role, permission);
  return reach === 'all' || (reach === 'own' && ownPatient);
};

/**
 * A clinician's own patient: assigned to them (the clinician of their latest booking) or with an
 * appointment with them. Other roles have no own patients (their reach is all or none).
 */
export const isOwnPatient = (
  principal: StaffPrincipal,
  patient: { readonly lastClinicianId?: string | undefined },
  appointmentClinicianIds: readonly string[],
): boolean =>
  principal.role === 'clinician' &&
  principal.clinicianId !== undefined &&
  (patient.lastClinicianId === principal.clinicianId ||
    appointmentClinicianIds.includes(principal.clinicianId));

/**
 * Whether a to-do is on the person's list. Risk to-dos are clinical: admins see all, a clinician
 * those filed to them and the duty list (no clinician), schedulers none. A disabled Secure ID is
 * not clinical, and any role may issue a new one: admins and schedulers see all, a clinician
 * theirs and the duty list.
 */
export const seesTodo = (principal: StaffPrincipal, todo: Pick<Todo, 'kind' | 'clinicianId'>): boolean => {
  const mineOrDuty = todo.clinicianId === undefined || todo.clinicianId === principal.clinicianId;
  if (todo.kind === 'risk') {
    const reach = reachOf(principal.role, 'see risk to-dos');
    return reach === 'all' || (reach === 'own' && mineOrDuty);
  }
  return principal.role !== 'clinician' || mineOrDuty;
};

/** Acknowledging: a clinician or an admin, for a to-do on their list. */
export const mayAcknowledge = (
  principal: StaffPrincipal,
  todo: Pick<Todo, 'kind' | 'clinicianId'>,
): boolean => {
  const reach = reachOf(principal.role, 'acknowledge a to-do');
  if (reach === 'none') return false;
  return reach === 'all' || seesTodo(principal, todo);
};

/**
 * Whether the person may see and decide a request for this clinician: the requested clinician
 * (linked by their staff email), any scheduler, or an admin.
 */
export const mayDecideRequest = (
  principal: StaffPrincipal,
  request: { readonly clinicianId: string },
): boolean => allows(principal, 'decide appointment requests', principal.clinicianId === request.clinicianId);

/** Whether the person decides any requests at all: the to-do list shows them the waiting ones. */
export const decidesRequests = (principal: StaffPrincipal): boolean => {
  const reach = reachOf(principal.role, 'decide appointment requests');
  return reach === 'all' || (reach === 'own' && principal.clinicianId !== undefined);
};
