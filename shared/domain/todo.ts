// Staff to-dos: what needs a person in the service (risk.md; DESIGN.md "Lock-out"). A to-do is
// open until someone acknowledges it with a note; then it leaves the open list and stays on the
// patient's record with who acknowledged it, when, and what they wrote.

export const todoKinds = ['risk', 'secure_id_disabled'] as const;
export type TodoKind = (typeof todoKinds)[number];

/** How a risk answer's response fared: a refused response still files its to-do (risk.md). */
export const riskResponseOutcomes = [
  'stored',
  'already-completed',
  'not-next',
  'not-due',
  'incomplete',
  // The store stayed busy (write conflicts) through every retry: not stored, the patient asked to send again.
  'busy',
] as const;
export type RiskResponseOutcome = (typeof riskResponseOutcomes)[number];

export interface Acknowledgement {
  /** UTC ISO instant. */
  readonly at: string;
  /** The staff member's email. */
  readonly by: string;
  readonly role: string;
  readonly note: string;
}

interface TodoBase {
  readonly id: string;
  readonly patientId: string;
  /** UTC ISO instant (`toISOString`), so lists sort right across the October clock change. */
  readonly createdAt: string;
  /** The clinician whose list it is on; absent: the service's duty list, which every clinician and admin sees. */
  readonly clinicianId?: string | undefined;
  readonly status: 'open' | 'acknowledged';
  readonly acknowledgement?: Acknowledgement | undefined;
}

export interface RiskTodo extends TodoBase {
  readonly kind: 'risk';
  readonly questionnaireId: string;
  /** The service's calendar date of the answer. */
  readonly responseDate: string;
  readonly riskItemValue: number;
  /** The same item in the patient's previous stored response, so a rise shows; null if none. */
  readonly previousRiskItemValue: number | null;
  /** Null when the answers were incomplete (no total can be given). */
  readonly total: number | null;
  /** The service's policy, e.g. "Review within 1 working day", shown on the to-do. */
  readonly reviewPolicy: string;
  readonly responseOutcome: RiskResponseOutcome;
}

export interface SecureIdDisabledTodo extends TodoBase {
  readonly kind: 'secure_id_disabled';
}

export type Todo = RiskTodo | SecureIdDisabledTodo;

/**
 * Who a risk to-do goes to (issue "Staff", risk.md): the clinician of the appointment the
 * questionnaire was for; with no appointment to name one, the patient's last clinician; with
 * none at all, the duty list (undefined).
 */
export const riskTodoClinician = (
  appointmentClinicianId: string | undefined,
  lastClinicianId: string | undefined,
): string | undefined => appointmentClinicianId ?? lastClinicianId;

/** The open list's order: risk flags first, oldest first; then other kinds, oldest first. */
export const byTodoPriority = (a: Todo, b: Todo): number =>
  Number(a.kind !== 'risk') - Number(b.kind !== 'risk') || a.createdAt.localeCompare(b.createdAt);

/**
 * The fragment that names one to-do on the console's to-do list: the card's id on the page, and
 * the end of the link a staff alert email carries, so the link lands on that to-do.
 */
export const todoAnchor = (todoId: string): string => `todo-${todoId}`;
