import type { ServiceConfig } from '../../../config/service-config.js';
import type { ConsentHistory } from '../../../consents/staff-consents.js';
import type { Consent, ConsentActor } from '../../../domain/consent.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import { ErrorSummary, InsetText } from '../../components.js';
import { ConsentsTable, type ConsentsTableText, consentErrorSummary } from '../../consents-table.js';
import { formatDateTimeShort } from '../../format.js';
import { consentMessages as m, staffConsentMessages as s } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

// The staff consents page (/staff/patients/{id}/consents, F25): the patient's current and past
// consents to share, with who recorded and withdrew each and when, a form to record one and a
// withdraw button per current consent. Plain forms, each with the CSRF token.

export interface StaffConsentFormErrors {
  readonly party?: string | undefined;
  readonly purpose?: string | undefined;
}

export interface StaffConsentsPageProps {
  readonly service: Pick<ServiceConfig, 'name' | 'timeZone'>;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
  readonly patientId: string;
  readonly history: ConsentHistory;
  readonly values?: { party?: string; purpose?: string };
  readonly errors?: StaffConsentFormErrors;
  readonly banner?: string | undefined;
}

/** Who acted: the audit log's name for them where it has one (a staff email), else the kind. */
const actorText = (by: ConsentActor, audited: string | undefined): string =>
  by.kind === 'patient' ? s.byPatient : by.kind === 'staff' ? (audited ?? s.byStaff) : s.byIntegration;

const text: ConsentsTableText = {
  currentHeading: s.currentHeading,
  currentNone: m.staffNone,
  withdraw: s.withdraw,
  withdrawHidden: s.withdrawHidden,
  addHeading: m.staffAdd,
  partyLabel: m.staffPartyLabel,
  purposeLabel: m.staffPurposeLabel,
  add: m.staffAdd,
  pastHeading: s.pastHeading,
};

export const StaffConsentsPage = (p: StaffConsentsPageProps) => {
  const base = `/staff/patients/${p.patientId}`;
  const { history } = p;
  const summary = consentErrorSummary(p.errors);
  const date = (iso: string) => formatDateTimeShort(new Date(iso), p.service.timeZone);
  const rows = (c: Consent) => [
    { key: m.purposeHeading, value: c.purpose },
    { key: m.recordedHeading, value: date(c.recordedAt) },
    { key: m.recordedBy, value: actorText(c.recordedBy, history.recordedBy.get(c.id)) },
    ...(c.withdrawnAt && c.withdrawnBy
      ? [
          { key: m.withdrawnHeading, value: date(c.withdrawnAt) },
          { key: s.withdrawnBy, value: actorText(c.withdrawnBy, history.withdrawnBy.get(c.id)) },
        ]
      : []),
  ];
  return (
    <StaffLayout
      title={`${m.staffHeading}: ${history.patientName}`}
      service={p.service}
      hasErrors={summary.length > 0}
      signedIn={{ principal: p.principal, csrfToken: p.csrfToken }}
    >
      <nav class="nhsuk-back-link" aria-label="Back">
        <a class="nhsuk-back-link__link" href={base}>
          {s.backTo(history.patientName)}
        </a>
      </nav>
      <ErrorSummary errors={summary} />
      {p.banner && (
        <InsetText>
          <p role="status">{p.banner}</p>
        </InsetText>
      )}
      <span class="nhsuk-caption-l">{history.patientName}</span>
      <h1>{m.staffHeading}</h1>
      <ConsentsTable
        text={text}
        consents={history.consents}
        rows={rows}
        action={`${base}/consents`}
        csrfToken={p.csrfToken}
        values={p.values}
        errors={p.errors}
      />
    </StaffLayout>
  );
};
