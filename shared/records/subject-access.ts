import type { Deps } from '../deps.js';

// Subject access (F27; seed 001: "you can see what is held about you"): everything the portal
// holds about ONE patient, gathered from that patient's own partition and indexes only, so
// nothing of anyone else can come in. Letters are listed by id (their PDFs open from the Letters
// page); the profile goes without its Secure ID lookup (the ID is never stored, only its keyed
// hash, which stays out).

export type SubjectAccessDeps = Pick<
  Deps,
  | 'patients'
  | 'appointments'
  | 'appointmentRequests'
  | 'responses'
  | 'todos'
  | 'consents'
  | 'letters'
  | 'messageLog'
  | 'episodes'
  | 'auditLog'
  | 'clock'
  | 'service'
>;

/** Never in the copy, whatever a stored item carries: hashes and keys are ours, not data about them. */
const withoutSecrets = <T extends object>(record: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(record).filter(([name]) => !/hash|secret|token|^pk$|^sk$|^gsi/i.test(name)),
  ) as Partial<T>;

export const subjectAccess = async (deps: SubjectAccessDeps, patientId: string) => {
  const patient = await deps.patients.get(patientId);
  if (!patient) return undefined;
  const [appointments, requests, responses, todos, consents, letters, messages, episodes, audit] =
    await Promise.all([
      deps.appointments.forPatient(patientId),
      deps.appointmentRequests.allForPatient(patientId),
      deps.responses.all(patientId),
      deps.todos.forPatient(patientId),
      deps.consents.ofPatient(patientId),
      deps.letters.ofPatient(patientId),
      deps.messageLog.all(patientId),
      deps.episodes.ofPatient(patientId),
      deps.auditLog.forPatient(patientId),
    ]);
  return {
    generatedAt: deps.clock().toISOString(),
    service: deps.service.name,
    details: withoutSecrets(patient),
    appointments: appointments.map(withoutSecrets),
    requests: requests.map(withoutSecrets),
    responses: responses.map(withoutSecrets),
    todos: todos.map(withoutSecrets),
    consents,
    letters: letters.map(({ id, title, createdAt, kind }) => ({ id, title, createdAt, kind })),
    messages: messages.map(withoutSecrets),
    episodes,
    audit,
  };
};
export type SubjectAccess = NonNullable<Awaited<ReturnType<typeof subjectAccess>>>;
