import type { ServiceConfig } from '../../../config/service-config.js';
import { messages } from '../../messages.js';
import { StaffLayout } from '../../staff-layout.js';

// The console's one-message pages: signed out, no access (signed in but in no staff group, or
// outside the page's role), and a sign-in that could not complete.

type Service = Pick<ServiceConfig, 'name'>;

const Notice = ({
  service,
  title,
  body,
  link,
}: {
  service: Service;
  title: string;
  body?: string;
  link: { href: string; text: string };
}) => (
  <StaffLayout title={title} service={service}>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <h1>{title}</h1>
        {body && <p>{body}</p>}
        <p>
          <a href={link.href}>{link.text}</a>
        </p>
      </div>
    </div>
  </StaffLayout>
);

export const StaffSignedOutPage = ({ service }: { service: Service }) => (
  <Notice
    service={service}
    title={messages.staff.signedOutTitle}
    link={{ href: '/staff/sign-in', text: messages.staff.signInAgain }}
  />
);

export const StaffNoAccessPage = ({ service }: { service: Service }) => (
  <Notice
    service={service}
    title={messages.staff.noAccessTitle}
    body={messages.staff.noAccessBody}
    link={{ href: '/staff/sign-in', text: messages.staff.signInAgain }}
  />
);

export const StaffSignInFailedPage = ({ service }: { service: Service }) => (
  <Notice
    service={service}
    title={messages.staff.signInFailedTitle}
    body={messages.staff.signInFailedBody}
    link={{ href: '/staff/sign-in', text: messages.staff.tryAgain }}
  />
);

export const StaffFormExpiredPage = ({ service }: { service: Service }) => (
  <Notice
    service={service}
    title={messages.staff.formExpiredTitle}
    body={messages.staff.formExpiredBody}
    link={{ href: '/staff', text: messages.staff.backToConsole }}
  />
);

/** 404 inside the console: a patient or to-do that does not exist (or an id that cannot be one). */
export const StaffNotFoundPage = ({ service, title }: { service: Service; title: string }) => (
  <Notice service={service} title={title} link={{ href: '/staff', text: messages.staff.backToConsole }} />
);
