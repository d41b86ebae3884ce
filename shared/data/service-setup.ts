import type {
  Clinician,
  Location,
  ServiceType,
  StoredWeeklyBlackout,
  WorkPeriod,
} from '../domain/availability/setup.js';
import { clinicians } from './clinicians.js';
import { queryAll, type Table } from './dynamo.js';
import { setupKeys } from './keys.js';
import { locations } from './locations.js';
import { serviceTypes } from './service-types.js';
import { blackouts } from './blackouts.js';
import { workSchedules } from './work-schedules.js';
import type { Versioned } from './versioned-item.js';

// The whole weekly set-up in one Query of the SETUP# items: the lists, and every clinician's
// schedule and weekly blackouts. It is small (tens of clinicians, a few kilobytes each), so the
// admin pages and availability read it whole rather than item by item; each item is parsed by
// its own repository's schema. One-off blackouts are read by range (blackouts.ts).

export interface SetupSnapshot {
  /** Undefined when never written: the first run seeds it from the service config. */
  readonly clinicians?: Versioned<Clinician[]> | undefined;
  readonly locations?: Versioned<Location[]> | undefined;
  readonly serviceTypes?: Versioned<ServiceType[]> | undefined;
  readonly schedules: ReadonlyMap<string, Versioned<WorkPeriod[]>>;
  readonly weeklyBlackouts: ReadonlyMap<string, Versioned<StoredWeeklyBlackout[]>>;
}

export const serviceSetup = (table: Table) => ({
  async read(): Promise<SetupSnapshot> {
    const { pk, skPrefix } = setupKeys.wholeSetup();
    const items = await queryAll(table.db, {
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    const bySk = new Map(items.map((i) => [String(i.sk), i]));
    const one = <T>(key: { sk: string }, parse: (i: Record<string, unknown>) => T) => {
      const item = bySk.get(key.sk);
      return item ? parse(item) : undefined;
    };
    const schedules = new Map<string, Versioned<WorkPeriod[]>>();
    const weekly = new Map<string, Versioned<StoredWeeklyBlackout[]>>();
    const scheduleSk = setupKeys.workSchedule('').sk;
    const weeklySk = setupKeys.weeklyBlackouts('').sk;
    for (const [sk, item] of bySk) {
      if (sk.startsWith(scheduleSk)) {
        const id = sk.slice(scheduleSk.length);
        schedules.set(id, workSchedules(table).of(id).parse(item));
      } else if (sk.startsWith(weeklySk)) {
        const id = sk.slice(weeklySk.length);
        weekly.set(id, blackouts(table).weekly(id).parse(item));
      }
    }
    return {
      clinicians: one(setupKeys.setupList('CLINICIANS'), (i) => clinicians(table).parse(i)),
      locations: one(setupKeys.setupList('LOCATIONS'), (i) => locations(table).parse(i)),
      serviceTypes: one(setupKeys.setupList('SERVICETYPES'), (i) => serviceTypes(table).parse(i)),
      schedules,
      weeklyBlackouts: weekly,
    };
  },
});
export type ServiceSetup = ReturnType<typeof serviceSetup>;
