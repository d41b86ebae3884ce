import type { ServiceConfig } from '../../config/service-config.js';
import { Layout } from '../layout.js';

export const SignedOutPage = ({ service }: { service: ServiceConfig }) => (
  <Layout title="You have signed out" service={service}>
    <h1>You have signed out</h1>
    <p>
      <a href="/sign-in">Sign in again</a>
    </p>
  </Layout>
);
