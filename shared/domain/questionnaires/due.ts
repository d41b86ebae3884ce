// Which questionnaires are due (F5, F7, F8), as a pure function of what the caller has read:
// the patient's next appointment, their responses in the window, and the time.
//
// Rules (issue "Questionnaires before every appointment"):
// - Questionnaires are due for the next appointment, from `windowHours` before it until it starts.
// - The set and its order come from the patient's stage of care.
// - A questionnaire is done once answered for that appointment, or answered today (the service's
//   calendar day): at most once a day, and a second appointment the same day asks nothing new.
//   Example: appointment Thursday 10:00, window 72 h: due from Monday 10:00; PHQ-9 answered on
//   Tuesday counts for Thursday's appointment, so on Wednesday only what is left is due.

export interface NextAppointment {
  readonly id: string;
  readonly start: Date;
}

export interface ResponseSummary {
  readonly questionnaireId: string;
  /** YYYY-MM-DD in the service's time zone. */
  readonly date: string;
  readonly appointmentId?: string | undefined;
}

export interface DueInput {
  /** The patient's stage's questionnaires, in order. */
  readonly stageQuestionnaires: readonly string[];
  readonly nextAppointment: NextAppointment | undefined;
  /** Responses since the window opened (more are harmless). */
  readonly responses: readonly ResponseSummary[];
  readonly now: Date;
  /** The service's calendar date at `now`. */
  readonly today: string;
  readonly windowHours: number;
}

export type DueItemStatus = 'completed' | 'due';

export type DueState =
  | { readonly kind: 'no-appointment' }
  | { readonly kind: 'not-yet'; readonly appointment: NextAppointment; readonly opensAt: Date }
  | {
      readonly kind: 'open';
      readonly appointment: NextAppointment;
      readonly items: readonly { readonly id: string; readonly status: DueItemStatus }[];
      /** The first questionnaire still due, in stage order; null when all are done. */
      readonly next: string | null;
      /** All done, and at least one of them today: "already completed for today". */
      readonly completedToday: boolean;
    };

export const windowOpensAt = (start: Date, windowHours: number): Date =>
  new Date(start.getTime() - windowHours * 3600_000);

export const dueState = (input: DueInput): DueState => {
  const appointment = input.nextAppointment;
  if (!appointment || appointment.start.getTime() <= input.now.getTime()) return { kind: 'no-appointment' };
  const opensAt = windowOpensAt(appointment.start, input.windowHours);
  if (input.now.getTime() < opensAt.getTime()) return { kind: 'not-yet', appointment, opensAt };

  const done = new Set(
    input.responses
      .filter((r) => r.appointmentId === appointment.id || r.date === input.today)
      .map((r) => r.questionnaireId),
  );
  const items = input.stageQuestionnaires.map((id) => ({
    id,
    status: done.has(id) ? ('completed' as const) : ('due' as const),
  }));
  const next = items.find((i) => i.status === 'due')?.id ?? null;
  const completedToday =
    next === null &&
    input.responses.some(
      (r) => r.date === input.today && input.stageQuestionnaires.includes(r.questionnaireId),
    );
  return { kind: 'open', appointment, items, next, completedToday };
};

/** Whether `questionnaireId` may be submitted now, and if not, why (API.md's 409 codes). */
export type SubmitCheck =
  | { readonly ok: true; readonly appointment: NextAppointment }
  | { readonly ok: false; readonly reason: 'not-due' | 'already-completed' | 'not-next' };

export const checkSubmission = (state: DueState, questionnaireId: string): SubmitCheck => {
  if (state.kind !== 'open') return { ok: false, reason: 'not-due' };
  const item = state.items.find((i) => i.id === questionnaireId);
  if (!item) return { ok: false, reason: 'not-due' };
  if (item.status === 'completed') return { ok: false, reason: 'already-completed' };
  if (state.next !== questionnaireId) return { ok: false, reason: 'not-next' };
  return { ok: true, appointment: state.appointment };
};
