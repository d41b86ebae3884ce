import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ServiceConfig } from '../config/service-config.js';
import { cancelledByCondition, isContention } from '../data/dynamo.js';
import type { TransactItem, Versioned } from '../data/versioned-item.js';
import type { Deps } from '../deps.js';
import type { SetupAuditEvent } from '../domain/audit.js';
import {
  type Clinician,
  type Location,
  type ServiceType,
  type StoredOneOffBlackout,
  type StoredWeeklyBlackout,
  type WeeklyBlackout,
  type WorkPeriod,
} from '../domain/availability/setup.js';
import {
  type OneOffBlackoutForm,
  oneOffBlackoutFromForm,
  type SetupProblem,
  validateClinician,
  validateLocation,
  validateOneOffBlackout,
  validateServiceType,
  validateWeeklyBlackout,
  validateWorkSchedule,
} from '../domain/availability/setup-validation.js';
import { weeklyBlackoutCovers } from '../domain/availability/weekly-clash.js';
import { allows } from '../domain/staff-access.js';
import type { StaffPrincipal } from '../domain/staff.js';
import type { StaffContext } from '../staff/console.js';

// The service's set-up as the console edits it (issue 14, "Set-up"), for its pages and its JSON
// alike. The stored set-up is the source at run time; the service config's clinicians and
// service types are only its first seed, written the first time a table is read without them
// (conditional puts: harmless to repeat, and two first readers at once write one seed). Every
// change checks the role (admins only), runs the domain checks (setup-validation.ts) before
// anything is written, and is audited in the same transaction as the change.

export type SetupOutcome<T = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'forbidden' | 'not-found' | 'busy' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly problems: readonly SetupProblem[] }
  | { readonly ok: false; readonly reason: 'clash'; readonly clash: Clash };

/** What a new blackout would cover: an appointment or another blackout, as instants. */
export interface Clash {
  readonly kind: 'appointment' | 'blackout';
  readonly start: string;
  readonly end: string;
}

/** How far ahead a weekly blackout is checked against booked appointments when it is saved. */
export const WEEKLY_BLACKOUT_CHECK_DAYS = 366;

const SAVE_ATTEMPTS = 4;

const forbidden = { ok: false, reason: 'forbidden' } as const;
const notFound = { ok: false, reason: 'not-found' } as const;
const invalid = (problems: readonly SetupProblem[]) => ({ ok: false, reason: 'invalid', problems }) as const;

export const mayManageSetup = (principal: StaffPrincipal): boolean =>
  allows(principal, 'manage the service set-up', false);

/** A new id: opaque, so no person's name ends up in URLs or the audit log. */
const newId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const seedClinicians = (service: Pick<ServiceConfig, 'clinicians'>): Clinician[] =>
  service.clinicians.map(({ id, name, visible, staffEmail }) => ({
    id,
    name,
    visible,
    ...(staffEmail ? { staffEmail } : {}),
  }));

const seedServiceTypes = (service: Pick<ServiceConfig, 'serviceTypes'>): ServiceType[] =>
  service.serviceTypes.map(({ id, name, durationMinutes, bufferMinutes, requestableBy }) => ({
    id,
    name,
    durationMinutes,
    bufferMinutes,
    requestableBy,
  }));

/** The stored clinicians, seeded from the config on the first read of a new table. */
export const currentClinicians = async (deps: Deps): Promise<Versioned<Clinician[]>> => {
  const stored = await deps.clinicians.get();
  if (stored) return stored;
  await deps.clinicians.seed(seedClinicians(deps.service));
  return (await deps.clinicians.get()) ?? { value: seedClinicians(deps.service), version: 0 };
};

/** The stored service types, seeded from the config on the first read of a new table. */
export const currentServiceTypes = async (deps: Deps): Promise<Versioned<ServiceType[]>> => {
  const stored = await deps.serviceTypes.get();
  if (stored) return stored;
  await deps.serviceTypes.seed(seedServiceTypes(deps.service));
  return (await deps.serviceTypes.get()) ?? { value: seedServiceTypes(deps.service), version: 0 };
};

