import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import { consentMessages } from '../../shared/web/messages.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Staff record and withdraw a patient's consent to share (F25, staff side) on DynamoDB Local:
// stored with the member of staff as the actor and audited in the same transaction, withdrawn
// with the history kept, a bad form shown again with nothing stored, another clinician's patient
// refused, a form without its CSRF token refused; and the consent opens the export to its party.

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Clinician A', visible: true },
    { id: 'clin-b', name: 'Clinician B', visible: true },
  ],
});

describe('staff consents', () => {
  let f: Fixture;
  let own: string;
  let other: string;
  let cookies: Record<string, string>;
  const sub = 'staff-sub-a';

  beforeEach(async () => {
    f = await createFixture({ service, start: new Date('2027-06-01T09:00:00Z') });
    const booked = async (clinicianId: string) => {
      const { patient } = await f.addPatient({ givenName: 'Consenting', familyName: clinicianId });
      const start = '2027-06-08T10:00:00.000Z';
      await f.deps.appointments.book(
        {
          id: randomUUID(),
          patientId: patient.id,
          clinicianId,
          start,
          end: appointmentEnd(start, { durationMinutes: 50 }),
          serviceType: 'session',
        },
        0,
      );
      return patient.id;
    };
    own = await booked('clin-a');
    other = await booked('clin-b');
    cookies = await f.addStaffSession({
      sub,
      email: 'clin.a@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
  });

  const record = (patientId: string, form: Record<string, string>) =>
    f.call({ method: 'POST', path: `/staff/patients/${patientId}/consents`, form, cookies });
  const withdraw = (patientId: string, consentId: string, form: Record<string, string>) =>
    f.call({
      method: 'POST',
      path: `/staff/patients/${patientId}/consents/${consentId}/withdraw`,
      form,
      cookies,
    });
  const page = (patientId: string, query = '') =>
    f.call({ method: 'GET', path: `/staff/patients/${patientId}/consents${query}`, cookies });
  const consentAudit = async (patientId: string) =>
    (await f.deps.auditLog.forPatient(patientId)).filter((e) => e.action.includes('consent'));

  it('records consent for their patient, with the staff actor, audited, and shows it', async () => {
    const res = await record(own, {
      csrf: f.staffCsrf,
      party: ' Acme Insurance ',
      purpose: 'Claim assessment',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/patients/${own}/consents?done=recorded`);

    const [stored] = await f.deps.consents.ofPatient(own);
    expect(stored).toMatchObject({
      party: 'Acme Insurance',
      purpose: 'Claim assessment',
      recordedBy: { kind: 'staff', staffId: sub, email: 'clin.a@example.com' },
      withdrawnAt: null,
    });
    expect(await consentAudit(own)).toEqual([
      expect.objectContaining({
        action: 'recorded-consent',
        actor: 'clin.a@example.com',
        role: 'clinician',
        detail: `consent ${stored?.id}`,
      }),
    ]);

    const shown = await page(own, '?done=recorded');
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(consentMessages.staffRecorded);
    expect(shown.body).toContain('Acme Insurance');
    expect(shown.body).toContain('clin.a@example.com');
    expect(shown.body).toContain(`/staff/patients/${own}/consents/${stored?.id}/withdraw`);
  });

  it('withdraws it, keeping the history, audited with the staff actor', async () => {
    await record(own, { csrf: f.staffCsrf, party: 'Acme Insurance', purpose: 'Claim assessment' });
    const [recorded] = await f.deps.consents.ofPatient(own);
    f.clock.advanceSeconds(60);

    const res = await withdraw(own, recorded?.id ?? '', { csrf: f.staffCsrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/patients/${own}/consents?done=withdrawn`);

    const all = await f.deps.consents.ofPatient(own);
    expect(all).toEqual([
      expect.objectContaining({
        id: recorded?.id,
        party: 'Acme Insurance',
        recordedBy: { kind: 'staff', staffId: sub, email: 'clin.a@example.com' },
        withdrawnAt: '2027-06-01T09:01:00.000Z',
        withdrawnBy: { kind: 'staff', staffId: sub, email: 'clin.a@example.com' },
      }),
    ]);
    expect((await consentAudit(own)).map((e) => [e.action, e.actor])).toEqual([
      ['recorded-consent', 'clin.a@example.com'],
      ['withdrew-consent', 'clin.a@example.com'],
    ]);
    const shown = await page(own, '?done=withdrawn');
    expect(shown.body).toContain(consentMessages.staffWithdrawn);
    expect(shown.body).toContain(consentMessages.staffNone);
    // The past consent is listed, with no withdraw button any more.
    expect(shown.body).toContain('Acme Insurance');
    expect(shown.body).not.toContain(`/consents/${recorded?.id}/withdraw`);

    // A second withdrawal changes nothing and says so.
    const again = await withdraw(own, recorded?.id ?? '', { csrf: f.staffCsrf });
    expect(again.headers.location).toBe(`/staff/patients/${own}/consents?done=already-withdrawn`);
    expect(await consentAudit(own)).toHaveLength(2);
  });

  it('names who acted from the consents themselves, never reading the audit trail, which grows with every view', async () => {
    await record(own, { csrf: f.staffCsrf, party: 'Acme Insurance', purpose: 'Claim assessment' });
    const partitions: string[] = [];
    f.deps.table.db.middlewareStack.add(
      (next) => async (args) => {
        const values = (args.input as { ExpressionAttributeValues?: Record<string, unknown> })
          .ExpressionAttributeValues;
        if (values?.[':pk']) partitions.push(String(values[':pk']));
        return next(args);
      },
      { step: 'initialize', name: 'recordQueriedPartitions' },
    );
    try {
      const shown = await page(own);
      expect(shown.status).toBe(200);
      expect(shown.body).toContain('clin.a@example.com');
    } finally {
      f.deps.table.db.middlewareStack.remove('recordQueriedPartitions');
    }
    expect(partitions.length).toBeGreaterThan(0);
    expect(partitions.filter((pk) => pk.startsWith('AUDIT#'))).toEqual([]);
  });

  it('shows a bad form again with the error by the field and the input kept, storing nothing', async () => {
    const res = await record(own, { csrf: f.staffCsrf, party: '   ', purpose: 'Kept purpose' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toContain('href="#party"');
    expect(res.body).toContain('id="party-error"');
    expect(res.body).toContain(consentMessages.partyRequired);
    expect(res.body).toContain('value="Kept purpose"');
    expect(await f.deps.consents.ofPatient(own)).toEqual([]);
    expect(await consentAudit(own)).toEqual([]);
  });

  it("refuses another clinician's patient with 403, storing and withdrawing nothing", async () => {
    expect((await page(other)).status).toBe(403);
    const res = await record(other, { csrf: f.staffCsrf, party: 'Acme Insurance', purpose: 'Claims' });
    expect(res.status).toBe(403);
    expect(await f.deps.consents.ofPatient(other)).toEqual([]);

    const admin = await f.addStaffSession({ email: 'admin@example.com', role: 'admin' });
    await f.call({
      method: 'POST',
      path: `/staff/patients/${other}/consents`,
      form: { csrf: f.staffCsrf, party: 'Acme Insurance', purpose: 'Claims' },
      cookies: admin,
    });
    const [theirs] = await f.deps.consents.ofPatient(other);
    expect(theirs).toBeDefined();
    expect((await withdraw(other, theirs?.id ?? '', { csrf: f.staffCsrf })).status).toBe(403);
    expect((await f.deps.consents.ofPatient(other))[0]?.withdrawnAt).toBeNull();
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await record(own, { party: 'Acme Insurance', purpose: 'Claims' });
    expect(res.status).toBe(400);
    expect(await f.deps.consents.ofPatient(own)).toEqual([]);

    await record(own, { csrf: f.staffCsrf, party: 'Acme Insurance', purpose: 'Claims' });
    const [recorded] = await f.deps.consents.ofPatient(own);
    expect((await withdraw(own, recorded?.id ?? '', { csrf: 'wrong' })).status).toBe(400);
    expect((await f.deps.consents.ofPatient(own))[0]?.withdrawnAt).toBeNull();
  });

  it('opens the questionnaire-responses export to the party staff recorded', async () => {
    const api = f.api(await f.addIntegrationKey());
    const exportTo = () =>
      api(
        'GET',
        `/api/v1/patients/${own}/questionnaire-responses?recipient=${encodeURIComponent('Acme Insurance')}`,
      );
    expect((await exportTo()).status).toBe(403);
    await record(own, { csrf: f.staffCsrf, party: 'Acme Insurance', purpose: 'Claim assessment' });
    expect((await exportTo()).status).toBe(200);
  });
});
