import type { ServiceConfig } from '../../../config/service-config.js';
import type { RequestDetail, RequestListItem, SetupNames } from '../../../appointments/decide-request.js';
import { REASON_MAX_LENGTH } from '../../../domain/messages/templates.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import {
  Button,
  CsrfField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Radios,
  SummaryList,
  Textarea,
} from '../../components.js';
import { formatAge, formatDateTimeShort } from '../../format.js';
import { requestDecisionMessages as m } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';
import { formatShortDate } from '../../staff/calendar-date-format.js';

// The requests pages (F13, F14): the pending requests, oldest first, and one request with its
// approve and deny forms. Times are in the service's time zone.

interface Signed {
  readonly service: Pick<ServiceConfig, 'name' | 'timeZone'>;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
  readonly now: Date;
  readonly names: SetupNames;
}

const nameOf = (list: readonly { id: string; name: string }[], id: string | undefined) =>
  list.find((x) => x.id === id)?.name ?? id ?? '';

const requesterText = (item: Pick<RequestListItem, 'requester'>) =>
  item.requester.kind === 'new' ? m.newPatient(item.requester.name) : item.requester.name || m.patientUnnamed;

export const RequestsPage = (
  props: Signed & { readonly items: readonly RequestListItem[]; readonly banner?: string | undefined },
) => (
  <StaffLayout
    title={m.listTitle}
    service={props.service}
    signedIn={{ principal: props.principal, csrfToken: props.csrfToken }}
  >
    {props.banner && (
      <div class="nhsuk-inset-text" role="status">
        <p>{props.banner}</p>
      </div>
    )}
    <h1>{m.listTitle}</h1>
    {props.items.length === 0 ? (
      <InsetText>
        <p>{m.listEmpty}</p>
      </InsetText>
    ) : (
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption">{m.listIntro}</caption>
        <thead class="nhsuk-table__head">
          <tr>
            <th scope="col">{m.whoHeading}</th>
            <th scope="col">{m.whenHeading}</th>
            <th scope="col">{m.typeHeading}</th>
            <th scope="col">{m.clinicianHeading}</th>
            <th scope="col">{m.waitedHeading}</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {props.items.map((item) => (
            <tr key={item.request.id}>
              <td>
                <a href={`/staff/requests/${item.request.id}`}>{requesterText(item)}</a>
              </td>
              <td>{formatDateTimeShort(new Date(item.request.start), props.service.timeZone)}</td>
              <td>{nameOf(props.names.serviceTypes, item.request.serviceType)}</td>
              <td>{nameOf(props.names.clinicians, item.request.clinicianId)}</td>
              <td>{formatAge((props.now.getTime() - Date.parse(item.request.createdAt)) / 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </StaffLayout>
);

export interface RequestPageErrors {
  readonly patient?: string | undefined;
  readonly reason?: string | undefined;
}

export const RequestPage = (
  props: Signed & {
    readonly detail: RequestDetail;
    readonly errors?: RequestPageErrors;
    readonly reason?: string;
  },
) => {
  const { request, requester, contact, newPatient, suggestions } = props.detail;
  const errors = props.errors ?? {};
  const summary: FieldError[] = [
    ...(errors.patient ? [{ href: '#patient', text: errors.patient }] : []),
    ...(errors.reason ? [{ href: '#reason', text: errors.reason }] : []),
  ];
  const pending = request.status === 'pending';
  const tz = props.service.timeZone;
  return (
    <StaffLayout
      title={m.detailTitle}
      service={props.service}
      hasErrors={summary.length > 0}
      signedIn={{ principal: props.principal, csrfToken: props.csrfToken }}
    >
      <ErrorSummary errors={summary} />
      <p>
        <a class="nhsuk-back-link__link" href="/staff/requests">
          {m.listTitle}
        </a>
      </p>
      <h1>{requesterText({ requester })}</h1>
      {!pending && (
        <InsetText>
          <p>{m.notPendingBanner}</p>
        </InsetText>
      )}
      <SummaryList
        rows={[
          { key: m.whenHeading, value: formatDateTimeShort(new Date(request.start), tz) },
          { key: m.typeHeading, value: nameOf(props.names.serviceTypes, request.serviceType) },
          { key: m.clinicianHeading, value: nameOf(props.names.clinicians, request.clinicianId) },
          ...(request.locationId
            ? [{ key: m.locationLabel, value: nameOf(props.names.locations, request.locationId) }]
            : []),
          {
            key: m.waitedHeading,
            value: formatAge((props.now.getTime() - Date.parse(request.createdAt)) / 1000),
          },
          ...(newPatient
            ? [{ key: m.dateOfBirthLabel, value: formatShortDate(newPatient.dateOfBirth) }]
            : []),
          ...(contact?.email ? [{ key: m.emailLabel, value: contact.email }] : []),
          ...(contact?.phone ? [{ key: m.phoneLabel, value: contact.phone }] : []),
          ...(request.comment ? [{ key: m.commentLabel, value: request.comment }] : []),
        ]}
      />
      {pending && (
        <>
          <h2>{m.approveHeading}</h2>
          <form method="post" action={`/staff/requests/${request.id}/approve`} novalidate>
            <CsrfField token={props.csrfToken} />
            {newPatient && (
              <Radios
                name="patient"
                legend={m.chooseLegend}
                legendSize="m"
                hint={m.chooseHint}
                errorMessage={errors.patient}
                items={[
                  ...suggestions.map((p) => ({
                    value: p.id,
                    text: m.chooseExisting(`${p.givenName} ${p.familyName}`, formatShortDate(p.dateOfBirth)),
                  })),
                  { value: 'new', text: m.createPatient },
                ]}
              />
            )}
            <p class="nhsuk-body-s">{m.approveHint}</p>
            <Button>{m.approveButton}</Button>
          </form>
          <h2>{m.denyHeading}</h2>
          <form method="post" action={`/staff/requests/${request.id}/deny`} novalidate>
            <CsrfField token={props.csrfToken} />
            <Textarea
              name="reason"
              label={m.reasonLabel}
              hint={m.reasonHint(REASON_MAX_LENGTH)}
              errorMessage={errors.reason}
              value={props.reason ?? ''}
              rows={3}
            />
            <Button secondary>{m.denyButton}</Button>
          </form>
        </>
      )}
    </StaffLayout>
  );
};
