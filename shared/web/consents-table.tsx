import type { ComponentChildren } from 'preact';
import type { Consent } from '../domain/consent.js';
import { Button, CsrfField, type FieldError, SummaryList, type SummaryRow, TextInput } from './components.js';

// The consents to share as both consents pages list them (F25): the patient's own page and the
// staff one show the same current consents with a withdraw button each, the same form to record
// one and the same past consents. They differ in their words, in the rows under each consent (staff
// see who withdrew) and in where the forms post, so those are props; each page keeps its layout,
// headings and banner.

/** The sentences the list shows, from `consentMessages` or `staffConsentMessages`. */
export interface ConsentsTableText {
  readonly currentHeading: string;
  readonly currentNone: string;
  readonly withdraw: string;
  /** Read after `withdraw` by a screen reader only, so each button names its party. */
  readonly withdrawHidden: (party: string) => string;
  readonly addHeading: string;
  readonly partyLabel: string;
  readonly partyHint?: string;
  readonly purposeLabel: string;
  readonly purposeHint?: string;
  readonly add: string;
  readonly pastHeading: string;
}

export interface ConsentFieldErrors {
  readonly party?: string | undefined;
  readonly purpose?: string | undefined;
  /** Not a field's: the form expired. Shown in the summary, linked to the first field. */
  readonly form?: string | undefined;
}

export interface ConsentsTableProps {
  readonly text: ConsentsTableText;
  readonly consents: readonly Consent[];
  /** The details under a consent's heading, current or past. */
  readonly rows: (consent: Consent) => readonly SummaryRow[];
  /** The form that records posts here; a withdraw button posts to `{action}/{id}/withdraw`. */
  readonly action: string;
  readonly csrfToken: string;
  readonly values?: { party?: string; purpose?: string } | undefined;
  readonly errors?: ConsentFieldErrors | undefined;
}

/** The error summary's entries for the record form, the form's own error first. */
export const consentErrorSummary = (errors: ConsentFieldErrors = {}): FieldError[] => [
  ...(errors.form ? [{ href: '#party', text: errors.form }] : []),
  ...(errors.party ? [{ href: '#party', text: errors.party }] : []),
  ...(errors.purpose ? [{ href: '#purpose', text: errors.purpose }] : []),
];

// Each consent is a heading and a summary list rather than a table row, so it reads at 320 px.
const ConsentSection = ({
  consent,
  rows,
  children,
}: {
  consent: Consent;
  rows: readonly SummaryRow[];
  children?: ComponentChildren;
}) => (
  <section aria-labelledby={`consent-${consent.id}`}>
    <h3 id={`consent-${consent.id}`}>{consent.party}</h3>
    <SummaryList rows={rows} />
    {children}
  </section>
);

export const ConsentsTable = (p: ConsentsTableProps) => {
  const { text } = p;
  const current = p.consents.filter((c) => c.withdrawnAt === null);
  const past = p.consents.filter((c) => c.withdrawnAt !== null);
  const errors = p.errors ?? {};
  return (
    <>
      <h2>{text.currentHeading}</h2>
      {current.length === 0 && <p>{text.currentNone}</p>}
      {current.map((c) => (
        <ConsentSection key={c.id} consent={c} rows={p.rows(c)}>
          <form method="post" action={`${p.action}/${encodeURIComponent(c.id)}/withdraw`} novalidate>
            <CsrfField token={p.csrfToken} />
            <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit">
              {text.withdraw}
              <span class="nhsuk-u-visually-hidden"> {text.withdrawHidden(c.party)}</span>
            </button>
          </form>
        </ConsentSection>
      ))}
      <h2>{text.addHeading}</h2>
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrfToken} />
        <TextInput
          name="party"
          label={text.partyLabel}
          hint={text.partyHint}
          errorMessage={errors.party}
          value={p.values?.party ?? ''}
          spellcheck={false}
        />
        <TextInput
          name="purpose"
          label={text.purposeLabel}
          hint={text.purposeHint}
          errorMessage={errors.purpose}
          value={p.values?.purpose ?? ''}
        />
        <Button>{text.add}</Button>
      </form>
      {past.length > 0 && (
        <>
          <h2>{text.pastHeading}</h2>
          {past.map((c) => (
            <ConsentSection key={c.id} consent={c} rows={p.rows(c)} />
          ))}
        </>
      )}
    </>
  );
};
