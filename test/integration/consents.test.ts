import { beforeEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../support/portal-fixture.js';
import { type SignedInPatient, signedInPatient } from '../support/patient-sign-in.js';

// F25: a patient records and withdraws consent to share with named parties, from the page or as
// JSON. A withdrawal keeps the history; of two withdrawals one wins; a patient can touch only
// their own consents; every change is audited in the same transaction.

const CSRF = 'c'.repeat(43);

const as = (f: Fixture, s: SignedInPatient) => ({
  page: (path = '/consents') => f.call({ method: 'GET', path, cookies: { '__Host-session': s.session } }),
  post: (path: string, form: Record<string, string>) =>
    f.call({
      method: 'POST',
      path,
      form: { csrf: CSRF, ...form },
      cookies: { '__Host-session': s.session, '__Host-csrf': CSRF },
    }),
  list: () =>
    f.call({ method: 'GET', path: '/api/patient/consents', cookies: { '__Host-session': s.session } }),
  record: (body: unknown) =>
    f.call({
      method: 'POST',
      path: '/api/patient/consents',
      body: body as object,
      cookies: { '__Host-session': s.session },
    }),
  withdraw: (id: string) =>
    f.call({
      method: 'DELETE',
      path: `/api/patient/consents/${id}`,
      cookies: { '__Host-session': s.session },
    }),
});

interface ConsentJson {
  id: string;
  party: string;
  purpose: string;
  recordedAt: string;
  recordedBy: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
}

describe('consents (patient)', () => {
  let f: Fixture;
  let s: SignedInPatient;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2027-06-01T09:00:00Z') });
    s = await signedInPatient(f);
  });

  it('needs a session: the page sends to sign-in, the JSON answers 401, and nothing is stored', async () => {
    const page = await f.call({ method: 'GET', path: '/consents' });
    const json = await f.call({
      method: 'POST',
      path: '/api/patient/consents',
      body: { party: 'A', purpose: 'B' },
    });
    expect([page.status, page.headers.location]).toEqual([303, '/sign-in']);
    expect(json.status).toBe(401);
    expect(await f.deps.consents.ofPatient(s.patient.id)).toEqual([]);
  });

  it('records a consent as JSON, lists it, and audits it without the party or purpose', async () => {
    const me = as(f, s);
    const res = await me.record({ party: '  Acme Employee Assistance  ', purpose: 'Confirm attendance' });
    expect(res.status).toBe(201);
    const created = res.json<ConsentJson>();
    expect(created).toMatchObject({
      party: 'Acme Employee Assistance',
      purpose: 'Confirm attendance',
      recordedAt: '2027-06-01T09:00:00.000Z',
      recordedBy: 'patient',
      withdrawnAt: null,
    });
    expect((await me.list()).json<{ items: ConsentJson[] }>().items).toEqual([created]);
    const audit = await f.deps.auditLog.forPatient(s.patient.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'recorded-consent',
        actor: 'patient',
        detail: `consent ${created.id}`,
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('Acme');
  });

  it('refuses bad input with the field named, and stores nothing', async () => {
    const me = as(f, s);
    const empty = await me.record({ party: '   ', purpose: 'x'.repeat(201) });
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({
      error: {
        code: 'invalid_request',
        fields: {
          party: 'Enter who we may share your information with',
          purpose: 'What we may share it for must be 200 characters or fewer',
        },
      },
    });
    const long = await me.record({ party: 'p'.repeat(101), purpose: 'ok' });
    expect(long.json()).toMatchObject({
      error: { fields: { party: 'Who we may share with must be 100 characters or fewer' } },
    });
    const extra = await me.record({ party: 'A', purpose: 'B', patientId: 'someone-else' });
    expect(extra.status).toBe(400);
    const notText = await me.record({ party: 5, purpose: 'B' });
    expect(notText.status).toBe(400);
    expect(await f.deps.consents.ofPatient(s.patient.id)).toEqual([]);
  });

  it('withdraws, keeping the consent with who and when, and answers 409 a second time', async () => {
    const me = as(f, s);
    const { id } = (await me.record({ party: 'Insurer Ltd', purpose: 'Claim' })).json<ConsentJson>();
    f.clock.advanceSeconds(300);
    expect((await me.withdraw(id)).status).toBe(204);
    const again = await me.withdraw(id);
    expect([again.status, again.json<{ error: { code: string } }>().error.code]).toEqual([
      409,
      'already_withdrawn',
    ]);
    const [kept] = (await me.list()).json<{ items: ConsentJson[] }>().items;
    expect(kept).toMatchObject({
      id,
      party: 'Insurer Ltd',
      recordedAt: '2027-06-01T09:00:00.000Z',
      withdrawnAt: '2027-06-01T09:05:00.000Z',
      withdrawnBy: 'patient',
    });
    const actions = (await f.deps.auditLog.forPatient(s.patient.id)).map((e) => e.action);
    expect(actions).toEqual(['recorded-consent', 'withdrew-consent']);
  });

  it('of two withdrawals at once, exactly one wins and one audit entry is written', async () => {
    const me = as(f, s);
    const { id } = (await me.record({ party: 'Insurer Ltd', purpose: 'Claim' })).json<ConsentJson>();
    const results = await Promise.all([me.withdraw(id), me.withdraw(id), me.withdraw(id)]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 409, 409]);
    const withdrawals = (await f.deps.auditLog.forPatient(s.patient.id)).filter(
      (e) => e.action === 'withdrew-consent',
    );
    expect(withdrawals).toHaveLength(1);
  });

  it("cannot withdraw another patient's consent, by JSON or by the page", async () => {
    const other = await signedInPatient(f, { givenName: 'Other', dateOfBirth: '1990-01-01' });
    const { id } = (
      await as(f, other).record({ party: 'Insurer Ltd', purpose: 'Claim' })
    ).json<ConsentJson>();
    const byJson = await as(f, s).withdraw(id);
    const byPage = await as(f, s).post(`/consents/${id}/withdraw`, {});
    expect(byJson.status).toBe(404);
    expect(byPage.status).toBe(404);
    const [theirs] = await f.deps.consents.ofPatient(other.patient.id);
    expect(theirs?.withdrawnAt).toBeNull();
  });

  it('the page records with the form, shows current and past, and withdraws with the button', async () => {
    const me = as(f, s);
    const added = await me.post('/consents', { party: 'Acme EAP', purpose: 'Confirm attendance' });
    expect([added.status, added.headers.location]).toEqual([303, '/consents?done=recorded']);
    const [consent] = await f.deps.consents.ofPatient(s.patient.id);
    if (!consent) throw new Error('not recorded');
    const page = await me.page('/consents?done=recorded');
    expect(page.body).toContain('Acme EAP');
    expect(page.body).toContain(`action="/consents/${consent.id}/withdraw"`);
    expect(page.body).toContain('You have agreed to share');
    const withdrawn = await me.post(`/consents/${consent.id}/withdraw`, {});
    expect([withdrawn.status, withdrawn.headers.location]).toEqual([303, '/consents?done=withdrawn']);
    const after = await me.page();
    expect(after.body).toContain('No longer agreed');
    expect(after.body).not.toContain(`action="/consents/${consent.id}/withdraw"`);
  });

  it('the form shows each error by its field, keeps what was typed, and stores nothing', async () => {
    const res = await as(f, s).post('/consents', { party: '', purpose: 'Because' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('id="party-error"');
    expect(res.body).toContain('Enter who we may share your information with');
    expect(res.body).toContain('href="#party"');
    expect(res.body).toContain('value="Because"');
    expect(res.body).not.toContain('id="purpose-error"');
    expect(await f.deps.consents.ofPatient(s.patient.id)).toEqual([]);
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await f.call({
      method: 'POST',
      path: '/consents',
      form: { csrf: 'wrong'.repeat(9), party: 'A', purpose: 'B' },
      cookies: { '__Host-session': s.session, '__Host-csrf': CSRF },
    });
    expect(res.status).toBe(400);
    expect(await f.deps.consents.ofPatient(s.patient.id)).toEqual([]);
  });
});
