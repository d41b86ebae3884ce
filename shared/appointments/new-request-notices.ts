import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps.js';
import type { Clinician } from '../domain/availability/setup.js';
import { prepareNotice } from '../messages/prepare-notice.js';
import { portalUrlOf } from '../notify/render.js';
import { stableId } from '../security/keyed-hash.js';

// F14: when a request reaches staff (a signed-in patient's on submission, a public one when its
// email link is followed), the requested clinician's staff email and the schedulers' address are
// told, by notices in the very transaction that makes the request pending: no email for a request
// that was not stored, no stored request without its emails. The email says only that a request
// waits and for when; who asked and why stay in the console.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The notices' puts for a request that becomes pending now; none when nobody is set up to hear. */
export const newRequestNoticeItems = (
  deps: Deps,
  request: { readonly id: string; readonly clinicianId: string; readonly start: string },
  clinicians: readonly Clinician[],
  at: Date,
): TransactItem[] => {
  const clinicianEmail = clinicians.find((c) => c.id === request.clinicianId)?.staffEmail;
  const addresses = [clinicianEmail, deps.service.messages?.schedulersEmail].filter(
    (a): a is string => a !== undefined,
  );
  // A clinician who is also the schedulers' address gets one email.
  const unique = [...new Map(addresses.map((a) => [a.toLowerCase(), a])).values()];
  const consoleUrl = `${portalUrlOf(deps.service)}/staff/requests`;
  return unique.map((email) =>
    deps.notices.pendingItem(
      prepareNotice(deps.service, {
        // One notice per request per address, whatever retries happen.
        id: stableId('staffNewRequest', request.id, email.toLowerCase()),
        kind: 'staffNewRequest',
        to: { email },
        audience: 'staff',
        values: { start: request.start, consoleUrl },
        createdAt: at,
      }),
    ),
  );
};
