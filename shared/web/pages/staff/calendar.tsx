import type { ServiceConfig } from '../../../config/service-config.js';
import type { Appointment } from '../../../domain/appointments.js';
import type { Clinician, Location, ServiceType } from '../../../domain/availability/setup.js';
import type { Slot } from '../../../domain/availability/slots.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import { addDays, wallMidnightOf } from '../../../domain/availability/wall-clock.js';
import type { CalendarDay, CalendarEntry } from '../../../domain/staff-calendar.js';
import { Button, CsrfField, ErrorSummary, Radios, Textarea, TextInput } from '../../components.js';
import { formatDate, formatTime } from '../../format.js';
import { messages, staffCalendarMessages as text } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

// The staff calendar (issue 14, "Calendar"): one clinician's week, a day per list item with its
// own heading, each day a list of what it holds. Works without JavaScript: the clinician and the
// week are a GET form, and the previous and next weeks are links. A pending request is marked in
// words ("Tentative: request") and by a dashed border, never by colour alone; blackouts say which
// kind they are. Cancel and move are forms that post back (Post/Redirect/Get).

type Service = Pick<ServiceConfig, 'name' | 'timeZone'>;

export interface CalendarSigned {
  readonly service: Service;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
}

const calendarUrl = (clinicianId: string, week: string) =>
  `/staff/calendar?${new URLSearchParams({ clinicianId, week }).toString()}`;

/** A local date (`YYYY-MM-DD`) as "Monday 22 March": noon UTC is the same day in every zone in use. */
const dayName = (date: string) => formatDate(new Date(wallMidnightOf(date) + 12 * 3600_000), 'UTC');

const whenOf = (appointment: Pick<Appointment, 'start'>, service: Service) =>
  `${formatDate(new Date(appointment.start), service.timeZone)} at ${formatTime(new Date(appointment.start), service.timeZone)}`;

const Entry = (props: {
  readonly entry: CalendarEntry;
  readonly service: Service;
  readonly names: ReadonlyMap<string, string>;
  readonly typeName: (id: string) => string;
  readonly locationName: (id: string | undefined) => string | undefined;
  readonly week: string;
}) => {
  const { entry, service, names } = props;
  const from = formatTime(new Date(entry.start), service.timeZone);
  const to = formatTime(new Date(entry.end), service.timeZone);
  const range = text.range(from, to);
  switch (entry.kind) {
    case 'appointment': {
      const name = names.get(entry.patientId);
      const where = props.locationName(entry.locationId);
      const when = whenOf(entry, service);
      return (
        <li class="app-calendar__entry app-calendar__entry--appointment">
          <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-1">
            {range}: {text.appointment}
          </h3>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
            {props.typeName(entry.serviceType)}
            {where && ` (${where})`}
            {name && `, ${name}`}
          </p>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
            <a href={`/staff/appointments/${entry.id}/move?week=${props.week}`}>
              {text.move}
              <span class="nhsuk-u-visually-hidden">{text.moveHidden(when)}</span>
            </a>{' '}
            <a href={`/staff/appointments/${entry.id}/cancel?week=${props.week}`}>
              {text.cancel}
              <span class="nhsuk-u-visually-hidden">{text.cancelHidden(when)}</span>
            </a>
          </p>
        </li>
      );
    }
    case 'request': {
      const name = names.get(entry.patientId ?? entry.id);
      return (
        <li class="app-calendar__entry app-calendar__entry--tentative">
          <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-1">
            {text.tentative}, {range}
          </h3>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
            {props.typeName(entry.serviceType)}
            {name && `, ${entry.patientId ? '' : `${text.newPatient}: `}${name}`}
          </p>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{text.tentativeHint}</p>
        </li>
      );
    }
    default:
      return (
        <li class="app-calendar__entry app-calendar__entry--blackout">
          <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-0">
            {range}: {entry.kind === 'blackout' ? text.blackout : text.weeklyBlackout}
          </h3>
        </li>
      );
  }
};

