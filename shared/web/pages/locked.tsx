import type { ServiceConfig } from '../../config/service-config.js';
import { Layout } from '../layout.js';
import { signInMessages } from '../messages.js';

export interface LockedPageProps {
  readonly service: ServiceConfig;
  /** When to try again, already in the service's time zone ("10:15am"); absent when disabled. */
  readonly retryAtText?: string | undefined;
}

export const LockedPage = ({ service, retryAtText }: LockedPageProps) => (
  <Layout title="You cannot sign in for now" service={service}>
    <h1>You cannot sign in for now</h1>
    {retryAtText ? (
      <>
        <p>{signInMessages.locked}</p>
        <p>
          Try again after <strong>{retryAtText}</strong>.
        </p>
      </>
    ) : (
      <p>{signInMessages.disabled}</p>
    )}
    <p>
      If you need help, call {service.name} on{' '}
      <a href={`tel:${service.phone.replace(/\s/g, '')}`}>{service.phone}</a>
      {service.phoneHours ? ` (${service.phoneHours})` : ''}.
    </p>
  </Layout>
);
