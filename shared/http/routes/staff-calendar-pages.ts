import {
  appointmentToChange,
  cancelAppointmentAsStaff,
  moveAppointmentAsStaff,
  moveChoices,
  viewCalendar,
} from '../../appointments/staff-calendar.js';
import type { Deps } from '../../deps.js';
import type { Appointment } from '../../domain/appointments.js';
import { calendarDateIn } from '../../domain/calendar-date.js';
import { wallMidnightOf } from '../../domain/availability/wall-clock.js';
import { weekStartingFrom } from '../../domain/staff-calendar.js';
import type { StaffPrincipal } from '../../domain/staff.js';
import type { StaffContext } from '../../staff/console.js';
import { staffCalendarMessages as text } from '../../web/messages.js';
import { CalendarPage, CancelAppointmentPage, MoveAppointmentPage } from '../../web/pages/staff/calendar.js';
import { logger } from '../logger.js';
import type { PortalRequest } from '../request.js';
import { htmlPage, type PortalResponse, seeOther } from '../responses.js';
import { staffFormRoute, staffNoAccess, staffNotFound, staffPageWithCsrf } from '../staff-access.js';

// The staff calendar's pages (issue 14, "Calendar" and "Cancel and move"). The week is a GET
// form and links, so it works without JavaScript; cancel and move are forms with the CSRF token
// that post back and redirect to the calendar (Post/Redirect/Get), or show the form again with
// the error by the field and nothing changed. The use cases check who may do what.

const banners = { cancelled: text.cancelledBanner, moved: text.movedBanner } as const;

const isBanner = (value: string | undefined): value is keyof typeof banners =>
  value === 'cancelled' || value === 'moved';

/** A week from the query, only when it is a real date: anything else is left out of links. */
const weekParam = (value: string | undefined): string | undefined =>
  value !== undefined && weekStartingFrom(value) !== undefined ? value : undefined;

