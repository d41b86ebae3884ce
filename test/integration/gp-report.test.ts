import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PDFDocument } from 'pdf-lib';
import { beforeEach, describe, expect, it } from 'vitest';
import { integrationActing, recordConsent } from '../../shared/consents/manage-consents.js';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import type { QuestionnaireResponse } from '../../shared/domain/questionnaires/types.js';
import { gpReportMessages, outcomeMessages } from '../../shared/web/messages.js';
import { createFixture, type Fixture, type TestResponse, testService } from '../support/portal-fixture.js';

// The GP report (F24) end to end on DynamoDB Local: an episode seeded as the EPR and the patient
// make it (responses, attended sessions, a discharge), the report through the integration API as
// JSON and PDF, the patient's letter byte for byte the API's PDF, the notice, the audit trail,
// one letter however many ask at once, and the staff pages that produce and show it.

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Clinician A', visible: true },
    { id: 'clin-b', name: 'Clinician B', visible: true },
  ],
});

const pdfBytes = (res: TestResponse): Buffer => Buffer.from(res.body, 'base64');

interface ReportJson {
  letterId: string;
  episodeId: string;
  sessionsAttended: number;
  measures: Record<
    string,
    { first: number; firstBand: string | null; last: number; lastBand: string | null } | null
  >;
  caseness: boolean | null;
  outcome: string;
  outcomeText: string;
}

