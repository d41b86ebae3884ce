import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Episodes (issue 16; docs/outcomes.md, "Storage"): discharge and new referrals, by the EPR and
// by staff, with one open episode at most per patient.

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Clinician A', visible: true },
    { id: 'clin-b', name: 'Clinician B', visible: true },
  ],
});

interface EpisodeBody {
  episodeId: string;
  startedAt: string;
  endedAt: string | null;
}
interface ErrorBody {
  error: { code: string; message: string };
}

describe('discharge and referrals through the integration API', () => {
  let f: Fixture;
  let key: string;
  let patientId: string;
  const api = (method: string, path: string, body?: unknown) => f.api(key)(method, path, body);

  beforeEach(async () => {
    // The fixture's clock: Monday 2026-11-23 10:00 UTC. Its patients are stored as before
    // episodes existed (no episode items): their open episode runs from createdAt.
    f = await createFixture({ service });
    key = await f.addIntegrationKey(['patients:write']);
    patientId = (await f.addPatient()).patient.id;
  });

  it('ends the open episode of a patient stored before episodes existed, from its createdAt', async () => {
    f.clock.advanceSeconds(3600);
    const res = await api('POST', `/api/v1/patients/${patientId}/discharge`, {});
    expect(res.status).toBe(200);
    expect(res.json<EpisodeBody>()).toEqual({
      episodeId: patientId,
      startedAt: '2026-11-23T10:00:00.000Z',
      endedAt: '2026-11-23T11:00:00.000Z',
    });
    expect(await f.deps.episodes.current(patientId)).toBeNull();
    expect(await f.deps.episodes.lastEnded(patientId)).toMatchObject({
      id: patientId,
      endedAt: '2026-11-23T11:00:00.000Z',
      endedBy: { kind: 'integration' },
    });
    expect(await f.deps.episodes.endedBetween('2026-11-23', '2026-11-23')).toHaveLength(1);
  });

  it('answers a second discharge 409 no_open_episode', async () => {
    expect((await api('POST', `/api/v1/patients/${patientId}/discharge`)).status).toBe(200);
    const again = await api('POST', `/api/v1/patients/${patientId}/discharge`);
    expect(again.status).toBe(409);
    expect(again.json<ErrorBody>().error.code).toBe('no_open_episode');
  });

  it('discharges once when two discharges arrive together', async () => {
    const both = await Promise.all([
      api('POST', `/api/v1/patients/${patientId}/discharge`),
      api('POST', `/api/v1/patients/${patientId}/discharge`),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await f.deps.episodes.ofPatient(patientId)).toHaveLength(1);
  });

  it('discharges once when two discharges of a referred patient arrive together', async () => {
    await api('POST', `/api/v1/patients/${patientId}/discharge`);
    expect((await api('POST', `/api/v1/patients/${patientId}/referrals`)).status).toBe(201);
    const both = await Promise.all([
      api('POST', `/api/v1/patients/${patientId}/discharge`),
      api('POST', `/api/v1/patients/${patientId}/discharge`),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await f.deps.episodes.ofPatient(patientId)).every((e) => e.endedAt !== null)).toBe(true);
  });

  it('opens a new episode for a discharged patient, and refuses one while an episode is open', async () => {
    const open = await api('POST', `/api/v1/patients/${patientId}/referrals`);
    expect(open.status).toBe(409);
    expect(open.json<ErrorBody>().error.code).toBe('episode_open');

    await api('POST', `/api/v1/patients/${patientId}/discharge`);
    f.clock.advanceSeconds(86_400);
    const referred = await api('POST', `/api/v1/patients/${patientId}/referrals`);
    expect(referred.status).toBe(201);
    const body = referred.json<EpisodeBody>();
    expect(body).toMatchObject({ startedAt: '2026-11-24T10:00:00.000Z', endedAt: null });
    expect(body.episodeId).not.toBe(patientId);
    expect(await f.deps.episodes.current(patientId)).toMatchObject({ id: body.episodeId });
    expect((await api('POST', `/api/v1/patients/${patientId}/referrals`)).status).toBe(409);
    expect((await f.deps.episodes.ofPatient(patientId)).map((e) => e.id)).toEqual([
      patientId,
      body.episodeId,
    ]);
    expect(await f.deps.episodes.startedBetween('2026-11-24', '2026-11-24')).toMatchObject([
      { id: body.episodeId },
    ]);
  });

  it('answers 404 for an unknown patient, and 403 for a key without patients:write', async () => {
    for (const path of ['discharge', 'referrals']) {
      const res = await api('POST', `/api/v1/patients/${randomUUID()}/${path}`);
      expect(res.status).toBe(404);
      expect(res.json<ErrorBody>().error.code).toBe('not_found');
    }
    const reader = await f.addIntegrationKey(['responses:read']);
    const refused = await f.api(reader)('POST', `/api/v1/patients/${patientId}/discharge`);
    expect(refused.status).toBe(403);
    expect(await f.deps.episodes.current(patientId)).not.toBeNull();
  });
});

describe('discharge and referrals by staff', () => {
  let f: Fixture;
  let patientId: string;

  beforeEach(async () => {
    f = await createFixture({ service });
    patientId = (await f.addPatient()).patient.id;
    const start = '2026-11-30T10:00:00.000Z';
    await f.deps.appointments.book(
      {
        id: randomUUID(),
        patientId,
        clinicianId: 'clin-a',
        start,
        end: appointmentEnd(start, { durationMinutes: 50 }),
        serviceType: 'session',
      },
      0,
    );
  });

  const post = async (path: string, principal: Parameters<Fixture['addStaffSession']>[0]) =>
    f.call({
      method: 'POST',
      path: `/staff/patients/${patientId}/${path}`,
      form: { csrf: f.staffCsrf },
      cookies: await f.addStaffSession(principal),
    });
  const theirs = { email: 'clin.a@example.com', role: 'clinician', clinicianId: 'clin-a' } as const;

  it("lets the patient's clinician discharge and refer again, each audited", async () => {
    const discharged = await post('discharge', theirs);
    expect(discharged.status).toBe(303);
    expect(discharged.headers.location).toBe(`/staff/patients/${patientId}`);
    expect(await f.deps.episodes.lastEnded(patientId)).toMatchObject({ endedBy: { kind: 'staff' } });

    f.clock.advanceSeconds(60);
    const referred = await post('referral', theirs);
    expect(referred.status).toBe(303);
    const current = await f.deps.episodes.current(patientId);
    expect(current).toMatchObject({ endedAt: null });

    const trail = await f.deps.auditLog.forPatient(patientId);
    expect(trail.map((e) => [e.action, e.actor, e.detail])).toEqual([
      ['discharged', 'clin.a@example.com', `episode: ${patientId}`],
      ['started-referral', 'clin.a@example.com', `episode: ${current?.id}`],
    ]);
  });

  it("refuses a clinician who is not the patient's, and a form without its CSRF token", async () => {
    const other = await post('discharge', {
      email: 'clin.b@example.com',
      role: 'clinician',
      clinicianId: 'clin-b',
    });
    expect(other.status).toBe(403);
    const expired = await f.call({
      method: 'POST',
      path: `/staff/patients/${patientId}/discharge`,
      form: { csrf: 'wrong' },
      cookies: await f.addStaffSession(theirs),
    });
    expect(expired.status).toBe(400);
    expect(await f.deps.episodes.current(patientId)).not.toBeNull();
    expect(await f.deps.auditLog.forPatient(patientId)).toEqual([]);
  });

  it('lets an admin discharge any patient, and sends a second discharge back to the page', async () => {
    const admin = { email: 'admin@example.com', role: 'admin' } as const;
    expect((await post('discharge', admin)).status).toBe(303);
    const again = await post('discharge', admin);
    expect(again.status).toBe(303);
    expect((await f.deps.auditLog.forPatient(patientId)).map((e) => e.action)).toEqual(['discharged']);
  });
});

describe('a patient created through the integration API', () => {
  it('opens their first episode in the same write, and a retried create opens no second', async () => {
    const f = await createFixture({ service });
    const key = await f.addIntegrationKey(['patients:write']);
    const body = {
      givenName: 'Sam',
      familyName: 'Example',
      dateOfBirth: '1990-06-15',
      phone: '07911 123456',
      contactPreference: 'sms',
      stage: 'assessment',
      externalId: 'EPR-7',
    };
    const res = await f.api(key)('POST', '/api/v1/patients', body);
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    expect((await f.api(key)('POST', '/api/v1/patients', body)).status).toBe(409);
    const episodes = await f.deps.episodes.ofPatient(id);
    expect(episodes).toEqual([
      expect.objectContaining({ patientId: id, startedAt: '2026-11-23T10:00:00.000Z', endedAt: null }),
    ]);
    expect(episodes[0]?.id).not.toBe(id);
    expect(await f.deps.episodes.current(id)).toEqual(episodes[0]);
    expect(
      await f.deps.episodes.startedBetween('2026-11-23T00:00:00.000Z', '2026-11-23T23:59:59.999Z'),
    ).toEqual(episodes);
    expect((await f.api(key)('POST', `/api/v1/patients/${id}/referrals`)).status).toBe(409);
  });
});

describe('episodeInputOf', () => {
  it("takes only the episode's own responses and attended sessions, across two episodes", async () => {
    const { episodeInputOf } = await import('../../shared/outcomes/episode-input.js');
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    // Episode 1: 2026-11-23 10:00 to 2026-11-25 12:00; episode 2 from 2026-11-26 09:00.
    const f = await createFixture({ service });
    const { patient } = await f.addPatient();
    const patientId = patient.id;
    const respond = (date: string, questionnaireId: string, total: number) =>
      f.deps.table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            f.deps.responses.saveItem({
              patientId,
              questionnaireId,
              date,
              submittedAt: `${date}T09:00:00+00:00`,
              answers: {},
              total,
              severity: null,
              riskFlag: false,
            }),
          ],
        }),
      );
    const past = async (start: string, status: 'attended' | 'did_not_attend') =>
      f.deps.attendance.recordPast(
        {
          id: randomUUID(),
          patientId,
          clinicianId: 'clin-a',
          start,
          end: appointmentEnd(start, { durationMinutes: 50 }),
          serviceType: 'session',
          status,
        },
        0,
      );
    await respond('2026-11-22', 'phq-9', 20); // before the first episode (its start's date is the 23rd)
    await respond('2026-11-23', 'phq-9', 18);
    await respond('2026-11-25', 'phq-9', 9);
    await respond('2026-11-26', 'phq-9', 15);
    await respond('2026-11-28', 'gad-7', 7);
    await past('2026-11-23T09:00:00.000Z', 'attended'); // before the episode's start instant
    await past('2026-11-23T11:00:00.000Z', 'attended');
    await past('2026-11-24T11:00:00.000Z', 'did_not_attend');
    await past('2026-11-25T11:00:00.000Z', 'attended');
    await past('2026-11-26T10:00:00.000Z', 'attended');

    f.clock.advanceSeconds(2 * 86_400 + 2 * 3600); // 2026-11-25 12:00
    const first = await f.deps.episodes.discharge(patientId, f.clock.now(), {
      kind: 'integration',
      keyId: 'k',
    });
    if (!first.ok) throw new Error(first.reason);
    f.clock.advanceSeconds(21 * 3600); // 2026-11-26 09:00
    const second = await f.deps.episodes.refer(patientId, randomUUID(), f.clock.now());
    if (!second.ok) throw new Error(second.reason);
    f.clock.advanceSeconds(3 * 86_400); // 2026-11-29 09:00

    expect(await episodeInputOf(f.deps, first.episode)).toEqual({
      ended: true,
      treatmentSessionsAttended: 2,
      scores: [
        { questionnaireId: 'phq-9', date: '2026-11-23', total: 18, severity: null },
        { questionnaireId: 'phq-9', date: '2026-11-25', total: 9, severity: null },
      ],
    });
    expect(await episodeInputOf(f.deps, second.episode)).toEqual({
      ended: false,
      treatmentSessionsAttended: 1,
      scores: [
        { questionnaireId: 'phq-9', date: '2026-11-26', total: 15, severity: null },
        { questionnaireId: 'gad-7', date: '2026-11-28', total: 7, severity: null },
      ],
    });
  });
});

