import type { ServiceConfig } from '../../config/service-config.js';
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import type { DueState } from '../../domain/questionnaires/due.js';
import { Button, CsrfField, ErrorSummary, type FieldError, InsetText, Radios } from '../components.js';
import { formatDate, formatTime } from '../format.js';
import { Layout } from '../layout.js';

// The questionnaire pages (F5 to F9): what is due, one questionnaire at a time, "recorded" for
// one already done, and the urgent-help page after a risk answer. Plain forms: no JavaScript.

const titleOf = (questionnaires: ReadonlyMap<string, QuestionnaireDefinition>, id: string) =>
  questionnaires.get(id)?.title ?? id;

const when = (instant: Date, timeZone: string) =>
  `${formatDate(instant, timeZone)} at ${formatTime(instant, timeZone)}`;

/** What is due, as a paragraph and a list: on the home page and the questionnaires page. */
export const DueSummary = ({
  state,
  service,
  questionnaires,
}: {
  state: DueState;
  service: ServiceConfig;
  questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
}) => {
  if (state.kind === 'no-appointment') {
    return (
      <InsetText>
        <p>You have nothing to do at the moment.</p>
      </InsetText>
    );
  }
  if (state.kind === 'not-yet') {
    return (
      <InsetText>
        <p>You have nothing to do at the moment.</p>
        <p>
          Your next appointment is on {when(state.appointment.start, service.timeZone)}. Your questionnaires
          for it will be ready from {when(state.opensAt, service.timeZone)}.
        </p>
      </InsetText>
    );
  }
  if (state.next === null) {
    return (
      <InsetText>
        <p>
          {state.completedToday
            ? 'You have already completed your questionnaires for today.'
            : 'You have completed your questionnaires for your next appointment.'}
        </p>
        <p>Your appointment is on {when(state.appointment.start, service.timeZone)}.</p>
      </InsetText>
    );
  }
  const started = state.items.some((i) => i.status === 'completed');
  return (
    <>
      <p>
        Before your appointment on {when(state.appointment.start, service.timeZone)}, please answer these
        questionnaires. It takes about 10 minutes.
      </p>
      <ul class="nhsuk-list nhsuk-list--border">
        {state.items.map((item) => (
          <li key={item.id}>
            {titleOf(questionnaires, item.id)}{' '}
            <strong
              class={`nhsuk-tag ${item.status === 'completed' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}
            >
              {item.status === 'completed' ? 'Completed' : 'To do'}
            </strong>
          </li>
        ))}
      </ul>
      <a class="nhsuk-button" href={`/questionnaires/${state.next}`}>
        {started ? 'Continue' : 'Start'}
      </a>
    </>
  );
};

export const QuestionnairesPage = (props: {
  service: ServiceConfig;
  state: DueState;
  questionnaires: ReadonlyMap<string, QuestionnaireDefinition>;
  csrfToken: string;
}) => (
  <Layout title="Your questionnaires" service={props.service} signOut={{ csrfToken: props.csrfToken }}>
    <h1>Your questionnaires</h1>
    <DueSummary state={props.state} service={props.service} questionnaires={props.questionnaires} />
    {props.state.kind === 'open' && props.state.next === null && (
      <p>Thank you. You can sign out now, or close this page.</p>
    )}
  </Layout>
);

export interface QuestionnairePageProps {
  readonly service: ServiceConfig;
  readonly definition: QuestionnaireDefinition;
  readonly position: { readonly index: number; readonly of: number };
  readonly csrfToken: string;
  /** What was chosen, by item id, so a person only fixes what is missing. */
  readonly values?: Readonly<Record<string, string>>;
  /** Item ids with a problem: missing or not one of the options. */
  readonly errors?: readonly string[];
}

export const QuestionnairePage = ({
  service,
  definition,
  position,
  csrfToken,
  values = {},
  errors = [],
}: QuestionnairePageProps) => {
  const problem = (itemId: string) => (errors.includes(itemId) ? 'Select an answer' : undefined);
  const summary: FieldError[] = definition.items
    .filter((item) => errors.includes(item.id))
    .map((item) => ({ href: `#${item.id}`, text: `Select an answer for: ${item.text}` }));
  return (
    <Layout title={definition.title} service={service} hasErrors={summary.length > 0} signOut={{ csrfToken }}>
      <ErrorSummary errors={summary} />
      <span class="nhsuk-caption-l">
        Questionnaire {position.index} of {position.of}
      </span>
      <h1>{definition.title}</h1>
      <p class="nhsuk-body-l">{definition.stem}</p>
      <p>Answer every question, then select Next. You cannot go back to this questionnaire after that.</p>
      <form method="post" action={`/questionnaires/${definition.id}`} novalidate>
        <CsrfField token={csrfToken} />
        {definition.items.map((item, i) => (
          <Radios
            key={item.id}
            name={item.id}
            legend={`${i + 1}. ${item.text}`}
            errorMessage={problem(item.id)}
            checked={values[item.id]}
            items={[
              ...(item.options ?? definition.options).map((o) => ({ value: String(o.value), text: o.label })),
              ...(item.notApplicable ? [{ value: 'na', text: item.notApplicable.label }] : []),
            ]}
          />
        ))}
        <Button>Next</Button>
      </form>
      {definition.notice && <p class="nhsuk-body-s">{definition.notice}</p>}
    </Layout>
  );
};

/** A questionnaire already done: recorded, with a way on to the next one (F7). */
export const RecordedPage = (props: {
  service: ServiceConfig;
  definition: QuestionnaireDefinition;
  next: string | null;
  csrfToken: string;
}) => (
  <Layout title={props.definition.title} service={props.service} signOut={{ csrfToken: props.csrfToken }}>
    <h1>{props.definition.title}</h1>
    <InsetText>
      <p>You have completed this questionnaire. Your answers are recorded.</p>
    </InsetText>
    <a class="nhsuk-button" href={props.next ? `/questionnaires/${props.next}` : '/questionnaires'}>
      Next
    </a>
  </Layout>
);

/**
 * Shown right after a risk answer (risk.md): calm, no score, where to get help now. The team
 * may not read the answers until the next working day.
 */
export const UrgentHelpPage = (props: { service: ServiceConfig; csrfToken: string; next: string | null }) => (
  <Layout title="If you need help now" service={props.service} signOut={{ csrfToken: props.csrfToken }}>
    <h1>If you need help now</h1>
    <p>
      Thank you for your answers. Your therapy team may not see them until the next working day, or your
      appointment.
    </p>
    <p>If you need help before then:</p>
    <ul>
      {props.service.urgentHelp.map((line) => (
        <li key={line}>{line}</li>
      ))}
      <li>
        Call {props.service.name} on{' '}
        <a href={`tel:${props.service.phone.replace(/\s/g, '')}`}>{props.service.phone}</a>
        {props.service.phoneHours ? ` (${props.service.phoneHours})` : ''}, or your GP surgery.
      </li>
    </ul>
    {/* Links styled as buttons stay links (no role="button"): with no script, Space would not follow them. */}
    <a class="nhsuk-button" href={props.next ? `/questionnaires/${props.next}` : '/questionnaires'}>
      Continue
    </a>
  </Layout>
);
