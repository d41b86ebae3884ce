import {
  type Deps,
  type DepsWiring,
  onlyWired,
  wireAppointments,
  wireAuditLog,
  wireBlackouts,
  wireClinicians,
  wireLocations,
  wireServiceSetup,
  wireServiceTypes,
  wireStaffSessions,
  wireWorkSchedules,
} from '../../deps.js';
import { portalHandler } from '../portal-handler.js';
import { staffSetupApi } from '../routes/staff-setup-api.js';
import { staffSetupPages } from '../routes/staff-setup-pages.js';

// The service set-up (admin only): clinicians, locations, service types, working weeks and
// blackouts, pages and JSON. A Lambda of its own, apart from the console's: admins use it rarely,
// and its pages, repositories and validation would otherwise push the console's bundle over the
// 130 KiB limit that keeps every cold start short. Appointments are read to refuse a blackout
// over a booking; the audit log takes every change.
export const staffSetupWiring: DepsWiring = {
  staffSessions: wireStaffSessions,
  auditLog: wireAuditLog,
  appointments: wireAppointments,
  clinicians: wireClinicians,
  locations: wireLocations,
  serviceTypes: wireServiceTypes,
  workSchedules: wireWorkSchedules,
  blackouts: wireBlackouts,
  serviceSetup: wireServiceSetup,
};

/** The staff-setup Lambda's routes: the set-up pages under /staff/setup and their JSON. */
export const staffSetupHandler = (allDeps: Deps) => {
  const deps = onlyWired(allDeps, staffSetupWiring);
  const setupPages = staffSetupPages(deps);
  const setupApi = staffSetupApi(deps);
  return portalHandler<'staff-setup'>(deps, {
    'GET /staff/setup': setupPages.overview,
    'GET /staff/setup/clinicians/{id}': setupPages.clinicianForm,
    'POST /staff/setup/clinicians/{id}': setupPages.clinicianSave,
    'GET /staff/setup/locations/{id}': setupPages.locationForm,
    'POST /staff/setup/locations/{id}': setupPages.locationSave,
    'GET /staff/setup/service-types/{id}': setupPages.serviceTypeForm,
    'POST /staff/setup/service-types/{id}': setupPages.serviceTypeSave,
    'GET /staff/setup/clinicians/{id}/schedule': setupPages.scheduleForm,
    'POST /staff/setup/clinicians/{id}/schedule': setupPages.scheduleSave,
    'GET /staff/setup/clinicians/{id}/blackouts': setupPages.blackouts,
    'POST /staff/setup/clinicians/{id}/blackouts': setupPages.blackoutAdd,
    'POST /staff/setup/clinicians/{id}/blackouts/{blackoutId}/remove': setupPages.blackoutRemove,
    'GET /api/staff/setup': setupApi.setup,
    'POST /api/staff/setup/clinicians': setupApi.createClinician,
    'PUT /api/staff/setup/clinicians/{id}': setupApi.updateClinician,
    'POST /api/staff/setup/locations': setupApi.createLocation,
    'PUT /api/staff/setup/locations/{id}': setupApi.updateLocation,
    'POST /api/staff/setup/service-types': setupApi.createServiceType,
    'PUT /api/staff/setup/service-types/{id}': setupApi.updateServiceType,
    'PUT /api/staff/setup/clinicians/{id}/schedule': setupApi.schedule,
    'GET /api/staff/setup/clinicians/{id}/blackouts': setupApi.blackouts,
    'POST /api/staff/setup/clinicians/{id}/blackouts': setupApi.addBlackout,
    'DELETE /api/staff/setup/clinicians/{id}/blackouts/{blackoutId}': setupApi.deleteBlackout,
  });
};
