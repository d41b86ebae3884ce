import * as z from 'zod/mini';
import type { Location } from '../domain/availability/setup.js';
import type { Table } from './dynamo.js';
import { setupKeys } from './keys.js';
import { LocationItem } from './setup-schemas.js';
import { versionedItem } from './versioned-item.js';

// Where appointments happen: one item holding the service's list.
export const locations = (table: Table) =>
  versionedItem<Location[]>(table, setupKeys.setupList('LOCATIONS'), () => z.array(LocationItem()));
export type Locations = ReturnType<typeof locations>;
