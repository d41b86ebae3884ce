import type { ServiceConfig } from '../../config/service-config.js';
import {
  Button,
  CsrfField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Radios,
  SummaryList,
  Textarea,
} from '../components.js';
import { formatDate, formatTime } from '../format.js';
import { Layout } from '../layout.js';
import { bookingMessages as m } from '../messages.js';

// The patient's appointment pages (F10, F15): choose what to ask for, see free times by day, check
// and send a request; see upcoming appointments and pending requests, and cancel them. Plain
// links and forms throughout: everything works without JavaScript.

type Service = Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours' | 'timeZone'>;

interface Option {
  readonly id: string;
  readonly name: string;
}

const Select = (p: {
  name: string;
  label: string;
  options: readonly Option[];
  selected?: string | undefined;
  errorMessage?: string | undefined;
}) => (
  <div class={`nhsuk-form-group${p.errorMessage ? ' nhsuk-form-group--error' : ''}`}>
    <label class="nhsuk-label" for={p.name}>
      {p.label}
    </label>
    {p.errorMessage && (
      <span class="nhsuk-error-message" id={`${p.name}-error`}>
        <span class="nhsuk-u-visually-hidden">Error: </span>
        {p.errorMessage}
      </span>
    )}
    <select
      class={`nhsuk-select${p.errorMessage ? ' nhsuk-select--error' : ''}`}
      id={p.name}
      name={p.name}
      aria-describedby={p.errorMessage ? `${p.name}-error` : undefined}
    >
      {p.options.map((o) => (
        <option key={o.id} value={o.id} selected={o.id === p.selected}>
          {o.name}
        </option>
      ))}
    </select>
  </div>
);

export interface FreeSlotView {
  readonly start: string;
  readonly clinicianId: string;
  readonly locationId: string;
}

export interface FindPageProps {
  readonly service: Service;
  readonly csrfToken: string;
  readonly serviceTypes: readonly Option[];
  readonly locations: readonly Option[];
  readonly clinicians: readonly Option[];
  readonly chosen: {
    readonly serviceType?: string | undefined;
    readonly locationId?: string | undefined;
    readonly clinicianId?: string | undefined;
    readonly from: string;
  };
  readonly errors: readonly (FieldError & { readonly field: string })[];
  /** Undefined until a type is chosen. */
  readonly slots?: readonly FreeSlotView[] | undefined;
  /** The first date after these slots, for "later dates". */
  readonly nextFrom?: string | undefined;
  /**
   * The public form's version (someone not signed in): its own paths, title and intro, and no
   * sign-out or "your appointments". Unset: the signed-in patient's page.
   */
  readonly publicForm?: {
    readonly action: string;
    readonly confirmPath: string;
    readonly title: string;
    readonly intro: string;
  };
}

const nameOf = (list: readonly Option[], id: string) => list.find((o) => o.id === id)?.name ?? '';