describe('attendance and past appointments through the integration API', () => {
  let f: Fixture;
  let key: string;
  let patientId: string;
  const api = (method: string, path: string, body?: unknown) => f.api(key)(method, path, body);
  const attend = (id: string, status: unknown) =>
    api('POST', `/api/v1/appointments/${id}/attendance`, { status });
  const book = async (start: string, extra: Record<string, unknown> = {}) =>
    api('POST', '/api/v1/appointments', {
      patientId,
      clinicianId: 'clin-a',
      serviceType: 'session',
      start,
      ...extra,
    });

  beforeEach(async () => {
    // Monday 2026-11-23 10:00 UTC.
    f = await createFixture({ service });
    key = await f.addIntegrationKey(['appointments:write']);
    patientId = (await f.addPatient()).patient.id;
  });

  it('records attendance once the appointment has started, on the appointment and its patient copy', async () => {
    const booked = await book('2026-11-24T10:00:00Z');
    expect(booked.status).toBe(201);
    const { id } = booked.json<{ id: string }>();

    const early = await attend(id, 'attended');
    expect(early.status).toBe(409);
    expect(early.json<ErrorBody>().error.code).toBe('not_started');
    expect((await f.deps.appointments.get(id))?.status).toBe('booked');

    f.clock.advanceSeconds(86_400); // the start itself: started
    const res = await attend(id, 'attended');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id, status: 'attended' });
    expect((await f.deps.appointments.get(id))?.status).toBe('attended');
    expect(await f.deps.appointments.forPatient(patientId)).toMatchObject([{ id, status: 'attended' }]);
    // A correction is allowed.
    expect((await attend(id, 'did_not_attend')).status).toBe(200);
    expect(await f.deps.appointments.forPatient(patientId)).toMatchObject([{ id, status: 'did_not_attend' }]);
  });

  it('keeps an appointment with attendance recorded: not cancelled by the API, by staff or by the patient', async () => {
    const { patient: someone, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const res = await api('POST', '/api/v1/appointments', {
      patientId: someone.id,
      clinicianId: 'clin-a',
      serviceType: 'session',
      start: '2026-11-24T10:00:00Z',
    });
    const { id } = res.json<{ id: string }>();
    f.clock.advanceSeconds(86_400);
    expect((await attend(id, 'attended')).status).toBe(200);

    const byApi = await api('POST', `/api/v1/appointments/${id}/cancel`);
    expect(byApi.status).toBe(409);
    expect(byApi.json<ErrorBody>().error.code).toBe('attendance_recorded');
    const byStaff = await f.call({
      method: 'POST',
      path: `/api/staff/appointments/${id}/cancel`,
      body: {},
      cookies: await f.addStaffSession({ email: 'sched@example.com', role: 'scheduler' }),
    });
    expect(byStaff.status).toBe(409);
    expect(byStaff.json<ErrorBody>().error.code).toBe('attendance_recorded');
    const session = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1985-03-27' },
    });
    const byPatient = await f.call({
      method: 'POST',
      path: `/api/patient/appointments/${id}/cancel`,
      cookies: { '__Host-session': cookieValue(session.cookies, '__Host-session') as string },
    });
    expect(byPatient.status).toBe(409);
    expect(byPatient.json<ErrorBody>().error.code).toBe('too_late_to_cancel');
    expect(await f.deps.appointments.forPatient(someone.id)).toMatchObject([{ id, status: 'attended' }]);

    // A cancelled one is still told apart.
    const other = (await book('2026-11-26T10:00:00Z')).json<{ id: string }>().id;
    expect((await api('POST', `/api/v1/appointments/${other}/cancel`)).status).toBe(200);
    const again = await api('POST', `/api/v1/appointments/${other}/cancel`);
    expect(again.json<ErrorBody>().error.code).toBe('already_cancelled');
  });

  it('gives a cancel and an attendance that meet one winner, and the loser its true reason', async () => {
    const ids = [];
    for (let day = 24; day < 30; day++)
      ids.push((await book(`2026-11-${day}T09:00:00Z`)).json<{ id: string }>().id);
    f.clock.advanceSeconds(7 * 86_400);
    for (const id of ids) {
      const [cancel, attended] = await Promise.all([
        api('POST', `/api/v1/appointments/${id}/cancel`),
        attend(id, 'attended'),
      ]);
      const status = (await f.deps.appointments.get(id))?.status;
      if (status === 'cancelled') {
        expect([cancel.status, attended.json<ErrorBody>().error.code]).toEqual([200, 'cancelled']);
      } else {
        expect(status).toBe('attended');
        expect([attended.status, cancel.json<ErrorBody>().error.code]).toEqual([200, 'attendance_recorded']);
      }
    }
  });

  it('refuses a cancelled appointment, an unknown one and a bad status', async () => {
    const { id } = (await book('2026-11-24T10:00:00Z')).json<{ id: string }>();
    expect((await api('POST', `/api/v1/appointments/${id}/cancel`)).status).toBe(200);
    f.clock.advanceSeconds(2 * 86_400);
    const cancelled = await attend(id, 'attended');
    expect(cancelled.status).toBe(409);
    expect(cancelled.json<ErrorBody>().error.code).toBe('cancelled');
    expect((await f.deps.appointments.get(id))?.status).toBe('cancelled');

    const unknown = await attend(randomUUID(), 'attended');
    expect(unknown.status).toBe(404);
    expect(unknown.json<ErrorBody>().error.code).toBe('not_found');

    for (const status of ['came', undefined, 1]) {
      const bad = await attend(id, status);
      expect(bad.status).toBe(400);
      expect(
        bad.json<ErrorBody & { error: { fields: Record<string, string> } }>().error.fields,
      ).toHaveProperty('status');
    }
  });

  it('stores a past appointment with a status as history: no cells, nothing due', async () => {
    const res = await book('2026-11-16T10:00:00+00:00', { status: 'attended' });
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string; status: string }>();
    expect(res.json()).toMatchObject({ status: 'attended', start: '2026-11-16T10:00:00+00:00' });
    expect(await f.deps.appointments.get(id)).toMatchObject({ status: 'attended', patientId });
    expect(await f.deps.appointments.forPatient(patientId)).toMatchObject([{ id, status: 'attended' }]);

    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const items = (await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }))).Items ?? [];
    expect(items.filter((i) => String(i.sk).startsWith('CELL#'))).toEqual([]);
    expect(items.filter((i) => i.gsi1pk !== undefined && String(i.gsi1pk).startsWith('REMIND#'))).toEqual([]);
    // The reminder scan over the whole week around it finds nothing.
    const { due } = await f.deps.reminders.dueIn({
      from: '2026-11-09T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
    });
    expect(due).toEqual([]);
    // The same time can still be booked... in the past it cannot: history holds no lock either way.
    expect((await book('2026-11-16T10:00:00Z', { status: 'did_not_attend' })).status).toBe(201);
  });

  it('refuses a past start without a status, and a status with a future start', async () => {
    const past = await book('2026-11-16T10:00:00Z');
    expect(past.status).toBe(400);
    expect(past.json<{ error: { fields: Record<string, string> } }>().error.fields.start).toBe(
      'The start must be in the future',
    );
    const future = await book('2026-11-30T10:00:00Z', { status: 'attended' });
    expect(future.status).toBe(400);
    expect(future.json<{ error: { fields: Record<string, string> } }>().error.fields.start).toBe(
      'Only an appointment whose start is in the past can have a status.',
    );
    const badStatus = await book('2026-11-16T10:00:00Z', { status: 'booked' });
    expect(badStatus.status).toBe(400);
    expect(await f.deps.appointments.forPatient(patientId)).toEqual([]);
  });
});

