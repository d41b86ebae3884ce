import type { ServiceConfig } from '../../config/service-config.js';
import { mayUsePortalBooking } from '../../domain/appointment-requests.js';
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import type { DueState } from '../../domain/questionnaires/due.js';
import { Layout } from '../layout.js';
import { bookingMessages, contactPreferenceMessages, recordsHomeMessages } from '../messages.js';
import { DueSummary } from './questionnaires.js';

export interface HomePageProps {
  readonly service: ServiceConfig;
  readonly givenName: string;
  readonly csrfToken: string;
  readonly due: DueState;
  readonly questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
}

export const HomePage = ({ service, givenName, csrfToken, due, questionnaires }: HomePageProps) => (
  <Layout title="Your portal" service={service} signOut={{ csrfToken }}>
    <h1>Hello {givenName}</h1>
    <h2>What you need to do</h2>
    <DueSummary state={due} service={service} questionnaires={questionnaires} />
    <h2>{bookingMessages.homeLinkAppointments}</h2>
    <p>
      <a href="/appointments">{bookingMessages.homeLinkAppointments}</a>:{' '}
      {bookingMessages.homeLinkAppointmentsHint}
    </p>
    {/* A service that takes no requests from the portal is not offered as if it did. */}
    {mayUsePortalBooking(service.appointments.portal, 'existing') && (
      <p>
        <a href="/appointments/request">{bookingMessages.homeLinkRequest}</a>:{' '}
        {bookingMessages.homeLinkRequestHint}
      </p>
    )}
    <h2>{contactPreferenceMessages.title}</h2>
    <p>
      <a href="/contact-preferences">{contactPreferenceMessages.homeLink}</a>
    </p>
    <h2>{recordsHomeMessages.heading}</h2>
    <p>
      <a href="/letters">{recordsHomeMessages.letters}</a>: {recordsHomeMessages.lettersHint}
    </p>
    <p>
      <a href="/consents">{recordsHomeMessages.consents}</a>: {recordsHomeMessages.consentsHint}
    </p>
    <p>
      <a href="/my-data">{recordsHomeMessages.myData}</a>: {recordsHomeMessages.myDataHint}
    </p>
  </Layout>
);
