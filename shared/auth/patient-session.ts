import { epochSeconds } from '../data/dynamo.js';
import type { Deps } from '../deps.js';
import type { Patient } from '../domain/patient.js';
import { readCookie } from '../http/cookies.js';
import type { PortalRequest } from '../http/request.js';
import { sha256 } from '../security/keyed-hash.js';

export interface PatientSession {
  readonly patientId: string;
  readonly tokenHash: string;
}

/** The live session behind the request's cookie, if any; using it moves the idle deadline. */
export const currentSession = async (deps: Deps, req: PortalRequest): Promise<PatientSession | undefined> => {
  const token = readCookie(req, 'session', deps.cookieSecure);
  if (!token) return undefined;
  const tokenHash = sha256(token);
  const stored = await deps.sessions.findLive(tokenHash, epochSeconds(deps.clock()));
  return stored ? { patientId: stored.patientId, tokenHash } : undefined;
};

/** Sign-out ends the session on the server: the cookie alone no longer opens anything. */
export const endSession = async (deps: Deps, req: PortalRequest): Promise<void> => {
  const token = readCookie(req, 'session', deps.cookieSecure);
  if (token) await deps.sessions.end(sha256(token));
};

/** The signed-in patient, or undefined when there is no live session (or its patient is gone). */
export const signedInPatient = async (deps: Deps, req: PortalRequest): Promise<Patient | undefined> => {
  const session = await currentSession(deps, req);
  return session ? deps.patients.get(session.patientId) : undefined;
};
