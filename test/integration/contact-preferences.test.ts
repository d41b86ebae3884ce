import { beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient.js';
import { cookieValue, createFixture, type Fixture } from '../support/portal-fixture.js';

// F4: the patient's contact preferences page and its JSON twin. Bad input changes nothing; both
// need a session, and the form needs its CSRF token. Every change is audited, in words that name
// no address.

const CSRF = 'p'.repeat(43);
const PHONE = '+447700900161';
const EMAIL = 'prefs.patient@example.com';

interface Signed {
  readonly patient: Patient;
  readonly session: string;
}

const signIn = async (f: Fixture, overrides: Partial<Patient> = {}): Promise<Signed> => {
  const { patient, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27', ...overrides });
  const res = await f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth: '1985-03-27' },
  });
  const session = cookieValue(res.cookies, '__Host-session');
  if (!session) throw new Error('no session');
  return { patient, session };
};

const as = (f: Fixture, s: Signed) => ({
  page: (path = '/contact-preferences') =>
    f.call({ method: 'GET', path, cookies: { '__Host-session': s.session } }),
  post: (form: Record<string, string>, csrfCookie = CSRF) =>
    f.call({
      method: 'POST',
      path: '/contact-preferences',
      form,
      cookies: { '__Host-session': s.session, '__Host-csrf': csrfCookie },
    }),
  getJson: () =>
    f.call({
      method: 'GET',
      path: '/api/patient/contact-preferences',
      cookies: { '__Host-session': s.session },
    }),
  putJson: (body: unknown, headers: Record<string, string> = {}) =>
    f.call({
      method: 'PUT',
      path: '/api/patient/contact-preferences',
      body: body as object,
      headers,
      cookies: { '__Host-session': s.session },
    }),
});

const stored = async (f: Fixture, s: Signed) => {
  const p = await f.deps.patients.get(s.patient.id);
  if (!p) throw new Error('patient gone');
  return { contactPreference: p.contactPreference, smsStopped: p.smsStopped, smsStoppedAt: p.smsStoppedAt };
};

describe('the contact preferences page', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2027-06-01T09:00:00Z') });
  });

  it('sends a visitor without a session to sign in, and changes nothing for a post without one', async () => {
    const { patient } = await f.addPatient({ phone: PHONE, email: EMAIL });
    const page = await f.call({ method: 'GET', path: '/contact-preferences' });
    const post = await f.call({
      method: 'POST',
      path: '/contact-preferences',
      form: { csrf: CSRF, choice: 'email' },
      cookies: { '__Host-csrf': CSRF },
    });
    expect([page.status, page.headers.location]).toEqual([303, '/sign-in']);
    expect([post.status, post.headers.location]).toEqual([303, '/sign-in']);
    expect((await f.deps.patients.get(patient.id))?.contactPreference).toBe('sms');
  });

  it('shows the clinic’s details, says how to change them, and offers only the channels the patient has', async () => {
    const phoneOnly = await signIn(f, { phone: PHONE });
    const both = await signIn(f, { phone: PHONE, email: EMAIL });

    const one = (await as(f, phoneOnly).page()).body;
    const two = (await as(f, both).page()).body;

    expect(one).toContain(PHONE);
    expect(one).toContain('call Test Talking Therapies on 01632 960 001');
    expect(one).toContain('value="sms"');
    expect(one).toContain('value="stop-sms"');
    expect(one).not.toContain('value="email"');
    expect(two).toContain('value="email"');
    expect(two).toContain(EMAIL);
    expect(two).toMatch(/value="sms"[^>]*checked/);
  });

  it('is linked from the home page', async () => {
    const s = await signIn(f, { phone: PHONE });
    const home = await f.call({ method: 'GET', path: '/home', cookies: { '__Host-session': s.session } });
    expect(home.body).toContain('href="/contact-preferences"');
  });

  it('switches to email, then stops texts, redirecting after each save and auditing each change', async () => {
    const s = await signIn(f, { phone: PHONE, email: EMAIL });

    const toEmail = await as(f, s).post({ csrf: CSRF, choice: 'email' });
    expect([toEmail.status, toEmail.headers.location]).toEqual([303, '/contact-preferences?saved']);
    expect(await stored(f, s)).toEqual({
      contactPreference: 'email',
      smsStopped: false,
      smsStoppedAt: undefined,
    });

    f.clock.advanceSeconds(60);
    await as(f, s).post({ csrf: CSRF, choice: 'stop-sms' });
    expect(await stored(f, s)).toEqual({
      contactPreference: 'email',
      smsStopped: true,
      smsStoppedAt: '2027-06-01T09:01:00.000Z',
    });
    const saved = await as(f, s).page('/contact-preferences?saved');
    expect(saved.body).toContain('Your contact preferences have been saved.');
    expect(saved.body).toMatch(/value="stop-sms"[^>]*checked/);

    const audit = await f.deps.auditLog.forPatient(s.patient.id);
    expect(audit.map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['patient', 'changed-contact-preferences', 'contact preference: sms -> email'],
      ['patient', 'changed-contact-preferences', 'texts: stopped'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
    expect(JSON.stringify(audit)).not.toContain('7700900161');
  });

  it('keeps SMS as the preference of a patient without email who stops texts', async () => {
    const s = await signIn(f, { phone: PHONE });
    await as(f, s).post({ csrf: CSRF, choice: 'stop-sms' });
    expect(await stored(f, s)).toMatchObject({ contactPreference: 'sms', smsStopped: true });
  });

  it('re-shows the form with the error in the summary and by the field, changing nothing, for bad input', async () => {
    const s = await signIn(f, { phone: PHONE });
    const before = await f.itemCount();

    const none = await as(f, s).post({ csrf: CSRF });
    const notOffered = await as(f, s).post({ csrf: CSRF, choice: 'email' });
    const noCsrf = await as(f, s).post({ choice: 'stop-sms' });
    const wrongCsrf = await as(f, s).post({ csrf: 'x'.repeat(43), choice: 'stop-sms' });

    for (const res of [none, notOffered, noCsrf, wrongCsrf]) {
      expect(res.status).toBe(400);
      expect(res.body).toContain('nhsuk-error-summary');
      expect(res.body).toContain('href="#choice"');
      expect(res.body).toContain('id="choice-error"');
      expect(res.body).toContain('<title>Error: How we contact you');
    }
    expect(none.body).toContain('Select how you want us to send you reminders');
    expect(noCsrf.body).toContain('The page was open for too long');
    expect(await stored(f, s)).toEqual({
      contactPreference: 'sms',
      smsStopped: false,
      smsStoppedAt: undefined,
    });
    expect(await f.itemCount()).toBe(before);
  });
});

