import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../shared/data/keys.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// An EPR that retries POST /api/v1/patients after a timeout must not make a second patient: the
// external id is unique within the service, claimed in the same transaction as the patient.

const newPatient = {
  givenName: 'Sam',
  familyName: 'Example',
  dateOfBirth: '1990-06-15',
  phone: '07911 123456',
  contactPreference: 'sms',
  stage: 'assessment',
  externalId: 'EPR-42',
};

interface Created {
  id: string;
  secureId: string;
}
interface Duplicate {
  error: { code: string; message: string };
  id: string;
  secureId?: string;
}

describe('creating a patient with an external id', () => {
  let f: Fixture;
  let api: ReturnType<Fixture['api']>;

  const storedPatients = async () => {
    const { Items = [] } = await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }));
    return Items.filter((i) => i.sk === keys.patient('x').sk);
  };

  beforeEach(async () => {
    f = await createFixture();
    api = f.api(await f.addIntegrationKey(['patients:write']));
  });

  it('answers a second create with the same externalId 409, naming the first patient, storing nothing', async () => {
    const first = await api('POST', '/api/v1/patients', newPatient);
    expect(first.status).toBe(201);
    const { id } = first.json<Created>();
    const before = await f.itemCount();

    const again = await api('POST', '/api/v1/patients', { ...newPatient, givenName: 'Samuel' });

    expect(again.status).toBe(409);
    expect(again.json<Duplicate>()).toEqual({
      error: { code: 'duplicate_external_id', message: expect.any(String) },
      id,
    });
    expect(await f.itemCount()).toBe(before);
    expect(await f.deps.patients.get(id)).toMatchObject({ givenName: 'Sam' });
  });

  it('stores exactly one patient when 10 creates with one externalId arrive at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api('POST', '/api/v1/patients', newPatient)),
    );

    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const { id } = created[0]!.json<Created>();
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.json<Duplicate>().id).toBe(id);
    }
    const stored = await storedPatients();
    expect(stored.map((p) => p.id)).toEqual([id]);
    // One profile, one Secure ID lookup, one external id item, and the first episode with its
    // state item: no stray Secure ID or episode from the losers.
    expect(await f.itemCount()).toBe(1 + 3 + 2);
  });

  it('leaves creates without an externalId alone: the same body twice makes two patients', async () => {
    const { externalId: _, ...withoutExternalId } = newPatient;
    const a = await api('POST', '/api/v1/patients', withoutExternalId);
    const b = await api('POST', '/api/v1/patients', withoutExternalId);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.json<Created>().id).not.toBe(b.json<Created>().id);
    expect(await storedPatients()).toHaveLength(2);
  });

  it('lets different externalIds create different patients', async () => {
    expect((await api('POST', '/api/v1/patients', newPatient)).status).toBe(201);
    expect((await api('POST', '/api/v1/patients', { ...newPatient, externalId: 'EPR-43' })).status).toBe(201);
    expect(await storedPatients()).toHaveLength(2);
  });
});
