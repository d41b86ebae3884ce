import type { ComponentChildren } from 'preact';
import type { ServiceConfig } from '../../../config/service-config.js';
import type { Appointment } from '../../../domain/appointments.js';
import type { MessageLogEntry } from '../../../data/message-log.js';
import type { AuditEvent } from '../../../domain/audit.js';
import { stages, type PatientRecord } from '../../../domain/patient.js';
import type { QuestionnaireDefinition } from '../../../domain/questionnaires/definition.js';
import type { QuestionnaireResponse } from '../../../domain/questionnaires/types.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import { type Todo, todoAnchor } from '../../../domain/todo.js';
import type { PatientSummary, TodoWithPatient } from '../../../staff/console.js';
import {
  Button,
  CsrfField,
  ErrorSummary,
  InsetText,
  Radios,
  SummaryList,
  Textarea,
  TextInput,
} from '../../components.js';
import { formatAge, formatDateTimeShort } from '../../format.js';
import { formatShortDate as formatCalendarDate } from '../../staff/calendar-date-format.js';
import { messages, staffConsoleMessages, staffContactMessages, staffHomeMessages } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

// The staff console's pages (issue "Staff", section 4): the to-do list, patient search, a
// patient's record and its audit trail. Server-rendered, plain forms, no JavaScript.

type Service = Pick<ServiceConfig, 'name' | 'timeZone' | 'clinicians'>;

interface Signed {
  readonly service: Service;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
  readonly now: Date;
}

const clinicianName = (service: Service, id: string | undefined) =>
  id === undefined
    ? staffConsoleMessages.dutyList
    : (service.clinicians.find((c) => c.id === id)?.name ?? id);

const TodoDetails = ({ todo, service, now }: { todo: Todo; service: Service; now: Date }) => (
  <SummaryList
    rows={[
      {
        key: 'Filed',
        value: `${formatDateTimeShort(new Date(todo.createdAt), service.timeZone)} (${formatAge((now.getTime() - Date.parse(todo.createdAt)) / 1000)} ago)`,
      },
      { key: 'For', value: clinicianName(service, todo.clinicianId) },
      ...(todo.kind === 'risk'
        ? [
            {
              key: 'Answer',
              value: staffConsoleMessages.riskAnswer(todo.riskItemValue, todo.previousRiskItemValue),
            },
            { key: 'PHQ-9 total', value: todo.total === null ? 'Not given: incomplete' : String(todo.total) },
            { key: 'Response', value: staffConsoleMessages.responseOutcomes[todo.responseOutcome] },
            { key: 'Review', value: todo.reviewPolicy },
          ]
        : []),
      ...(todo.acknowledgement
        ? [
            {
              key: 'Acknowledged',
              value: `${formatDateTimeShort(new Date(todo.acknowledgement.at), service.timeZone)} by ${todo.acknowledgement.by} (${todo.acknowledgement.role}): ${todo.acknowledgement.note}`,
            },
          ]
        : []),
    ]}
  />
);

