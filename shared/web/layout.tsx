import type { ComponentChildren } from 'preact';
import type { ServiceConfig } from '../config/service-config.js';
import { ASSET_URL_PREFIX, assetSources } from './assets.js';
import { BRAND_STYLESHEET_URL, brandLogoUrl } from './brand.js';
import { CsrfField } from './components.js';

// The page skeleton of nhsuk-frontend's template.njk: skip link, header with the service's name,
// width container > main#maincontent, footer. No NHS logo: private practices use the portal too,
// and the NHS identity is not theirs to show.

export interface LayoutProps {
  readonly title: string;
  readonly service: Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours' | 'branding'>;
  readonly hasErrors?: boolean;
  /** Present when a patient is signed in: shows the sign-out button. */
  readonly signOut?: { csrfToken: string };
  readonly children: ComponentChildren;
}

/**
 * The head of every page, patient or staff: the NHS stylesheet, then the portal's own (its few
 * rules, the score chart's among them, must win), the icon, and no indexing. `title` comes whole:
 * the NHS pattern prefixes "Error: " when the page shows errors, so screen readers hear it first.
 */
export const PageHead = ({ title, branded = false }: { title: string; branded?: boolean }) => (
  <head>
    <meta charset="utf-8" />
    <title>{title}</title>
    <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
    <meta name="robots" content="noindex, nofollow" />
    <link rel="stylesheet" href={assetSources.stylesheet.url} />
    <link rel="stylesheet" href={assetSources.portalStylesheet.url} />
    {branded && <link rel="stylesheet" href={BRAND_STYLESHEET_URL} />}
    <link rel="icon" href={`${ASSET_URL_PREFIX}/images/favicon.svg`} type="image/svg+xml" />
  </head>
);

export const Layout = ({ title, service, hasErrors, signOut, children }: LayoutProps) => {
  const logo = brandLogoUrl(service.branding);
  return (
    <html lang="en">
      <PageHead
        title={`${hasErrors ? 'Error: ' : ''}${title} - ${service.name}`}
        branded={service.branding !== undefined}
      />
      <body>
        <a class="nhsuk-skip-link" href="#maincontent">
          Skip to main content
        </a>
        <header class="nhsuk-header">
          <div class="nhsuk-header__container nhsuk-width-container">
            <div class="nhsuk-header__service">
              <a class="nhsuk-header__service-name" href="/">
                {logo && <img class="portal-brand-logo" src={logo} alt={service.branding?.logo?.alt ?? ''} />}
                {service.name}
              </a>
            </div>
            {signOut && (
              // nhsuk-frontend's header account area: Sign out as a compact header control, still a
              // form POST with the CSRF field, so it works without JavaScript.
              <nav class="nhsuk-header__account" aria-label="Account">
                <ul class="nhsuk-header__account-list">
                  <li class="nhsuk-header__account-item">
                    <form method="post" action="/sign-out" class="nhsuk-header__account-form">
                      <CsrfField token={signOut.csrfToken} />
                      <button type="submit" class="nhsuk-header__account-button">
                        Sign out
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
            <div class="nhsuk-grid-row">
              <div class="nhsuk-grid-column-two-thirds">{children}</div>
            </div>
          </main>
        </div>
        <footer>
          <div class="nhsuk-footer">
            <div class="nhsuk-width-container">
              <p class="nhsuk-body-s">
                Problems using the portal? Call {service.name} on {service.phone}
                {service.phoneHours ? ` (${service.phoneHours})` : ''}.
              </p>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
};