const currentLocations = async (deps: Deps): Promise<Versioned<Location[]>> =>
  (await deps.locations.get()) ?? { value: [], version: 0 };

/** Writes the config's clinicians and service types where none are stored (npm start, tests). */
export const seedSetupFromConfig = async (deps: Deps): Promise<void> => {
  await Promise.all([currentClinicians(deps), currentServiceTypes(deps)]);
};

/** Everything the admin pages show, in one Query (service-setup.ts), seeded on a first run. */
export interface SetupView {
  readonly clinicians: readonly Clinician[];
  readonly locations: readonly Location[];
  readonly serviceTypes: readonly ServiceType[];
  readonly schedules: ReadonlyMap<string, readonly WorkPeriod[]>;
  readonly weeklyBlackouts: ReadonlyMap<string, readonly StoredWeeklyBlackout[]>;
}

export const viewSetup = async (deps: Deps, principal: StaffPrincipal): Promise<SetupOutcome<SetupView>> => {
  if (!mayManageSetup(principal)) return forbidden;
  const snapshot = await deps.serviceSetup.read();
  const [clinicians, serviceTypes] = await Promise.all([
    snapshot.clinicians ?? currentClinicians(deps),
    snapshot.serviceTypes ?? currentServiceTypes(deps),
  ]);
  const values = <T>(map: ReadonlyMap<string, Versioned<T>>) =>
    new Map([...map].map(([id, v]) => [id, v.value]));
  return {
    ok: true,
    value: {
      clinicians: clinicians.value,
      locations: snapshot.locations?.value ?? [],
      serviceTypes: serviceTypes.value,
      schedules: values(snapshot.schedules),
      weeklyBlackouts: values(snapshot.weeklyBlackouts),
    },
  };
};

const auditItem = (deps: Deps, context: StaffContext, detail: string): TransactItem => {
  const event: SetupAuditEvent = {
    id: randomUUID(),
    at: deps.clock().toISOString(),
    actor: context.principal.email,
    role: context.principal.role,
    action: 'changed-setup',
    requestId: context.requestId,
    detail,
  };
  return deps.auditLog.appendSetupItem(event);
};

/**
 * Read, change, write on condition that nobody wrote in between, with the audit entry in the same
 * transaction; on a lost race, read again and reapply the change (it is made from the new value).
 */
const edit = async <T, R>(
  deps: Deps,
  read: () => Promise<Versioned<T>>,
  put: (value: T, version: number) => TransactItem,
  change: (current: T) => SetupOutcome<{ next: T; result: R; detail: string }>,
  context: StaffContext,
): Promise<SetupOutcome<R>> => {
  for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
    const current = await read();
    const changed = change(current.value);
    if (!changed.ok) return changed;
    const { next, result, detail } = changed.value;
    try {
      await deps.table.db.send(
        new TransactWriteCommand({
          TransactItems: [put(next, current.version), auditItem(deps, context, detail)],
        }),
      );
      return { ok: true, value: result };
    } catch (e) {
      if (!cancelledByCondition(e)?.[0] && !isContention(e)) throw e;
    }
  }
  return { ok: false, reason: 'busy' };
};

const changedFields = <T extends object>(
  before: T,
  after: T,
  names: Partial<Record<keyof T & string, string>>,
) =>
  (Object.keys(names) as (keyof T & string)[])
    .filter((k) => before[k] !== after[k])
    .map((k) => names[k] as string)
    .join(', ');