export const FindTimesPage = (p: FindPageProps) => {
  const errorOf = (field: string) => p.errors.find((e) => e.field === field)?.text;
  const tz = p.service.timeZone;
  const byDay = new Map<string, FreeSlotView[]>();
  for (const s of p.slots ?? []) {
    const day = formatDate(new Date(s.start), tz);
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({
      serviceType: p.chosen.serviceType ?? '',
      locationId: p.chosen.locationId ?? '',
      clinicianId: p.chosen.clinicianId ?? '',
      ...extra,
    }).toString();
  const action = p.publicForm?.action ?? '/appointments/request';
  const confirmPath = p.publicForm?.confirmPath ?? '/appointments/confirm-request';
  const title = p.publicForm?.title ?? m.findTitle;
  return (
    <Layout
      title={title}
      service={p.service}
      hasErrors={p.errors.length > 0}
      signOut={p.publicForm ? undefined : { csrfToken: p.csrfToken }}
    >
      <ErrorSummary errors={p.errors} />
      <h1>{title}</h1>
      <p>{p.publicForm?.intro ?? m.findIntro}</p>
      <form method="get" action={action} novalidate>
        <Radios
          name="serviceType"
          legend={m.serviceTypeLegend}
          legendSize="m"
          errorMessage={errorOf('serviceType')}
          checked={p.chosen.serviceType}
          items={p.serviceTypes.map((t) => ({ value: t.id, text: t.name }))}
        />
        <Select
          name="locationId"
          label={m.locationLabel}
          options={[{ id: '', name: m.anyLocation }, ...p.locations]}
          selected={p.chosen.locationId ?? ''}
          errorMessage={errorOf('locationId')}
        />
        <Select
          name="clinicianId"
          label={m.clinicianLabel}
          options={[{ id: '', name: m.anyClinician }, ...p.clinicians]}
          selected={p.chosen.clinicianId ?? ''}
          errorMessage={errorOf('clinicianId')}
        />
        <input type="hidden" name="from" value={p.chosen.from} />
        <Button>{m.showTimes}</Button>
      </form>
      {p.slots && (
        <>
          <h2>{m.freeTimesHeading}</h2>
          {p.slots.length === 0 && <p>{m.noFreeTimes}</p>}
          {[...byDay].map(([day, slots]) => (
            <section key={day}>
              <h3>{day}</h3>
              <ul class="nhsuk-list">
                {slots.map((s) => (
                  <li key={`${s.start}-${s.clinicianId}`}>
                    <a
                      href={`${confirmPath}?${query({
                        clinicianId: s.clinicianId,
                        locationId: s.locationId,
                        start: s.start,
                      })}`}
                    >
                      {m.slotLabel(
                        formatTime(new Date(s.start), tz),
                        nameOf(p.clinicians, s.clinicianId),
                        nameOf(p.locations, s.locationId),
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
          {p.nextFrom && (
            <p>
              <a href={`${action}?${query({ from: p.nextFrom })}`}>{m.moreTimes}</a>
            </p>
          )}
        </>
      )}
      {!p.publicForm && (
        <p>
          <a href="/appointments">{m.myAppointmentsTitle}</a>
        </p>
      )}
    </Layout>
  );
};

export interface ConfirmPageProps {
  readonly service: Service;
  readonly csrfToken: string;
  readonly start: string;
  readonly end: string;
  readonly clinician: Option;
  readonly location?: Option | undefined;
  readonly serviceType: Option;
  readonly comment?: string | undefined;
  readonly errors: readonly FieldError[];
}

export const ConfirmRequestPage = (p: ConfirmPageProps) => {
  const tz = p.service.timeZone;
  const when = `${formatDate(new Date(p.start), tz)}, ${formatTime(new Date(p.start), tz)} to ${formatTime(new Date(p.end), tz)}`;
  const commentError = p.errors.find((e) => e.href === '#comment')?.text;
  return (
    <Layout
      title={m.confirmTitle}
      service={p.service}
      hasErrors={p.errors.length > 0}
      signOut={{ csrfToken: p.csrfToken }}
    >
      <ErrorSummary errors={p.errors} />
      <h1>{m.confirmTitle}</h1>
      <SummaryList
        rows={[
          { key: m.typeLabel, value: p.serviceType.name },
          { key: m.whenLabel, value: when },
          { key: m.withLabel, value: p.clinician.name },
          ...(p.location ? [{ key: m.whereLabel, value: p.location.name }] : []),
        ]}
      />
      <form method="post" action="/appointments/request" novalidate>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="serviceType" value={p.serviceType.id} />
        <input type="hidden" name="clinicianId" value={p.clinician.id} />
        <input type="hidden" name="start" value={p.start} />
        {p.location && <input type="hidden" name="locationId" value={p.location.id} />}
        <Textarea
          name="comment"
          label={m.commentLabel}
          hint={m.commentHint}
          errorMessage={commentError}
          value={p.comment ?? ''}
        />
        <Button>{m.sendRequest}</Button>
      </form>
      <p>
        <a href="/appointments/request">{m.findTitle}</a>
      </p>
    </Layout>
  );
};

export interface AppointmentItemView {
  readonly id: string;
  readonly start: string;
  readonly end: string;
  readonly clinicianName: string;
  readonly serviceTypeName: string;
  readonly locationName?: string | undefined;
  /** Upcoming appointments only: false once the cut-off has passed. */
  readonly cancellable?: boolean;
}

export interface MyAppointmentsPageProps {
  readonly service: Service;
  readonly csrfToken: string;
  readonly upcoming: readonly AppointmentItemView[];
  readonly pending: readonly AppointmentItemView[];
  readonly banner?: string | undefined;
  readonly error?: string | undefined;
}

const Item = ({ item, service }: { item: AppointmentItemView; service: Service }) => {
  const tz = service.timeZone;
  return (
    <SummaryList
      rows={[
        {
          key: m.whenLabel,
          value: `${formatDate(new Date(item.start), tz)}, ${formatTime(new Date(item.start), tz)} to ${formatTime(new Date(item.end), tz)}`,
        },
        { key: m.typeLabel, value: item.serviceTypeName },
        { key: m.withLabel, value: item.clinicianName },
        ...(item.locationName ? [{ key: m.whereLabel, value: item.locationName }] : []),
      ]}
    />
  );
};

export const MyAppointmentsPage = (p: MyAppointmentsPageProps) => (
  <Layout
    title={m.myAppointmentsTitle}
    service={p.service}
    hasErrors={Boolean(p.error)}
    signOut={{ csrfToken: p.csrfToken }}
  >
    {p.error && (
      <div class="nhsuk-error-summary" tabindex={-1} autofocus>
        <div role="alert">
          <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
          <div class="nhsuk-error-summary__body">
            <p>{p.error}</p>
          </div>
        </div>
      </div>
    )}
    {p.banner && (
      <InsetText>
        <p>{p.banner}</p>
      </InsetText>
    )}
    <h1>{m.myAppointmentsTitle}</h1>
    <h2>{m.upcomingHeading}</h2>
    {p.upcoming.length === 0 && <p>{m.noUpcoming}</p>}
    {p.upcoming.map((a) => (
      <div key={a.id} class="nhsuk-card">
        <div class="nhsuk-card__content">
          <Item item={a} service={p.service} />
          {a.cancellable ? (
            <form method="post" action={`/appointments/${a.id}/cancel`}>
              <CsrfField token={p.csrfToken} />
              <Button secondary>{m.cancelAppointment}</Button>
            </form>
          ) : (
            <p>{m.callToCancel(p.service.phone)}</p>
          )}
        </div>
      </div>
    ))}
    <h2>{m.pendingHeading}</h2>
    {p.pending.length === 0 && <p>{m.noPending}</p>}
    {p.pending.map((r) => (
      <div key={r.id} class="nhsuk-card">
        <div class="nhsuk-card__content">
          <Item item={r} service={p.service} />
          <form method="post" action={`/appointments/requests/${r.id}/cancel`}>
            <CsrfField token={p.csrfToken} />
            <Button secondary>{m.cancelRequest}</Button>
          </form>
        </div>
      </div>
    ))}
    <p>
      <a href="/appointments/request">{m.requestLink}</a>
    </p>
    <p>
      <a href="/home">Back to your portal</a>
    </p>
  </Layout>
);
