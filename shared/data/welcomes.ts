import * as z from 'zod/mini';
import type { Table } from './dynamo.js';
import { keys } from './keys.js';
import { sendClaims, sendOutcomes, type TransactItem } from './send-claims.js';

// Welcome messages (F1): the claim that makes each Secure ID's welcome go out once, and one item
// per attempt. As reminders (shared/data/send-claims.ts, DESIGN.md "Sending once"), the claim is a
// conditional write taken BEFORE sending; here it is keyed by patient and Secure ID generation.
// Nothing here holds the Secure ID, the message or the address: ids, outcomes, error names.

const Attempt = z.object({
  patientId: z.string(),
  generation: z.number(),
  at: z.string(),
  outcome: z.enum(sendOutcomes),
  /** Why it was not sent (superseded, no contact), or the error's name when it failed. */
  reason: z.optional(z.string()),
  channel: z.optional(z.enum(['sms', 'email'])),
  providerMessageId: z.optional(z.string()),
});
export type WelcomeAttempt = z.infer<typeof Attempt>;

export type WelcomeClaim =
  { readonly claimed: true } | { readonly claimed: false; readonly status: 'done' | 'in-progress' };

export const welcomes = (table: Table) => {
  const claims = sendClaims(table);
  return {
    /**
     * Claims one welcome before it is sent (shared/data/send-claims.ts): by patient AND Secure ID
     * generation, so each ID issued is sent once and a reissue is a new welcome.
     */
    async claim(
      patientId: string,
      generation: number,
      now: Date,
      leaseSeconds: number,
    ): Promise<WelcomeClaim> {
      const claim = await claims.claim(
        { key: keys.welcomeClaim(patientId, generation), from: 'no-item', fields: { patientId, generation } },
        now,
        leaseSeconds,
      );
      if (claim.claimed) return { claimed: true };
      return { claimed: false, status: claim.status === 'in-progress' ? 'in-progress' : 'done' };
    },

    /** Records an attempt and closes the claim with its outcome: `failed` lets a retry claim it again. */
    async recordAttempt(
      attempt: WelcomeAttempt,
      attemptId: string,
      alongside: readonly TransactItem[] = [],
    ): Promise<void> {
      const { patientId, generation, at } = attempt;
      await claims.recordAttempt(
        keys.welcomeClaim(patientId, generation),
        { ...keys.welcomeAttempt(patientId, generation, at, attemptId), ...attempt },
        alongside,
      );
    },

    /** Records an attempt that took no claim: a newer Secure ID superseded this one's welcome. */
    async recordSkipped(attempt: WelcomeAttempt, attemptId: string): Promise<void> {
      const { patientId, generation, at } = attempt;
      await claims.recordSkipped({
        ...keys.welcomeAttempt(patientId, generation, at, attemptId),
        ...attempt,
      });
    },

    /** Every attempt at one generation's welcome, oldest first. */
    async attempts(patientId: string, generation: number): Promise<WelcomeAttempt[]> {
      const items = await claims.attempts(keys.welcomeAttempts(patientId, generation));
      return items.map((i) => Attempt.parse(i));
    },
  };
};
export type Welcomes = ReturnType<typeof welcomes>;
