// The only file that spells key strings. Hashes, not Secure IDs or tokens, appear in keys.

export const keys = {
  patient: (patientId: string) => ({ pk: `PATIENT#${patientId}`, sk: 'PROFILE' }),
  /** Patient by Secure ID: the lookup item a sign-in reads. */
  secureId: (secureIdHash: string) => ({ pk: `SECUREID#${secureIdHash}`, sk: 'PATIENT' }),
  /** Failed sign-ins against one submitted Secure ID, whether or not any patient has it. */
  signInAttempts: (secureIdHash: string) => ({ pk: `SECUREID#${secureIdHash}`, sk: 'ATTEMPTS' }),
  /** Failed sign-ins from one client address in one fixed window. */
  clientAttempts: (addressHash: string, windowStart: number) => ({
    pk: `CLIENT#${addressHash}`,
    sk: `WINDOW#${windowStart}`,
  }),
  session: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  integrationKey: (keyHash: string) => ({ pk: `INTEGRATIONKEY#${keyHash}`, sk: 'KEY' }),
} as const;
