import type { ServiceConfig } from '../../config/service-config.js';
import type { Consent, ConsentActor } from '../../domain/consent.js';
import { ErrorSummary, InsetText } from '../components.js';
import {
  type ConsentFieldErrors,
  ConsentsTable,
  type ConsentsTableText,
  consentErrorSummary,
} from '../consents-table.js';
import { formatDateTimeShort } from '../format.js';
import { Layout } from '../layout.js';
import { consentMessages as m } from '../messages.js';

// The patient's consents to share (F25): who they agreed to, current and past, one form to agree
// to a new party and a button per current consent to stop. Plain forms: no JavaScript needed.

type Service = Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours' | 'timeZone'>;

export type ConsentFormErrors = ConsentFieldErrors;

export interface ConsentsPageProps {
  readonly service: Service;
  readonly csrfToken: string;
  readonly consents: readonly Consent[];
  readonly values?: { party?: string; purpose?: string };
  readonly errors?: ConsentFormErrors;
  readonly banner?: string | undefined;
}

export const recordedByText = (by: ConsentActor): string =>
  by.kind === 'patient' ? m.byPatient : by.kind === 'staff' ? m.byStaff : m.byIntegration;

const text: ConsentsTableText = {
  currentHeading: m.currentHeading,
  currentNone: m.currentNone,
  withdraw: m.withdraw,
  withdrawHidden: m.withdrawHidden,
  addHeading: m.addHeading,
  partyLabel: m.partyLabel,
  partyHint: m.partyHint,
  purposeLabel: m.purposeLabel,
  purposeHint: m.purposeHint,
  add: m.add,
  pastHeading: m.pastHeading,
};

export const ConsentsPage = (p: ConsentsPageProps) => {
  const summary = consentErrorSummary(p.errors);
  const date = (iso: string) => formatDateTimeShort(new Date(iso), p.service.timeZone);
  const rows = (c: Consent) => [
    { key: m.purposeHeading, value: c.purpose },
    { key: m.recordedHeading, value: date(c.recordedAt) },
    ...(c.withdrawnAt ? [{ key: m.withdrawnHeading, value: date(c.withdrawnAt) }] : []),
    { key: m.recordedBy, value: recordedByText(c.recordedBy) },
  ];
  return (
    <Layout
      title={m.title}
      service={p.service}
      hasErrors={summary.length > 0}
      signOut={{ csrfToken: p.csrfToken }}
    >
      <ErrorSummary errors={summary} />
      {p.banner && (
        <InsetText>
          <p>{p.banner}</p>
        </InsetText>
      )}
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <ConsentsTable
        text={text}
        consents={p.consents}
        rows={rows}
        action="/consents"
        csrfToken={p.csrfToken}
        values={p.values}
        errors={p.errors}
      />
      <p>
        <a href="/home">Back to your portal</a>
      </p>
    </Layout>
  );
};
