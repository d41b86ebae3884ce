import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancelledByCondition, epochSeconds, isContention, withConflictRetries } from '../data/dynamo.js';
import type { SecureIdOwner } from '../data/patients.js';
import type { Deps } from '../deps.js';
import {
  calendarDateIn,
  type DateParts,
  parseDateOfBirth,
  parseIsoDateOfBirth,
} from '../domain/calendar-date.js';
import { clientNetwork } from '../domain/client-limit.js';
import { DISABLED_AT_FAILURES, LOCKOUT_TIERS } from '../domain/lockout.js';
import { normaliseSecureId } from '../domain/secure-id.js';
import { randomToken, sha256 } from '../security/keyed-hash.js';
import { messages } from '../web/messages.js';
import { disabledTodoId } from './reissue-secure-id.js';

// Sign-in with Secure ID and date of birth (F2; DESIGN.md "Lock-out"), shared by the page and the
// JSON API. Order matters: input is checked first (a 400 moves no counter); then, in parallel, the
// attempt is counted against the Secure ID, the owner of the ID is read and the client network's
// failures are read; then the date of birth is compared. Two DynamoDB round trips when it
// succeeds: those three requests, then one transaction that resets the count, ends the browser's
// previous session and writes the new one.

export interface SignInInput {
  readonly secureId: string;
  /** YYYY-MM-DD */
  readonly dateOfBirth: string;
}

export type SignInValidation =
  { ok: true; value: SignInInput } | { ok: false; errors: { secureId?: string; dateOfBirth?: string } };

const MAX_SECURE_ID_CHARS = 20;

export const validateSignIn = (
  typed: { secureId: string; dateOfBirth: DateParts | string },
  now: Date,
  timeZone: string,
): SignInValidation => {
  const errors: { secureId?: string; dateOfBirth?: string } = {};
  const secureId =
    typed.secureId.length > MAX_SECURE_ID_CHARS ? undefined : normaliseSecureId(typed.secureId);
  if (!secureId) errors.secureId = messages.secureId.tooLong;
  else if (!secureId.ok) errors.secureId = messages.secureId[secureId.reason];
  const today = calendarDateIn(now, timeZone);
  const dob =
    typeof typed.dateOfBirth === 'string'
      ? typed.dateOfBirth === ''
        ? ({ ok: false, problem: 'missing' } as const)
        : parseIsoDateOfBirth(typed.dateOfBirth, today)
      : parseDateOfBirth(typed.dateOfBirth, today);
  if (!dob.ok) errors.dateOfBirth = messages.dateOfBirth[dob.problem];
  if (secureId?.ok && dob.ok)
    return { ok: true, value: { secureId: secureId.value, dateOfBirth: dob.value } };
  return { ok: false, errors };
};

/** Who is signing in, as the edge saw it: never the request itself. */
export interface SignInClient {
  /** The viewer's address (CloudFront-Viewer-Address in AWS). */
  readonly address: string;
  /** The browser's current session token, if it has one: a new sign-in ends it. */
  readonly previousSessionToken?: string | undefined;
}

export type SignInOutcome =
  | { readonly ok: true; readonly sessionToken: string }
  | { readonly ok: false; readonly reason: 'invalid-credentials' }
  | { readonly ok: false; readonly reason: 'locked' | 'client-limited' | 'busy'; readonly retryAt: Date }
  | { readonly ok: false; readonly reason: 'disabled' };

/**
 * Signs in, and counts the outcome in the business metrics (no dimension but the service): a
 * success, a failed comparison (wrong Secure ID or date of birth), the failure that locks an ID
 * (it reaches a tier) or disables it, and an attempt the client network's limit refused.
 */
export const signIn = async (
  deps: Deps,
  input: SignInInput,
  client: SignInClient,
): Promise<SignInOutcome> => {
  const outcome = await attemptSignIn(deps, input, client);
  if (outcome.ok) deps.metrics.count('SignIns');
  else if (outcome.reason === 'invalid-credentials') deps.metrics.count('FailedSignIns');
  else if (outcome.reason === 'client-limited') deps.metrics.count('ClientLimitsReached');
  return outcome;
};

