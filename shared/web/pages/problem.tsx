import type { ServiceConfig } from '../../config/service-config.js';
import { Layout } from '../layout.js';
import { unavailablePageMessages } from '../messages.js';

/** 404, 500 and 503 pages. A reference lets support find the log line without any personal data. */
export const ProblemPage = ({
  service,
  kind,
  reference,
}: {
  service: Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours'>;
  kind: 'not-found' | 'internal' | 'form-expired' | 'form-too-large' | 'form-too-many-fields' | 'unavailable';
  reference?: string;
}) => {
  const title = {
    'not-found': 'Page not found',
    'form-expired': 'The page has expired',
    'form-too-large': 'What you sent is too long',
    'form-too-many-fields': 'What you sent has too many answers',
    internal: 'Sorry, there is a problem with the service',
    unavailable: unavailablePageMessages.title,
  }[kind];
  return (
    <Layout title={title} service={service}>
      <h1>{title}</h1>
      {kind === 'not-found' && <p>If you typed the web address, check it is correct.</p>}
      {kind === 'internal' && <p>Try again later.</p>}
      {kind === 'unavailable' && (
        <>
          <p>{unavailablePageMessages.body}</p>
          <p>{unavailablePageMessages.goBack}</p>
        </>
      )}
      {(kind === 'form-too-large' || kind === 'form-too-many-fields') && (
        <p>Nothing was saved. Go back, check what you entered, and send the form again.</p>
      )}
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
