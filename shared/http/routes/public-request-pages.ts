import { findFreeTimes, readPatientSetup } from '../../appointments/patient-booking.js';
import {
  findPublicRequest,
  mayUsePublicForm,
  submitPublicRequest,
  validatePublicDetails,
  verifyPublicRequest,
} from '../../appointments/public-request.js';
import type { Deps } from '../../deps.js';
import { appointmentEnd } from '../../domain/appointments.js';
import { addDays } from '../../domain/availability/wall-clock.js';
import { calendarDateIn } from '../../domain/calendar-date.js';
import { formatTimeFromNow } from '../../web/format.js';
import { bookingMessages as bm, publicRequestMessages as m } from '../../web/messages.js';
import { FindTimesPage } from '../../web/pages/appointments.js';
import {
  CheckEmailPage,
  type ChosenTime,
  type DetailsErrors,
  PublicDetailsPage,
  PublicNoticePage,
  VerifyPage,
} from '../../web/pages/public-request.js';
import { csrfMatches, csrfToken } from '../csrf.js';
import { logger } from '../logger.js';
import { clientAddress, formFields, type PortalRequest } from '../request.js';
import { htmlPage, seeOther } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { retryAfterSeconds } from './patient-pages.js';

// The public new-patient request form's pages (F10, F17; docs/appointments.md, "The public request
// form"): choose a type and a free time (GET forms and links, the patients' page in its public
// version), give your details (a post with the pre-session CSRF cookie, as /sign-in), check your
// email; then the emailed link's page, whose button (a post: mail scanners follow links, they do
// not press buttons) sends the request to the service.

const PAGE_DAYS = 7;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIND = '/request-an-appointment';

