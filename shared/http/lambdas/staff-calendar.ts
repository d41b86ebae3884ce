import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointmentRequests,
  wireAppointments,
  wireAuditLog,
  wireBlackouts,
  wireClinicians,
  wireLocations,
  wireNotices,
  wirePatients,
  wireServiceSetup,
  wireServiceTypes,
  wireStaffAppointments,
  wireStaffSessions,
  wireWorkSchedules,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffCalendarApi } from '../routes/staff-calendar-api.js';
import { staffCalendarPages } from '../routes/staff-calendar-pages.js';

// The staff calendar (issue 14, "Calendar" and "Cancel and move"): a clinician's week, and staff
// cancelling and moving appointments with a notice to the patient, pages and JSON. A Lambda of its
// own: the console's bundle is at its 130 KiB limit, and this one carries availability, the
// set-up's repositories and the message renderer (notices are rendered when they are decided).
// Blackouts is the repository that reads a clinician's cells; the set-up's one Query parses each
// item with its own repository's schema, so clinicians, locations, service types and schedules
// are wired too.
export const staffCalendarWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  auditLog: wireAuditLog,
  patients: wirePatients,
  appointments: wireAppointments,
  staffAppointments: wireStaffAppointments,
  appointmentRequests: wireAppointmentRequests,
  blackouts: wireBlackouts,
  notices: wireNotices,
  serviceSetup: wireServiceSetup,
  clinicians: wireClinicians,
  locations: wireLocations,
  serviceTypes: wireServiceTypes,
  workSchedules: wireWorkSchedules,
};

/** The staff-calendar Lambda's routes: the calendar pages, cancel and move, and their JSON. */
export const staffCalendarHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffCalendarWiring);
  const pages = staffCalendarPages(deps);
  const api = staffCalendarApi(deps);
  return portalHandler<'staff-calendar'>(deps, {
    'GET /staff/calendar': pages.calendar,
    'GET /staff/appointments/{id}/cancel': pages.cancelForm,
    'POST /staff/appointments/{id}/cancel': pages.cancel,
    'GET /staff/appointments/{id}/move': pages.moveForm,
    'POST /staff/appointments/{id}/move': pages.move,
    'GET /api/staff/calendar': api.calendar,
    'POST /api/staff/appointments/{id}/cancel': api.cancel,
    'POST /api/staff/appointments/{id}/move': api.move,
  });
};