/** Adds (no id) or changes a clinician. */
export const saveClinician = async (
  deps: Deps,
  context: StaffContext,
  id: string | undefined,
  input: { readonly name: string; readonly visible: boolean; readonly staffEmail?: string | undefined },
): Promise<SetupOutcome> => {
  if (!mayManageSetup(context.principal)) return forbidden;
  const staffEmail = input.staffEmail?.trim() || undefined;
  const fields = { name: input.name.trim(), visible: input.visible, ...(staffEmail ? { staffEmail } : {}) };
  const problems = validateClinician(fields);
  if (problems.length > 0) return invalid(problems);
  const newClinicianId = newId('clinician');
  return edit(
    deps,
    () => currentClinicians(deps),
    (value, version) => deps.clinicians.putItem(value, version),
    (list) => {
      if (id === undefined) {
        const added = { id: newClinicianId, ...fields };
        return {
          ok: true,
          value: { next: [...list, added], result: added.id, detail: `clinician ${added.id} added` },
        };
      }
      const before = list.find((c) => c.id === id);
      if (!before) return notFound;
      const after: Clinician = { id, ...fields };
      const what = changedFields(before, after, {
        name: 'name',
        visible: 'visible',
        staffEmail: 'staff email',
      });
      return {
        ok: true,
        value: {
          next: list.map((c) => (c.id === id ? after : c)),
          result: id,
          detail: `clinician ${id} changed: ${what || 'nothing'}`,
        },
      };
    },
    context,
  );
};

export const saveLocation = async (
  deps: Deps,
  context: StaffContext,
  id: string | undefined,
  input: { readonly name: string },
): Promise<SetupOutcome> => {
  if (!mayManageSetup(context.principal)) return forbidden;
  const name = input.name.trim();
  const problems = validateLocation({ id: id ?? '', name });
  if (problems.length > 0) return invalid(problems);
  const newLocationId = newId('location');
  return edit(
    deps,
    () => currentLocations(deps),
    (value, version) => deps.locations.putItem(value, version),
    (list) => {
      if (id === undefined)
        return {
          ok: true,
          value: {
            next: [...list, { id: newLocationId, name }],
            result: newLocationId,
            detail: `location ${newLocationId} added`,
          },
        };
      if (!list.some((l) => l.id === id)) return notFound;
      return {
        ok: true,
        value: {
          next: list.map((l) => (l.id === id ? { id, name } : l)),
          result: id,
          detail: `location ${id} changed: name`,
        },
      };
    },
    context,
  );
};

export const saveServiceType = async (
  deps: Deps,
  context: StaffContext,
  id: string | undefined,
  input: Omit<ServiceType, 'id'>,
): Promise<SetupOutcome> => {
  if (!mayManageSetup(context.principal)) return forbidden;
  const fields = { ...input, name: input.name.trim() };
  const problems = validateServiceType({ id: id ?? '', ...fields });
  if (problems.length > 0) return invalid(problems);
  const newTypeId = newId('type');
  return edit(
    deps,
    () => currentServiceTypes(deps),
    (value, version) => deps.serviceTypes.putItem(value, version),
    (list) => {
      if (id === undefined)
        return {
          ok: true,
          value: {
            next: [...list, { id: newTypeId, ...fields }],
            result: newTypeId,
            detail: `service type ${newTypeId} added`,
          },
        };
      const before = list.find((t) => t.id === id);
      if (!before) return notFound;
      const after: ServiceType = { id, ...fields };
      const what = changedFields(before, after, {
        name: 'name',
        durationMinutes: 'duration',
        bufferMinutes: 'buffer',
        requestableBy: 'who may request',
      });
      return {
        ok: true,
        value: {
          next: list.map((t) => (t.id === id ? after : t)),
          result: id,
          detail: `service type ${id} changed: ${what || 'nothing'}`,
        },
      };
    },
    context,
  );
};

const knownClinician = async (deps: Deps, clinicianId: string): Promise<boolean> =>
  (await currentClinicians(deps)).value.some((c) => c.id === clinicianId);

const byDayAndTime = (a: WorkPeriod, b: WorkPeriod) =>
  a.weekday - b.weekday || a.start.localeCompare(b.start);

