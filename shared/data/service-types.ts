import * as z from 'zod/mini';
import type { ServiceType } from '../domain/availability/setup.js';
import type { Table } from './dynamo.js';
import { setupKeys } from './keys.js';
import { ServiceTypeItem } from './setup-schemas.js';
import { versionedItem } from './versioned-item.js';

// Intakes, sessions and the like: one item holding the service's list.
export const serviceTypes = (table: Table) =>
  versionedItem<ServiceType[]>(table, setupKeys.setupList('SERVICETYPES'), () => z.array(ServiceTypeItem()));
export type ServiceTypes = ReturnType<typeof serviceTypes>;
