import type { ServiceConfig } from '../../config/service-config.js';
import type { ContactChoice } from '../../domain/contact-preferences.js';
import { Button, CsrfField, ErrorSummary, InsetText, Radios, SummaryList } from '../components.js';
import { Layout } from '../layout.js';
import { contactPreferenceMessages } from '../messages.js';

// The patient's contact preferences (F4): texts or email, or no texts. The number and address are
// the clinic's record, shown so the patient knows where reminders go, and changed only by calling.

const m = contactPreferenceMessages;

export interface ContactPreferencesPageProps {
  readonly service: Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours'>;
  readonly csrfToken: string;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly choices: readonly ContactChoice[];
  readonly checked?: ContactChoice | undefined;
  readonly error?: string | undefined;
  readonly saved?: boolean;
}

export const ContactPreferencesPage = (p: ContactPreferencesPageProps) => {
  const text: Record<ContactChoice, string> = {
    sms: m.bySms(p.phone ?? ''),
    email: m.byEmail(p.email ?? ''),
    'stop-sms': m.stopSms,
  };
  return (
    <Layout
      title={m.title}
      service={p.service}
      hasErrors={Boolean(p.error)}
      signOut={{ csrfToken: p.csrfToken }}
    >
      <ErrorSummary errors={p.error ? [{ href: '#choice', text: p.error }] : []} />
      {p.saved && (
        <InsetText>
          <p>{m.saved}</p>
        </InsetText>
      )}
      <h1>{m.title}</h1>
      <p>{m.detailsIntro}</p>
      <SummaryList
        rows={[
          { key: m.phoneLabel, value: p.phone ?? m.none },
          { key: m.emailLabel, value: p.email ?? m.none },
        ]}
      />
      <p>{m.changeDetails(p.service.name, p.service.phone)}</p>
      <form method="post" action="/contact-preferences" novalidate>
        <CsrfField token={p.csrfToken} />
        <Radios
          name="choice"
          legend={m.legend}
          legendSize="m"
          hint={p.email ? m.hint : m.noEmailWarning}
          errorMessage={p.error}
          checked={p.checked}
          items={p.choices.map((c) => ({ value: c, text: text[c] }))}
        />
        <Button>{m.save}</Button>
      </form>
      <p>
        <a href="/home">Back to your portal</a>
      </p>
    </Layout>
  );
};
