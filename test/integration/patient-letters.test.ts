import { beforeEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../support/portal-fixture.js';
import { type SignedInPatient, signedInPatient } from '../support/patient-sign-in.js';
import { seedLetter } from '../support/seed-letter.js';

// F24: the patient's Letters, page and JSON. Each letter is served as the exact bytes stored
// (the same that were shared), inline as a PDF; another patient's letter id is not found.

describe('letters (patient)', () => {
  let f: Fixture;
  let s: SignedInPatient;
  beforeEach(async () => {
    f = await createFixture({ start: new Date('2027-06-01T09:00:00Z') });
    s = await signedInPatient(f);
  });
  const get = (path: string, who: SignedInPatient | null = s) =>
    f.call({ method: 'GET', path, cookies: who ? { '__Host-session': who.session } : {} });

  it('lists the letters newest first, as JSON and on the page with a link to each', async () => {
    const older = await seedLetter(f, s.patient.id, {
      createdAt: '2027-03-01T10:00:00.000Z',
      title: 'First report',
    });
    const newer = await seedLetter(f, s.patient.id, {
      createdAt: '2027-05-01T10:00:00.000Z',
      title: 'Second report',
    });
    const res = await get('/api/patient/letters');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { id: newer.id, title: 'Second report', createdAt: newer.createdAt },
        { id: older.id, title: 'First report', createdAt: older.createdAt },
      ],
    });
    const page = await get('/letters');
    expect(page.status).toBe(200);
    expect(page.body.indexOf('Second report')).toBeLessThan(page.body.indexOf('First report'));
    expect(page.body).toContain(`href="/letters/${newer.id}"`);
    expect(page.body).toContain(`href="/letters/${older.id}"`);
  });

  it('serves the exact stored bytes as an inline PDF, from the page link and the JSON route', async () => {
    const letter = await seedLetter(f, s.patient.id, { createdAt: '2027-05-01T10:00:00.000Z' });
    for (const path of [`/letters/${letter.id}`, `/api/patient/letters/${letter.id}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/^inline; filename="letter-[0-9a-f-]+\.pdf"$/);
      expect(Buffer.from(res.body, 'base64').equals(Buffer.from(letter.pdf)), path).toBe(true);
    }
  });

  it("answers 404 for another patient's letter, on the page and in JSON, and says nothing of it", async () => {
    const other = await signedInPatient(f, { givenName: 'Other', dateOfBirth: '1990-01-01' });
    const theirs = await seedLetter(f, other.patient.id, { createdAt: '2027-05-01T10:00:00.000Z' });
    const page = await get(`/letters/${theirs.id}`);
    const api = await get(`/api/patient/letters/${theirs.id}`);
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect([api.status, api.json<{ error: { code: string } }>().error.code]).toEqual([404, 'not_found']);
    expect((await get('/api/patient/letters')).json()).toEqual({ items: [] });
    // Their own still opens.
    expect((await get(`/api/patient/letters/${theirs.id}`, other)).status).toBe(200);
  });

  it('needs a session', async () => {
    const letter = await seedLetter(f, s.patient.id, { createdAt: '2027-05-01T10:00:00.000Z' });
    expect((await get('/api/patient/letters', null)).status).toBe(401);
    expect((await get(`/api/patient/letters/${letter.id}`, null)).status).toBe(401);
    const page = await get(`/letters/${letter.id}`, null);
    expect([page.status, page.headers.location]).toEqual([303, '/sign-in']);
  });

  it('the home page links to Letters, consents and the patient’s data', async () => {
    const home = await get('/home');
    for (const href of ['/letters', '/consents', '/my-data']) expect(home.body).toContain(`href="${href}"`);
  });
});
