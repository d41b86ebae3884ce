import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

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
