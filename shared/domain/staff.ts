// Staff of a service and what they may do. Staff sign in with OpenID Connect (Cognito in AWS, an
// outside issuer such as NHS CIS2 or Entra ID, or the local provider), and the identity provider
// says which group a person is in: these rules turn its claims into one role.

export const staffRoles = ['admin', 'clinician', 'scheduler'] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface StaffPrincipal {
  /** The identity provider's subject: stable for a person, unlike the email. */
  readonly sub: string;
  readonly email: string;
  readonly role: StaffRole;
  /** Set for a clinician whose email the service config links to one of its clinicians. */
  readonly clinicianId?: string | undefined;
}

/** Most powerful first: a person in several groups acts with the first of these they hold. */
const precedence: readonly StaffRole[] = ['admin', 'clinician', 'scheduler'];

const isStaffRole = (value: string): value is StaffRole => (staffRoles as readonly string[]).includes(value);

/**
 * The role a person signs in with, from their ID token's claims, or undefined when they hold
 * none (they get "You do not have access", not a session).
 *
 * `roleClaim` names the claim (Cognito: `cognito:groups`, an array); an outside provider may send
 * a string or an array, and `roleMap` translates its values (Entra ID app roles such as
 * `Portal.Clinicians` to `clinician`). Without a map, values that are role names count as such.
 * Example: groups ["scheduler", "clinician"] sign in as clinician; ["reception"] has no access.
 */
export const roleFromClaims = (
  claims: Readonly<Record<string, unknown>>,
  roleClaim: string,
  roleMap?: Readonly<Record<string, StaffRole>>,
): StaffRole | undefined => {
  const raw = claims[roleClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  const held = new Set<StaffRole>();
  for (const value of values) {
    const role = roleMap ? (Object.hasOwn(roleMap, value) ? roleMap[value] : undefined) : value;
    if (role !== undefined && isStaffRole(role)) held.add(role);
  }
  return precedence.find((role) => held.has(role));
};

/**
 * The clinician a clinician's sign-in is linked to: the one whose staff email matches theirs,
 * ignoring case (providers and admins write addresses in mixed case). Other roles get none.
 */
export const clinicianIdFor = (
  role: StaffRole,
  email: string,
  clinicians: readonly { readonly id: string; readonly staffEmail?: string | undefined }[],
): string | undefined => {
  if (role !== 'clinician') return undefined;
  const wanted = email.trim().toLowerCase();
  return clinicians.find((c) => c.staffEmail !== undefined && c.staffEmail.trim().toLowerCase() === wanted)
    ?.id;
};

export const DEFAULT_STAFF_RETURN_PATH = '/staff';
const MAX_RETURN_PATH_CHARS = 500;

/**
 * Where to send a person after sign-in: a path on this site, or the console home. A return path
 * comes from a URL anyone can craft, so it must not become an open redirect: a single leading
 * `/`, then no `/` or `\` right after it (`//evil.example` and `/\evil.example` are other hosts
 * to a browser), no backslash or control character anywhere, and no scheme.
 * Example: `/staff/todos?status=open` stays; `https://evil.example`, `//evil.example`,
 * `/\evil` and `javascript:alert(1)` become `/staff`.
 */
export const safeReturnPath = (candidate: string | undefined): string => {
  if (candidate === undefined || candidate.length === 0 || candidate.length > MAX_RETURN_PATH_CHARS)
    return DEFAULT_STAFF_RETURN_PATH;
  const singleSlash = candidate.startsWith('/') && !candidate.startsWith('//');
  // eslint-disable-next-line no-control-regex
  const plain = !/[\\\u0000-\u001f\u007f]/.test(candidate);
  return singleSlash && plain ? candidate : DEFAULT_STAFF_RETURN_PATH;
};
