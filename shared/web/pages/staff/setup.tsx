import type { ComponentChildren } from 'preact';
import type { ServiceConfig } from '../../../config/service-config.js';
import type {
  Clinician,
  Location,
  ServiceType,
  StoredOneOffBlackout,
  StoredWeeklyBlackout,
  WorkPeriod,
} from '../../../domain/availability/setup.js';
import { requesters, weekdays } from '../../../domain/availability/setup.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import {
  Button,
  CsrfField,
  DateInput,
  ErrorSummary,
  type FieldError,
  InsetText,
  Radios,
  TextInput,
} from '../../components.js';
import { formatDateTimeShort } from '../../format.js';
import { setupPageMessages } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

// The console's set-up pages (issue 14, "Set-up"): admins list and edit clinicians, locations,
// service types, each clinician's working week and blackouts. Plain forms that post back, no
// JavaScript; errors come back as the NHS error summary plus a message by each field, whose ids
// are the field paths with dots as hyphens (`periods.2.end` -> `periods-2-end`).

const text = setupPageMessages;

type Service = Pick<ServiceConfig, 'name' | 'timeZone'>;

export interface SetupSigned {
  readonly service: Service;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
}

/** Field path -> message, as the use case's problems map onto a form. */
export type FormErrors = Readonly<Record<string, string>>;

export const fieldId = (field: string): string => field.replaceAll('.', '-');

/** The error summary's links: date fields link to their day box (nhsuk date input). */
const summaryOf = (errors: FormErrors, dateFields: readonly string[] = []): FieldError[] =>
  Object.entries(errors).map(([field, message]) => ({
    href: `#${fieldId(field)}${dateFields.includes(field) ? '-day' : ''}`,
    text: message,
  }));

const Page = (
  props: SetupSigned & {
    readonly title: string;
    readonly errors?: readonly FieldError[];
    readonly back?: boolean;
    readonly children: ComponentChildren;
  },
) => (
  <StaffLayout
    title={props.title}
    service={props.service}
    hasErrors={(props.errors?.length ?? 0) > 0}
    signedIn={{ principal: props.principal, csrfToken: props.csrfToken }}
  >
    {props.back !== false && (
      <a class="nhsuk-back-link" href="/staff/setup">
        {text.backToSetup}
      </a>
    )}
    <ErrorSummary errors={props.errors ?? []} />
    <h1>{props.title}</h1>
    {props.children}
  </StaffLayout>
);

const ErrorText = ({ id, message }: { id: string; message: string }) => (
  <span class="nhsuk-error-message" id={id}>
    <span class="nhsuk-u-visually-hidden">Error: </span>
    {message}
  </span>
);

