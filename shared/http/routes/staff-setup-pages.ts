import type { Deps } from '../../deps.js';
import type { Clinician } from '../../domain/availability/setup.js';
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
  type SetupView,
  viewSetup,
} from '../../setup/service-setup.js';
import type { StaffContext } from '../../staff/console.js';
import { setupPageMessages } from '../../web/messages.js';
import {
  type BlackoutForms,
  BlackoutsPage,
  ClinicianFormPage,
  type FormErrors,
  LocationFormPage,
  periodRowsOf,
  SchedulePage,
  ServiceTypeFormPage,
  SetupPage,
} from '../../web/pages/staff/setup.js';
import type { PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import { staffFormRoute, staffNoAccess, staffNotFound, staffPageWithCsrf } from '../staff-access.js';
import {
  describeClash,
  fieldErrorsOf,
  oneOffFromForm,
  periodRowsFromForm,
  periodsFromRows,
  requesterOf,
  wholeNumber,
  weeklyFromForm,
} from './staff-setup-forms.js';

// The console's set-up pages (issue 14, "Set-up"), admins only: the use cases check the role, so
// a clinician or scheduler gets the NHS "You do not have access" page. Every form carries the
// CSRF token; a valid change redirects (Post/Redirect/Get), a refused one shows the form again
// with the error summary and the message by the field, and nothing stored.

const NEW = 'new';

export const staffSetupPages = (deps: Deps) => {
  const page = staffPageWithCsrf(deps);
  const form = staffFormRoute(deps);
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });
  const notFound = () => staffNotFound(deps, setupPageMessages.notFound);

  const signed = (principal: StaffPrincipal, csrf: string) => ({
    service: deps.service,
    principal,
    csrfToken: csrf,
  });

  /** The set-up, or the answer when the person may not see it. */
  const loadView = async (
    principal: StaffPrincipal,
  ): Promise<{ ok: true; view: SetupView } | { ok: false; response: PortalResponse }> => {
    const outcome = await viewSetup(deps, principal);
    if (outcome.ok) return { ok: true, view: outcome.value };
    return { ok: false, response: outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound() };
  };

  /** Where a refused save goes: the form again (400) with its errors, or a notice. */
  const refused = (
    outcome: Exclude<SetupOutcome<unknown>, { ok: true }>,
    reshow: (errors: FormErrors) => Promise<PortalResponse>,
    firstField: string,
  ): Promise<PortalResponse> | PortalResponse => {
    switch (outcome.reason) {
      case 'forbidden':
        return staffNoAccess(deps);
      case 'not-found':
        return notFound();
      case 'invalid':
        return reshow(fieldErrorsOf(outcome.problems));
      case 'clash':
        return reshow({ [firstField]: describeClash(outcome.clash, deps.service.timeZone) });
      default:
        return reshow({ [firstField]: setupPageMessages.busy });
    }
  };

  const overview = page(async (_req, principal, csrf) => {
    const loaded = await loadView(principal);
    if (!loaded.ok) return loaded.response;
    return htmlPage(200, SetupPage({ ...signed(principal, csrf), ...loaded.view }));
  });

  const clinicianOf = (view: SetupView, id: string | undefined): Clinician | undefined =>
    view.clinicians.find((c) => c.id === id);

  const clinicianForm = page(async (req, principal, csrf) => {
    const loaded = await loadView(principal);
    if (!loaded.ok) return loaded.response;
    const id = req.pathParameters.id ?? '';
    const found = clinicianOf(loaded.view, id);
    if (id !== NEW && !found) return notFound();
    const values = found
      ? { name: found.name, visible: found.visible ? 'yes' : 'no', staffEmail: found.staffEmail ?? '' }
      : { name: '', visible: 'yes', staffEmail: '' };
    return htmlPage(200, ClinicianFormPage({ ...signed(principal, csrf), id, values }));
  });

  const clinicianSave = form(async (req, principal, fields, csrf) => {
    const id = req.pathParameters.id ?? '';
    const values = {
      name: fields.name ?? '',
      visible: fields.visible ?? '',
      staffEmail: fields.staffEmail ?? '',
    };
    const reshow = async (errors: FormErrors) =>
      htmlPage(400, ClinicianFormPage({ ...signed(principal, csrf), id, values, errors }));
    if (values.visible !== 'yes' && values.visible !== 'no') {
      return reshow({ visible: setupPageMessages.chooseVisible });
    }
    const outcome = await saveClinician(deps, context(req, principal), id === NEW ? undefined : id, {
      name: values.name,
      visible: values.visible === 'yes',
      staffEmail: values.staffEmail,
    });
    return outcome.ok ? seeOther('/staff/setup') : refused(outcome, reshow, 'name');
  });

  const locationForm = page(async (req, principal, csrf) => {
    const loaded = await loadView(principal);
    if (!loaded.ok) return loaded.response;
    const id = req.pathParameters.id ?? '';
    const found = loaded.view.locations.find((l) => l.id === id);
    if (id !== NEW && !found) return notFound();
    return htmlPage(
      200,
      LocationFormPage({ ...signed(principal, csrf), id, values: { name: found?.name ?? '' } }),
    );
  });

  const locationSave = form(async (req, principal, fields, csrf) => {
    const id = req.pathParameters.id ?? '';
    const values = { name: fields.name ?? '' };
    const reshow = async (errors: FormErrors) =>
      htmlPage(400, LocationFormPage({ ...signed(principal, csrf), id, values, errors }));
    const outcome = await saveLocation(deps, context(req, principal), id === NEW ? undefined : id, values);
    return outcome.ok ? seeOther('/staff/setup') : refused(outcome, reshow, 'name');
  });

  const serviceTypeForm = page(async (req, principal, csrf) => {
    const loaded = await loadView(principal);
    if (!loaded.ok) return loaded.response;
    const id = req.pathParameters.id ?? '';
    const found = loaded.view.serviceTypes.find((t) => t.id === id);
    if (id !== NEW && !found) return notFound();
    const values = found
      ? {
          name: found.name,
          durationMinutes: String(found.durationMinutes),
          bufferMinutes: String(found.bufferMinutes),
          requestableBy: found.requestableBy,
        }
      : { name: '', durationMinutes: '50', bufferMinutes: '10', requestableBy: 'nobody' };
    return htmlPage(200, ServiceTypeFormPage({ ...signed(principal, csrf), id, values }));
  });

  const serviceTypeSave = form(async (req, principal, fields, csrf) => {
    const id = req.pathParameters.id ?? '';
    const values = {
      name: fields.name ?? '',
      durationMinutes: fields.durationMinutes ?? '',
      bufferMinutes: fields.bufferMinutes ?? '',
      requestableBy: fields.requestableBy ?? '',
    };
    const reshow = async (errors: FormErrors) =>
      htmlPage(400, ServiceTypeFormPage({ ...signed(principal, csrf), id, values, errors }));
    const outcome = await saveServiceType(deps, context(req, principal), id === NEW ? undefined : id, {
      name: values.name,
      durationMinutes: wholeNumber(values.durationMinutes),
      bufferMinutes: wholeNumber(values.bufferMinutes),
      requestableBy: requesterOf(values.requestableBy),
    });
    return outcome.ok ? seeOther('/staff/setup') : refused(outcome, reshow, 'name');
  });

  const scheduleForm = page(async (req, principal, csrf) => {
    const loaded = await loadView(principal);
    if (!loaded.ok) return loaded.response;
    const clinician = clinicianOf(loaded.view, req.pathParameters.id);
    if (!clinician) return notFound();
    return htmlPage(
      200,
      SchedulePage({
        ...signed(principal, csrf),
        clinician,
        locations: loaded.view.locations,
        rows: periodRowsOf(loaded.view.schedules.get(clinician.id) ?? []),
      }),
    );
  });

  const scheduleSave = form(async (req, principal, fields, csrf) => {
    const loaded = await loadView(principal);
    if (!loaded.ok) return loaded.response;
    const clinician = clinicianOf(loaded.view, req.pathParameters.id);
    if (!clinician) return notFound();
    const rows = periodRowsFromForm(fields);
    const { periods, toRows } = periodsFromRows(rows);
    const reshow = async (errors: FormErrors) =>
      htmlPage(
        400,
        SchedulePage({
          ...signed(principal, csrf),
          clinician,
          locations: loaded.view.locations,
          rows,
          errors,
        }),
      );
    const outcome = await saveSchedule(deps, context(req, principal), clinician.id, periods);
    if (outcome.ok) return seeOther('/staff/setup');
    if (outcome.reason === 'invalid') return reshow(fieldErrorsOf(toRows(outcome.problems)));
    return refused(outcome, reshow, 'periods.0.weekday');
  });

  const showBlackouts = async (
    req: PortalRequest,
    principal: StaffPrincipal,
    csrf: string,
    forms: BlackoutForms,
    status: number,
  ): Promise<PortalResponse> => {
    const loaded = await loadView(principal);
    if (!loaded.ok) return loaded.response;
    const clinician = clinicianOf(loaded.view, req.pathParameters.id);
    if (!clinician) return notFound();
    const listed = await blackoutsOf(deps, principal, clinician.id);
    if (!listed.ok) return notFound();
    return htmlPage(status, BlackoutsPage({ ...signed(principal, csrf), clinician, ...listed.value, forms }));
  };

  const blackouts = page(async (req, principal, csrf) =>
    showBlackouts(req, principal, csrf, { values: {} }, 200),
  );

  const blackoutAdd = form(async (req, principal, fields, csrf) => {
    const clinicianId = req.pathParameters.id ?? '';
    const kind = fields.kind === 'weekly' ? 'weekly' : 'one-off';
    const outcome =
      kind === 'weekly'
        ? await addWeeklyBlackout(deps, context(req, principal), clinicianId, weeklyFromForm(fields))
        : await addOneOffBlackout(deps, context(req, principal), clinicianId, oneOffFromForm(fields));
    if (outcome.ok) return seeOther(`/staff/setup/clinicians/${clinicianId}/blackouts`);
    const reshow = async (errors: FormErrors) =>
      showBlackouts(req, principal, csrf, { kind, values: fields, errors }, 400);
    return refused(outcome, reshow, kind === 'weekly' ? 'start' : 'startDate');
  });

  const blackoutRemove = form(async (req, principal) => {
    const clinicianId = req.pathParameters.id ?? '';
    const outcome = await removeBlackout(
      deps,
      context(req, principal),
      clinicianId,
      req.pathParameters.blackoutId ?? '',
    );
    if (outcome.ok) return seeOther(`/staff/setup/clinicians/${clinicianId}/blackouts`);
    return outcome.reason === 'forbidden' ? staffNoAccess(deps) : notFound();
  });

  return {
    overview,
    clinicianForm,
    clinicianSave,
    locationForm,
    locationSave,
    serviceTypeForm,
    serviceTypeSave,
    scheduleForm,
    scheduleSave,
    blackouts,
    blackoutAdd,
    blackoutRemove,
  };
};