describe('the national data opt-out', () => {
  it('is stored on the patient profile by PATCH /api/v1/patients/{id}, which keeps its other changes', async () => {
    const f = await createFixture({ service });
    const key = await f.addIntegrationKey(['patients:write']);
    const { patient } = await f.addPatient();
    expect((await f.deps.patients.get(patient.id))?.nationalDataOptOut).toBeUndefined();

    const res = await f.api(key)('PATCH', `/api/v1/patients/${patient.id}`, {
      nationalDataOptOut: true,
      stage: 'treatment',
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: patient.id, stage: 'treatment', nationalDataOptOut: true });
    expect(await f.deps.patients.get(patient.id)).toMatchObject({
      nationalDataOptOut: true,
      stage: 'treatment',
    });

    expect(
      (await f.api(key)('PATCH', `/api/v1/patients/${patient.id}`, { nationalDataOptOut: false })).status,
    ).toBe(200);
    expect((await f.deps.patients.get(patient.id))?.nationalDataOptOut).toBe(false);

    const bad = await f.api(key)('PATCH', `/api/v1/patients/${patient.id}`, { nationalDataOptOut: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { fields: Record<string, string> } }>().error.fields.nationalDataOptOut).toBe(
      'Enter nationalDataOptOut as true or false.',
    );
    expect((await f.deps.patients.get(patient.id))?.nationalDataOptOut).toBe(false);
  });
});