/** Replaces a clinician's weekly schedule (several periods a day, each at a location). */
export const saveSchedule = async (
  deps: Deps,
  context: StaffContext,
  clinicianId: string,
  periods: readonly WorkPeriod[],
): Promise<SetupOutcome> => {
  if (!mayManageSetup(context.principal)) return forbidden;
  const [known, locations] = await Promise.all([knownClinician(deps, clinicianId), currentLocations(deps)]);
  if (!known) return notFound;
  const problems = validateWorkSchedule({ clinicianId, periods }, new Set(locations.value.map((l) => l.id)));
  if (problems.length > 0) return invalid(problems);
  const repo = deps.workSchedules.of(clinicianId);
  return edit(
    deps,
    async () => (await repo.get()) ?? { value: [], version: 0 },
    (value, version) => repo.putItem(value, version),
    (before) => ({
      ok: true,
      value: {
        next: [...periods].sort(byDayAndTime),
        result: clinicianId,
        detail: `schedule of clinician ${clinicianId} changed: ${before.length} -> ${periods.length} periods`,
      },
    }),
    context,
  );
};

/** A clinician's blackouts: weekly ones, and one-off ones that have not ended yet. */
export const blackoutsOf = async (
  deps: Deps,
  principal: StaffPrincipal,
  clinicianId: string,
): Promise<
  SetupOutcome<{ weekly: readonly StoredWeeklyBlackout[]; oneOff: readonly StoredOneOffBlackout[] }>
> => {
  if (!mayManageSetup(principal)) return forbidden;
  if (!(await knownClinician(deps, clinicianId))) return notFound;
  const [weekly, oneOff] = await Promise.all([
    deps.blackouts.weekly(clinicianId).get(),
    deps.blackouts.oneOffBetween(deps.clock().toISOString()),
  ]);
  return {
    ok: true,
    value: { weekly: weekly?.value ?? [], oneOff: oneOff.filter((b) => b.clinicianId === clinicianId) },
  };
};

/** An appointment's start and end, for naming a clash (no patient details). */
const appointmentClash = async (deps: Deps, appointmentId: string, cell: string): Promise<Clash> => {
  const appointment = await deps.appointments.get(appointmentId);
  return appointment
    ? { kind: 'appointment', start: appointment.start, end: appointment.end }
    : { kind: 'appointment', start: cell, end: new Date(Date.parse(cell) + 15 * 60_000).toISOString() };
};

/**
 * A pending request in the way: named as an appointment (it is one, waiting for a decision), by
 * the cell it holds, so the set-up Lambda needs no access to requests and shows no patient detail.
 */
const requestClash = (cell: string): Clash => ({
  kind: 'appointment',
  start: cell,
  end: new Date(Date.parse(cell) + 15 * 60_000).toISOString(),
});

/**
 * Leave or training: refused when it would cover a booked appointment or another blackout, in the
 * transaction that locks its cells, so a booking at the same moment cannot slip in (H7).
 */
export const addOneOffBlackout = async (
  deps: Deps,
  context: StaffContext,
  clinicianId: string,
  form: OneOffBlackoutForm,
): Promise<SetupOutcome> => {
  if (!mayManageSetup(context.principal)) return forbidden;
  if (!(await knownClinician(deps, clinicianId))) return notFound;
  const problems = validateOneOffBlackout(form);
  if (problems.length > 0) return invalid(problems);
  const blackout = {
    id: newId('blackout'),
    ...oneOffBlackoutFromForm(clinicianId, form, deps.service.timeZone),
  };
  const result = await deps.blackouts.addOneOff(
    blackout,
    auditItem(
      deps,
      context,
      `one-off blackout ${blackout.id} added for clinician ${clinicianId}: ${blackout.start} to ${blackout.end}`,
    ),
  );
  if (result.ok) return { ok: true, value: blackout.id };
  if (result.reason === 'busy' || !result.holder) return { ok: false, reason: 'busy' };
  const { holder } = result;
  const clash: Clash =
    holder.kind === 'appointment'
      ? await appointmentClash(deps, holder.appointmentId, holder.cell)
      : holder.kind === 'request'
        ? requestClash(holder.cell)
        : { kind: 'blackout', start: holder.start, end: holder.end };
  return { ok: false, reason: 'clash', clash };
};

