import { render } from 'preact-render-to-string';
import type { ComponentChildren } from 'preact';

// The local identity provider's own pages: sign-in (email and password), the sign-out question
// and errors. Plain, accessible nhsuk-frontend markup, styled by the portal's stylesheet when
// its address is known. Rendered with preact, so every value is escaped.

const Page = ({
  title,
  stylesheetUrl,
  children,
}: {
  title: string;
  stylesheetUrl: string | undefined;
  children: ComponentChildren;
}) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <title>{`${title} - Local staff sign-in`}</title>
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex, nofollow" />
      {stylesheetUrl && <link rel="stylesheet" href={stylesheetUrl} />}
    </head>
    <body>
      <header class="nhsuk-header">
        <div class="nhsuk-header__container nhsuk-width-container">
          <div class="nhsuk-header__service">
            <span class="nhsuk-header__service-name">Local staff sign-in</span>
          </div>
        </div>
      </header>
      <div class="nhsuk-width-container">
        <main class="nhsuk-main-wrapper" id="maincontent">
          <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">{children}</div>
          </div>
        </main>
      </div>
    </body>
  </html>
);

const html = (node: ReturnType<typeof Page>) => `<!DOCTYPE html>${render(node)}`;

export interface LoginPageProps {
  readonly action: string;
  readonly stylesheetUrl: string | undefined;
  readonly email?: string;
  readonly failed?: boolean;
}

export const loginPage = ({ action, stylesheetUrl, email, failed }: LoginPageProps): string =>
  html(
    <Page title={failed ? 'Error: Sign in' : 'Sign in'} stylesheetUrl={stylesheetUrl}>
      {failed && (
        <div class="nhsuk-error-summary" tabindex={-1} autofocus>
          <div role="alert">
            <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
            <div class="nhsuk-error-summary__body">
              <ul class="nhsuk-list nhsuk-error-summary__list">
                <li>
                  <a href="#email">Enter the email address and password of a staff account</a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      )}
      <h1>Sign in to the staff console</h1>
      <p>
        This stands in for the staff identity provider (Cognito in AWS) on this computer. Use an account that{' '}
        <code>npm start</code> printed.
      </p>
      <form method="post" action={action} novalidate>
        <div class={`nhsuk-form-group${failed ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label" for="email">
            Email address
          </label>
          {failed && (
            <span class="nhsuk-error-message" id="email-error">
              <span class="nhsuk-u-visually-hidden">Error: </span>The email address or password is not right
            </span>
          )}
          <input
            class={`nhsuk-input${failed ? ' nhsuk-input--error' : ''}`}
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            spellcheck={false}
            value={email ?? ''}
            {...(failed ? { 'aria-describedby': 'email-error' } : {})}
          />
        </div>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="password">
            Password
          </label>
          <input
            class="nhsuk-input"
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
          />
        </div>
        <button type="submit" class="nhsuk-button">
          Sign in
        </button>
      </form>
    </Page>,
  );

export const logoutPage = ({
  form,
  stylesheetUrl,
}: {
  /** oidc-provider's hidden form (its action and anti-forgery field), which the buttons submit. */
  form: string;
  stylesheetUrl: string | undefined;
}): string =>
  html(
    <Page title="Sign out" stylesheetUrl={stylesheetUrl}>
      <h1>Sign out of the local staff sign-in too?</h1>
      <div dangerouslySetInnerHTML={{ __html: form }} />
      <button type="submit" class="nhsuk-button" form="op.logoutForm" name="logout" value="yes">
        Yes, sign out
      </button>{' '}
      <button type="submit" class="nhsuk-button nhsuk-button--secondary" form="op.logoutForm">
        No, stay signed in here
      </button>
    </Page>,
  );

export const errorPage = ({ stylesheetUrl }: { stylesheetUrl: string | undefined }): string =>
  html(
    <Page title="Sign-in problem" stylesheetUrl={stylesheetUrl}>
      <h1>Sorry, there is a problem with signing in</h1>
      <p>Go back to the staff console and sign in again.</p>
    </Page>,
  );
