// Hazard H7 (two patients booked into one slot), docs/clinical-safety/hazard-log.md: bookings lock
// every 15-minute cell of the clinician's time they use, buffer included, in one transaction.
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointments } from '../../shared/data/appointments.js';
import type { Table } from '../../shared/data/dynamo.js';
import { occupiedCells } from '../../shared/domain/appointments.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Clinician A', visible: true },
    { id: 'clin-b', name: 'Clinician B', visible: true },
    { id: 'clin-hidden', name: 'Clinician H', visible: false },
  ],
  serviceTypes: [
    { id: 'session', name: 'Session', durationMinutes: 50, bufferMinutes: 10 },
    { id: 'assessment', name: 'Assessment', durationMinutes: 60, bufferMinutes: 0 },
  ],
});

interface Item {
  pk: string;
  sk: string;
  appointmentId?: string;
}
interface Booked {
  id: string;
  start: string;
  end: string;
}
interface ErrorBody {
  error: { code: string; fields?: Record<string, string> };
}

describe('appointments API', () => {
  let f: Fixture;
  let key: string;
  let patientId: string;
  const api = (method: string, path: string, body?: unknown, auth?: string) =>
    f.api(key)(method, path, body, auth);
  const book = (body: Record<string, unknown>) =>
    api('POST', '/api/v1/appointments', {
      patientId,
      clinicianId: 'clin-a',
      serviceType: 'session',
      ...body,
    });
  const items = async (): Promise<Item[]> =>
    ((await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }))).Items ?? []) as Item[];
  const cellLocks = async () => (await items()).filter((i) => i.sk.startsWith('CELL#'));

  beforeEach(async () => {
    // The fixture's clock: Monday 2026-11-23 10:00 UTC.
    f = await createFixture({ service });
    key = await f.addIntegrationKey();
    patientId = (await f.addPatient()).patient.id;
  });

  it('requires a valid integration key on every route', async () => {
    const calls: [string, string][] = [
      ['POST', '/api/v1/appointments'],
      ['POST', `/api/v1/appointments/${randomUUID()}/cancel`],
      ['GET', '/api/v1/clinicians'],
      ['GET', '/api/v1/service-types'],
    ];
    for (const [method, path] of calls) {
      for (const auth of ['', `Bearer ${'x'.repeat(43)}`, `Basic ${key}`]) {
        const res = await api(method, path, method === 'POST' ? {} : undefined, auth);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
  });

  it('books an appointment and answers its start and end with the service’s offset', async () => {
    const winter = await book({ start: '2026-11-24T10:00:00Z', locationId: 'room-1' });
    expect(winter.status).toBe(201);
    const booked = winter.json<Booked>();
    expect(booked).toMatchObject({ start: '2026-11-24T10:00:00+00:00', end: '2026-11-24T10:50:00+00:00' });
    expect(await f.deps.appointments.get(booked.id)).toEqual({
      id: booked.id,
      patientId,
      clinicianId: 'clin-a',
      start: '2026-11-24T10:00:00.000Z',
      end: '2026-11-24T10:50:00.000Z',
      serviceType: 'session',
      locationId: 'room-1',
      status: 'booked',
    });

    // Given in BST, stored in UTC, answered in BST.
    const summer = await book({ start: '2027-07-01T11:00:00+01:00', serviceType: 'assessment' });
    expect(summer.status).toBe(201);
    const { id } = summer.json<Booked>();
    expect(summer.json()).toMatchObject({
      start: '2027-07-01T11:00:00+01:00',
      end: '2027-07-01T12:00:00+01:00',
    });
    expect(await f.deps.appointments.get(id)).toMatchObject({ start: '2027-07-01T10:00:00.000Z' });
  });

  it('refuses an overlapping booking of the same clinician with 409 and stores nothing more', async () => {
    expect((await book({ start: '2026-11-24T10:00:00Z' })).status).toBe(201);
    const other = (await f.addPatient()).patient.id;
    const before = (await items()).length;
    for (const start of ['2026-11-24T10:00:00Z', '2026-11-24T10:30:00+00:00', '2026-11-24T09:30:00Z']) {
      const res = await book({ patientId: other, start });
      expect(res.status, start).toBe(409);
      expect(res.json<ErrorBody>().error.code).toBe('slot_unavailable');
    }
    expect((await items()).length).toBe(before);
  });

  it('counts the buffer: 10:00–10:50 plus 10 minutes blocks 10:45 and allows 11:00', async () => {
    expect((await book({ start: '2026-11-24T10:00:00Z' })).status).toBe(201);
    expect((await book({ start: '2026-11-24T10:45:00Z', serviceType: 'assessment' })).status).toBe(409);
    expect((await book({ start: '2026-11-24T11:00:00Z' })).status).toBe(201);
  });

  it('books another clinician at the same time', async () => {
    expect((await book({ start: '2026-11-24T10:00:00Z' })).status).toBe(201);
    expect((await book({ start: '2026-11-24T10:00:00Z', clinicianId: 'clin-b' })).status).toBe(201);
    expect((await book({ start: '2026-11-24T10:00:00Z', clinicianId: 'clin-hidden' })).status).toBe(201);
  });

  it('lets exactly one of 20 concurrent overlapping bookings take the clinician’s time', async () => {
    const patients = await Promise.all(
      Array.from({ length: 20 }, async () => (await f.addPatient()).patient.id),
    );
    // Starts 10:00, 10:02, ... 10:38: on and off the grid, every pair overlapping.
    const starts = patients.map((_, i) =>
      new Date(Date.parse('2026-11-24T10:00:00Z') + i * 2 * 60_000).toISOString(),
    );
    const results = await Promise.all(patients.map((p, i) => book({ patientId: p, start: starts[i] })));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = results.find((r) => r.status === 201)?.json<Booked>();
    const stored = await f.deps.appointments.get(winner?.id ?? '');
    const locks = await cellLocks();
    expect(locks.map((l) => l.sk).sort()).toEqual(
      occupiedCells(stored?.start ?? '', stored?.end ?? '', 10).map((cell) => `CELL#${cell}`),
    );
    expect(new Set(locks.map((l) => l.appointmentId))).toEqual(new Set([winner?.id]));
    expect((await items()).filter((i) => i.pk.startsWith('APPOINTMENT#'))).toHaveLength(1);
    expect((await items()).filter((i) => i.sk.startsWith('APPT#'))).toHaveLength(1);
  });

  it('frees the slot when cancelled, and takes the appointment out of the patient’s list', async () => {
    const { id } = (await book({ start: '2026-11-24T10:00:00Z' })).json<Booked>();
    expect(await f.deps.appointments.nextForPatient(patientId, f.clock.now())).toMatchObject({ id });

    const cancelled = await api('POST', `/api/v1/appointments/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json()).toEqual({ id, status: 'cancelled' });
    expect(await f.deps.appointments.get(id)).toMatchObject({ status: 'cancelled' });
    expect(await f.deps.appointments.nextForPatient(patientId, f.clock.now())).toBeUndefined();
    expect(await cellLocks()).toEqual([]);
    expect((await items()).filter((i) => i.sk.startsWith('APPT#'))).toEqual([]);

    const other = (await f.addPatient()).patient.id;
    expect((await book({ patientId: other, start: '2026-11-24T10:15:00Z' })).status).toBe(201);
  });

  it('refuses a second cancel with 409 and an unknown appointment with 404', async () => {
    const { id } = (await book({ start: '2026-11-24T10:00:00Z' })).json<Booked>();
    expect((await api('POST', `/api/v1/appointments/${id}/cancel`)).status).toBe(200);
    const again = await api('POST', `/api/v1/appointments/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.json<ErrorBody>().error.code).toBe('already_cancelled');

    for (const unknown of [randomUUID(), 'not-a-uuid']) {
      const res = await api('POST', `/api/v1/appointments/${unknown}/cancel`);
      expect(res.status, unknown).toBe(404);
      expect(res.json<ErrorBody>().error.code).toBe('not_found');
    }
  });

  it('does not free a booking made in the cancelled one’s place', async () => {
    const first = (await book({ start: '2026-11-24T10:00:00Z' })).json<Booked>();
    await api('POST', `/api/v1/appointments/${first.id}/cancel`);
    const second = (await book({ start: '2026-11-24T10:00:00Z' })).json<Booked>();
    expect((await api('POST', `/api/v1/appointments/${first.id}/cancel`)).status).toBe(409);
    expect((await cellLocks()).map((l) => l.appointmentId)).toEqual(Array(4).fill(second.id));
  });

  it('refuses bad bookings with 400, a message per field, and stores nothing', async () => {
    const before = (await items()).length;
    const cases: [Record<string, unknown>, string[]][] = [
      [{ start: '2026-11-24T10:00:00Z', nhsNumber: '9434765919' }, ['nhsNumber']],
      [{ start: '2026-11-24T10:00:00Z', patientId: randomUUID() }, ['patientId']],
      [{ start: '2026-11-24T10:00:00Z', patientId: 'not-a-uuid' }, ['patientId']],
      [{ start: '2026-11-24T10:00:00Z', clinicianId: 'clin-z' }, ['clinicianId']],
      [{ start: '2026-11-24T10:00:00Z', serviceType: 'massage' }, ['serviceType']],
      [{ start: '2026-11-24T10:00:00' }, ['start']],
      [{ start: '2026-02-30T10:00:00Z' }, ['start']],
      [{ start: '24/11/2026 10:00' }, ['start']],
      [{ start: 1795514400000 }, ['start']],
      [{ start: '2026-11-23T09:59:00Z' }, ['start']],
      [{ start: '2026-11-23T10:00:00Z' }, ['start']],
      [{ start: '2026-11-24T10:00:00Z', locationId: '' }, ['locationId']],
      [{ start: undefined, clinicianId: undefined }, ['start', 'clinicianId']],
    ];
    for (const [body, fields] of cases) {
      const res = await book(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = res.json<ErrorBody>();
      expect(error.code).toBe('invalid_request');
      for (const field of fields) expect(error.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    expect((await items()).length).toBe(before);
  });

  it('lists the service’s clinicians, hidden ones included, and its service types', async () => {
    const clinicians = await api('GET', '/api/v1/clinicians');
    expect(clinicians.status).toBe(200);
    expect(clinicians.json()).toEqual({
      items: [
        { id: 'clin-a', name: 'Clinician A', visible: true },
        { id: 'clin-b', name: 'Clinician B', visible: true },
        { id: 'clin-hidden', name: 'Clinician H', visible: false },
      ],
    });
    const types = await api('GET', '/api/v1/service-types');
    expect(types.status).toBe(200);
    expect(types.json()).toEqual({
      items: [
        { id: 'session', name: 'Session', durationMinutes: 50 },
        { id: 'assessment', name: 'Assessment', durationMinutes: 60 },
      ],
    });
  });
});

describe('appointments repository: nextForPatient', () => {
  it('finds the earliest booked appointment after now, skipping cancelled and past ones', async () => {
    const f = await createFixture({ service });
    const repo = appointments(f.deps.table);
    const patientId = (await f.addPatient()).patient.id;
    const otherId = (await f.addPatient()).patient.id;
    const add = async (start: string, forPatient = patientId, clinicianId = 'clin-a') => {
      const id = randomUUID();
      const end = new Date(Date.parse(start) + 50 * 60_000).toISOString();
      const booked = await repo.book(
        { id, patientId: forPatient, clinicianId, start, end, serviceType: 'session' },
        10,
      );
      expect(booked).toEqual({ ok: true });
      return id;
    };
    const now = new Date('2026-11-24T12:00:00.000Z');

    await add('2026-11-20T10:00:00.000Z'); // past
    await add('2026-11-24T11:30:00.000Z'); // started before now
    await add('2026-11-24T12:00:00.000Z', patientId, 'clin-b'); // starts at now: not after it
    const cancelled = await add('2026-11-24T14:00:00.000Z');
    await add('2026-11-24T13:00:00.000Z', otherId); // another patient's
    const next = await add('2026-11-25T09:00:00.000Z');
    await add('2026-11-30T09:00:00.000Z');
    expect(await repo.cancel(cancelled)).toBe('cancelled');

    expect(await repo.nextForPatient(patientId, now)).toEqual({
      id: next,
      patientId,
      clinicianId: 'clin-a',
      start: '2026-11-25T09:00:00.000Z',
      end: '2026-11-25T09:50:00.000Z',
      serviceType: 'session',
      status: 'booked',
    });
    expect(await repo.nextForPatient(patientId, new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
    expect(await repo.nextForPatient(randomUUID(), now)).toBeUndefined();
  });

  it('answers slot-taken for a cell another appointment holds, and not-found for an unknown id', async () => {
    const f = await createFixture({ service });
    const repo = appointments(f.deps.table);
    const base = {
      patientId: (await f.addPatient()).patient.id,
      clinicianId: 'clin-a',
      serviceType: 'session',
    };
    const first = {
      ...base,
      id: randomUUID(),
      start: '2026-11-24T10:00:00.000Z',
      end: '2026-11-24T10:50:00.000Z',
    };
    const offGrid = {
      ...base,
      id: randomUUID(),
      start: '2026-11-24T10:55:00.000Z',
      end: '2026-11-24T11:45:00.000Z',
    };
    expect(await repo.book(first, 0)).toEqual({ ok: true });
    // 10:55 does not overlap 10:00–10:50, but shares its 10:45 cell: a conservative refusal.
    expect(await repo.book(offGrid, 0)).toEqual({ ok: false, reason: 'slot-taken' });
    expect(await repo.cancel(randomUUID())).toBe('not-found');
    // The patient must exist: checked in the booking's own transaction, not by a read before it.
    expect(
      await repo.book(
        {
          ...first,
          id: randomUUID(),
          patientId: randomUUID(),
          start: '2026-11-25T10:00:00.000Z',
          end: '2026-11-25T10:50:00.000Z',
        },
        0,
      ),
    ).toEqual({ ok: false, reason: 'unknown-patient' });
  });

  it('retries a transaction cancelled only by a conflict, as DynamoDB (not DynamoDB Local) can', async () => {
    // DynamoDB Local runs transactions one at a time, so the conflict is simulated here.
    const conflict = Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
    });
    let calls = 0;
    const db = {
      send: async () => {
        calls += 1;
        if (calls === 1) throw conflict;
        return {};
      },
    };
    const repo = appointments({ db, name: 'unused' } as unknown as Table);
    const appointment = {
      id: randomUUID(),
      patientId: randomUUID(),
      clinicianId: 'clin-a',
      serviceType: 'session',
      start: '2026-11-24T10:00:00.000Z',
      end: '2026-11-24T10:50:00.000Z',
    };
    expect(await repo.book(appointment, 10)).toEqual({ ok: true });
    expect(calls).toBe(2);
  });
});