const attemptSignIn = async (
  deps: Deps,
  input: SignInInput,
  client: SignInClient,
): Promise<SignInOutcome> => {
  const instant = deps.clock();
  const now = epochSeconds(instant);
  const idHash = deps.hasher.secureId(input.secureId);
  const networkHash = deps.hasher.clientAddress(clientNetwork(client.address));
  const [gate, owner, clientState] = await Promise.all([
    deps.signInAttempts.countAttempt(idHash, now),
    deps.patients.ownerOfSecureId(idHash),
    deps.signInAttempts.clientState(networkHash, now),
  ]);

  // A disabled ID stays disabled whatever its counter says: the counter may have expired.
  if (owner?.disabled) return { ok: false, reason: 'disabled' };
  if (!gate.ok) {
    if (gate.reason === 'locked')
      return { ok: false, reason: 'locked', retryAt: new Date(gate.retryAt * 1000) };
    // The counter is at the disable mark but the mark was not written (a crash after the 20th
    // failure): write it now, so the lock no longer hangs on an item that expires.
    if (owner) await disableSecureId(deps, owner, idHash, instant);
    return { ok: false, reason: 'disabled' };
  }
  if (clientState.limited) {
    await deps.signInAttempts.takeBack(idHash);
    return { ok: false, reason: 'client-limited', retryAt: new Date(clientState.retryAt * 1000) };
  }

  // Both a missing patient and a wrong date end here, after the same requests.
  if (!owner || owner.dateOfBirth !== input.dateOfBirth) {
    // Reaching a tier is what locks the ID (shared/domain/lockout.ts): this failure locked it.
    if (LOCKOUT_TIERS.some((tier) => tier.failures === gate.failures)) deps.metrics.count('LockOuts');
    await Promise.all([
      deps.signInAttempts.recordClientFailure(networkHash, now),
      owner && gate.failures >= DISABLED_AT_FAILURES
        ? disableSecureId(deps, owner, idHash, instant)
        : Promise.resolve(),
    ]);
    return { ok: false, reason: 'invalid-credentials' };
  }

  const sessionToken = randomToken();
  const previous = client.previousSessionToken ? sha256(client.previousSessionToken) : undefined;
  try {
    await withConflictRetries(() =>
      deps.table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            deps.signInAttempts.succeededItem(idHash),
            deps.sessions.createItem(sha256(sessionToken), owner.patientId, owner.generation, now),
            // One browser, one session: signing in again ends the session its cookie named.
            ...(previous ? [deps.sessions.endItem(previous)] : []),
          ],
        }),
      ),
    );
  } catch (e) {
    // Other sign-ins with this Secure ID kept the transaction from going through: ask the person
    // to try again in a moment rather than fail.
    if (isContention(e)) return { ok: false, reason: 'busy', retryAt: new Date((now + 1) * 1000) };
    throw e;
  }
  return { ok: true, sessionToken };
};

/**
 * Disables a Secure ID for good and files the staff to-do, in one transaction. Its conditions
 * make it happen once per ID: a second call (a retry, the self-repair above) writes nothing.
 */
const disableSecureId = async (
  deps: Deps,
  owner: SecureIdOwner,
  idHash: string,
  now: Date,
): Promise<void> => {
  // The to-do and its staff alert (the duty email), in the transaction that disables the ID.
  const todoItems = deps.todos.openItems(
    {
      id: disabledTodoId(idHash),
      kind: 'secure_id_disabled',
      status: 'open',
      patientId: owner.patientId,
      createdAt: now.toISOString(),
    },
    deps.staffAlerts,
  );
  try {
    await withConflictRetries(() =>
      deps.table.db.send(
        new TransactWriteCommand({
          TransactItems: [...deps.patients.disableSecureIdItems(owner, idHash, now), ...todoItems],
        }),
      ),
    );
  } catch (e) {
    // Already disabled, or reissued meanwhile: nothing to do.
    if (cancelledByCondition(e)?.some(Boolean)) return;
    throw e;
  }
  deps.metrics.count('SecureIdsDisabled');
};
