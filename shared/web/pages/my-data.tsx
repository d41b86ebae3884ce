import type { ServiceConfig } from '../../config/service-config.js';
import type { SubjectAccess } from '../../records/subject-access.js';
import { SummaryList } from '../components.js';
import { Layout } from '../layout.js';
import { myDataMessages as m } from '../messages.js';

// Subject access (F27) as a page: every section of what is held, each under its heading, each
// record as a summary list of its fields. The same content as the JSON download, which the page
// links to. Summary lists, not tables, so it reads at 320 px.

type Section = Exclude<keyof SubjectAccess, 'generatedAt' | 'service' | 'details'>;

const sections: readonly (readonly [Section, string])[] = [
  ['appointments', m.appointments],
  ['requests', m.requests],
  ['responses', m.responses],
  ['todos', m.todos],
  ['consents', m.consents],
  ['letters', m.letters],
  ['messages', m.messages],
  ['episodes', m.episodes],
  ['audit', m.audit],
];

/** A stored value as text: nested values as compact JSON, nothing as "None". */
const text = (value: unknown): string =>
  value === null || value === undefined
    ? m.none
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

const Fields = ({ record }: { record: object }) => (
  <SummaryList rows={Object.entries(record).map(([key, value]) => ({ key, value: text(value) }))} />
);

export interface MyDataPageProps {
  readonly service: Pick<ServiceConfig, 'name' | 'phone' | 'phoneHours'>;
  readonly data: SubjectAccess;
  /** Where the JSON download is: the patient's own, or staff's for this patient. */
  readonly downloadHref: string;
  readonly title: string;
  readonly downloadText: string;
  /** The patient's sign-out button; staff pages have their own layout around this content. */
  readonly csrfToken?: string | undefined;
  readonly backHref: string;
}

export const MyDataContent = (p: Omit<MyDataPageProps, 'service' | 'csrfToken'>) => (
  <>
    <h1>{p.title}</h1>
    <p>{m.intro}</p>
    <p>
      <a href={p.downloadHref} download="my-data.json">
        {p.downloadText}
      </a>
    </p>
    <h2>{m.details}</h2>
    <Fields record={p.data.details} />
    {sections.map(([key, heading]) => {
      const items = p.data[key] as readonly object[];
      return (
        <section key={key} aria-labelledby={`section-${key}`}>
          <h2 id={`section-${key}`}>{m.held(heading, items.length)}</h2>
          {items.length === 0 ? (
            <p>{m.none}</p>
          ) : (
            items.map((item, i) => (
              <div key={i}>
                <h3 class="nhsuk-heading-s">
                  {heading} {i + 1}
                </h3>
                <Fields record={item} />
              </div>
            ))
          )}
        </section>
      );
    })}
    <p>
      <a href={p.backHref}>Back</a>
    </p>
  </>
);

export const MyDataPage = (p: MyDataPageProps) => (
  <Layout
    title={p.title}
    service={p.service}
    {...(p.csrfToken ? { signOut: { csrfToken: p.csrfToken } } : {})}
  >
    <MyDataContent {...p} />
  </Layout>
);
