import type { ComponentChildren } from 'preact';
import type { ServiceConfig } from '../config/service-config.js';
import type { StaffPrincipal } from '../domain/staff.js';
import { CsrfField } from './components.js';
import { PageHead } from './layout.js';
import { messages } from './messages.js';

// The staff console's page skeleton, beside the patients' Layout: the same nhsuk-frontend template
// (skip link, header, width container > main#maincontent), but the header names the console and,
// once someone is signed in, shows who and in which role, with the sign-out button (nhsuk header
// "account" markup). The main area is the full width: console pages hold tables and lists, and
// are used on desktops (1280 px) and tablets.

export interface StaffLayoutProps {
  readonly title: string;
  readonly service: Pick<ServiceConfig, 'name'>;
  readonly hasErrors?: boolean;
  /** Present when someone is signed in: their email, role and the sign-out form. */
  readonly signedIn?: { readonly principal: StaffPrincipal; readonly csrfToken: string };
  readonly children: ComponentChildren;
}

export const StaffLayout = ({ title, service, hasErrors, signedIn, children }: StaffLayoutProps) => {
  const consoleName = `${service.name} ${messages.staff.consoleName}`;
  return (
    <html lang="en">
      <PageHead title={`${hasErrors ? 'Error: ' : ''}${title} - ${consoleName}`} />
      <body>
        <a class="nhsuk-skip-link" href="#maincontent">
          Skip to main content
        </a>
        <header class="nhsuk-header">
          <div class="nhsuk-header__container nhsuk-width-container">
            <div class="nhsuk-header__service">
              <a class="nhsuk-header__service-name" href="/staff">
                {consoleName}
              </a>
            </div>
            {signedIn && (
              <nav class="nhsuk-header__account" aria-label={messages.staff.accountLabel}>
                <ul class="nhsuk-header__account-list">
                  <li class="nhsuk-header__account-item">
                    {signedIn.principal.email} ({signedIn.principal.role})
                  </li>
                  <li class="nhsuk-header__account-item">
                    <form class="nhsuk-header__account-form" method="post" action="/staff/sign-out">
                      <CsrfField token={signedIn.csrfToken} />
                      <button type="submit" class="nhsuk-header__account-button">
                        {messages.staff.signOut}
                      </button>
                    </form>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </header>
        <div class="nhsuk-width-container">
          <main class="nhsuk-main-wrapper" id="maincontent">
            {children}
          </main>
        </div>
        <footer>
          <div class="nhsuk-footer">
            <div class="nhsuk-width-container">
              <p class="nhsuk-body-s">{consoleName}</p>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
};
