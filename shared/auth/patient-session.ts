import { epochSeconds } from '../data/dynamo.js';
import type { Deps } from '../deps.js';
import type { PatientRecord } from '../domain/patient.js';
import { sha256 } from '../security/keyed-hash.js';

// Patient sessions, from the token the edge read out of the cookie (use cases never see requests).
// A session is live when its item says so (idle and absolute limits) AND it was opened with the
// patient's current Secure ID: a reissue moves the patient's generation on and ends every older
// session, including one opened with a stolen ID.

export interface SignedIn<T> {
  readonly patient: PatientRecord;
  /** What the caller asked to read beside the patient, in the same round trip. */
  readonly also: T;
}

/**
 * The signed-in patient, plus whatever `alsoRead` loads for them, in two DynamoDB round trips
 * whatever the page: the session, then the patient beside `alsoRead` (and the session's idle
 * touch when due). Undefined when there is no live session for a current Secure ID.
 */
export const signedInPatientWith = async <T>(
  deps: Deps,
  token: string | undefined,
  alsoRead: (patientId: string) => Promise<T>,
): Promise<SignedIn<T> | undefined> => {
  if (!token) return undefined;
  const now = epochSeconds(deps.clock());
  const tokenHash = sha256(token);
  const session = await deps.sessions.findLive(tokenHash, now);
  if (!session) return undefined;
  const [patient, also] = await Promise.all([
    deps.patients.get(session.patientId),
    alsoRead(session.patientId),
    deps.sessions.touchIfDue(tokenHash, session, now),
  ]);
  if (!patient || patient.secureIdGeneration !== session.generation) return undefined;
  return { patient, also };
};

/** The signed-in patient, or undefined when there is no live session (or its patient is gone). */
export const signedInPatient = async (
  deps: Deps,
  token: string | undefined,
): Promise<PatientRecord | undefined> =>
  (await signedInPatientWith(deps, token, async () => undefined))?.patient;

/** Sign-out ends the session on the server: the cookie alone no longer opens anything. */
export const endSession = async (deps: Deps, token: string | undefined): Promise<void> => {
  if (token) await deps.sessions.end(sha256(token));
};