/**
 * Lunch and the like. A weekly blackout holds no cells (it never ends), so it is checked against
 * the clinician's booked appointments over the coming year when saved, and refused the same way.
 */
export const addWeeklyBlackout = async (
  deps: Deps,
  context: StaffContext,
  clinicianId: string,
  input: Omit<WeeklyBlackout, 'clinicianId'>,
): Promise<SetupOutcome> => {
  if (!mayManageSetup(context.principal)) return forbidden;
  if (!(await knownClinician(deps, clinicianId))) return notFound;
  const blackout: StoredWeeklyBlackout = {
    id: newId('weekly'),
    clinicianId,
    weekdays: [...new Set(input.weekdays)].sort(),
    start: input.start,
    end: input.end,
    ...(input.from ? { from: input.from } : {}),
    ...(input.until ? { until: input.until } : {}),
  };
  const problems = validateWeeklyBlackout(blackout);
  if (problems.length > 0) return invalid(problems);
  const now = deps.clock();
  const held = await deps.blackouts.heldCells(
    clinicianId,
    now.toISOString(),
    new Date(now.getTime() + WEEKLY_BLACKOUT_CHECK_DAYS * 86_400_000).toISOString(),
  );
  const covered = held.find(
    (c) =>
      (c.appointmentId ?? c.requestId) &&
      weeklyBlackoutCovers(blackout, Date.parse(c.cell), deps.service.timeZone),
  );
  // A patient's pending request holds its time as an appointment does (docs/appointments.md).
  if (covered?.requestId) return { ok: false, reason: 'clash', clash: requestClash(covered.cell) };
  if (covered?.appointmentId) {
    return {
      ok: false,
      reason: 'clash',
      clash: await appointmentClash(deps, covered.appointmentId, covered.cell),
    };
  }
  const repo = deps.blackouts.weekly(clinicianId);
  return edit(
    deps,
    async () => (await repo.get()) ?? { value: [], version: 0 },
    (value, version) => repo.putItem(value, version),
    (list) => ({
      ok: true,
      value: {
        next: [...list, blackout],
        result: blackout.id,
        detail: `weekly blackout ${blackout.id} added for clinician ${clinicianId}: days ${blackout.weekdays.join(',')} ${blackout.start} to ${blackout.end}`,
      },
    }),
    context,
  );
};

/** Removes a weekly or one-off blackout of the clinician, freeing a one-off's cells. */
export const removeBlackout = async (
  deps: Deps,
  context: StaffContext,
  clinicianId: string,
  blackoutId: string,
): Promise<SetupOutcome> => {
  const listed = await blackoutsOf(deps, context.principal, clinicianId);
  if (!listed.ok) return listed;
  if (listed.value.weekly.some((b) => b.id === blackoutId)) {
    const repo = deps.blackouts.weekly(clinicianId);
    return edit(
      deps,
      async () => (await repo.get()) ?? { value: [], version: 0 },
      (value, version) => repo.putItem(value, version),
      (list) =>
        list.some((b) => b.id === blackoutId)
          ? {
              ok: true,
              value: {
                next: list.filter((b) => b.id !== blackoutId),
                result: blackoutId,
                detail: `weekly blackout ${blackoutId} removed for clinician ${clinicianId}`,
              },
            }
          : notFound,
      context,
    );
  }
  const oneOff = listed.value.oneOff.find((b) => b.id === blackoutId);
  if (!oneOff) return notFound;
  await deps.blackouts.removeOneOff(
    oneOff,
    auditItem(deps, context, `one-off blackout ${blackoutId} removed for clinician ${clinicianId}`),
  );
  return { ok: true, value: blackoutId };
};