export interface CalendarPageProps extends CalendarSigned {
  readonly clinician: Clinician;
  readonly clinicians: readonly Clinician[];
  readonly monday: string;
  readonly days: readonly CalendarDay[];
  readonly serviceTypes: readonly ServiceType[];
  readonly locations: readonly Location[];
  readonly names: ReadonlyMap<string, string>;
  readonly banner?: string | undefined;
}

export const CalendarPage = (p: CalendarPageProps) => {
  const typeName = (id: string) => p.serviceTypes.find((t) => t.id === id)?.name ?? id;
  const locationName = (id: string | undefined) =>
    id === undefined ? undefined : (p.locations.find((l) => l.id === id)?.name ?? id);
  const title = text.title(p.clinician.name);
  return (
    <StaffLayout
      title={title}
      service={p.service}
      signedIn={{ principal: p.principal, csrfToken: p.csrfToken }}
    >
      <a class="nhsuk-back-link" href="/staff">
        {messages.staff.backToConsole}
      </a>
      {p.banner && (
        <div class="nhsuk-inset-text" role="status">
          <p>{p.banner}</p>
        </div>
      )}
      <h1>{title}</h1>
      <p class="nhsuk-body-l">{text.weekOf(dayName(p.monday))}</p>
      <form method="get" action="/staff/calendar" class="app-calendar__choose">
        <fieldset class="nhsuk-fieldset">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{text.chooseHeading}</legend>
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="clinicianId">
              {text.clinicianLabel}
            </label>
            <select class="nhsuk-select" id="clinicianId" name="clinicianId">
              {p.clinicians.map((c) => (
                <option key={c.id} value={c.id} selected={c.id === p.clinician.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <TextInput
            name="week"
            label={text.weekLabel}
            hint={text.weekHint}
            value={p.monday}
            widthClass="nhsuk-input--width-10"
          />
          <Button secondary>{text.show}</Button>
        </fieldset>
      </form>
      <nav aria-label={text.weekNav}>
        <ul class="nhsuk-list app-calendar__weeks">
          <li>
            <a href={calendarUrl(p.clinician.id, addDays(p.monday, -7))}>{text.previousWeek}</a>
          </li>
          <li>
            <a href={calendarUrl(p.clinician.id, addDays(p.monday, 7))}>{text.nextWeek}</a>
          </li>
        </ul>
      </nav>
      <p class="nhsuk-body-s">{text.timesIn(p.service.timeZone)}</p>
      <ol class="nhsuk-list app-calendar">
        {p.days.map((day) => (
          <li key={day.date} class="app-calendar__day">
            <h2 class="nhsuk-heading-s">{dayName(day.date)}</h2>
            <p class="nhsuk-body-s app-calendar__work">
              {day.work.length === 0
                ? text.notWorking
                : `${text.working}: ${day.work
                    .map((w) =>
                      text.atLocation(
                        formatTime(new Date(w.start), p.service.timeZone),
                        formatTime(new Date(w.end), p.service.timeZone),
                        locationName(w.locationId) ?? w.locationId,
                      ),
                    )
                    .join('; ')}`}
            </p>
            {day.entries.length === 0 ? (
              <p class="nhsuk-body-s">{text.nothing}</p>
            ) : (
              <ul class="nhsuk-list app-calendar__entries" aria-label={text.dayContents(dayName(day.date))}>
                {day.entries.map((entry) => (
                  <Entry
                    key={`${entry.kind}-${entry.id}-${entry.start}`}
                    entry={entry}
                    service={p.service}
                    names={p.names}
                    typeName={typeName}
                    locationName={locationName}
                    week={p.monday}
                  />
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </StaffLayout>
  );
};

const backTo = (appointment: Appointment, week: string | undefined) =>
  calendarUrl(appointment.clinicianId, week ?? appointment.start.slice(0, 10));

export interface CancelPageProps extends CalendarSigned {
  readonly appointment: Appointment;
  readonly week?: string | undefined;
  readonly reason?: string;
  readonly error?: string | undefined;
}

export const CancelAppointmentPage = (p: CancelPageProps) => (
  <StaffLayout
    title={text.cancelTitle}
    service={p.service}
    hasErrors={p.error !== undefined}
    signedIn={{ principal: p.principal, csrfToken: p.csrfToken }}
  >
    <a class="nhsuk-back-link" href={backTo(p.appointment, p.week)}>
      {text.backToCalendar}
    </a>
    <ErrorSummary errors={p.error ? [{ href: '#reason', text: p.error }] : []} />
    <h1>{text.cancelTitle}</h1>
    <p>{text.cancelIntro(whenOf(p.appointment, p.service))}</p>
    <form method="post" action={`/staff/appointments/${p.appointment.id}/cancel`} novalidate>
      <CsrfField token={p.csrfToken} />
      {p.week && <input type="hidden" name="week" value={p.week} />}
      <Textarea
        name="reason"
        label={text.reasonLabel}
        hint={text.reasonHint}
        value={p.reason ?? ''}
        errorMessage={p.error}
      />
      <Button>{text.confirmCancel}</Button>
    </form>
  </StaffLayout>
);

export interface MovePageProps extends CalendarSigned {
  readonly appointment: Appointment;
  readonly clinicians: readonly Clinician[];
  readonly clinicianId: string;
  readonly date: string;
  readonly slots: readonly Slot[];
  readonly locations: readonly Location[];
  readonly week?: string | undefined;
  readonly errors?: { readonly date?: string | undefined; readonly start?: string | undefined };
}

export const MoveAppointmentPage = (p: MovePageProps) => {
  const errors = [
    ...(p.errors?.date ? [{ href: '#date', text: p.errors.date }] : []),
    ...(p.errors?.start ? [{ href: '#start', text: p.errors.start }] : []),
  ];
  const locationName = (id: string) => p.locations.find((l) => l.id === id)?.name ?? id;
  return (
    <StaffLayout
      title={text.moveTitle}
      service={p.service}
      hasErrors={errors.length > 0}
      signedIn={{ principal: p.principal, csrfToken: p.csrfToken }}
    >
      <a class="nhsuk-back-link" href={backTo(p.appointment, p.week)}>
        {text.backToCalendar}
      </a>
      <ErrorSummary errors={errors} />
      <h1>{text.moveTitle}</h1>
      <p>{text.moveIntro(whenOf(p.appointment, p.service))}</p>
      <form method="get" action={`/staff/appointments/${p.appointment.id}/move`}>
        {p.week && <input type="hidden" name="week" value={p.week} />}
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="clinicianId">
            {text.clinicianLabel}
          </label>
          <select class="nhsuk-select" id="clinicianId" name="clinicianId">
            {p.clinicians.map((c) => (
              <option key={c.id} value={c.id} selected={c.id === p.clinicianId}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <TextInput
          name="date"
          label={text.dateLabel}
          hint={text.dateHint}
          value={p.date}
          errorMessage={p.errors?.date}
          widthClass="nhsuk-input--width-10"
        />
        <Button secondary>{text.showTimes}</Button>
      </form>
      {p.slots.length === 0 ? (
        <p id="start">{p.errors?.start ?? text.noTimes}</p>
      ) : (
        <form method="post" action={`/staff/appointments/${p.appointment.id}/move`} novalidate>
          <CsrfField token={p.csrfToken} />
          <input type="hidden" name="clinicianId" value={p.clinicianId} />
          {p.week && <input type="hidden" name="week" value={p.week} />}
          <Radios
            name="start"
            legend={text.timesLegend(dayName(p.date))}
            errorMessage={p.errors?.start}
            items={p.slots.map((s) => ({
              value: s.start,
              text: `${formatTime(new Date(s.start), p.service.timeZone)} (${locationName(s.locationId)})`,
            }))}
          />
          <Button>{text.confirmMove}</Button>
        </form>
      )}
    </StaffLayout>
  );
};
