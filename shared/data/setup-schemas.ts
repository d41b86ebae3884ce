import * as z from 'zod/mini';
import { lazy } from '../lazy.js';
import { requesters, weekdays } from '../domain/availability/setup.js';

// How set-up items look when read back: parsed on the way out, so a bad row fails near its cause
// (the domain validation ran before it was written).

const Weekday = () => z.literal([...weekdays]);

export const ClinicianItem = lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    visible: z.boolean(),
    staffEmail: z.optional(z.string()),
  }),
);

export const LocationItem = lazy(() => z.object({ id: z.string(), name: z.string() }));

export const ServiceTypeItem = lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    durationMinutes: z.number(),
    bufferMinutes: z.number(),
    requestableBy: z.enum(requesters),
  }),
);

export const WorkPeriodItem = lazy(() =>
  z.object({ weekday: Weekday(), start: z.string(), end: z.string(), locationId: z.string() }),
);

export const WeeklyBlackoutItem = lazy(() =>
  z.object({
    id: z.string(),
    clinicianId: z.string(),
    weekdays: z.array(Weekday()),
    start: z.string(),
    end: z.string(),
    from: z.optional(z.string()),
    until: z.optional(z.string()),
  }),
);