describe('GET and PUT /api/patient/contact-preferences', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2027-06-01T09:00:00Z') });
  });

  it('answers 401 without a session', async () => {
    const get = await f.call({ method: 'GET', path: '/api/patient/contact-preferences' });
    const put = await f.call({
      method: 'PUT',
      path: '/api/patient/contact-preferences',
      body: { contactPreference: 'email', smsStopped: false },
    });
    expect([get.status, put.status]).toEqual([401, 401]);
    expect(put.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('reads and changes the preferences', async () => {
    const s = await signIn(f, { phone: PHONE, email: EMAIL });
    expect((await as(f, s).getJson()).json()).toEqual({
      contactPreference: 'sms',
      smsStopped: false,
      phone: PHONE,
      email: EMAIL,
    });

    const put = await as(f, s).putJson({ contactPreference: 'email', smsStopped: true });

    expect(put.status).toBe(200);
    expect(put.json()).toEqual({
      contactPreference: 'email',
      smsStopped: true,
      smsStoppedAt: '2027-06-01T09:00:00.000Z',
      phone: PHONE,
      email: EMAIL,
    });
    expect((await f.deps.auditLog.forPatient(s.patient.id)).map((e) => e.detail)).toEqual([
      'contact preference: sms -> email; texts: stopped',
    ]);
  });

  it('refuses bad input with 400 and the fields, changing nothing', async () => {
    const s = await signIn(f, { phone: PHONE });
    const before = await f.itemCount();

    const noAddress = await as(f, s).putJson({ contactPreference: 'email', smsStopped: false });
    const badTypes = await as(f, s).putJson({ contactPreference: 'post', smsStopped: 'yes' });
    const missing = await as(f, s).putJson({ smsStopped: true });
    const unknown = await as(f, s).putJson({
      contactPreference: 'sms',
      smsStopped: false,
      phone: '+447700900999',
    });
    const notJson = await as(f, s).putJson('contactPreference=email', {
      'content-type': 'application/x-www-form-urlencoded',
    });

    expect(noAddress.status).toBe(400);
    expect(noAddress.json()).toMatchObject({
      error: {
        code: 'invalid_request',
        fields: { contactPreference: expect.stringContaining('01632 960 001') },
      },
    });
    expect(badTypes.status).toBe(400);
    expect(Object.keys(badTypes.json<{ error: { fields: object } }>().error.fields).sort()).toEqual([
      'contactPreference',
      'smsStopped',
    ]);
    expect(missing.json()).toMatchObject({ error: { fields: { contactPreference: expect.any(String) } } });
    expect(unknown.json()).toMatchObject({
      error: { fields: { phone: 'This field is not accepted here.' } },
    });
    // A cross-site form cannot send JSON: the cookie-authenticated PUT needs application/json.
    expect(notJson.status).toBe(415);
    expect(await stored(f, s)).toEqual({
      contactPreference: 'sms',
      smsStopped: false,
      smsStoppedAt: undefined,
    });
    expect(await f.itemCount()).toBe(before);
  });

  it('leaves the patient’s stop in place when the integration API sets the preference', async () => {
    const s = await signIn(f, { phone: PHONE, email: EMAIL });
    await as(f, s).putJson({ contactPreference: 'email', smsStopped: true });
    const key = await f.addIntegrationKey();

    const patched = await f.api(key)('PATCH', `/api/v1/patients/${s.patient.id}`, {
      contactPreference: 'sms',
    });

    expect(patched.status).toBe(200);
    expect(await stored(f, s)).toMatchObject({ contactPreference: 'sms', smsStopped: true });
  });
});
