import type { ComponentChildren } from 'preact';
import type { ServiceConfig } from '../../../config/service-config.js';
import type { ShownCount, ShownDerived } from '../../../domain/outcomes/suppression.js';
import { reportCounts, reportDerived, type ServiceReport } from '../../../domain/outcomes/service-report.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import { Button, ErrorSummary, type FieldError, InsetText, TextInput } from '../../components.js';
import { messages, outcomeReportMessages, serviceReportMessages as text } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

// The service outcomes report (F26): a GET form for the period (so the page works without
// JavaScript and a report is a link), then every figure exactly as suppression publishes it, the
// note that figures are rounded independently, and the same figures as CSV. A hidden figure shows
// the same * as the CSV, with words for screen readers.

const m = outcomeReportMessages;

export interface OutcomesReportPageProps {
  readonly service: Pick<ServiceConfig, 'name'>;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
  /** What was typed, shown back in the boxes. */
  readonly from: string;
  readonly to: string;
  readonly errors?: { readonly from?: string | undefined; readonly to?: string | undefined };
  readonly report?: ServiceReport | undefined;
}

const Hidden = () => (
  <>
    {m.suppressedMark}
    <span class="nhsuk-u-visually-hidden">{text.suppressedHidden}</span>
  </>
);

const Count = ({ shown }: { shown: ShownCount }) =>
  shown.kind === 'count' ? <>{shown.value}</> : <Hidden />;

const Derived = ({ shown }: { shown: ShownDerived }) =>
  shown.kind === 'value' ? (
    <>{shown.value.toFixed(1)}</>
  ) : shown.kind === 'suppressed' ? (
    <Hidden />
  ) : (
    <>{m.notApplicable}</>
  );

const Row = ({ label, children }: { label: string; children: ComponentChildren }) => (
  <tr class="nhsuk-table__row">
    <th scope="row" class="nhsuk-table__header">
      {label}
    </th>
    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{children}</td>
  </tr>
);

export const OutcomesReportPage = (p: OutcomesReportPageProps) => {
  const errors: FieldError[] = [
    ...(p.errors?.from ? [{ href: '#from', text: p.errors.from }] : []),
    ...(p.errors?.to ? [{ href: '#to', text: p.errors.to }] : []),
  ];
  const report = p.report;
  const csvUrl = report
    ? `/staff/reports/outcomes.csv?${new URLSearchParams({ from: report.period.from, to: report.period.to }).toString()}`
    : undefined;
  return (
    <StaffLayout
      title={text.title}
      service={p.service}
      hasErrors={errors.length > 0}
      signedIn={{ principal: p.principal, csrfToken: p.csrfToken }}
    >
      <a class="nhsuk-back-link" href="/staff">
        {messages.staff.backToConsole}
      </a>
      <ErrorSummary errors={errors} />
      <h1>{text.title}</h1>
      <p class="nhsuk-body">{text.intro}</p>
      <form method="get" action="/staff/reports/outcomes" novalidate>
        <fieldset class="nhsuk-fieldset">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{text.chooseHeading}</legend>
          <TextInput
            name="from"
            label={text.fromLabel}
            hint={text.dateHint}
            value={p.from}
            errorMessage={p.errors?.from}
            widthClass="nhsuk-input--width-10"
          />
          <TextInput
            name="to"
            label={text.toLabel}
            hint={text.dateHint}
            value={p.to}
            errorMessage={p.errors?.to}
            widthClass="nhsuk-input--width-10"
          />
          <Button secondary>{text.show}</Button>
        </fieldset>
      </form>
      {report && (
        <>
          <h2>{text.reportHeading(report.period.from, report.period.to)}</h2>
          <InsetText>
            <p>{m.roundedIndependently(report.figures.threshold)}</p>
          </InsetText>
          <table class="nhsuk-table">
            <caption class="nhsuk-table__caption">{text.tableCaption}</caption>
            <thead class="nhsuk-table__head">
              <tr class="nhsuk-table__row">
                <th scope="col" class="nhsuk-table__header">
                  {m.figureHeader}
                </th>
                <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
                  {m.valueHeader}
                </th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              {reportCounts.map((id) => (
                <Row key={id} label={m.counts[id]}>
                  <Count shown={report.figures.counts[id]} />
                </Row>
              ))}
              {reportDerived.map((id) => (
                <Row key={id} label={m.derived[id]}>
                  <Derived shown={report.figures.derived[id]} />
                </Row>
              ))}
            </tbody>
          </table>
          <p class="nhsuk-body">
            <a href={csvUrl}>{text.downloadCsv}</a>
          </p>
        </>
      )}
    </StaffLayout>
  );
};
