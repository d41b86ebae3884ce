import type { ServiceConfig } from '../../../config/service-config.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import { Button, CsrfField } from '../../components.js';
import type { GpReportDocument } from '../../gp-report/gp-report-document.js';
import { GpReportBody } from '../../gp-report/gp-report-page.js';
import { gpReportMessages as m } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

// The staff GP report page (/staff/patients/{id}/gp-report): the produced report as its HTML page
// with the PDF to download, or, before it is produced, why not yet and (for a clinician of the
// patient or an admin) the button that produces it.

export type GpReportPageState =
  | { readonly kind: 'produced'; readonly report: GpReportDocument; readonly justProduced: boolean }
  | { readonly kind: 'not-produced'; readonly mayProduce: boolean }
  | { readonly kind: 'no-ended-episode' };

export interface GpReportPageProps {
  readonly service: Pick<ServiceConfig, 'name'>;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
  readonly patient: { readonly id: string; readonly name: string };
  readonly state: GpReportPageState;
}

export const StaffGpReportPage = ({ service, principal, csrfToken, patient, state }: GpReportPageProps) => {
  const base = `/staff/patients/${patient.id}`;
  return (
    <StaffLayout
      title={`${m.produceHeading}: ${patient.name}`}
      service={service}
      signedIn={{ principal, csrfToken }}
    >
      <nav class="nhsuk-back-link" aria-label="Back">
        <a class="nhsuk-back-link__link" href={base}>
          {m.backTo(patient.name)}
        </a>
      </nav>
      {state.kind === 'produced' ? (
        <>
          {state.justProduced && (
            <div class="nhsuk-inset-text" role="status">
              <p>{m.producedBanner}</p>
            </div>
          )}
          <p>
            <a href={`${base}/gp-report/pdf`} download>
              {m.downloadLink}
            </a>
          </p>
          <GpReportBody report={state.report} />
        </>
      ) : (
        <>
          <span class="nhsuk-caption-l">{patient.name}</span>
          <h1>{m.produceHeading}</h1>
          {state.kind === 'no-ended-episode' ? (
            <p>{m.noEndedEpisode}</p>
          ) : (
            <>
              <p>{m.notProduced}</p>
              {state.mayProduce && (
                <form method="post" action={`${base}/gp-report`} novalidate>
                  <CsrfField token={csrfToken} />
                  <p>{m.produceHint}</p>
                  <Button>{m.produceButton}</Button>
                </form>
              )}
            </>
          )}
        </>
      )}
    </StaffLayout>
  );
};
