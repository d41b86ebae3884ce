import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clinicianIdFor, roleFromClaims, safeReturnPath } from '../../shared/domain/staff.js';
import { staffOidcSettings } from '../../shared/staff/oidc-client.js';

describe('roleFromClaims', () => {
  const groups = (...values: unknown[]) => ({ 'cognito:groups': values });

  it('reads the role from Cognito groups', () => {
    expect(roleFromClaims(groups('clinician'), 'cognito:groups')).toBe('clinician');
  });

  it('gives a person in several groups the most powerful role: admin, then clinician, then scheduler', () => {
    expect(roleFromClaims(groups('scheduler', 'clinician'), 'cognito:groups')).toBe('clinician');
    expect(roleFromClaims(groups('scheduler', 'admin', 'clinician'), 'cognito:groups')).toBe('admin');
    expect(roleFromClaims(groups('scheduler'), 'cognito:groups')).toBe('scheduler');
  });

  it('gives no role to a person in no staff group, or without the claim', () => {
    expect(roleFromClaims(groups('reception', 'Admin'), 'cognito:groups')).toBeUndefined();
    expect(roleFromClaims(groups(), 'cognito:groups')).toBeUndefined();
    expect(roleFromClaims({}, 'cognito:groups')).toBeUndefined();
    expect(roleFromClaims({ 'cognito:groups': 'admin ' }, 'cognito:groups')).toBeUndefined();
  });

  it('maps an outside provider’s values, a string or an array, and ignores unmapped ones', () => {
    const roleMap = { 'Portal.Admins': 'admin', 'Portal.Clinicians': 'clinician' } as const;
    expect(roleFromClaims({ roles: ['Portal.Clinicians', 'Other'] }, 'roles', roleMap)).toBe('clinician');
    expect(roleFromClaims({ roles: 'Portal.Admins' }, 'roles', roleMap)).toBe('admin');
    // With a map, a bare role name is not a role: only what the service mapped counts.
    expect(roleFromClaims({ roles: ['admin'] }, 'roles', roleMap)).toBeUndefined();
    expect(roleFromClaims({ roles: ['toString', '__proto__'] }, 'roles', roleMap)).toBeUndefined();
  });

  it('never throws, whatever the claim holds', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const role = roleFromClaims({ 'cognito:groups': value }, 'cognito:groups');
        expect([undefined, 'admin', 'clinician', 'scheduler']).toContain(role);
      }),
    );
  });
});

describe('clinicianIdFor', () => {
  const clinicians = [{ id: 'alex-morgan', staffEmail: 'Alex.Morgan@example.com' }, { id: 'sam-patel' }];

  it('links a clinician to the clinician whose staff email matches, ignoring case', () => {
    expect(clinicianIdFor('clinician', 'alex.morgan@EXAMPLE.com', clinicians)).toBe('alex-morgan');
  });

  it('links nobody else: another role, or an email no clinician has', () => {
    expect(clinicianIdFor('admin', 'alex.morgan@example.com', clinicians)).toBeUndefined();
    expect(clinicianIdFor('clinician', 'sam.patel@example.com', clinicians)).toBeUndefined();
  });
});

describe('safeReturnPath', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeReturnPath('/staff/todos?status=open')).toBe('/staff/todos?status=open');
    expect(safeReturnPath('/staff')).toBe('/staff');
  });

  it.each([
    undefined,
    '',
    '//evil.example',
    '//evil.example/staff',
    'https://evil.example',
    'javascript:alert(1)',
    '/\\evil.example',
    '/staff\\..\\x',
    '\\\\evil.example',
    'staff',
    '/\t/evil.example',
    `/${'a'.repeat(600)}`,
  ])('turns %j into /staff', (candidate) => {
    expect(safeReturnPath(candidate)).toBe('/staff');
  });

  it('only ever gives a path a browser resolves to this site', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (candidate) => {
        const path = safeReturnPath(candidate);
        expect(new URL(path, 'https://portal.example').origin).toBe('https://portal.example');
      }),
    );
  });
});

describe('staffOidcSettings', () => {
  const service = { portalUrl: undefined, staffIdentityProvider: undefined };

  it('uses the stack’s own provider from the environment, with Cognito’s groups claim', () => {
    const settings = staffOidcSettings(service, {
      issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc',
      clientId: 'client-1',
      portalOrigin: 'https://d111.cloudfront.net',
    });
    expect(settings).toMatchObject({
      clientId: 'client-1',
      roleClaim: 'cognito:groups',
      redirectUri: 'https://d111.cloudfront.net/staff/callback',
      postLogoutRedirectUri: 'https://d111.cloudfront.net/staff/signed-out',
    });
  });

  it('uses an outside issuer from the service config, at the config’s portal address', () => {
    const settings = staffOidcSettings(
      {
        portalUrl: 'https://portal.north.example/start',
        staffIdentityProvider: {
          issuer: 'https://login.example/tenant/v2.0',
          clientId: 'entra-app',
          roleClaim: 'roles',
          roles: { 'Portal.Admins': 'admin' },
        },
      },
      {},
    );
    expect(settings).toMatchObject({
      issuer: 'https://login.example/tenant/v2.0',
      roleClaim: 'roles',
      roles: { 'Portal.Admins': 'admin' },
      redirectUri: 'https://portal.north.example/staff/callback',
    });
  });

  it('is undefined without a provider or without the portal’s address', () => {
    expect(staffOidcSettings(service, { portalOrigin: 'https://p.example' })).toBeUndefined();
    expect(staffOidcSettings(service, { issuer: 'https://i.example', clientId: 'c' })).toBeUndefined();
  });
});