export const staffCalendarPages = (deps: Deps) => {
  const page = staffPageWithCsrf(deps);
  const form = staffFormRoute(deps);
  const { timeZone } = deps.service;
  const context = (req: PortalRequest, principal: StaffPrincipal): StaffContext => ({
    principal,
    requestId: req.requestId,
  });
  const notFound = (title: string = text.notFound) => staffNotFound(deps, title);

  const signed = (principal: StaffPrincipal, csrf: string) => ({
    service: deps.service,
    principal,
    csrfToken: csrf,
  });

  const calendarAfter = (
    appointment: Pick<Appointment, 'clinicianId' | 'start'>,
    done: 'cancelled' | 'moved',
  ) =>
    `/staff/calendar?${new URLSearchParams({
      clinicianId: appointment.clinicianId,
      week: calendarDateIn(new Date(appointment.start), timeZone),
      done,
    }).toString()}`;

  const calendar = page(async (req, principal, csrf) => {
    const outcome = await viewCalendar(deps, principal, {
      clinicianId: req.query.clinicianId || undefined,
      week: req.query.week,
    });
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'forbidden':
          return staffNoAccess(deps);
        case 'not-linked':
          return notFound(text.notLinked);
        case 'unknown-clinician':
          return notFound(text.unknownClinician);
        default:
          return notFound(text.invalidWeek);
      }
    }
    const done = req.query.done;
    return htmlPage(
      200,
      CalendarPage({
        ...signed(principal, csrf),
        ...outcome.view,
        banner: isBanner(done) ? banners[done] : undefined,
      }),
    );
  });

  /** The appointment a cancel or move page is about, when the person may change it. */
  const load = async (
    req: PortalRequest,
    principal: StaffPrincipal,
  ): Promise<{ ok: true; appointment: Appointment } | { ok: false; response: PortalResponse }> => {
    const outcome = await appointmentToChange(deps, principal, req.pathParameters.id ?? '');
    if (outcome.ok) return { ok: true, appointment: outcome.appointment };
    if (outcome.reason === 'forbidden') return { ok: false, response: staffNoAccess(deps) };
    return {
      ok: false,
      response: notFound(outcome.reason === 'not-booked' ? text.notBooked : text.notFound),
    };
  };

  const cancelForm = page(async (req, principal, csrf) => {
    const loaded = await load(req, principal);
    if (!loaded.ok) return loaded.response;
    return htmlPage(
      200,
      CancelAppointmentPage({
        ...signed(principal, csrf),
        appointment: loaded.appointment,
        week: weekParam(req.query.week),
      }),
    );
  });

  const cancel = form(async (req, principal, fields, csrf) => {
    const id = req.pathParameters.id ?? '';
    const outcome = await cancelAppointmentAsStaff(deps, context(req, principal), id, {
      given: fields.reason,
      noneGiven: text.noReasonGiven,
    });
    logger.info('Appointment cancelled by staff', {
      appointmentId: id,
      outcome: outcome.ok ? 'cancelled' : outcome.reason,
    });
    if (outcome.ok) return seeOther(calendarAfter(outcome.appointment, 'cancelled'));
    switch (outcome.reason) {
      case 'forbidden':
        return staffNoAccess(deps);
      case 'reason-too-long': {
        const loaded = await load(req, principal);
        if (!loaded.ok) return loaded.response;
        return htmlPage(
          400,
          CancelAppointmentPage({
            ...signed(principal, csrf),
            appointment: loaded.appointment,
            week: weekParam(fields.week),
            reason: fields.reason ?? '',
            error: text.reasonTooLong,
          }),
        );
      }
      case 'already-cancelled':
      case 'attendance-recorded':
        return notFound(text.notBooked);
      default:
        return notFound();
    }
  });

  const showMove = async (
    req: PortalRequest,
    principal: StaffPrincipal,
    csrf: string,
    choice: { clinicianId?: string | undefined; date?: string | undefined; week?: string | undefined },
    errors: { date?: string; start?: string } = {},
    status = 200,
  ): Promise<PortalResponse> => {
    const date = choice.date;
    const realDate =
      date === undefined || date === '' ? undefined : Number.isNaN(wallMidnightOf(date)) ? null : date;
    const outcome = await moveChoices(deps, principal, req.pathParameters.id ?? '', {
      clinicianId: choice.clinicianId || undefined,
      date: realDate ?? undefined,
    });
    if (!outcome.ok) {
      if (outcome.reason === 'forbidden') return staffNoAccess(deps);
      if (outcome.reason === 'unknown-clinician') return notFound(text.unknownClinician);
      return notFound(outcome.reason === 'not-booked' ? text.notBooked : text.notFound);
    }
    const { appointment, clinicians, locations, slots } = outcome.choices;
    return htmlPage(
      realDate === null ? 400 : status,
      MoveAppointmentPage({
        ...signed(principal, csrf),
        appointment,
        clinicians,
        clinicianId: choice.clinicianId || appointment.clinicianId,
        date:
          realDate ??
          (realDate === null ? (date ?? '') : calendarDateIn(new Date(appointment.start), timeZone)),
        slots: realDate === null ? [] : slots,
        locations,
        week: weekParam(choice.week),
        errors: realDate === null ? { ...errors, date: text.invalidDate } : errors,
      }),
    );
  };

  const moveForm = page(async (req, principal, csrf) =>
    showMove(req, principal, csrf, {
      clinicianId: req.query.clinicianId,
      date: req.query.date,
      week: req.query.week,
    }),
  );

  const move = form(async (req, principal, fields, csrf) => {
    const id = req.pathParameters.id ?? '';
    const start = new Date(fields.start ?? '');
    const clinicianId = fields.clinicianId ?? '';
    const choice = {
      clinicianId,
      date: Number.isNaN(start.getTime()) ? undefined : calendarDateIn(start, timeZone),
      week: fields.week,
    };
    if (Number.isNaN(start.getTime()) || clinicianId === '')
      return showMove(req, principal, csrf, choice, { start: text.chooseTime }, 400);
    const outcome = await moveAppointmentAsStaff(deps, context(req, principal), id, { clinicianId, start });
    logger.info('Appointment moved by staff', {
      appointmentId: id,
      outcome: outcome.ok ? 'moved' : outcome.reason,
    });
    if (outcome.ok) return seeOther(calendarAfter(outcome.appointment, 'moved'));
    switch (outcome.reason) {
      case 'forbidden':
        return staffNoAccess(deps);
      case 'not-found':
        return notFound();
      case 'not-booked':
        return notFound(text.notBooked);
      case 'unknown-clinician':
        return notFound(text.unknownClinician);
      case 'changed':
        return showMove(req, principal, csrf, choice, { start: text.changed }, 409);
      case 'slot-unavailable':
        return showMove(req, principal, csrf, choice, { start: text.slotUnavailable }, 409);
      default:
        return showMove(req, principal, csrf, choice, { start: text.slotTaken }, 409);
    }
  });

  return { calendar, cancelForm, cancel, moveForm, move };
};
