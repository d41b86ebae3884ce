import type { Deps } from '../../deps.js';
import type { PortalHandler } from '../portal-handler.js';
import type { LambdaName } from '../route-table.js';
import { integrationHandler } from './integration.js';
import { patientSessionHandler } from './patient-session.js';
import { questionnairesHandler } from './questionnaires.js';
import { staffHandler } from './staff.js';
import { staffSetupHandler } from './staff-setup.js';
import { staffAuthHandler } from './staff-auth.js';
import { appointmentsHandler } from './appointments.js';
import { staffCalendarHandler } from './staff-calendar.js';
import { staffAppointmentsHandler } from './staff-appointments.js';
import { staffRecordsHandler } from './staff-records.js';
import { integrationRecordsHandler } from './integration-records.js';
import { recordsHandler } from './records.js';
import { publicRequestsHandler } from './public-requests.js';
import { staffReportsHandler } from './staff-reports.js';
import { integrationReportsHandler } from './integration-reports.js';

/** Each Lambda's handler, built from Deps: the entry files and the tests both start here. */
export const handlerFactories: Record<LambdaName, (deps: Deps) => PortalHandler> = {
  'patient-session': patientSessionHandler,
  questionnaires: questionnairesHandler,
  integration: integrationHandler,
  'staff-auth': staffAuthHandler,
  staff: staffHandler,
  'staff-setup': staffSetupHandler,
  appointments: appointmentsHandler,
  'staff-calendar': staffCalendarHandler,
  'staff-appointments': staffAppointmentsHandler,
  'staff-records': staffRecordsHandler,
  'integration-records': integrationRecordsHandler,
  records: recordsHandler,
  'public-requests': publicRequestsHandler,
  'staff-reports': staffReportsHandler,
  'integration-reports': integrationReportsHandler,
};
