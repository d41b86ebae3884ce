import type { ComponentChildren } from 'preact';
import type { ServiceConfig } from '../../config/service-config.js';
import {
  Button,
  CsrfField,
  DateInput,
  ErrorSummary,
  type FieldError,
  InsetText,
  SummaryList,
  Textarea,
  TextInput,
} from '../components.js';
import { formatDate, formatTime } from '../format.js';
import { Layout } from '../layout.js';
import { bookingMessages as bm, publicRequestMessages as m } from '../messages.js';

// The public new-patient request form's pages (F10, F17). The free times page is the patients'
// (FindTimesPage, in its public version); these are the details form, the pages that follow it
// and the emailed link's page. Plain forms: everything works without JavaScript.

type Service = Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours' | 'timeZone'>;

interface Option {
  readonly id: string;
  readonly name: string;
}

const whenText = (start: string, end: string, timeZone: string) =>
  `${formatDate(new Date(start), timeZone)}, ${formatTime(new Date(start), timeZone)} to ${formatTime(new Date(end), timeZone)}`;

export interface ChosenTime {
  readonly start: string;
  readonly end: string;
  readonly clinician: Option;
  readonly location?: Option | undefined;
  readonly serviceType: Option;
}

const ChosenSummary = ({ chosen, service }: { chosen: ChosenTime; service: Service }) => (
  <SummaryList
    rows={[
      { key: bm.typeLabel, value: chosen.serviceType.name },
      { key: bm.whenLabel, value: whenText(chosen.start, chosen.end, service.timeZone) },
      { key: bm.withLabel, value: chosen.clinician.name },
      ...(chosen.location ? [{ key: bm.whereLabel, value: chosen.location.name }] : []),
    ]}
  />
);

export type DetailsValues = Partial<
  Record<
    'givenName' | 'familyName' | 'dob-day' | 'dob-month' | 'dob-year' | 'email' | 'phone' | 'comment',
    string
  >
>;
export type DetailsErrors = Partial<
  Record<'givenName' | 'familyName' | 'dateOfBirth' | 'email' | 'phone' | 'comment', string>
>;

export interface PublicDetailsPageProps {
  readonly service: Service;
  readonly csrfToken: string;
  readonly chosen: ChosenTime;
  readonly values: DetailsValues;
  readonly errors: DetailsErrors;
  /** A problem with the form as a whole (expired, the time taken): shown in the summary. */
  readonly formError?: string | undefined;
}

export const PublicDetailsPage = (p: PublicDetailsPageProps) => {
  const e = p.errors;
  const summary: FieldError[] = [
    ...(p.formError ? [{ href: '#givenName', text: p.formError }] : []),
    ...(e.givenName ? [{ href: '#givenName', text: e.givenName }] : []),
    ...(e.familyName ? [{ href: '#familyName', text: e.familyName }] : []),
    ...(e.dateOfBirth ? [{ href: '#dob-day', text: e.dateOfBirth }] : []),
    ...(e.email ? [{ href: '#email', text: e.email }] : []),
    ...(e.phone ? [{ href: '#phone', text: e.phone }] : []),
    ...(e.comment ? [{ href: '#comment', text: e.comment }] : []),
  ];
  const v = p.values;
  return (
    <Layout title={m.detailsTitle} service={p.service} hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      <h1>{m.detailsTitle}</h1>
      <ChosenSummary chosen={p.chosen} service={p.service} />
      <p>{m.detailsIntro}</p>
      <form method="post" action="/request-an-appointment" novalidate>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="serviceType" value={p.chosen.serviceType.id} />
        <input type="hidden" name="clinicianId" value={p.chosen.clinician.id} />
        <input type="hidden" name="start" value={p.chosen.start} />
        {p.chosen.location && <input type="hidden" name="locationId" value={p.chosen.location.id} />}
        <TextInput
          name="givenName"
          label={m.givenNameLabel}
          errorMessage={e.givenName}
          value={v.givenName ?? ''}
          autocomplete="given-name"
          spellcheck={false}
        />
        <TextInput
          name="familyName"
          label={m.familyNameLabel}
          errorMessage={e.familyName}
          value={v.familyName ?? ''}
          autocomplete="family-name"
          spellcheck={false}
        />
        <DateInput
          id="dob"
          legend={m.dateOfBirthLegend}
          hint={m.dateOfBirthHint}
          errorMessage={e.dateOfBirth}
          values={{ day: v['dob-day'], month: v['dob-month'], year: v['dob-year'] }}
          autocompletePrefix="bday"
        />
        <TextInput
          name="email"
          label={m.emailLabel}
          hint={m.emailHint}
          errorMessage={e.email}
          value={v.email ?? ''}
          type="email"
          autocomplete="email"
          spellcheck={false}
        />
        <TextInput
          name="phone"
          label={m.phoneLabel}
          errorMessage={e.phone}
          value={v.phone ?? ''}
          type="tel"
          autocomplete="tel"
          widthClass="nhsuk-input--width-20"
        />
        <Textarea
          name="comment"
          label={m.commentLabel}
          hint={m.commentHint}
          errorMessage={e.comment}
          value={v.comment ?? ''}
        />
        {/* The honeypot: hidden from sight and from the tab order; a person leaves it empty. */}
        <div class="nhsuk-u-visually-hidden">
          <label for="website">{m.honeypotLabel}</label>
          <input id="website" name="website" type="text" value="" autocomplete="off" tabindex={-1} />
        </div>
        <Button>{m.sendRequest}</Button>
      </form>
      <p>
        <a href="/request-an-appointment">{m.chooseAgain}</a>
      </p>
    </Layout>
  );
};

/** A page of plain sentences: check your email, too many requests, a used link, closed. */
export const PublicNoticePage = (p: {
  service: Service;
  title: string;
  paragraphs: readonly string[];
  link?: { href: string; text: string } | undefined;
  children?: ComponentChildren;
}) => (
  <Layout title={p.title} service={p.service}>
    <h1>{p.title}</h1>
    {p.paragraphs.map((text) => (
      <p key={text}>{text}</p>
    ))}
    {p.children}
    {p.link && (
      <p>
        <a href={p.link.href}>{p.link.text}</a>
      </p>
    )}
  </Layout>
);

export const CheckEmailPage = ({ service }: { service: Service }) => (
  <PublicNoticePage
    service={service}
    title={m.checkEmailTitle}
    paragraphs={[m.checkEmailBody, m.checkEmailNoEmail(service.phone)]}
  >
    <InsetText>
      <p>{m.checkEmailNotYet}</p>
    </InsetText>
  </PublicNoticePage>
);

/** The emailed link's page: a button, so a mail scanner that follows links confirms nothing. */
export const VerifyPage = (p: {
  service: Service;
  csrfToken: string;
  token: string;
  chosen: ChosenTime;
  formError?: string | undefined;
}) => (
  <Layout title={m.verifyTitle} service={p.service} hasErrors={Boolean(p.formError)}>
    <ErrorSummary errors={p.formError ? [{ href: '#confirm', text: p.formError }] : []} />
    <h1>{m.verifyTitle}</h1>
    <ChosenSummary chosen={p.chosen} service={p.service} />
    <p>{m.verifyIntro}</p>
    <form method="post" action="/request-an-appointment/verify" id="confirm">
      <CsrfField token={p.csrfToken} />
      <input type="hidden" name="token" value={p.token} />
      <Button>{m.verifyButton}</Button>
    </form>
  </Layout>
);
