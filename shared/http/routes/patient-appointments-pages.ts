import {
  cancelOwnAppointment,
  cancelRequest,
  findFreeTimes,
  listPatientAppointments,
  prereadForRequest,
  readPatientSetup,
  requestAppointment,
} from '../../appointments/patient-booking.js';
import { signedInPatient, signedInPatientWith } from '../../auth/patient-session.js';
import type { Deps } from '../../deps.js';
import { mayCancelAppointment } from '../../domain/appointment-requests.js';
import { appointmentEnd } from '../../domain/appointments.js';
import { addDays } from '../../domain/availability/wall-clock.js';
import { calendarDateIn } from '../../domain/calendar-date.js';
import { bookingMessages as m } from '../../web/messages.js';
import { ConfirmRequestPage, FindTimesPage, MyAppointmentsPage } from '../../web/pages/appointments.js';
import { sessionToken } from '../cookies.js';
import { csrfMatches, csrfToken } from '../csrf.js';
import { formFields, type PortalRequest } from '../request.js';
import { htmlPage, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { COMMENT_MAX } from './patient-appointments-api.js';

// The patient's appointment pages (F10, F15), on the same use cases as the JSON. Choosing and
// seeing free times are GET forms and links (nothing changes); sending and cancelling are posts
// with the CSRF token, then Post/Redirect/Get.

/** Days of free times on one page; "later dates" moves on by as many. */
const PAGE_DAYS = 7;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const patientAppointmentsPages = (deps: Deps) => {
  const secure = deps.cookieSecure;
  const token = (req: PortalRequest) => sessionToken(req, secure);
  const { timeZone } = deps.service;
  const service = deps.service;

  const closedPage = (req: PortalRequest) =>
    myPage(req, { status: 403, error: m.closed, upcoming: [], pending: [] });

  const myPage = (
    req: PortalRequest,
    p: {
      status?: number;
      error?: string;
      banner?: string;
      upcoming: Parameters<typeof MyAppointmentsPage>[0]['upcoming'];
      pending: Parameters<typeof MyAppointmentsPage>[0]['pending'];
    },
  ) => {
    const csrf = csrfToken(req, secure);
    return htmlPage(
      p.status ?? 200,
      MyAppointmentsPage({
        service,
        csrfToken: csrf.token,
        upcoming: p.upcoming,
        pending: p.pending,
        banner: p.banner,
        error: p.error,
      }),
      { cookies: csrf.cookies },
    );
  };

  const banners: Record<string, string> = {
    requested: m.sentBanner,
    'request-cancelled': m.requestCancelledBanner,
    cancelled: m.appointmentCancelledBanner,
  };

  const showMine = async (req: PortalRequest, status = 200, error?: string) => {
    const signed = await signedInPatientWith(deps, token(req), (id) => listPatientAppointments(deps, id));
    if (!signed) return seeOther('/sign-in');
    const list = signed.also;
    const name = (id: string) => {
      const c = list.clinicians.find((x) => x.id === id);
      return c?.visible ? c.name : m.hiddenClinician;
    };
    const view = (x: (typeof list.upcoming)[number] | (typeof list.pending)[number]) => ({
      id: x.id,
      start: x.start,
      end: x.end,
      clinicianName: name(x.clinicianId),
      serviceTypeName: list.serviceTypes.find((t) => t.id === x.serviceType)?.name ?? x.serviceType,
      locationName: list.locations.find((l) => l.id === x.locationId)?.name,
    });
    const now = deps.clock();
    const { cancelCutoffHours } = deps.service.appointments;
    return myPage(req, {
      status,
      error,
      banner: banners[Object.keys(req.query).find((k) => k in banners) ?? ''],
      upcoming: list.upcoming.map((a) => ({
        ...view(a),
        cancellable: mayCancelAppointment(a.start, now, cancelCutoffHours),
      })),
      pending: list.pending.map(view),
    });
  };

  const mine: RouteHandler = (req) => showMine(req);

  const find: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, token(req));
    if (!patient) return seeOther('/sign-in');
    if (deps.service.appointments.portal === 'nobody') return closedPage(req);
    const setup = await readPatientSetup(deps);
    const today = calendarDateIn(deps.clock(), timeZone);
    const from =
      req.query.from && ISO_DATE.test(req.query.from) && req.query.from > today ? req.query.from : today;
    const chosen = {
      serviceType: req.query.serviceType || undefined,
      locationId: req.query.locationId || undefined,
      clinicianId: req.query.clinicianId || undefined,
      from,
    };
    const errors: { field: string; href: string; text: string }[] = [];
    let slots: { start: string; clinicianId: string; locationId: string }[] | undefined;
    if (req.query.serviceType !== undefined) {
      const outcome = await findFreeTimes(
        deps,
        {
          from,
          to: addDays(from, PAGE_DAYS - 1),
          serviceTypeId: chosen.serviceType ?? '',
          clinicianId: chosen.clinicianId ?? 'any',
          locationId: chosen.locationId,
        },
        setup,
      );
      if (outcome.ok) slots = [...outcome.slots];
      else if (outcome.reason === 'closed') return closedPage(req);
      else if (outcome.reason === 'unknown-service-type')
        errors.push({ field: 'serviceType', href: '#serviceType', text: m.unknownServiceType });
      else if (outcome.reason === 'unknown-clinician')
        errors.push({ field: 'clinicianId', href: '#clinicianId', text: m.unknownClinician });
      else errors.push({ field: 'locationId', href: '#locationId', text: m.unknownLocation });
    }
    const csrf = csrfToken(req, secure);
    return htmlPage(
      errors.length > 0 ? 400 : 200,
      FindTimesPage({
        service,
        csrfToken: csrf.token,
        serviceTypes: setup.serviceTypes,
        locations: setup.locations,
        clinicians: setup.clinicians,
        chosen,
        errors,
        slots,
        nextFrom: slots ? addDays(from, PAGE_DAYS) : undefined,
      }),
      { cookies: csrf.cookies },
    );
  };

  /** The check-and-send page, for a GET from a slot link or a post that needs showing again. */
  const confirmPage = async (
    req: PortalRequest,
    values: Record<string, string | undefined>,
    status: number,
    errors: { href: string; text: string }[],
  ) => {
    const setup = await readPatientSetup(deps);
    const type = setup.serviceTypes.find((t) => t.id === values.serviceType);
    const clinician = setup.clinicians.find((c) => c.id === values.clinicianId);
    const start =
      values.start && !Number.isNaN(Date.parse(values.start))
        ? new Date(values.start).toISOString()
        : undefined;
    if (!type || !clinician || !start) return seeOther('/appointments/request');
    const csrf = csrfToken(req, secure);
    return htmlPage(
      status,
      ConfirmRequestPage({
        service,
        csrfToken: csrf.token,
        start,
        end: appointmentEnd(start, type),
        clinician,
        location: setup.locations.find((l) => l.id === values.locationId),
        serviceType: type,
        comment: values.comment,
        errors,
      }),
      { cookies: csrf.cookies },
    );
  };

  const confirm: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, token(req));
    if (!patient) return seeOther('/sign-in');
    if (deps.service.appointments.portal === 'nobody') return closedPage(req);
    return confirmPage(req, req.query, 200, []);
  };

  const send: RouteHandler = async (req) => {
    const form = formFields(req);
    const startText = form.start ?? '';
    const start = new Date(startText);
    const input = {
      clinicianId: form.clinicianId ?? '',
      start: Number.isNaN(start.getTime()) ? new Date(0) : start,
      serviceTypeId: form.serviceType ?? '',
      locationId: form.locationId || undefined,
      comment: form.comment?.trim() || undefined,
    };
    const signed = await signedInPatientWith(deps, token(req), () => prereadForRequest(deps, input));
    if (!signed) return seeOther('/sign-in');
    if (!csrfMatches(req, form.csrf, secure))
      return confirmPage(req, form, 400, [{ href: '#comment', text: m.formExpired }]);
    if ((input.comment?.length ?? 0) > COMMENT_MAX)
      return confirmPage(req, form, 400, [{ href: '#comment', text: m.commentTooLong(COMMENT_MAX) }]);
    const outcome = await requestAppointment(deps, signed.patient.id, input, signed.also);
    if (outcome.ok) return seeOther('/appointments?requested');
    if (outcome.reason === 'closed') return closedPage(req);
    if (outcome.reason === 'slot-unavailable')
      return confirmPage(req, form, 409, [{ href: '#comment', text: m.slotUnavailableChooseAgain }]);
    return seeOther('/appointments/request');
  };

  const cancelPendingRequest: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, token(req));
    if (!patient) return seeOther('/sign-in');
    const form = formFields(req);
    if (!csrfMatches(req, form.csrf, secure)) return showMine(req, 400, m.formExpired);
    const outcome = await cancelRequest(deps, patient.id, req.pathParameters.id ?? '');
    if (outcome === 'cancelled') return seeOther('/appointments?request-cancelled');
    return showMine(
      req,
      outcome === 'not-found' ? 404 : 409,
      outcome === 'not-found' ? m.requestNotFound : m.requestNotPending,
    );
  };

  const cancelAppointment: RouteHandler = async (req) => {
    const patient = await signedInPatient(deps, token(req));
    if (!patient) return seeOther('/sign-in');
    const form = formFields(req);
    if (!csrfMatches(req, form.csrf, secure)) return showMine(req, 400, m.formExpired);
    const id = req.pathParameters.id ?? '';
    const outcome = /^[0-9a-f-]{36}$/.test(id)
      ? await cancelOwnAppointment(deps, patient.id, id)
      : ({ ok: false, reason: 'not-found' } as const);
    if (outcome.ok) return seeOther('/appointments?cancelled');
    if (outcome.reason === 'too-late')
      return showMine(
        req,
        409,
        m.tooLateToCancel(deps.service.appointments.cancelCutoffHours, deps.service.phone),
      );
    if (outcome.reason === 'not-found') return showMine(req, 404, m.appointmentNotFound);
    return showMine(req, 409, m.appointmentAlreadyCancelled);
  };

  return { mine, find, confirm, send, cancelPendingRequest, cancelAppointment };
};