/** nhsuk-frontend's select, with the same parameter names as the macro. */
const Select = (p: {
  readonly name: string;
  readonly label: string;
  readonly items: readonly { value: string; text: string }[];
  readonly value?: string | undefined;
  readonly errorMessage?: string | undefined;
}) => {
  const errorId = p.errorMessage ? `${p.name}-error` : undefined;
  return (
    <div class={`nhsuk-form-group${p.errorMessage ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={p.name}>
        {p.label}
      </label>
      {p.errorMessage && errorId && <ErrorText id={errorId} message={p.errorMessage} />}
      <select
        class={`nhsuk-select${p.errorMessage ? ' nhsuk-select--error' : ''}`}
        id={p.name}
        name={p.name}
        aria-describedby={errorId}
      >
        {p.items.map((item) => (
          <option key={item.value} value={item.value} selected={item.value === (p.value ?? '')}>
            {item.text}
          </option>
        ))}
      </select>
    </div>
  );
};

const dayName = (weekday: number) => text.weekdayNames[weekday - 1] ?? String(weekday);

const Table = (p: {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly ComponentChildren[])[];
}) => (
  <table class="nhsuk-table">
    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{p.caption}</caption>
    <thead class="nhsuk-table__head">
      <tr>
        {p.head.map((h) => (
          <th scope="col" key={h}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
    <tbody class="nhsuk-table__body">
      {p.rows.map((cells, i) => (
        <tr class="nhsuk-table__row" key={i}>
          {cells.map((c, j) => (
            <td class="nhsuk-table__cell" key={j}>
              {c}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  </table>
);

const LinkFor = ({ href, label, subject }: { href: string; label: string; subject: string }) => (
  <a href={href}>
    {label}
    <span class="nhsuk-u-visually-hidden"> {subject}</span>
  </a>
);

export const SetupPage = (
  props: SetupSigned & {
    readonly clinicians: readonly Clinician[];
    readonly locations: readonly Location[];
    readonly serviceTypes: readonly ServiceType[];
  },
) => (
  <Page {...props} title={text.title} back={false}>
    <p>{text.intro}</p>
    <h2>{text.cliniciansHeading}</h2>
    <Table
      caption={text.cliniciansHeading}
      head={[text.nameLabel, 'In the portal', 'Staff sign-in email', 'Actions']}
      rows={props.clinicians.map((c) => [
        c.name,
        c.visible ? text.shown : text.hidden,
        c.staffEmail ?? '',
        <ul class="nhsuk-list" key="actions">
          <li>
            <LinkFor href={`/staff/setup/clinicians/${c.id}`} label={text.change} subject={c.name} />
          </li>
          <li>
            <LinkFor
              href={`/staff/setup/clinicians/${c.id}/schedule`}
              label={text.schedule}
              subject={c.name}
            />
          </li>
          <li>
            <LinkFor
              href={`/staff/setup/clinicians/${c.id}/blackouts`}
              label={text.blackouts}
              subject={c.name}
            />
          </li>
        </ul>,
      ])}
    />
    <p>
      <a href="/staff/setup/clinicians/new">{text.addClinician}</a>
    </p>
    <h2>{text.locationsHeading}</h2>
    {props.locations.length === 0 ? (
      <p>{text.noneYet}</p>
    ) : (
      <Table
        caption={text.locationsHeading}
        head={[text.nameLabel, 'Actions']}
        rows={props.locations.map((l) => [
          l.name,
          <LinkFor
            key="change"
            href={`/staff/setup/locations/${l.id}`}
            label={text.change}
            subject={l.name}
          />,
        ])}
      />
    )}
    <p>
      <a href="/staff/setup/locations/new">{text.addLocation}</a>
    </p>
    <h2>{text.serviceTypesHeading}</h2>
    <Table
      caption={text.serviceTypesHeading}
      head={[text.nameLabel, 'Length', 'Break after', 'Who can ask', 'Actions']}
      rows={props.serviceTypes.map((t) => [
        t.name,
        `${t.durationMinutes} minutes`,
        `${t.bufferMinutes} minutes`,
        text.requesters[t.requestableBy],
        <LinkFor
          key="change"
          href={`/staff/setup/service-types/${t.id}`}
          label={text.change}
          subject={t.name}
        />,
      ])}
    />
    <p>
      <a href="/staff/setup/service-types/new">{text.addServiceType}</a>
    </p>
  </Page>
);

export interface ClinicianFormValues {
  readonly name: string;
  readonly visible: string;
  readonly staffEmail: string;
}

export const ClinicianFormPage = (
  props: SetupSigned & {
    readonly id: string;
    readonly values: ClinicianFormValues;
    readonly errors?: FormErrors;
  },
) => {
  const errors = props.errors ?? {};
  return (
    <Page
      {...props}
      title={props.id === 'new' ? text.newClinicianTitle : text.clinicianTitle}
      errors={summaryOf(errors)}
    >
      <form method="post" action={`/staff/setup/clinicians/${props.id}`} novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput name="name" label={text.nameLabel} value={props.values.name} errorMessage={errors.name} />
        <Radios
          name="visible"
          legend={text.visibleLegend}
          hint={text.visibleHint}
          items={[
            { value: 'yes', text: text.yes },
            { value: 'no', text: text.no },
          ]}
          checked={props.values.visible}
          errorMessage={errors.visible}
        />
        <TextInput
          name="staffEmail"
          label={text.staffEmailLabel}
          hint={text.staffEmailHint}
          value={props.values.staffEmail}
          autocomplete="off"
          spellcheck={false}
          errorMessage={errors.staffEmail}
        />
        <Button>{text.save}</Button>
      </form>
    </Page>
  );
};

export const LocationFormPage = (
  props: SetupSigned & {
    readonly id: string;
    readonly values: { name: string };
    readonly errors?: FormErrors;
  },
) => {
  const errors = props.errors ?? {};
  return (
    <Page
      {...props}
      title={props.id === 'new' ? text.newLocationTitle : text.locationTitle}
      errors={summaryOf(errors)}
    >
      <form method="post" action={`/staff/setup/locations/${props.id}`} novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput name="name" label={text.nameLabel} value={props.values.name} errorMessage={errors.name} />
        <Button>{text.save}</Button>
      </form>
    </Page>
  );
};

export interface ServiceTypeFormValues {
  readonly name: string;
  readonly durationMinutes: string;
  readonly bufferMinutes: string;
  readonly requestableBy: string;
}

export const ServiceTypeFormPage = (
  props: SetupSigned & {
    readonly id: string;
    readonly values: ServiceTypeFormValues;
    readonly errors?: FormErrors;
  },
) => {
  const errors = props.errors ?? {};
  return (
    <Page
      {...props}
      title={props.id === 'new' ? text.newServiceTypeTitle : text.serviceTypeTitle}
      errors={summaryOf(errors)}
    >
      <form method="post" action={`/staff/setup/service-types/${props.id}`} novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput name="name" label={text.nameLabel} value={props.values.name} errorMessage={errors.name} />
        <TextInput
          name="durationMinutes"
          label={text.durationLabel}
          value={props.values.durationMinutes}
          inputmode="numeric"
          widthClass="nhsuk-input--width-3"
          errorMessage={errors.durationMinutes}
        />
        <TextInput
          name="bufferMinutes"
          label={text.bufferLabel}
          hint={text.bufferHint}
          value={props.values.bufferMinutes}
          inputmode="numeric"
          widthClass="nhsuk-input--width-3"
          errorMessage={errors.bufferMinutes}
        />
        <Radios
          name="requestableBy"
          legend={text.requestableLegend}
          items={requesters.map((r) => ({ value: r, text: text.requesters[r] }))}
          checked={props.values.requestableBy}
          errorMessage={errors.requestableBy}
        />
        <Button>{text.save}</Button>
      </form>
    </Page>
  );
};

/** One row of the working-week form, as typed. */
export interface PeriodRow {
  readonly weekday: string;
  readonly start: string;
  readonly end: string;
  readonly locationId: string;
}

export const periodRowsOf = (periods: readonly WorkPeriod[]): PeriodRow[] =>
  periods.map((p) => ({ weekday: String(p.weekday), start: p.start, end: p.end, locationId: p.locationId }));

/** Empty rows offered after the stored ones, for adding periods without JavaScript. */
export const BLANK_PERIOD_ROWS = 3;

export const SchedulePage = (
  props: SetupSigned & {
    readonly clinician: Clinician;
    readonly locations: readonly Location[];
    readonly rows: readonly PeriodRow[];
    readonly errors?: FormErrors;
  },
) => {
  const errors = props.errors ?? {};
  const blank: PeriodRow = { weekday: '', start: '', end: '', locationId: '' };
  const rows = [...props.rows, ...Array.from({ length: BLANK_PERIOD_ROWS }, () => blank)];
  const days = [
    { value: '', text: text.chooseDay },
    ...weekdays.map((d) => ({ value: String(d), text: dayName(d) })),
  ];
  const places = [
    { value: '', text: text.chooseLocation },
    ...props.locations.map((l) => ({ value: l.id, text: l.name })),
  ];
  return (
    <Page {...props} title={text.scheduleTitle(props.clinician.name)} errors={summaryOf(errors)}>
      {props.locations.length === 0 ? (
        <InsetText>
          <p>{text.noLocations}</p>
        </InsetText>
      ) : (
        <form method="post" action={`/staff/setup/clinicians/${props.clinician.id}/schedule`} novalidate>
          <CsrfField token={props.csrfToken} />
          <p>{text.scheduleIntro}</p>
          {rows.map((row, i) => {
            const at = (f: string) => `periods.${i}.${f}`;
            return (
              <fieldset class="nhsuk-fieldset" key={i}>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  {text.periodLegend(i + 1)}
                </legend>
                <Select
                  name={fieldId(at('weekday'))}
                  label={text.dayLabel}
                  items={days}
                  value={row.weekday}
                  errorMessage={errors[at('weekday')]}
                />
                <TextInput
                  name={fieldId(at('start'))}
                  label={text.startLabel}
                  hint={text.timeHint}
                  value={row.start}
                  widthClass="nhsuk-input--width-5"
                  errorMessage={errors[at('start')]}
                />
                <TextInput
                  name={fieldId(at('end'))}
                  label={text.endLabel}
                  value={row.end}
                  widthClass="nhsuk-input--width-5"
                  errorMessage={errors[at('end')]}
                />
                <Select
                  name={fieldId(at('locationId'))}
                  label={text.locationLabel}
                  items={places}
                  value={row.locationId}
                  errorMessage={errors[at('locationId')]}
                />
              </fieldset>
            );
          })}
          <Button>{text.save}</Button>
        </form>
      )}
    </Page>
  );
};

/** The two blackout forms as typed, and which one the errors belong to. */
export interface BlackoutForms {
  readonly kind?: 'one-off' | 'weekly';
  readonly values: Readonly<Record<string, string>>;
  readonly errors?: FormErrors;
}

const datePartsOf = (values: Readonly<Record<string, string>>, id: string) => ({
  day: values[`${id}-day`] ?? '',
  month: values[`${id}-month`] ?? '',
  year: values[`${id}-year`] ?? '',
});

const describeWeekly = (b: StoredWeeklyBlackout) => {
  const days = b.weekdays.map(dayName).join(', ');
  const dates =
    b.from && b.until
      ? text.fromUntil(b.from, b.until)
      : b.from
        ? text.fromOnly(b.from)
        : b.until
          ? text.untilOnly(b.until)
          : text.everyWeek;
  return `${days}, ${text.timeRange(b.start, b.end)}, ${dates}`;
};

const RemoveButton = (p: { clinicianId: string; blackoutId: string; csrf: string; subject: string }) => (
  <form method="post" action={`/staff/setup/clinicians/${p.clinicianId}/blackouts/${p.blackoutId}/remove`}>
    <CsrfField token={p.csrf} />
    <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
      {text.remove}
      <span class="nhsuk-u-visually-hidden"> {p.subject}</span>
    </button>
  </form>
);

export const BlackoutsPage = (
  props: SetupSigned & {
    readonly clinician: Clinician;
    readonly weekly: readonly StoredWeeklyBlackout[];
    readonly oneOff: readonly StoredOneOffBlackout[];
    readonly forms: BlackoutForms;
  },
) => {
  const { kind, values } = props.forms;
  const errors = props.forms.errors ?? {};
  const oneOffErrors = kind === 'one-off' ? errors : {};
  const weeklyErrors = kind === 'weekly' ? errors : {};
  const tz = props.service.timeZone;
  const action = `/staff/setup/clinicians/${props.clinician.id}/blackouts`;
  return (
    <Page
      {...props}
      title={text.blackoutsTitle(props.clinician.name)}
      errors={summaryOf(errors, ['startDate', 'endDate', 'from', 'until'])}
    >
      <h2>{text.oneOffHeading}</h2>
      {props.oneOff.length === 0 ? (
        <p>{text.noneYet}</p>
      ) : (
        <Table
          caption={text.oneOffHeading}
          head={['From', 'To', 'Actions']}
          rows={props.oneOff.map((b) => {
            const from = formatDateTimeShort(new Date(b.start), tz);
            const to = formatDateTimeShort(new Date(b.end), tz);
            return [
              from,
              to,
              <RemoveButton
                key="remove"
                clinicianId={props.clinician.id}
                blackoutId={b.id}
                csrf={props.csrfToken}
                subject={`${from} to ${to}`}
              />,
            ];
          })}
        />
      )}
      <h2>{text.weeklyHeading}</h2>
      {props.weekly.length === 0 ? (
        <p>{text.noneYet}</p>
      ) : (
        <Table
          caption={text.weeklyHeading}
          head={['When', 'Actions']}
          rows={props.weekly.map((b) => [
            describeWeekly(b),
            <RemoveButton
              key="remove"
              clinicianId={props.clinician.id}
              blackoutId={b.id}
              csrf={props.csrfToken}
              subject={describeWeekly(b)}
            />,
          ])}
        />
      )}

      <h2>{text.addOneOff}</h2>
      <p>{text.oneOffIntro}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="kind" value="one-off" />
        <DateInput
          id="startDate"
          legend={text.startDateLegend}
          hint={text.dateHint}
          values={datePartsOf(values, 'startDate')}
          errorMessage={oneOffErrors.startDate}
        />
        <TextInput
          name="startTime"
          label={text.startLabel}
          hint={text.timeHint}
          value={values.startTime ?? ''}
          widthClass="nhsuk-input--width-5"
          errorMessage={oneOffErrors.startTime}
        />
        <DateInput
          id="endDate"
          legend={text.endDateLegend}
          values={datePartsOf(values, 'endDate')}
          errorMessage={oneOffErrors.endDate}
        />
        <TextInput
          name="endTime"
          label={text.endLabel}
          value={values.endTime ?? ''}
          widthClass="nhsuk-input--width-5"
          errorMessage={oneOffErrors.endTime}
        />
        <Button>{text.addOneOff}</Button>
      </form>

      <h2>{text.addWeekly}</h2>
      <p>{text.weeklyIntro}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="kind" value="weekly" />
        <div class={`nhsuk-form-group${weeklyErrors.weekdays ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset
            class="nhsuk-fieldset"
            aria-describedby={weeklyErrors.weekdays ? 'weekdays-error' : undefined}
          >
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{text.weekdaysLegend}</legend>
            {weeklyErrors.weekdays && <ErrorText id="weekdays-error" message={weeklyErrors.weekdays} />}
            <div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes">
              {weekdays.map((d) => {
                const id = d === 1 ? 'weekdays' : `weekdays-${d}`;
                return (
                  <div class="nhsuk-checkboxes__item" key={d}>
                    <input
                      class="nhsuk-checkboxes__input"
                      id={id}
                      name={`weekday-${d}`}
                      type="checkbox"
                      value="yes"
                      checked={values[`weekday-${d}`] === 'yes'}
                    />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for={id}>
                      {dayName(d)}
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
        <TextInput
          name="start"
          label={text.startLabel}
          hint={text.timeHint}
          value={values.start ?? ''}
          widthClass="nhsuk-input--width-5"
          errorMessage={weeklyErrors.start}
        />
        <TextInput
          name="end"
          label={text.endLabel}
          value={values.end ?? ''}
          widthClass="nhsuk-input--width-5"
          errorMessage={weeklyErrors.end}
        />
        <DateInput
          id="from"
          legend={text.fromLegend}
          values={datePartsOf(values, 'from')}
          errorMessage={weeklyErrors.from}
        />
        <DateInput
          id="until"
          legend={text.untilLegend}
          values={datePartsOf(values, 'until')}
          errorMessage={weeklyErrors.until}
        />
        <Button>{text.addWeekly}</Button>
      </form>
    </Page>
  );
};
