import * as z from 'zod/mini';
import type { Deps } from '../../deps.js';
import { isoWithOffset } from '../../domain/appointments.js';
import type { Requester, Weekday } from '../../domain/availability/setup.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import {
  addOneOffBlackout,
  addWeeklyBlackout,
  blackoutsOf,
  removeBlackout,
  saveClinician,
  saveLocation,
  saveSchedule,
  saveServiceType,
  type SetupOutcome,
  viewSetup,
} from '../../setup/service-setup.js';
import type { StaffContext } from '../../staff/console.js';
import { messages, setupPageMessages } from '../../web/messages.js';
import { parseJsonBody } from '../json-body.js';
import type { PortalRequest } from '../request.js';
import { apiError, json, noContent, type PortalResponse } from '../responses.js';
import { staffApi, staffApiForbidden } from '../staff-access.js';
import { describeClash, fieldErrorsOf } from './staff-setup-forms.js';

// The set-up as JSON under /api/staff/setup (additive to API.md's staff API), on the same use
// cases as the pages. Shapes are checked here (zod); the rules (grid, overlaps, known location)
// are the domain's, and come back as 400 `invalid_request` with one message per field path.

const Text = () => z.string(messages.fields.notText);
const ClinicianBody = z.strictObject({
  name: Text(),
  visible: z.boolean(),
  staffEmail: z.optional(Text()),
});
const LocationBody = z.strictObject({ name: Text() });
const ServiceTypeBody = z.strictObject({
  name: Text(),
  durationMinutes: z.number(),
  bufferMinutes: z.number(),
  requestableBy: Text(),
});
const ScheduleBody = z.strictObject({
  periods: z
    .array(z.strictObject({ weekday: z.number(), start: Text(), end: Text(), locationId: Text() }))
    .check(z.maxLength(70)),
});
const BlackoutBody = z.union([
  z.strictObject({
    kind: z.literal('one-off'),
    startDate: Text(),
    startTime: Text(),
    endDate: Text(),
    endTime: Text(),
  }),
  z.strictObject({
    kind: z.literal('weekly'),
    weekdays: z.array(z.number()).check(z.maxLength(7)),
    start: Text(),
    end: Text(),
    from: z.optional(Text()),
    until: z.optional(Text()),
  }),
]);

export const staffSetupApi = (deps: Deps) => {
  const api = staffApi(deps);
  const { timeZone } = deps.service;
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });

  const answer = (outcome: SetupOutcome, status: 200 | 201): PortalResponse => {
    if (outcome.ok) return json(status, { id: outcome.value });
    switch (outcome.reason) {
      case 'forbidden':
        return staffApiForbidden();
      case 'not-found':
        return apiError(404, 'not_found', setupPageMessages.notFound);
      case 'invalid':
        return apiError(400, 'invalid_request', messages.api.invalidRequest, fieldErrorsOf(outcome.problems));
      case 'clash':
        return apiError(409, 'blackout_clash', `${describeClash(outcome.clash, timeZone)}.`);
      default:
        return apiError(409, 'conflict', setupPageMessages.busy);
    }
  };

  const setup = api(async (_req, principal) => {
    const outcome = await viewSetup(deps, principal);
    if (!outcome.ok) return answer(outcome, 200);
    const v = outcome.value;
    return json(200, {
      clinicians: v.clinicians,
      locations: v.locations,
      serviceTypes: v.serviceTypes,
      schedules: v.clinicians.map((c) => ({ clinicianId: c.id, periods: v.schedules.get(c.id) ?? [] })),
    });
  });

  const clinician = (create: boolean) =>
    api(async (req, principal) => {
      const body = parseJsonBody(req, ClinicianBody);
      if (!body.ok) return body.response;
      const id = create ? undefined : (req.pathParameters.id ?? '');
      return answer(await saveClinician(deps, context(req, principal), id, body.value), create ? 201 : 200);
    });

  const location = (create: boolean) =>
    api(async (req, principal) => {
      const body = parseJsonBody(req, LocationBody);
      if (!body.ok) return body.response;
      const id = create ? undefined : (req.pathParameters.id ?? '');
      return answer(await saveLocation(deps, context(req, principal), id, body.value), create ? 201 : 200);
    });

  const serviceType = (create: boolean) =>
    api(async (req, principal) => {
      const body = parseJsonBody(req, ServiceTypeBody);
      if (!body.ok) return body.response;
      const id = create ? undefined : (req.pathParameters.id ?? '');
      const value = { ...body.value, requestableBy: body.value.requestableBy as Requester };
      return answer(await saveServiceType(deps, context(req, principal), id, value), create ? 201 : 200);
    });

  const schedule = api(async (req, principal) => {
    const body = parseJsonBody(req, ScheduleBody);
    if (!body.ok) return body.response;
    const periods = body.value.periods.map((p) => ({ ...p, weekday: p.weekday as Weekday }));
    return answer(
      await saveSchedule(deps, context(req, principal), req.pathParameters.id ?? '', periods),
      200,
    );
  });

  const blackouts = api(async (req, principal) => {
    const outcome = await blackoutsOf(deps, principal, req.pathParameters.id ?? '');
    if (!outcome.ok) return answer(outcome, 200);
    return json(200, {
      oneOff: outcome.value.oneOff.map((b) => ({
        id: b.id,
        start: isoWithOffset(b.start, timeZone),
        end: isoWithOffset(b.end, timeZone),
      })),
      weekly: outcome.value.weekly.map(({ clinicianId: _, ...b }) => b),
    });
  });

  const addBlackout = api(async (req, principal) => {
    const body = parseJsonBody(req, BlackoutBody);
    if (!body.ok) return body.response;
    const clinicianId = req.pathParameters.id ?? '';
    const { value } = body;
    const outcome =
      value.kind === 'one-off'
        ? await addOneOffBlackout(deps, context(req, principal), clinicianId, value)
        : await addWeeklyBlackout(deps, context(req, principal), clinicianId, {
            ...value,
            weekdays: value.weekdays as Weekday[],
          });
    return answer(outcome, 201);
  });

  const deleteBlackout = api(async (req, principal) => {
    const outcome = await removeBlackout(
      deps,
      context(req, principal),
      req.pathParameters.id ?? '',
      req.pathParameters.blackoutId ?? '',
    );
    return outcome.ok ? noContent() : answer(outcome, 200);
  });

  return {
    setup,
    createClinician: clinician(true),
    updateClinician: clinician(false),
    createLocation: location(true),
    updateLocation: location(false),
    createServiceType: serviceType(true),
    updateServiceType: serviceType(false),
    schedule,
    blackouts,
    addBlackout,
    deleteBlackout,
  };
};