describe('the GP report', () => {
  let f: Fixture;
  let key: string;
  let patientId: string;
  const api = (method: string, path: string, body?: unknown) => f.api(key)(method, path, body);
  const report = (format?: string) =>
    api('GET', `/api/v1/patients/${patientId}/gp-report${format ? `?format=${format}` : ''}`);

  /** A response stored as the questionnaire pages store one. */
  const respond = async (questionnaireId: string, date: string, total: number, severity: string) => {
    const response: QuestionnaireResponse = {
      patientId,
      questionnaireId,
      date,
      submittedAt: `${date}T09:00:00.000Z`,
      answers: {},
      total,
      severity,
      riskFlag: false,
    };
    await f.deps.table.db.send(
      new TransactWriteCommand({ TransactItems: [f.deps.responses.saveItem(response)] }),
    );
  };

  /** A treatment session with clin-a, booked (seedEndedEpisode marks it attended once it has started). */
  const attend = async (start: string) => {
    const id = randomUUID();
    await f.deps.appointments.book(
      {
        id,
        patientId,
        clinicianId: 'clin-a',
        start,
        end: appointmentEnd(start, { durationMinutes: 50 }),
        serviceType: 'session',
      },
      0,
    );
    return id;
  };

  beforeEach(async () => {
    // The clock: Monday 2026-11-23 10:00 UTC, when the patient is stored (their episode starts).
    f = await createFixture({ service });
    key = await f.addIntegrationKey(['patients:write', 'appointments:write', 'responses:read']);
    patientId = (await f.addPatient({ familyName: 'Report', givenName: 'Gp' })).patient.id;
  });

  /** Four weeks of treatment: PHQ-9 18 → 8, GAD-7 14 → 6, three sessions attended, then discharge. */
  const seedEndedEpisode = async () => {
    const sessions = [];
    for (const day of ['2026-11-24', '2026-12-01', '2026-12-08']) {
      sessions.push(await attend(`${day}T10:00:00.000Z`));
    }
    f.clock.advanceSeconds(86_400);
    await respond('phq-9', '2026-11-24', 18, 'Moderately severe');
    await respond('gad-7', '2026-11-24', 14, 'Moderate');
    f.clock.advanceSeconds(21 * 86_400);
    for (const id of sessions) {
      expect(await f.deps.attendance.recordAttendance(id, 'attended', f.clock.now())).toBe('recorded');
    }
    await respond('phq-9', '2026-12-15', 8, 'Mild');
    await respond('gad-7', '2026-12-15', 6, 'Mild');
    const discharged = await api('POST', `/api/v1/patients/${patientId}/discharge`);
    expect(discharged.status).toBe(200);
  };

  it('answers 404 no_ended_episode before any discharge, and stores nothing', async () => {
    const res = await report('json');

    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'no_ended_episode' } });
    expect(await f.deps.letters.ofPatient(patientId)).toEqual([]);
  });

  it('gives the report as JSON: sessions, first and last scores with bands, caseness and the outcome', async () => {
    await seedEndedEpisode();

    const res = await report('json');

    expect(res.status).toBe(200);
    const body = res.json<ReportJson>();
    expect(body).toMatchObject({
      sessionsAttended: 3,
      measures: {
        'phq-9': { first: 18, firstBand: 'Moderately severe', last: 8, lastBand: 'Mild' },
        'gad-7': { first: 14, firstBand: 'Moderate', last: 6, lastBand: 'Mild' },
        wsas: null,
      },
      caseness: true,
      outcome: 'reliable-recovery',
      outcomeText: outcomeMessages.summary['reliable-recovery'],
    });
  });

  it('gives the patient a letter byte-identical to the PDF the API served, and tells them it is there', async () => {
    await seedEndedEpisode();

    const res = await report('pdf');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const served = pdfBytes(res);
    expect((await PDFDocument.load(served)).getTitle()).toBe(gpReportMessages.letterTitle);
    const [letter] = await f.deps.letters.ofPatient(patientId);
    expect(letter).toMatchObject({ kind: 'gp-report', title: gpReportMessages.letterTitle });
    const patientsCopy = await f.deps.letters.pdf(patientId, letter?.id ?? '');
    expect(Buffer.from(patientsCopy ?? [])).toEqual(served);
    // The JSON fetched later names the same letter, and the PDF fetched again is the same bytes.
    expect((await report('json')).json<ReportJson>().letterId).toBe(letter?.id);
    expect(pdfBytes(await report('pdf'))).toEqual(served);
    const { ids } = await f.deps.notices.pending();
    const notices = (await Promise.all(ids.map((id) => f.deps.notices.get(id)))).filter(
      (n) => n?.patientId === patientId,
    );
    expect(notices.map((n) => n?.kind)).toEqual(['letterAvailable']);
  });

  it('audits the production once and every fetch, naming the key', async () => {
    await seedEndedEpisode();

    await report('pdf');
    await report('json');

    const audit = (await f.deps.auditLog.forPatient(patientId)).filter((e) => e.action.includes('gp-report'));
    // One instant, so the trail's order among them is the ids': compare as a set.
    expect(audit.map((e) => `${e.action} ${e.detail?.replace(/.*, /, '')}`).sort()).toEqual([
      `produced-gp-report letter ${(await f.deps.letters.ofPatient(patientId))[0]?.id}`,
      'viewed-gp-report json',
      'viewed-gp-report pdf',
    ]);
    expect(audit.every((e) => e.role === 'integration')).toBe(true);
    expect(audit.every((e) => e.actor.startsWith('integration key '))).toBe(true);
  });

  it('produces one letter when the EPR asks twice at the same moment', async () => {
    await seedEndedEpisode();

    const [a, b] = await Promise.all([report('pdf'), report('pdf')]);

    expect([a.status, b.status]).toEqual([200, 200]);
    expect(pdfBytes(a)).toEqual(pdfBytes(b));
    expect(await f.deps.letters.ofPatient(patientId)).toHaveLength(1);
  });

  it('sends the report to another recipient only with the patient\u2019s consent for that party', async () => {
    await seedEndedEpisode();
    const forInsurer = () =>
      api('GET', `/api/v1/patients/${patientId}/gp-report?recipient=%20acme%20INSURANCE`);

    const refused = await forInsurer();

    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'consent_required' } });
    expect(await f.deps.letters.ofPatient(patientId)).toEqual([]);
    expect((await f.deps.auditLog.forPatient(patientId)).map((e) => e.action)).toContain('refused-export');

    await recordConsent(
      f.deps,
      patientId,
      { party: 'Acme Insurance', purpose: 'Income protection claim' },
      integrationActing('k1', 'req-consent'),
    );
    const given = await forInsurer();

    expect(given.status).toBe(200);
    const fetches = (await f.deps.auditLog.forPatient(patientId)).filter(
      (e) => e.action === 'viewed-gp-report',
    );
    expect(fetches.map((e) => e.detail)).toEqual([expect.stringMatching(/json for acme INSURANCE$/)]);
  });

  it('refuses another format with 400, producing nothing', async () => {
    await seedEndedEpisode();

    const docx = await report('docx');

    expect(docx.status).toBe(400);
    expect(docx.json()).toMatchObject({
      error: { code: 'invalid_request', fields: { format: expect.any(String) } },
    });
    expect(await f.deps.letters.ofPatient(patientId)).toEqual([]);
  });

  it('needs the responses:read scope', async () => {
    await seedEndedEpisode();
    const writer = await f.addIntegrationKey(['patients:write']);

    const res = await f.api(writer)('GET', `/api/v1/patients/${patientId}/gp-report`);

    expect(res.status).toBe(403);
  });

  describe('staff pages', () => {
    const page = (cookies: Record<string, string>) =>
      f.call({ method: 'GET', path: `/staff/patients/${patientId}/gp-report`, cookies });
    const produce = (cookies: Record<string, string>) =>
      f.call({
        method: 'POST',
        path: `/staff/patients/${patientId}/gp-report`,
        form: { csrf: f.staffCsrf },
        cookies,
      });
    const clinician = () =>
      f.addStaffSession({ email: 'clin.a@example.com', role: 'clinician', clinicianId: 'clin-a' });

    it('lets the patient\u2019s clinician produce the report, then view it and download the stored PDF', async () => {
      await seedEndedEpisode();
      const cookies = await clinician();
      expect((await page(cookies)).body).toContain(gpReportMessages.produceButton);

      const produced = await produce(cookies);

      expect(produced.status).toBe(303);
      expect(produced.headers.location).toBe(`/staff/patients/${patientId}/gp-report?produced=1`);
      const shown = await f.call({ method: 'GET', path: produced.headers.location ?? '', cookies });
      expect(shown.status).toBe(200);
      expect(shown.body).toContain(outcomeMessages.summary['reliable-recovery']);
      expect(shown.body).toContain('<th scope="row"');
      const pdf = await f.call({
        method: 'GET',
        path: `/staff/patients/${patientId}/gp-report/pdf`,
        cookies,
      });
      const [letter] = await f.deps.letters.ofPatient(patientId);
      expect(pdfBytes(pdf)).toEqual(
        Buffer.from((await f.deps.letters.pdf(patientId, letter?.id ?? '')) ?? []),
      );
      // The EPR's later fetch serves the same letter.
      expect(pdfBytes(await report('pdf'))).toEqual(pdfBytes(pdf));
      const actions = (await f.deps.auditLog.forPatient(patientId)).map((e) => e.action);
      expect(actions.filter((a) => a === 'produced-gp-report')).toHaveLength(1);
      expect(actions.filter((a) => a === 'viewed-gp-report').length).toBeGreaterThanOrEqual(3);
    });

    it('refuses a form without its CSRF token, producing nothing', async () => {
      await seedEndedEpisode();

      const res = await f.call({
        method: 'POST',
        path: `/staff/patients/${patientId}/gp-report`,
        form: { csrf: 'wrong' },
        cookies: await clinician(),
      });

      expect(res.status).toBe(400);
      expect(await f.deps.letters.ofPatient(patientId)).toEqual([]);
    });

    it('refuses a clinician of another patient and a scheduler', async () => {
      await seedEndedEpisode();
      const other = await f.addStaffSession({
        email: 'clin.b@example.com',
        role: 'clinician',
        clinicianId: 'clin-b',
      });
      const scheduler = await f.addStaffSession({ email: 'sched@example.com', role: 'scheduler' });

      expect((await produce(other)).status).toBe(403);
      expect((await produce(scheduler)).status).toBe(403);
      expect(await f.deps.letters.ofPatient(patientId)).toEqual([]);
    });

    it('says there is no report before discharge, with no button', async () => {
      await attend('2026-11-24T10:00:00.000Z');

      const res = await page(await clinician());

      expect(res.status).toBe(200);
      expect(res.body).toContain(gpReportMessages.noEndedEpisode);
      expect(res.body).not.toContain(gpReportMessages.produceButton);
    });
  });
});
