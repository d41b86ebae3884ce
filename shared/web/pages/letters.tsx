import type { ServiceConfig } from '../../config/service-config.js';
import type { LetterSummary } from '../../data/letters.js';
import { formatDateTimeShort } from '../format.js';
import { Layout } from '../layout.js';
import { letterMessages as m } from '../messages.js';

// The patient's letters (F24): a copy of what was shared about them, newest first, each a link to
// the very PDF that went out. A list, not a table, so it reads at 320 px.

export interface LettersPageProps {
  readonly service: Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours' | 'timeZone'>;
  readonly csrfToken: string;
  readonly letters: readonly LetterSummary[];
}

export const LettersPage = (p: LettersPageProps) => (
  <Layout title={m.title} service={p.service} signOut={{ csrfToken: p.csrfToken }}>
    <h1>{m.title}</h1>
    <p>{m.intro}</p>
    {p.letters.length === 0 ? (
      <p>{m.none}</p>
    ) : (
      <ul class="nhsuk-list nhsuk-list--border">
        {p.letters.map((l) => (
          <li key={l.id}>
            <a href={`/letters/${encodeURIComponent(l.id)}`}>{m.open(l.title)}</a>
            <br />
            <span class="nhsuk-body-s">{formatDateTimeShort(new Date(l.createdAt), p.service.timeZone)}</span>
          </li>
        ))}
      </ul>
    )}
    <p>
      <a href="/home">Back to your portal</a>
    </p>
  </Layout>
);
