import * as z from 'zod/mini';
import type { Clinician } from '../domain/availability/setup.js';
import type { Table } from './dynamo.js';
import { setupKeys } from './keys.js';
import { ClinicianItem } from './setup-schemas.js';
import { versionedItem } from './versioned-item.js';

// The service's clinicians: one item holding the list (a service has tens, not thousands), so the
// integration API's list, a staff sign-in's link and the console's names are one GetItem.
export const clinicians = (table: Table) =>
  versionedItem<Clinician[]>(table, setupKeys.setupList('CLINICIANS'), () => z.array(ClinicianItem()));
export type Clinicians = ReturnType<typeof clinicians>;