export const TodosPage = (
  props: Signed & {
    readonly todos: readonly TodoWithPatient[];
    readonly errors?: Readonly<Record<string, string>>;
    /** Pending appointment requests the person may decide, when there are any. */
    readonly requestsWaiting?: { readonly count: number; readonly oldestSince: string } | undefined;
  },
) => {
  const errors = props.errors ?? {};
  const summary = Object.entries(errors).map(([id, text]) => ({ href: `#note-${id}`, text }));
  return (
    <StaffLayout
      title={messages.staff.todosTitle}
      service={props.service}
      hasErrors={summary.length > 0}
      signedIn={{ principal: props.principal, csrfToken: props.csrfToken }}
    >
      <ErrorSummary errors={summary} />
      <h1>{messages.staff.todosTitle}</h1>
      <p>
        <a href="/staff/patients">{messages.staff.patientsTitle}</a>
      </p>
      {props.requestsWaiting && (
        <div class="nhsuk-inset-text" id="appointment-requests">
          <p>
            {staffHomeMessages.requestsTodoLine(
              props.requestsWaiting.count,
              formatDateTimeShort(new Date(props.requestsWaiting.oldestSince), props.service.timeZone),
            )}
          </p>
          <p>
            <a href="/staff/requests">{staffHomeMessages.requestsTodoLink}</a>
          </p>
        </div>
      )}
      {props.todos.length === 0 ? (
        <InsetText>
          <p>{staffConsoleMessages.todosEmpty}</p>
        </InsetText>
      ) : (
        <ul class="nhsuk-list">
          {props.todos.map((todo) => (
            <li key={todo.id} id={todoAnchor(todo.id)}>
              <div class="nhsuk-card">
                <div class="nhsuk-card__content">
                  <h2 class="nhsuk-card__heading nhsuk-heading-m">
                    {todo.kind === 'risk' && <strong class="nhsuk-tag nhsuk-tag--red">Risk</strong>}{' '}
                    {staffConsoleMessages.todoKinds[todo.kind]}:{' '}
                    <a href={`/staff/patients/${todo.patient.id}`}>{todo.patient.name || 'Patient'}</a>
                  </h2>
                  <TodoDetails todo={todo} service={props.service} now={props.now} />
                  {props.principal.role !== 'scheduler' && (
                    <form method="post" action={`/staff/todos/${todo.id}/acknowledge`} novalidate>
                      <CsrfField token={props.csrfToken} />
                      <Textarea
                        id={`note-${todo.id}`}
                        name="note"
                        label={staffConsoleMessages.noteLabel}
                        errorMessage={errors[todo.id]}
                      />
                      <Button secondary>{staffConsoleMessages.acknowledge}</Button>
                    </form>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </StaffLayout>
  );
};

export const PatientsPage = (
  props: Signed & { readonly query: string; readonly results: readonly PatientSummary[] | undefined },
) => (
  <StaffLayout
    title={messages.staff.patientsTitle}
    service={props.service}
    signedIn={{ principal: props.principal, csrfToken: props.csrfToken }}
  >
    <h1>{messages.staff.patientsTitle}</h1>
    <form method="get" action="/staff/patients" role="search">
      <TextInput
        name="q"
        label={staffConsoleMessages.searchLabel}
        hint={staffConsoleMessages.searchHint}
        value={props.query}
      />
      <Button>Search</Button>
    </form>
    {props.results !== undefined &&
      (props.results.length === 0 ? (
        <p>{staffConsoleMessages.searchNoResults}</p>
      ) : (
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption">Patients found</caption>
          <thead class="nhsuk-table__head">
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Date of birth</th>
              <th scope="col">EPR id</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            {props.results.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`/staff/patients/${p.id}`}>{p.name}</a>
                </td>
                <td>{formatCalendarDate(p.dateOfBirth)}</td>
                <td>{p.externalId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
  </StaffLayout>
);

const contact = staffContactMessages;

/** One message's outcome as staff read it: "Sent, then bounced (Permanent/General)". */
export const messageOutcomeText = (entry: MessageLogEntry): string => {
  if (entry.outcome === 'not-sent')
    return contact.notSentReasons[entry.reason ?? ''] ?? contact.notSent(entry.reason ?? 'unknown');
  if (entry.outcome === 'failed') return contact.failed(entry.reason ?? 'Error');
  if (!entry.delivery) return contact.sent;
  const problem = contact.deliveryProblems[entry.delivery];
  return entry.deliveryDetail && entry.delivery === 'bounced'
    ? `${problem} (${entry.deliveryDetail})`
    : problem;
};

const MessageLogTable = ({ entries, service }: { entries: readonly MessageLogEntry[]; service: Service }) =>
  entries.length === 0 ? (
    <p>{contact.messagesNone}</p>
  ) : (
    <table class="nhsuk-table">
      <caption class="nhsuk-table__caption">{contact.messagesCaption}</caption>
      <thead class="nhsuk-table__head">
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Kind</th>
          <th scope="col">Channel</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTimeShort(new Date(e.at), service.timeZone)}</td>
            <td>{contact.kinds[e.kind] ?? e.kind}</td>
            <td>{e.channel ? contact.channels[e.channel] : ''}</td>
            <td>{messageOutcomeText(e)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

export interface PatientPageProps extends Signed {
  readonly patient: PatientRecord;
  readonly upcoming: readonly Appointment[];
  readonly messageLog?: readonly MessageLogEntry[] | undefined;
  readonly clinical?:
    { readonly responses: readonly QuestionnaireResponse[]; readonly todos: readonly Todo[] } | undefined;
  readonly may: {
    readonly changeStage: boolean;
    readonly reissueSecureId: boolean;
    readonly readAudit: boolean;
    readonly produceGpReport?: boolean;
    readonly recordConsent?: boolean;
    readonly produceSubjectAccess?: boolean;
  };
  readonly questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
  /** The questionnaire history's chart, when there is one to show (rendered by the caller). */
  readonly chart?: ComponentChildren;
  /** The episode's outcome next to the chart (issue 16; rendered by the caller). */
  readonly outcome?: ComponentChildren;
  /** The appointments that have started, with attendance (issue 16; rendered by the caller). */
  readonly pastAppointments?: ComponentChildren;
  readonly stageError?: string | undefined;
}

export const PatientPage = (p: PatientPageProps) => {
  const { patient, service } = p;
  const name = `${patient.givenName} ${patient.familyName}`;
  return (
    <StaffLayout
      title={name}
      service={service}
      hasErrors={Boolean(p.stageError)}
      signedIn={{ principal: p.principal, csrfToken: p.csrfToken }}
    >
      <ErrorSummary errors={p.stageError ? [{ href: '#stage', text: p.stageError }] : []} />
      <span class="nhsuk-caption-l">Patient</span>
      <h1>{name}</h1>
      <h2>Details</h2>
      <SummaryList
        rows={[
          { key: 'Date of birth', value: formatCalendarDate(patient.dateOfBirth) },
          { key: 'Phone', value: patient.phone ?? 'None' },
          { key: 'Email', value: patient.email ?? 'None' },
          {
            key: 'Contact preference',
            value: patient.contactPreference === 'sms' ? 'Text message' : 'Email',
          },
          {
            key: contact.textsRow,
            value: patient.smsStopped
              ? contact.textsStopped(
                  patient.smsStoppedAt
                    ? formatDateTimeShort(new Date(patient.smsStoppedAt), service.timeZone)
                    : 'an unknown date',
                )
              : contact.textsAllowed,
          },
          {
            key: contact.emailRow,
            value:
              patient.emailBouncedAt || patient.emailComplaintAt ? (
                <>
                  {patient.emailBouncedAt && (
                    <p>
                      {contact.emailBounced(
                        formatDateTimeShort(new Date(patient.emailBouncedAt), service.timeZone),
                      )}
                    </p>
                  )}
                  {patient.emailComplaintAt && (
                    <p>
                      {contact.emailComplaint(
                        formatDateTimeShort(new Date(patient.emailComplaintAt), service.timeZone),
                      )}
                    </p>
                  )}
                </>
              ) : (
                contact.emailFine
              ),
          },
          { key: 'EPR id', value: patient.externalId ?? 'None' },
          { key: 'Stage of care', value: patient.stage },
          {
            key: 'Secure ID',
            value: patient.secureIdDisabled ? 'Disabled after repeated failed sign-ins' : 'Active',
          },
        ]}
      />
      {p.may.changeStage && (
        <form method="post" action={`/staff/patients/${patient.id}/stage`} novalidate>
          <CsrfField token={p.csrfToken} />
          <Radios
            name="stage"
            legend={messages.staff.stageLabel}
            legendSize="s"
            errorMessage={p.stageError}
            checked={patient.stage}
            items={stages.map((s) => ({ value: s, text: s[0]?.toUpperCase() + s.slice(1) }))}
          />
          <Button secondary>{messages.staff.changeStage}</Button>
        </form>
      )}
      {p.may.reissueSecureId && (
        <form method="post" action={`/staff/patients/${patient.id}/secure-id`}>
          <CsrfField token={p.csrfToken} />
          <p class="nhsuk-body-s">{messages.staff.reissueHint}</p>
          <Button secondary>{messages.staff.reissue}</Button>
        </form>
      )}
      <h2>Upcoming appointments</h2>
      {p.upcoming.length === 0 ? (
        <p>None booked.</p>
      ) : (
        <ul class="nhsuk-list nhsuk-list--bullet">
          {p.upcoming.map((a) => (
            <li key={a.id}>
              {formatDateTimeShort(new Date(a.start), service.timeZone)} with{' '}
              {clinicianName(service, a.clinicianId)}
            </li>
          ))}
        </ul>
      )}
      {p.pastAppointments}
      <h2>{contact.messagesTitle}</h2>
      <MessageLogTable entries={p.messageLog ?? []} service={service} />
      {p.clinical && (
        <>
          <h2>Questionnaires</h2>
          {p.chart}
          {p.outcome}
          <table class="nhsuk-table">
            <caption class="nhsuk-table__caption">Every questionnaire answered</caption>
            <thead class="nhsuk-table__head">
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Questionnaire</th>
                <th scope="col">Total</th>
                <th scope="col">Severity</th>
                <th scope="col">Risk</th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              {[...p.clinical.responses].reverse().map((r) => (
                <tr key={`${r.date}-${r.questionnaireId}`}>
                  <td>{formatCalendarDate(r.date)}</td>
                  <td>{p.questionnaires.get(r.questionnaireId)?.title ?? r.questionnaireId}</td>
                  <td>{r.total ?? 'No total'}</td>
                  <td>{r.severity ?? ''}</td>
                  <td>{r.riskFlag ? `Item 9: ${r.riskItemValue}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>To-dos</h2>
          {p.clinical.todos.length === 0 ? (
            <p>None.</p>
          ) : (
            p.clinical.todos.map((todo) => (
              <div class="nhsuk-card" key={todo.id}>
                <div class="nhsuk-card__content">
                  <h3 class="nhsuk-card__heading">
                    {staffConsoleMessages.todoKinds[todo.kind]} (
                    {todo.status === 'open' ? 'open' : 'acknowledged'})
                  </h3>
                  <TodoDetails todo={todo} service={service} now={p.now} />
                </div>
              </div>
            ))
          )}
        </>
      )}
      {(p.may.produceGpReport || p.may.recordConsent || p.may.produceSubjectAccess) && (
        <>
          <h2>{staffConsoleMessages.recordsHeading}</h2>
          <ul class="nhsuk-list">
            {p.may.produceGpReport && (
              <li>
                <a href={`/staff/patients/${patient.id}/gp-report`}>{staffConsoleMessages.gpReportLink}</a>
              </li>
            )}
            {p.may.recordConsent && (
              <li>
                <a href={`/staff/patients/${patient.id}/consents`}>{staffConsoleMessages.consentsLink}</a>
              </li>
            )}
            {p.may.produceSubjectAccess && (
              <li>
                <a href={`/staff/patients/${patient.id}/my-data`}>{staffConsoleMessages.myDataLink}</a>
              </li>
            )}
          </ul>
        </>
      )}
      {p.may.readAudit && (
        <p>
          <a href={`/staff/patients/${patient.id}/audit`}>{messages.staff.auditTitle}</a>
        </p>
      )}
    </StaffLayout>
  );
};

export const NewSecureIdPage = (
  props: Signed & {
    readonly patient: { id: string; name: string };
    readonly secureId: string;
    /** Whether the welcome with the new ID is on its way to the patient. */
    readonly welcome: 'queued' | 'not-queued';
  },
) => (
  <StaffLayout
    title={messages.staff.newSecureIdTitle}
    service={props.service}
    signedIn={{ principal: props.principal, csrfToken: props.csrfToken }}
  >
    <div class="nhsuk-panel">
      <h1 class="nhsuk-panel__title">{messages.staff.newSecureIdTitle}</h1>
      <p class="nhsuk-panel__body">
        {props.patient.name}: <strong>{props.secureId}</strong>
      </p>
    </div>
    <p>{props.welcome === 'queued' ? messages.staff.newSecureIdSent : messages.staff.newSecureIdNotSent}</p>
    <p>
      <a href={`/staff/patients/${props.patient.id}`}>Back to {props.patient.name}</a>
    </p>
  </StaffLayout>
);

export const AuditPage = (
  props: Signed & { readonly patient: PatientRecord; readonly events: readonly AuditEvent[] },
) => (
  <StaffLayout
    title={messages.staff.auditTitle}
    service={props.service}
    signedIn={{ principal: props.principal, csrfToken: props.csrfToken }}
  >
    <span class="nhsuk-caption-l">
      {props.patient.givenName} {props.patient.familyName}
    </span>
    <h1>{messages.staff.auditTitle}</h1>
    <table class="nhsuk-table">
      <caption class="nhsuk-table__caption">
        Every staff view of and change to this record, oldest first
      </caption>
      <thead class="nhsuk-table__head">
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Role</th>
          <th scope="col">What</th>
          <th scope="col">Reference</th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {props.events.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTimeShort(new Date(e.at), props.service.timeZone)}</td>
            <td>{e.actor}</td>
            <td>{e.role}</td>
            <td>
              {e.action}
              {e.detail ? `: ${e.detail}` : ''}
            </td>
            <td>{e.requestId}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <p>
      <a href={`/staff/patients/${props.patient.id}`}>Back to the record</a>
    </p>
  </StaffLayout>
);
