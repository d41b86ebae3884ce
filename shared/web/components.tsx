import type { ComponentChildren } from 'preact';

// nhsuk-frontend markup as typed components. Parameter names follow the nhsuk macros (text,
// hint, errorMessage) so the NHS service manual applies as written. Ids derive from the field
// name (dob-day, dob-hint, dob-error) so error-summary links land on the field.

export interface FieldError {
  /** The id of the input the error summary links to. */
  readonly href: string;
  readonly text: string;
}

export const ErrorSummary = ({ errors }: { errors: readonly FieldError[] }) =>
  errors.length === 0 ? null : (
    // Focus moves to the summary when the page loads, as nhsuk's script would do, but without
    // JavaScript: screen reader users hear the problems first.
    <div class="nhsuk-error-summary" data-module="nhsuk-error-summary" tabindex={-1} autofocus>
      <div role="alert">
        <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
        <div class="nhsuk-error-summary__body">
          <ul class="nhsuk-list nhsuk-error-summary__list">
            {errors.map((e) => (
              <li key={e.href}>
                <a href={e.href}>{e.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );

const ErrorMessage = ({ id, text }: { id: string; text: string }) => (
  <span class="nhsuk-error-message" id={id}>
    <span class="nhsuk-u-visually-hidden">Error: </span>
    {text}
  </span>
);

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export interface TextInputProps {
  readonly name: string;
  readonly label: string;
  /** Renders the label as the page's h1, for one-question pages. */
  readonly labelIsHeading?: boolean;
  readonly hint?: string;
  readonly errorMessage?: string | undefined;
  readonly value?: string;
  readonly autocomplete?: string;
  readonly spellcheck?: boolean;
  readonly widthClass?: string;
  readonly inputmode?: 'text' | 'numeric';
  /** `email` and `tel` bring the right keyboard on phones. Unset: text. */
  readonly type?: 'text' | 'email' | 'tel';
}

export const TextInput = (p: TextInputProps) => {
  const hintId = p.hint ? `${p.name}-hint` : undefined;
  const errorId = p.errorMessage ? `${p.name}-error` : undefined;
  const label = (
    <label class={`nhsuk-label${p.labelIsHeading ? ' nhsuk-label--l' : ''}`} for={p.name}>
      {p.label}
    </label>
  );
  return (
    <div class={`nhsuk-form-group${p.errorMessage ? ' nhsuk-form-group--error' : ''}`}>
      {p.labelIsHeading ? <h1 class="nhsuk-label-wrapper">{label}</h1> : label}
      {p.hint && (
        <div class="nhsuk-hint" id={hintId}>
          {p.hint}
        </div>
      )}
      {p.errorMessage && errorId && <ErrorMessage id={errorId} text={p.errorMessage} />}
      <input
        class={`nhsuk-input${p.widthClass ? ` ${p.widthClass}` : ''}${p.errorMessage ? ' nhsuk-input--error' : ''}`}
        id={p.name}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        spellcheck={p.spellcheck}
        inputmode={p.inputmode}
        aria-describedby={describedBy(hintId, errorId)}
      />
    </div>
  );
};

export interface DateInputProps {
  /** Field prefix: inputs are `${id}-day`, `${id}-month`, `${id}-year`. */
  readonly id: string;
  readonly legend: string;
  readonly hint?: string;
  readonly errorMessage?: string | undefined;
  readonly values?: { day?: string; month?: string; year?: string };
  /** bday for a date of birth, so phones can fill it in. */
  readonly autocompletePrefix?: 'bday';
}

export const DateInput = (p: DateInputProps) => {
  const hintId = p.hint ? `${p.id}-hint` : undefined;
  const errorId = p.errorMessage ? `${p.id}-error` : undefined;
  const item = (part: 'day' | 'month' | 'year', label: string, width: number) => (
    <div class="nhsuk-date-input__item">
      <div class="nhsuk-form-group">
        <label class="nhsuk-label nhsuk-date-input__label" for={`${p.id}-${part}`}>
          {label}
        </label>
        <input
          class={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${p.errorMessage ? ' nhsuk-input--error' : ''}`}
          id={`${p.id}-${part}`}
          name={`${p.id}-${part}`}
          type="text"
          inputmode="numeric"
          value={p.values?.[part] ?? ''}
          autocomplete={p.autocompletePrefix ? `${p.autocompletePrefix}-${part}` : undefined}
        />
      </div>
    </div>
  );
  return (
    <div class={`nhsuk-form-group${p.errorMessage ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{p.legend}</legend>
        {p.hint && (
          <div class="nhsuk-hint" id={hintId}>
            {p.hint}
          </div>
        )}
        {p.errorMessage && errorId && <ErrorMessage id={errorId} text={p.errorMessage} />}
        <div class="nhsuk-date-input" id={p.id}>
          {item('day', 'Day', 2)}
          {item('month', 'Month', 2)}
          {item('year', 'Year', 4)}
        </div>
      </fieldset>
    </div>
  );
};

export const Button = ({ children, secondary }: { children: ComponentChildren; secondary?: boolean }) => (
  <button
    class={`nhsuk-button${secondary ? ' nhsuk-button--secondary' : ''}`}
    data-module="nhsuk-button"
    type="submit"
  >
    {children}
  </button>
);

/** Every form carries the CSRF token (shared/http/csrf.ts). */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;

export const InsetText = ({ children }: { children: ComponentChildren }) => (
  <div class="nhsuk-inset-text">
    <span class="nhsuk-u-visually-hidden">Information: </span>
    {children}
  </div>
);

export interface RadioItem {
  readonly value: string;
  readonly text: string;
}

export interface RadiosProps {
  /** The field name; the first radio's id is the name, so error links land on it. */
  readonly name: string;
  readonly legend: string;
  /** Size of the legend: 'l' when it is the page's question, 's' for one of several. */
  readonly legendSize?: 's' | 'm' | 'l';
  readonly hint?: string;
  readonly errorMessage?: string | undefined;
  readonly items: readonly RadioItem[];
  readonly checked?: string | undefined;
}

export const Radios = (p: RadiosProps) => {
  const hintId = p.hint ? `${p.name}-hint` : undefined;
  const errorId = p.errorMessage ? `${p.name}-error` : undefined;
  return (
    <div class={`nhsuk-form-group${p.errorMessage ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
        <legend class={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${p.legendSize ?? 's'}`}>
          {p.legend}
        </legend>
        {p.hint && (
          <div class="nhsuk-hint" id={hintId}>
            {p.hint}
          </div>
        )}
        {p.errorMessage && errorId && <ErrorMessage id={errorId} text={p.errorMessage} />}
        <div class="nhsuk-radios" data-module="nhsuk-radios">
          {p.items.map((item, i) => {
            const id = i === 0 ? p.name : `${p.name}-${i + 1}`;
            return (
              <div class="nhsuk-radios__item" key={item.value}>
                <input
                  class="nhsuk-radios__input"
                  id={id}
                  name={p.name}
                  type="radio"
                  value={item.value}
                  checked={p.checked === item.value}
                />
                <label class="nhsuk-label nhsuk-radios__label" for={id}>
                  {item.text}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
};

export interface TextareaProps {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly errorMessage?: string | undefined;
  readonly value?: string;
  readonly rows?: number;
  /** Makes the id unique when a page has several of the same field (one per to-do). */
  readonly id?: string;
}

export const Textarea = (p: TextareaProps) => {
  const id = p.id ?? p.name;
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errorId = p.errorMessage ? `${id}-error` : undefined;
  return (
    <div class={`nhsuk-form-group${p.errorMessage ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={id}>
        {p.label}
      </label>
      {p.hint && (
        <div class="nhsuk-hint" id={hintId}>
          {p.hint}
        </div>
      )}
      {p.errorMessage && errorId && <ErrorMessage id={errorId} text={p.errorMessage} />}
      <textarea
        class={`nhsuk-textarea${p.errorMessage ? ' nhsuk-textarea--error' : ''}`}
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        aria-describedby={describedBy(hintId, errorId)}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
};

export interface SummaryRow {
  readonly key: string;
  readonly value: ComponentChildren;
}

/** nhsuk summary list: label and value pairs (a patient's details). */
export const SummaryList = ({ rows }: { rows: readonly SummaryRow[] }) => (
  <dl class="nhsuk-summary-list">
    {rows.map((row) => (
      <div class="nhsuk-summary-list__row" key={row.key}>
        <dt class="nhsuk-summary-list__key">{row.key}</dt>
        <dd class="nhsuk-summary-list__value">{row.value}</dd>
      </div>
    ))}
  </dl>
);
