import type { ServiceConfig } from '../../../config/service-config.js';
import type { StaffPrincipal } from '../../../domain/staff.js';
import { messages, staffHomeMessages } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

export interface StaffHomePageProps {
  readonly service: Pick<ServiceConfig, 'name' | 'clinicians'>;
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
}

/** The console's start page: who is signed in, in which role, and where the work is. */
export const StaffHomePage = ({ service, principal, csrfToken }: StaffHomePageProps) => {
  const role = messages.staff.roleNames[principal.role];
  const clinician = principal.clinicianId
    ? service.clinicians.find((c) => c.id === principal.clinicianId)
    : undefined;
  return (
    <StaffLayout title={messages.staff.homeTitle} service={service} signedIn={{ principal, csrfToken }}>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <h1>{messages.staff.greeting(principal.email)}</h1>
          <p class="nhsuk-body-l">
            {clinician
              ? messages.staff.signedInAsClinician(role, clinician.name)
              : messages.staff.signedInAs(role)}
          </p>
          <ul class="nhsuk-list">
            <li>
              <a href="/staff/todos">{messages.staff.todos}</a>
              <p class="nhsuk-body-s">{messages.staff.todosHint}</p>
            </li>
            {principal.role === 'admin' && (
              <li>
                <a href="/staff/setup">{staffHomeMessages.setupLink}</a>
                <p class="nhsuk-body-s">{staffHomeMessages.setupHint}</p>
              </li>
            )}
          </ul>
        </div>
      </div>
    </StaffLayout>
  );
};
