import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import { type Reach, type StaffPermission, staffPermissions } from '../../shared/domain/staff-access.js';
import type { StaffRole } from '../../shared/domain/staff.js';
import type { RiskTodo } from '../../shared/domain/todo.js';
import { createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Every cell of docs/security/staff-roles.md, checked against the running console (issue
// "Staff", section 2). The table is read from the doc itself, so the doc cannot drift from what
// the console does, and the doc must name every permission the code has.

const table = readFileSync('docs/security/staff-roles.md', 'utf8')
  .split('\n')
  .filter((line) => /^\| [a-z]/.test(line) && !line.startsWith('| permission'))
  .map((line) =>
    line
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean),
  )
  .map(([permission, admin, clinician, scheduler]) => ({
    permission: permission as StaffPermission,
    reach: { admin, clinician, scheduler } as Record<StaffRole, Reach>,
  }));

const service = testService({
  clinicians: [
    { id: 'clin-a', name: 'Clinician A', visible: true },
    { id: 'clin-b', name: 'Clinician B', visible: true },
  ],
});

interface World {
  readonly f: Fixture;
  readonly own: string;
  readonly other: string;
  readonly todos: { readonly own: string; readonly other: string };
  cookies(role: StaffRole): Promise<Record<string, string>>;
}

/** Two patients: one of clin-a's (booked with them), one of clin-b's; a risk to-do for each. */
const world = async (): Promise<World> => {
  const f = await createFixture({ service });
  const addBooked = async (clinicianId: string) => {
    const { patient } = await f.addPatient({ familyName: 'Matrix', givenName: clinicianId });
    const start = '2026-11-30T10:00:00.000Z';
    await f.deps.appointments.book(
      {
        id: randomUUID(),
        patientId: patient.id,
        clinicianId,
        start: clinicianId === 'clin-a' ? start : '2026-11-30T12:00:00.000Z',
        end: appointmentEnd(clinicianId === 'clin-a' ? start : '2026-11-30T12:00:00.000Z', {
          durationMinutes: 50,
        }),
        serviceType: 'session',
      },
      0,
    );
    return patient.id;
  };
  const own = await addBooked('clin-a');
  const other = await addBooked('clin-b');
  const fileRisk = async (patientId: string, clinicianId: string) => {
    const todo: RiskTodo = {
      id: randomUUID(),
      kind: 'risk',
      status: 'open',
      patientId,
      createdAt: f.clock.now().toISOString(),
      clinicianId,
      questionnaireId: 'phq-9',
      responseDate: '2026-11-23',
      riskItemValue: 2,
      previousRiskItemValue: null,
      total: 12,
      reviewPolicy: 'Review within 1 working day',
      responseOutcome: 'stored',
    };
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    await f.deps.table.db.send(
      new TransactWriteCommand({ TransactItems: f.deps.todos.openItems(todo, f.deps.staffAlerts) }),
    );
    return todo.id;
  };
  const todos = { own: await fileRisk(own, 'clin-a'), other: await fileRisk(other, 'clin-b') };
  const principals: Record<StaffRole, Parameters<Fixture['addStaffSession']>[0]> = {
    admin: { email: 'admin@example.com', role: 'admin' },
    clinician: { email: 'clin.a@example.com', role: 'clinician', clinicianId: 'clin-a' },
    scheduler: { email: 'scheduler@example.com', role: 'scheduler' },
  };
  return { f, own, other, todos, cookies: (role) => f.addStaffSession(principals[role]) };
};

type Target = 'own' | 'other';
const allowed = (reach: Reach, target: Target) => reach === 'all' || (reach === 'own' && target === 'own');

/** What each permission looks like from outside, per target patient: allowed or not. */
const observe: Record<StaffPermission, (w: World, role: StaffRole, target: Target) => Promise<boolean>> = {
  'see risk to-dos': async (w, role, target) => {
    const res = await w.f.call({
      method: 'GET',
      path: '/api/staff/todos?status=open',
      cookies: await w.cookies(role),
    });
    expect(res.status).toBe(200);
    return res.json<{ items: { id: string }[] }>().items.some((t) => t.id === w.todos[target]);
  },
  'acknowledge a to-do': async (w, role, target) => {
    const res = await w.f.call({
      method: 'POST',
      path: `/api/staff/todos/${w.todos[target]}/acknowledge`,
      body: { note: 'Called the patient; safe, plan agreed.' },
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    if (res.status === 403) expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
    return res.status === 200;
  },
  'search patients': async (w, role, target) => {
    const res = await w.f.call({
      method: 'GET',
      path: '/api/staff/patients?q=matrix',
      cookies: await w.cookies(role),
    });
    expect(res.status).toBe(200);
    return res.json<{ items: { id: string }[] }>().items.some((p) => p.id === w[target]);
  },
  'see contact details': async (w, role, target) => {
    const res = await w.f.call({
      method: 'GET',
      path: `/api/staff/patients/${w[target]}`,
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    return res.status === 200 && typeof res.json().phone === 'string';
  },
  'see answers and scores': async (w, role, target) => {
    const res = await w.f.call({
      method: 'GET',
      path: `/api/staff/patients/${w[target]}`,
      cookies: await w.cookies(role),
    });
    if (res.status !== 200) return false;
    const body = res.json();
    // No clinical key at all for a role that may not see it: not even an empty list.
    return 'questionnaireResponses' in body && 'todos' in body;
  },
  'change the stage of care': async (w, role, target) => {
    const res = await w.f.call({
      method: 'POST',
      path: `/staff/patients/${w[target]}/stage`,
      form: { csrf: w.f.staffCsrf, stage: 'treatment' },
      cookies: await w.cookies(role),
    });
    expect([303, 403]).toContain(res.status);
    return res.status === 303 && (await w.f.deps.patients.get(w[target]))?.stage === 'treatment';
  },
  'issue a new Secure ID': async (w, role, target) => {
    const res = await w.f.call({
      method: 'POST',
      path: `/api/staff/patients/${w[target]}/secure-id`,
      body: {},
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    return res.status === 200;
  },
  // Not about a patient: the same answer whichever patient the row is checked for.
  'manage the service set-up': async (w, role) => {
    const res = await w.f.call({
      method: 'POST',
      path: '/api/staff/setup/locations',
      body: { name: 'Riverside Clinic' },
      cookies: await w.cookies(role),
    });
    expect([201, 403]).toContain(res.status);
    const stored = (await w.f.deps.locations.get())?.value ?? [];
    expect(stored.length).toBe(res.status === 201 ? 1 : 0);
    return res.status === 201;
  },
  // The staff calendar: an own patient's appointment is on clin-a's calendar (the clinician's).
  'see the calendar': async (w, role, target) => {
    const res = await w.f.call({
      method: 'GET',
      path: `/api/staff/calendar?clinicianId=${target === 'own' ? 'clin-a' : 'clin-b'}&week=2026-11-30`,
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    return res.status === 200;
  },
  'cancel and move appointments': async (w, role, target) => {
    const [appointment] = await w.f.deps.appointments.forPatient(w[target]);
    const res = await w.f.call({
      method: 'POST',
      path: `/api/staff/appointments/${appointment?.id}/cancel`,
      body: {},
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    expect((await w.f.deps.appointments.get(appointment?.id ?? ''))?.status).toBe(
      res.status === 200 ? 'cancelled' : 'booked',
    );
    return res.status === 200;
  },
  // A request for the target patient's clinician (clin-a is the signed-in clinician's record).
  'decide appointment requests': async (w, role, target) => {
    const requestId = randomUUID();
    const start = new Date(Date.UTC(2026, 11, 7, 9 + Math.floor(Math.random() * 8), 0)).toISOString();
    const submitted = await w.f.deps.appointmentRequests.submit(
      {
        id: requestId,
        patientId: w[target],
        clinicianId: target === 'own' ? 'clin-a' : 'clin-b',
        start,
        end: appointmentEnd(start, { durationMinutes: 50 }),
        serviceType: 'session',
      },
      0,
      w.f.clock.now(),
    );
    expect(submitted.ok).toBe(true);
    const res = await w.f.call({
      method: 'POST',
      path: `/api/staff/appointment-requests/${requestId}/deny`,
      body: { reason: 'The clinician is away that week.' },
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    expect((await w.f.deps.appointmentRequests.get(requestId))?.status).toBe(
      res.status === 200 ? 'denied' : 'pending',
    );
    return res.status === 200;
  },
  // Ends the patient's open episode (a patient stored before episodes has one from createdAt).
  'discharge and refer': async (w, role, target) => {
    const res = await w.f.call({
      method: 'POST',
      path: `/staff/patients/${w[target]}/discharge`,
      form: { csrf: w.f.staffCsrf },
      cookies: await w.cookies(role),
    });
    expect([303, 403]).toContain(res.status);
    expect(await w.f.deps.episodes.current(w[target])).toEqual(
      res.status === 303 ? null : expect.objectContaining({ endedAt: null }),
    );
    return res.status === 303;
  },
  // The target patient's appointment (clin-a's for the own one), once it has started.
  'record attendance': async (w, role, target) => {
    const [appointment] = await w.f.deps.appointments.forPatient(w[target]);
    w.f.clock.advanceSeconds(8 * 86_400);
    const res = await w.f.call({
      method: 'POST',
      path: `/staff/appointments/${appointment?.id}/attendance`,
      form: { csrf: w.f.staffCsrf, status: 'attended' },
      cookies: await w.cookies(role),
    });
    expect([303, 403]).toContain(res.status);
    expect((await w.f.deps.appointments.get(appointment?.id ?? ''))?.status).toBe(
      res.status === 303 ? 'attended' : 'booked',
    );
    return res.status === 303;
  },
  // The GP report of the patient's last ended episode (discharged here first): 303 when produced,
  // 403 outside the role with nothing produced.
  'produce a GP report': async (w, role, target) => {
    await w.f.deps.episodes.discharge(w[target], w.f.clock.now(), { kind: 'integration', keyId: 'test' });
    const res = await w.f.call({
      method: 'POST',
      path: `/staff/patients/${w[target]}/gp-report`,
      form: { csrf: w.f.staffCsrf },
      cookies: await w.cookies(role),
    });
    expect([303, 403]).toContain(res.status);
    expect(await w.f.deps.letters.ofPatient(w[target])).toHaveLength(res.status === 303 ? 1 : 0);
    return res.status === 303;
  },
  // The patient's subject-access copy (F27), which holds their answers and scores.
  'produce subject access': async (w, role, target) => {
    const res = await w.f.call({
      method: 'GET',
      path: `/staff/patients/${w[target]}/my-data.json`,
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    if (res.status === 200) expect(res.json()).toMatchObject({ details: { id: w[target] } });
    return res.status === 200;
  },
  // Records consent to share for the patient: 303 with it stored, 403 with nothing stored.
  'record consent': async (w, role, target) => {
    const res = await w.f.call({
      method: 'POST',
      path: `/staff/patients/${w[target]}/consents`,
      form: { csrf: w.f.staffCsrf, party: 'Acme Insurance', purpose: 'Claim assessment' },
      cookies: await w.cookies(role),
    });
    expect([303, 403]).toContain(res.status);
    expect(await w.f.deps.consents.ofPatient(w[target])).toHaveLength(res.status === 303 ? 1 : 0);
    return res.status === 303;
  },
  'read the audit trail': async (w, role, target) => {
    const res = await w.f.call({
      method: 'GET',
      path: `/api/staff/patients/${w[target]}/audit`,
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    return res.status === 200;
  },
  // Not about a patient: the service's suppressed figures, the same answer for either target.
  'see the service report': async (w, role) => {
    const res = await w.f.call({
      method: 'GET',
      path: '/staff/reports/outcomes?from=2026-01-01&to=2026-03-31',
      cookies: await w.cookies(role),
    });
    expect([200, 403]).toContain(res.status);
    return res.status === 200;
  },
};

describe('the staff role table', () => {
  it('names every permission the code has, each once', () => {
    expect(table.map((row) => row.permission).sort()).toEqual(Object.keys(staffPermissions).sort());
    for (const row of table) expect(row.reach).toEqual(staffPermissions[row.permission]);
  });

  for (const { permission, reach } of table) {
    for (const role of ['admin', 'clinician', 'scheduler'] as const) {
      it(`${role}: ${permission} (${reach[role]})`, async () => {
        for (const target of ['own', 'other'] as const) {
          const w = await world();
          expect(await observe[permission](w, role, target), `${target} patient`).toBe(
            allowed(reach[role], target),
          );
        }
      });
    }
  }

  it('answers a page outside the role with the NHS 403 page', async () => {
    const w = await world();
    const res = await w.f.call({
      method: 'GET',
      path: `/staff/patients/${w.other}/audit`,
      cookies: await w.cookies('clinician'),
    });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('You do not have access');
  });
});
