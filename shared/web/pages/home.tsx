import type { ServiceConfig } from '../../config/service-config.js';
import { InsetText } from '../components.js';
import { Layout } from '../layout.js';

export interface HomePageProps {
  readonly service: ServiceConfig;
  readonly givenName: string;
  readonly csrfToken: string;
}

// What is due: until questionnaires and appointments exist in the portal, nothing can be, and the
// page says exactly that rather than showing placeholders.
export const HomePage = ({ service, givenName, csrfToken }: HomePageProps) => (
  <Layout title="Your portal" service={service} signOut={{ csrfToken }}>
    <h1>Hello {givenName}</h1>
    <h2>What you need to do</h2>
    <InsetText>
      <p>You have nothing to do at the moment.</p>
    </InsetText>
    <p>
      Before each appointment we will send you a text message or email when there are questionnaires for you
      to complete.
    </p>
  </Layout>
);