export const publicRequestPages = (deps: Deps) => {
  const secure = deps.cookieSecure;
  const service = deps.service;
  const { timeZone } = service;
  const viaCloudFront = Boolean(deps.originVerifySecret);

  const closedPage = () =>
    htmlPage(403, PublicNoticePage({ service, title: m.closedTitle, paragraphs: [m.closed(service.phone)] }));

  const find: RouteHandler = async (req) => {
    if (!mayUsePublicForm(deps)) return closedPage();
    const setup = await readPatientSetup(deps, 'new');
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
      else if (outcome.reason === 'closed') return closedPage();
      else if (outcome.reason === 'unknown-service-type')
        errors.push({ field: 'serviceType', href: '#serviceType', text: bm.unknownServiceType });
      else if (outcome.reason === 'unknown-clinician')
        errors.push({ field: 'clinicianId', href: '#clinicianId', text: bm.unknownClinician });
      else errors.push({ field: 'locationId', href: '#locationId', text: bm.unknownLocation });
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
        publicForm: {
          action: FIND,
          confirmPath: `${FIND}/details`,
          title: m.findTitle,
          intro: m.findIntro,
        },
      }),
      { cookies: csrf.cookies },
    );
  };

  /** The chosen time as the set-up names it, or undefined when any part of it is unknown. */
  const chosenTime = async (values: Record<string, string | undefined>): Promise<ChosenTime | undefined> => {
    const setup = await readPatientSetup(deps, 'new');
    const type = setup.serviceTypes.find((t) => t.id === values.serviceType);
    const clinician = setup.clinicians.find((c) => c.id === values.clinicianId);
    const start =
      values.start && !Number.isNaN(Date.parse(values.start))
        ? new Date(values.start).toISOString()
        : undefined;
    if (!type || !clinician || !start) return undefined;
    return {
      start,
      end: appointmentEnd(start, type),
      clinician,
      location: setup.locations.find((l) => l.id === values.locationId),
      serviceType: type,
    };
  };

  const detailsPage = async (
    req: PortalRequest,
    values: Record<string, string | undefined>,
    status: number,
    errors: DetailsErrors,
    formError?: string,
  ) => {
    const chosen = await chosenTime(values);
    if (!chosen) return seeOther(FIND);
    const csrf = csrfToken(req, secure);
    // Typed values come back so a person fixes one field without retyping the rest.
    const { givenName, familyName, email, phone, comment } = values;
    return htmlPage(
      status,
      PublicDetailsPage({
        service,
        csrfToken: csrf.token,
        chosen,
        values: {
          givenName,
          familyName,
          'dob-day': values['dob-day'],
          'dob-month': values['dob-month'],
          'dob-year': values['dob-year'],
          email,
          phone,
          comment,
        },
        errors,
        formError,
      }),
      { cookies: csrf.cookies },
    );
  };

  const details: RouteHandler = async (req) => {
    if (!mayUsePublicForm(deps)) return closedPage();
    return detailsPage(req, req.query, 200, {});
  };

  const send: RouteHandler = async (req) => {
    if (!mayUsePublicForm(deps)) return closedPage();
    const form = formFields(req);
    if (!csrfMatches(req, form.csrf, secure)) return detailsPage(req, form, 400, {}, bm.formExpired);
    const checked = validatePublicDetails(
      {
        givenName: form.givenName ?? '',
        familyName: form.familyName ?? '',
        dateOfBirth: {
          day: form['dob-day'] ?? '',
          month: form['dob-month'] ?? '',
          year: form['dob-year'] ?? '',
        },
        email: form.email ?? '',
        phone: form.phone,
        comment: form.comment,
      },
      deps.clock(),
      timeZone,
    );
    if (!checked.ok) return detailsPage(req, form, 400, checked.errors);
    const start = new Date(form.start ?? '');
    const outcome = await submitPublicRequest(
      deps,
      checked.value,
      {
        clinicianId: form.clinicianId ?? '',
        start: Number.isNaN(start.getTime()) ? new Date(0) : start,
        serviceTypeId: form.serviceType ?? '',
        locationId: form.locationId || undefined,
      },
      { address: clientAddress(req, viaCloudFront), isBot: Boolean(form.website) },
    );
    if (outcome.ok) {
      logger.info('Public appointment request held for its email link', { outcome: 'unverified' });
      return seeOther(`${FIND}/check-email`);
    }
    logger.info('Public appointment request refused', { outcome: outcome.reason });
    if (outcome.reason === 'closed') return closedPage();
    if (outcome.reason === 'rate-limited') {
      const now = deps.clock();
      return htmlPage(
        429,
        PublicNoticePage({
          service,
          title: m.rateLimitedTitle,
          paragraphs: [
            m.rateLimited(service.phone),
            m.tryAfter(formatTimeFromNow(outcome.retryAt, now, timeZone)),
          ],
        }),
        { headers: { 'retry-after': String(retryAfterSeconds(outcome.retryAt, now)) } },
      );
    }
    if (outcome.reason === 'slot-unavailable')
      return detailsPage(req, form, 409, {}, bm.slotUnavailableChooseAgain);
    return seeOther(FIND);
  };

  const checkEmail: RouteHandler = async () => {
    if (!mayUsePublicForm(deps)) return closedPage();
    return htmlPage(200, CheckEmailPage({ service }));
  };

  const gonePage = () =>
    htmlPage(
      410,
      PublicNoticePage({
        service,
        title: m.linkGoneTitle,
        paragraphs: [m.linkGone(service.phone)],
        link: { href: FIND, text: m.startAgain },
      }),
    );

  const verifyPage = async (req: PortalRequest, token: string, status: number, formError?: string) => {
    const found = await findPublicRequest(deps, token);
    if (!found) return gonePage();
    const chosen = await chosenTime({
      serviceType: found.request.serviceType,
      clinicianId: found.request.clinicianId,
      start: found.request.start,
      locationId: found.request.locationId,
    });
    if (!chosen) return gonePage();
    const csrf = csrfToken(req, secure);
    return htmlPage(status, VerifyPage({ service, csrfToken: csrf.token, token, chosen, formError }), {
      cookies: csrf.cookies,
    });
  };

  const verifyLink: RouteHandler = async (req) => {
    if (!mayUsePublicForm(deps)) return closedPage();
    return verifyPage(req, req.query.token ?? '', 200);
  };

  const verify: RouteHandler = async (req) => {
    if (!mayUsePublicForm(deps)) return closedPage();
    const form = formFields(req);
    const token = form.token ?? '';
    if (!csrfMatches(req, form.csrf, secure)) return verifyPage(req, token, 400, bm.formExpired);
    const outcome = await verifyPublicRequest(deps, token);
    logger.info('Public appointment request link followed', { outcome });
    if (outcome === 'verified')
      return htmlPage(
        200,
        PublicNoticePage({ service, title: m.verifiedTitle, paragraphs: [m.verifiedBody] }),
      );
    if (outcome === 'closed') return closedPage();
    if (outcome === 'gone') return gonePage();
    return htmlPage(
      409,
      PublicNoticePage({
        service,
        title: m.slotTakenTitle,
        paragraphs: [m.slotTaken],
        link: { href: FIND, text: m.chooseAgain },
      }),
    );
  };

  return { find, details, send, checkEmail, verifyLink, verify };
};
