import type { ServiceConfig } from '../../config/service-config.js';
import type { Consent, ConsentActor } from '../../domain/consent.js';
import {
  Button,
  CsrfField,
  ErrorSummary,
  type FieldError,
  InsetText,
  SummaryList,
  TextInput,
} from '../components.js';
import { formatDateTimeShort } from '../format.js';
import { Layout } from '../layout.js';
import { consentMessages as m } from '../messages.js';

// The patient's consents to share (F25): who they agreed to, current and past, one form to agree
// to a new party and a button per current consent to stop. Plain forms: no JavaScript needed.
// Each consent is a heading and a summary list rather than a table row, so it reads at 320 px.

type Service = Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours' | 'timeZone'>;

export interface ConsentFormErrors {
  readonly party?: string | undefined;
  readonly purpose?: string | undefined;
  /** Not a field's: the form expired. */
  readonly form?: string | undefined;
}

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

export const ConsentsPage = (p: ConsentsPageProps) => {
  const current = p.consents.filter((c) => c.withdrawnAt === null);
  const past = p.consents.filter((c) => c.withdrawnAt !== null);
  const errors = p.errors ?? {};
  const summary: FieldError[] = [
    ...(errors.form ? [{ href: '#party', text: errors.form }] : []),
    ...(errors.party ? [{ href: '#party', text: errors.party }] : []),
    ...(errors.purpose ? [{ href: '#purpose', text: errors.purpose }] : []),
  ];
  const date = (iso: string) => formatDateTimeShort(new Date(iso), p.service.timeZone);
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
      <h2>{m.currentHeading}</h2>
      {current.length === 0 && <p>{m.currentNone}</p>}
      {current.map((c) => (
        <section key={c.id} aria-labelledby={`consent-${c.id}`}>
          <h3 id={`consent-${c.id}`}>{c.party}</h3>
          <SummaryList
            rows={[
              { key: m.purposeHeading, value: c.purpose },
              { key: m.recordedHeading, value: date(c.recordedAt) },
              { key: m.recordedBy, value: recordedByText(c.recordedBy) },
            ]}
          />
          <form method="post" action={`/consents/${encodeURIComponent(c.id)}/withdraw`} novalidate>
            <CsrfField token={p.csrfToken} />
            <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit">
              {m.withdraw}
              <span class="nhsuk-u-visually-hidden"> with {c.party}</span>
            </button>
          </form>
        </section>
      ))}
      <h2>{m.addHeading}</h2>
      <form method="post" action="/consents" novalidate>
        <CsrfField token={p.csrfToken} />
        <TextInput
          name="party"
          label={m.partyLabel}
          hint={m.partyHint}
          errorMessage={errors.party}
          value={p.values?.party ?? ''}
          spellcheck={false}
        />
        <TextInput
          name="purpose"
          label={m.purposeLabel}
          hint={m.purposeHint}
          errorMessage={errors.purpose}
          value={p.values?.purpose ?? ''}
        />
        <Button>{m.add}</Button>
      </form>
      {past.length > 0 && (
        <>
          <h2>{m.pastHeading}</h2>
          {past.map((c) => (
            <section key={c.id} aria-labelledby={`consent-${c.id}`}>
              <h3 id={`consent-${c.id}`}>{c.party}</h3>
              <SummaryList
                rows={[
                  { key: m.purposeHeading, value: c.purpose },
                  { key: m.recordedHeading, value: date(c.recordedAt) },
                  { key: m.withdrawnHeading, value: c.withdrawnAt ? date(c.withdrawnAt) : '' },
                  { key: m.recordedBy, value: recordedByText(c.recordedBy) },
                ]}
              />
            </section>
          ))}
        </>
      )}
      <p>
        <a href="/home">Back to your portal</a>
      </p>
    </Layout>
  );
};
