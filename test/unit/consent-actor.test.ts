import { describe, expect, it } from 'vitest';
import { consentActorName } from '../../shared/domain/consent.js';

// The consents page names who recorded or withdrew a consent as the audit log does, from the
// consent itself.

describe('consentActorName', () => {
  it('names the patient, a member of staff by email, and an integration key by its id', () => {
    expect(consentActorName({ kind: 'patient' })).toBe('patient');
    expect(consentActorName({ kind: 'staff', staffId: 'sub-1', email: 'ada@example.com' })).toBe(
      'ada@example.com',
    );
    expect(consentActorName({ kind: 'integration', keyId: '0a1b2c3d4e5f' })).toBe(
      'integration key 0a1b2c3d4e5f',
    );
  });

  it('names staff on a consent stored before emails were kept by their stable subject', () => {
    expect(consentActorName({ kind: 'staff', staffId: 'sub-1' })).toBe('sub-1');
  });
});
