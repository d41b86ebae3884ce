import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, withConflictRetries } from '../data/dynamo.js';
import type { Deps } from '../deps.js';
import {
  calendarDateIn,
  type DateParts,
  parseDateOfBirth,
  parseIsoDateOfBirth,
} from '../domain/calendar-date.js';
import { normaliseSecureId } from '../domain/secure-id.js';
import { randomToken, sha256 } from '../security/keyed-hash.js';
import { messages } from '../web/messages.js';

// Sign-in with Secure ID and date of birth (F2; DESIGN.md "Lock-out"), shared by the page and the
// JSON API. Order matters: input is checked first (a 400 moves no counter), then the attempt is
// counted, then the date of birth compared. Two DynamoDB round trips when it succeeds: the
// counting transaction beside the lookup, then one transaction that resets the counters and
// writes the session.

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

export type SignInOutcome =
  | { readonly ok: true; readonly sessionToken: string }
  | { readonly ok: false; readonly reason: 'invalid-credentials' }
  | { readonly ok: false; readonly reason: 'locked' | 'client-limited'; readonly retryAt: Date }
  | { readonly ok: false; readonly reason: 'disabled' };

export const signIn = async (
  deps: Deps,
  input: SignInInput,
  clientAddress: string,
): Promise<SignInOutcome> => {
  const now = epochSeconds(deps.clock());
  const idHash = deps.hasher.secureId(input.secureId);
  const addressHash = deps.hasher.clientAddress(clientAddress);
  const [gate, owner] = await Promise.all([
    deps.signInAttempts.begin(idHash, addressHash, now),
    deps.patients.ownerOfSecureId(idHash),
  ]);
  if (!gate.ok) {
    return gate.reason === 'disabled'
      ? { ok: false, reason: 'disabled' }
      : { ok: false, reason: gate.reason, retryAt: new Date(gate.retryAt * 1000) };
  }
  // Both a missing patient and a wrong date end here, after the same requests.
  if (!owner || owner.dateOfBirth !== input.dateOfBirth) return { ok: false, reason: 'invalid-credentials' };

  const sessionToken = randomToken();
  await withConflictRetries(() =>
    deps.table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...deps.signInAttempts.succeededItems(idHash, addressHash, now),
          deps.sessions.createItem(sha256(sessionToken), owner.patientId, now),
        ],
      }),
    ),
  );
  return { ok: true, sessionToken };
};
