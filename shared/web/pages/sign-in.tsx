import type { ServiceConfig } from '../../config/service-config.js';
import {
  Button,
  CsrfField,
  DateInput,
  ErrorSummary,
  type FieldError,
  InsetText,
  TextInput,
} from '../components.js';
import { Layout } from '../layout.js';
import { publicRequestMessages } from '../messages.js';

export interface SignInPageProps {
  readonly service: ServiceConfig;
  readonly csrfToken: string;
  /** A problem with the pair as a whole: shown in the summary, linked to the first field. */
  readonly formError?: string | undefined;
  readonly errors?: { secureId?: string | undefined; dateOfBirth?: string | undefined };
  /** Typed values come back so a person fixes one field without retyping the other. */
  readonly values?: { secureId?: string; day?: string; month?: string; year?: string };
  /** Where the service takes requests from new patients (`appointments.portal` "everyone"). */
  readonly offerPublicRequest?: boolean;
}

export const SignInPage = ({
  service,
  csrfToken,
  formError,
  errors = {},
  values = {},
  offerPublicRequest = false,
}: SignInPageProps) => {
  const summary: FieldError[] = [
    ...(formError ? [{ href: '#secureId', text: formError }] : []),
    ...(errors.secureId ? [{ href: '#secureId', text: errors.secureId }] : []),
    ...(errors.dateOfBirth ? [{ href: '#dob-day', text: errors.dateOfBirth }] : []),
  ];
  return (
    <Layout title="Sign in" service={service} hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      <h1>Sign in to complete your questionnaires</h1>
      <p>Use the Secure ID from your welcome text message or email, and your date of birth.</p>
      {service.branding?.instructions && (
        <InsetText>
          <p>{service.branding.instructions}</p>
        </InsetText>
      )}
      <form method="post" action="/sign-in" novalidate>
        <CsrfField token={csrfToken} />
        <TextInput
          name="secureId"
          label="Secure ID"
          hint="13 letters and numbers, for example 7KQ2-M9XD-4TRB-W"
          errorMessage={errors.secureId}
          value={values.secureId ?? ''}
          autocomplete="off"
          spellcheck={false}
          widthClass="nhsuk-input--width-20"
        />
        <DateInput
          id="dob"
          legend="Date of birth"
          hint="For example, 27 3 1985"
          errorMessage={errors.dateOfBirth}
          values={values}
          autocompletePrefix="bday"
        />
        <Button>Sign in</Button>
      </form>
      {offerPublicRequest && (
        <p>
          <a href="/request-an-appointment">{publicRequestMessages.signInLink}</a>
        </p>
      )}
    </Layout>
  );
};