describe('attendance by staff', () => {
  it('records it for the patient page and audits it; refuses before the start', async () => {
    const f = await createFixture({ service });
    const { patient } = await f.addPatient();
    const id = randomUUID();
    const start = '2026-11-24T10:00:00.000Z';
    await f.deps.appointments.book(
      {
        id,
        patientId: patient.id,
        clinicianId: 'clin-a',
        start,
        end: appointmentEnd(start, { durationMinutes: 50 }),
        serviceType: 'session',
      },
      0,
    );
    const post = async () =>
      f.call({
        method: 'POST',
        path: `/staff/appointments/${id}/attendance`,
        form: { csrf: f.staffCsrf, status: 'did_not_attend' },
        cookies: await f.addStaffSession({ email: 'sched@example.com', role: 'scheduler' }),
      });
    expect((await post()).status).toBe(303);
    expect((await f.deps.appointments.get(id))?.status).toBe('booked');
    f.clock.advanceSeconds(2 * 86_400);
    const res = await post();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/patients/${patient.id}`);
    expect((await f.deps.appointments.get(id))?.status).toBe('did_not_attend');
    expect((await f.deps.auditLog.forPatient(patient.id)).map((e) => [e.action, e.detail])).toEqual([
      ['recorded-attendance', `appointment ${id}: did_not_attend`],
    ]);
  });
});

describe('the outcome on the staff patient page', () => {
  it('shows the last ended episode in plain words, with sessions and first and last scores, and the referral button', async () => {
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const f = await createFixture({ service });
    const { patient } = await f.addPatient();
    const respond = (date: string, questionnaireId: string, total: number, severity: string) =>
      f.deps.table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            f.deps.responses.saveItem({
              patientId: patient.id,
              questionnaireId,
              date,
              submittedAt: `${date}T09:00:00+00:00`,
              answers: {},
              total,
              severity,
              riskFlag: false,
            }),
          ],
        }),
      );
    await respond('2026-11-23', 'phq-9', 18, 'Moderately severe');
    await respond('2026-11-23', 'gad-7', 14, 'Moderate');
    await respond('2026-12-20', 'phq-9', 8, 'Mild');
    await respond('2026-12-20', 'gad-7', 6, 'Mild');
    for (const start of [
      '2026-11-30T10:00:00.000Z',
      '2026-12-07T10:00:00.000Z',
      '2026-12-14T10:00:00.000Z',
    ]) {
      await f.deps.attendance.recordPast(
        {
          id: randomUUID(),
          patientId: patient.id,
          clinicianId: 'clin-a',
          start,
          end: appointmentEnd(start, { durationMinutes: 50 }),
          serviceType: 'session',
          status: 'attended',
        },
        0,
      );
    }
    f.clock.advanceSeconds(28 * 86_400); // 2026-12-21
    const cookies = await f.addStaffSession({
      email: 'clin.a@example.com',
      role: 'clinician',
      clinicianId: 'clin-a',
    });
    const open = await f.call({ method: 'GET', path: `/staff/patients/${patient.id}`, cookies });
    expect(open.status).toBe(200);
    expect(open.body).toContain('No outcome yet: this episode of care has not ended.');
    expect(open.body).toContain(`action="/staff/patients/${patient.id}/discharge"`);

    expect(
      (await f.deps.episodes.discharge(patient.id, f.clock.now(), { kind: 'staff', staffId: 's' })).ok,
    ).toBe(true);
    const page = await f.call({ method: 'GET', path: `/staff/patients/${patient.id}`, cookies });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Outcome of the last episode of care');
    expect(page.body).toContain(
      'Reliable recovery: scores started at or above the clinical threshold, ended below it, and improved by more than chance would explain.',
    );
    expect(page.body).toMatch(/Treatment sessions attended<\/dt>\s*<dd[^>]*>\s*3/);
    expect(page.body).toContain('18 (Moderately severe) on');
    expect(page.body).toContain('8 (Mild) on');
    expect(page.body).toContain(`action="/staff/patients/${patient.id}/referral"`);
    expect(page.body).not.toContain(`action="/staff/patients/${patient.id}/discharge"`);
    // The past appointments with their attendance and its form.
    expect(page.body).toContain('Past appointments');
    expect(page.body).toContain('/attendance"');

    // A scheduler sees no clinical content: no outcome, no discharge; attendance yes.
    const scheduler = await f.call({
      method: 'GET',
      path: `/staff/patients/${patient.id}`,
      cookies: await f.addStaffSession({ email: 's@example.com', role: 'scheduler' }),
    });
    expect(scheduler.status).toBe(200);
    expect(scheduler.body).not.toContain('Outcome of the last episode of care');
    expect(scheduler.body).not.toContain('/referral"');
    expect(scheduler.body).toContain('/attendance"');
  });
});
