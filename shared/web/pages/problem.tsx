import type { ServiceConfig } from '../../config/service-config.js';
import { Layout } from '../layout.js';

/** 404 and 500 pages. A reference lets support find the log line without any personal data. */
export const ProblemPage = ({
  service,
  kind,
  reference,
}: {
  service: Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours'>;
  kind: 'not-found' | 'internal' | 'form-expired';
  reference?: string;
}) => {
  const title =
    kind === 'not-found'
      ? 'Page not found'
      : kind === 'form-expired'
        ? 'The page has expired'
        : 'Sorry, there is a problem with the service';
  return (
    <Layout title={title} service={service}>
      <h1>{title}</h1>
      {kind === 'not-found' && <p>If you typed the web address, check it is correct.</p>}
      {kind === 'internal' && <p>Try again later.</p>}
      {kind === 'form-expired' && (
        <p>The page was open for too long, or cookies are switched off in your browser.</p>
      )}
      <p>
        <a href="/">Go to the start page</a>
      </p>
      {reference && <p class="nhsuk-body-s">Reference: {reference}</p>}
    </Layout>
  );
};
