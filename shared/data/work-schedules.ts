import * as z from 'zod/mini';
import type { WorkPeriod } from '../domain/availability/setup.js';
import type { Table } from './dynamo.js';
import { setupKeys } from './keys.js';
import { WorkPeriodItem } from './setup-schemas.js';
import { versionedItem } from './versioned-item.js';

// Each clinician's usual week: one item per clinician holding its periods.
export const workSchedules = (table: Table) => ({
  of: (clinicianId: string) =>
    versionedItem<WorkPeriod[]>(table, setupKeys.workSchedule(clinicianId), () => z.array(WorkPeriodItem())),
});
export type WorkSchedules = ReturnType<typeof workSchedules>;
