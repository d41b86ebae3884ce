import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// F25 on the exports: the questionnaire responses go to the GP without a look, and to any other
// named recipient only under a current consent naming it. Consent required, then given (by the
// EPR), then withdrawn: 403, 200, 403, each refusal audited with the export and the party.

describe('consent on the questionnaire-responses export', () => {
  let f: Fixture;
  let api: ReturnType<Fixture['api']>;
  let patientId: string;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2027-06-01T09:00:00Z') });
    api = f.api(await f.addIntegrationKey());
    patientId = (await f.addPatient()).patient.id;
  });
  const exportTo = (recipient?: string) =>
    api(
      'GET',
      `/api/v1/patients/${patientId}/questionnaire-responses${recipient === undefined ? '' : `?recipient=${encodeURIComponent(recipient)}`}`,
    );
  const refusals = async () =>
    (await f.deps.auditLog.forPatient(patientId)).filter((e) => e.action === 'refused-export');

  it('is required, then given, then withdrawn: 403, 200, 403, with the refusals audited', async () => {
    const before = await exportTo('Acme Insurance');
    expect(before.status).toBe(403);
    expect(before.json()).toMatchObject({ error: { code: 'consent_required' } });
    expect(before.body).not.toContain('Acme');
    expect(await refusals()).toEqual([
      expect.objectContaining({
        role: 'integration',
        detail: 'questionnaire-responses to Acme Insurance: no current consent',
      }),
    ]);

    const given = await api('POST', `/api/v1/patients/${patientId}/consents`, {
      party: 'Acme Insurance',
      purpose: 'Claim assessment',
    });
    expect(given.status).toBe(201);
    const { id } = given.json<{ id: string }>();
    expect(Object.keys(given.json())).toEqual(['id']);
    // Case and spaces do not matter; the body is the ordinary export.
    const allowed = await exportTo('  acme INSURANCE ');
    expect(allowed.status).toBe(200);
    expect(allowed.json()).toEqual({ items: [] });
    expect(await refusals()).toHaveLength(1);
    // Another party is still refused.
    expect((await exportTo('Acme')).status).toBe(403);

    // A minute on: audit entries of one instant have no order between them.
    f.clock.advanceSeconds(60);
    expect((await api('DELETE', `/api/v1/patients/${patientId}/consents/${id}`)).status).toBe(204);
    const after = await exportTo('Acme Insurance');
    expect(after.status).toBe(403);
    expect(await refusals()).toHaveLength(3);
    // The history stays: the consent is there, withdrawn by the key.
    const [kept] = await f.deps.consents.ofPatient(patientId);
    expect(kept).toMatchObject({
      id,
      withdrawnBy: { kind: 'integration' },
      recordedBy: { kind: 'integration' },
    });
    expect(kept?.withdrawnAt).toBe('2027-06-01T09:01:00.000Z');
    const actions = (await f.deps.auditLog.forPatient(patientId)).map((e) => e.action);
    expect(actions.filter((a) => a !== 'refused-export')).toEqual(['recorded-consent', 'withdrew-consent']);
  });

  it('goes to the GP (no recipient, or "gp") without any consent, and audits nothing', async () => {
    for (const recipient of [undefined, 'gp', ' GP ']) expect((await exportTo(recipient)).status).toBe(200);
    expect(await refusals()).toEqual([]);
  });

  it('the EPR withdraws: 404 for an unknown consent or patient, 409 once already withdrawn', async () => {
    const { id } = (
      await api('POST', `/api/v1/patients/${patientId}/consents`, {
        party: 'Employer',
        purpose: 'Return to work',
      })
    ).json<{ id: string }>();
    expect((await api('DELETE', `/api/v1/patients/${patientId}/consents/${randomUUID()}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/patients/${randomUUID()}/consents/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/patients/${patientId}/consents/${id}`)).status).toBe(204);
    const again = await api('DELETE', `/api/v1/patients/${patientId}/consents/${id}`);
    expect([again.status, again.json<{ error: { code: string } }>().error.code]).toEqual([
      409,
      'already_withdrawn',
    ]);
  });

  it('the EPR records: 400 with the fields named, 404 for an unknown patient, and nothing stored', async () => {
    const bad = await api('POST', `/api/v1/patients/${patientId}/consents`, {
      party: '',
      purpose: 'p'.repeat(201),
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json<{ error: { fields: object } }>().error.fields).sort()).toEqual([
      'party',
      'purpose',
    ]);
    const unknown = await api('POST', `/api/v1/patients/${randomUUID()}/consents`, {
      party: 'A',
      purpose: 'B',
    });
    expect(unknown.status).toBe(404);
    expect(await f.deps.consents.ofPatient(patientId)).toEqual([]);
  });

  it('needs the patients:write scope to record consent', async () => {
    const readOnly = f.api(await f.addIntegrationKey(['responses:read']));
    const res = await readOnly('POST', `/api/v1/patients/${patientId}/consents`, {
      party: 'A',
      purpose: 'B',
    });
    expect(res.status).toBe(403);
    expect(await f.deps.consents.ofPatient(patientId)).toEqual([]);
  });
});
