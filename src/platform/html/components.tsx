// Small NL Design System building blocks shared by all pages.
import { layoutMessages } from './messages.ts';
import type { Children } from '@kitajs/html';
import type { Lang } from '../i18n/index.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- @kitajs/html declares its JSX types as a global namespace
  namespace JSX {
    // HTML makes `autofocus` a global attribute; @kitajs/html only types it on form controls.
    interface HtmlTag {
      autofocus?: undefined | boolean;
    }
  }
}

export interface FieldError {
  /** The id of the form control, so the summary can link to it. */
  field: string;
  message: string;
}

/**
 * The error summary at the top of a form (GOV.UK / NL Design System pattern). It gets focus
 * when the page loads (`autofocus`, no JavaScript needed), so screen readers read it first and
 * keyboard users are one Tab away from the first link; each link jumps to its field.
 */
export function ErrorSummary({ lang, errors }: { lang: Lang; errors: readonly FieldError[] }): JSX.Element {
  if (errors.length === 0) return '';
  return (
    <div
      class="utrecht-alert utrecht-alert--error loket-error-summary"
      role="alert"
      aria-labelledby="foutmelding-titel"
      tabindex="-1"
      id="foutmeldingen"
      autofocus
    >
      <div class="utrecht-alert__content loket-error-summary__content">
        <h2 class="utrecht-heading-3 loket-error-summary__title" id="foutmelding-titel" safe>
          {layoutMessages(lang).errorSummaryTitle}
        </h2>
        <ul class="utrecht-unordered-list loket-error-summary__list">
          {errors.map((e) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link loket-error-summary__link" href={`#${e.field}`} safe>
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** A page's title, after the error prefix ("Fout: …") when its form has errors, so a screen reader says so first. */
export function errorTitle(lang: Lang, title: string, errors: readonly FieldError[]): string {
  return errors.length > 0 ? `${layoutMessages(lang).errorPrefix}: ${title}` : title;
}

export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** Message under a form control; its id is `${field}-fout`, for aria-describedby. */
export function FieldErrorMessage({ field, message }: { field: string; message: string | undefined }): JSX.Element {
  if (!message) return '';
  return (
    <p class="utrecht-form-field-error-message utrecht-form-field__error-message" id={`${field}-fout`} safe>
      {message}
    </p>
  );
}

/** An NL Design System table: a caption (only for screen readers with `hiddenCaption`), a header row, and the body rows (`children`). */
export function Table({
  caption,
  hiddenCaption = false,
  head,
  id,
  children,
}: {
  caption: string;
  hiddenCaption?: boolean;
  head: readonly string[];
  /**
   * With an id, the container is a labelled region that the keyboard can reach: on a narrow screen
   * the table scrolls sideways, and a table without links would otherwise not be scrollable without
   * a mouse (WCAG 2.1.1; axe scrollable-region-focusable).
   */
  id?: string;
  children: Children;
}): JSX.Element {
  const region = id === undefined ? {} : { role: 'region', 'aria-labelledby': `${id}-bijschrift`, tabindex: '0' };
  return (
    <div class="utrecht-table-container" {...region}>
      <table class="utrecht-table loket-table" id={id}>
        <caption
          class={hiddenCaption ? 'utrecht-table__caption loket-visually-hidden' : 'utrecht-table__caption'}
          id={id === undefined ? undefined : `${id}-bijschrift`}
          safe
        >
          {caption}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {head.map((h) => (
              <th class="utrecht-table__header-cell" scope="col" safe>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">{children}</tbody>
      </table>
    </div>
  );
}

/** An NL Design System data list: one row per key and value (both text). */
export function DataList({ rows }: { rows: readonly (readonly [string, string])[] }): JSX.Element {
  return (
    <dl class="utrecht-data-list utrecht-data-list--rows loket-data-list">
      {rows.map(([key, value]) => (
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key" safe>
            {key}
          </dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd" safe>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A paragraph of text; with `status`, a live region that screen readers announce (a result count, "nothing found"). */
export function Paragraph({ text, status }: { text: string; status?: boolean }): JSX.Element {
  return (
    <p class="utrecht-paragraph" role={status ? 'status' : undefined} safe>
      {text}
    </p>
  );
}

/** A paragraph that is one link (a way back, on, or to a related page). */
export function LinkParagraph({ href, text }: { href: string; text: string }): JSX.Element {
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={href} safe>
        {text}
      </a>
    </p>
  );
}

export function PageHeading({ children }: { children?: JSX.Element }): JSX.Element {
  return <h1 class="utrecht-heading-1">{children}</h1>;
}

/** The words of a pagination; a module's messages have them under these names. */
export interface PaginationLabels {
  /** The navigation's accessible name. */
  paginationLabel: string;
  previous: string;
  next: string;
}

/**
 * Previous / status ("page x of y") / next links (NL Design System pagination). Give `pages`
 * when the number of pages is known (nothing is shown for one page), or `hasNext` when only
 * whether another page follows is (nothing is shown on a first page without a next one).
 */
export function Pagination(
  props: {
    page: number;
    href: (page: number) => string;
    labels: PaginationLabels;
    /** Where the reader is, e.g. "Pagina 2 van 5". */
    status: string;
  } & ({ pages: number } | { hasNext: boolean }),
): JSX.Element {
  const { page, href, labels, status } = props;
  const hasNext = 'pages' in props ? page < props.pages : props.hasNext;
  if ('pages' in props ? props.pages <= 1 : page === 1 && !hasNext) return '';
  return (
    <nav class="utrecht-pagination loket-pagination" aria-label={labels.paginationLabel}>
      {page > 1 ? (
        <a
          class="utrecht-link utrecht-pagination__relative-link utrecht-pagination__relative-link--prev"
          rel="prev"
          href={href(page - 1)}
          safe
        >
          {labels.previous}
        </a>
      ) : (
        ''
      )}
      <span class="loket-pagination__status" safe>
        {status}
      </span>
      {hasNext ? (
        <a
          class="utrecht-link utrecht-pagination__relative-link utrecht-pagination__relative-link--next"
          rel="next"
          href={href(page + 1)}
          safe
        >
          {labels.next}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}

// ---------------------------------------------------------------------------------------------
// Form fields (NL Design System form-field pattern: label, hint, error message, control). The
// hint's id is `${id}-hint` and the error message's `${id}-fout`; the control names both in
// aria-describedby, and says aria-invalid="true" when there is an error.

/** What every form field has. */
export interface FieldProps {
  /** The control's id: the error summary links to it. */
  id: string;
  /** The name the form posts; the id when not given. */
  name?: string | undefined;
  label: string;
  hint?: string | undefined;
  error: string | undefined;
}

/** A select's or radio group's choices. */
export type FieldOptions = readonly { value: string; label: string }[];

/** The ids of the hint and the error message of a field, for aria-describedby; undefined when it has neither. */
export function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-fout` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldHint({ id, hint }: { id: string; hint: string | undefined }): JSX.Element {
  if (!hint) return '';
  return (
    <p class="utrecht-form-field-description" id={`${id}-hint`} safe>
      {hint}
    </p>
  );
}

/** The frame of one form control: label, hint and error message above it. */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error: string | undefined;
  children: JSX.Element;
}): JSX.Element {
  return (
    <div class={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
      <label class="utrecht-form-label utrecht-form-field__label" for={id} safe>
        {label}
      </label>
      <FieldHint id={id} hint={hint} />
      <FieldErrorMessage field={id} message={error} />
      {children}
    </div>
  );
}

export interface TextFieldProps extends FieldProps {
  value: string;
  type?: 'text' | 'search' | 'date' | 'url';
  inputmode?: 'numeric' | 'decimal' | undefined;
  maxlength: number;
  autocomplete?: 'off';
  spellcheck?: 'false';
  /** Suggestions while typing (assets/suggest.js): the JSON API that answers `?q=` with `{ items: [{ title }] }`. */
  suggestUrl?: string | undefined;
}

/** A one-line text box in its form field. */
export function TextField(f: TextFieldProps): JSX.Element {
  return (
    <FormField id={f.id} label={f.label} hint={f.hint} error={f.error}>
      <>
        <input
          class={`utrecht-textbox utrecht-form-field__input${f.error ? ' utrecht-textbox--invalid' : ''}`}
          id={f.id}
          name={f.name ?? f.id}
          type={f.type ?? 'text'}
          value={f.value}
          inputmode={f.inputmode}
          maxlength={String(f.maxlength)}
          autocomplete={f.autocomplete}
          spellcheck={f.spellcheck}
          aria-describedby={describedBy(f.id, f.hint, f.error)}
          aria-invalid={f.error ? 'true' : undefined}
          list={f.suggestUrl ? `${f.id}-suggesties` : undefined}
          data-suggest={f.suggestUrl}
        />
        {f.suggestUrl ? (
          <>
            <datalist id={`${f.id}-suggesties`}></datalist>
            <script src="/assets/suggest.js" defer></script>
          </>
        ) : (
          ''
        )}
      </>
    </FormField>
  );
}

/** A search box (`type="search"`, no autocomplete) in its form field. */
export function SearchField(f: Omit<TextFieldProps, 'type' | 'autocomplete'>): JSX.Element {
  return <TextField {...f} type="search" autocomplete="off" />;
}

export interface TextAreaFieldProps extends FieldProps {
  value: string;
  rows: number;
  maxlength?: number | undefined;
}

/** A multi-line text box in its form field. */
export function TextAreaField(f: TextAreaFieldProps): JSX.Element {
  return (
    <FormField id={f.id} label={f.label} hint={f.hint} error={f.error}>
      <textarea
        class={`utrecht-textarea utrecht-form-field__input${f.error ? ' utrecht-textarea--invalid' : ''}`}
        id={f.id}
        name={f.name ?? f.id}
        rows={String(f.rows)}
        maxlength={f.maxlength === undefined ? undefined : String(f.maxlength)}
        aria-describedby={describedBy(f.id, f.hint, f.error)}
        aria-invalid={f.error ? 'true' : undefined}
        safe
      >
        {f.value}
      </textarea>
    </FormField>
  );
}

export interface SelectFieldProps extends FieldProps {
  value: string;
  options: FieldOptions;
}

/** A drop-down list in its form field; the option whose value is `value` is selected. */
export function SelectField(f: SelectFieldProps): JSX.Element {
  return (
    <FormField id={f.id} label={f.label} hint={f.hint} error={f.error}>
      <select
        class={`utrecht-select utrecht-form-field__input${f.error ? ' utrecht-select--invalid' : ''}`}
        id={f.id}
        name={f.name ?? f.id}
        aria-describedby={describedBy(f.id, f.hint, f.error)}
        aria-invalid={f.error ? 'true' : undefined}
      >
        {f.options.map((o) => (
          <option value={o.value} selected={o.value === f.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </FormField>
  );
}

/** A fieldset with a legend, hint and error message; `id` is on the fieldset, so the error summary can link to it. */
export function FieldSet({
  id,
  legend,
  hint,
  error,
  children,
}: {
  id: string;
  legend: string;
  hint?: string | undefined;
  error: string | undefined;
  children: JSX.Element;
}): JSX.Element {
  return (
    <fieldset
      class={`utrecht-form-fieldset loket-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      id={id}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend class="utrecht-form-fieldset__legend" safe>
        {legend}
      </legend>
      <FieldHint id={id} hint={hint} />
      <FieldErrorMessage field={id} message={error} />
      {children}
    </fieldset>
  );
}

/** Radio buttons, one per option; each has the id `${idPrefix}-${value}` (idPrefix: the name when not given). */
export function RadioButtons({
  name,
  idPrefix = name,
  value,
  options,
}: {
  name: string;
  idPrefix?: string;
  value: string;
  options: FieldOptions;
}): JSX.Element {
  return (
    <>
      {options.map((o) => (
        <div class="utrecht-form-field utrecht-form-field--radio loket-radio">
          <input
            class="utrecht-radio-button utrecht-radio-button--html-input"
            type="radio"
            name={name}
            id={`${idPrefix}-${o.value}`}
            value={o.value}
            checked={o.value === value}
          />
          <label class="utrecht-form-label utrecht-form-label--radio" for={`${idPrefix}-${o.value}`} safe>
            {o.label}
          </label>
        </div>
      ))}
    </>
  );
}

/** A group of radio buttons in a fieldset whose legend is the label; the error summary links to the fieldset. */
export function RadioGroupField(f: FieldProps & { value: string; options: FieldOptions }): JSX.Element {
  return (
    <FieldSet id={f.id} legend={f.label} hint={f.hint} error={f.error}>
      <RadioButtons name={f.name ?? f.id} idPrefix={f.id} value={f.value} options={f.options} />
    </FieldSet>
  );
}

/** A section labelled by its own heading: h2, or h3/h4 inside another section. */
export function Section({
  id,
  heading,
  level = 2,
  class: className,
  children,
}: {
  id: string;
  heading: string;
  level?: 2 | 3 | 4;
  class?: string;
  children: JSX.Element;
}): JSX.Element {
  const headingId = `${id}-titel`;
  return (
    <section aria-labelledby={headingId} id={id} class={className}>
      {level === 2 ? (
        <h2 class="utrecht-heading-2" id={headingId} safe>
          {heading}
        </h2>
      ) : level === 3 ? (
        <h3 class="utrecht-heading-3" id={headingId} safe>
          {heading}
        </h3>
      ) : (
        <h4 class="utrecht-heading-4" id={headingId} safe>
          {heading}
        </h4>
      )}
      {children}
    </section>
  );
}

/** The hidden CSRF field of a form (its token from reply.generateCsrf()). */
export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A confirmation after a form (PRG), announced by screen readers; nothing without a text. */
export function NoticeBox({ text }: { text: string | undefined }): JSX.Element {
  if (!text) return '';
  return (
    <div class="utrecht-alert utrecht-alert--ok loket-notice" role="status">
      <Paragraph text={text} />
    </div>
  );
}

/** An information box, or with `warning` a warning box (neither is announced): a paragraph per text. */
export function InfoBox({ texts, warning = false }: { texts: readonly string[]; warning?: boolean }): JSX.Element {
  return (
    <div class={`utrecht-alert ${warning ? 'utrecht-alert--warning' : 'utrecht-alert--info'} loket-notice`}>
      <div class="utrecht-alert__content">
        {texts.map((t) => (
          <Paragraph text={t} />
        ))}
      </div>
    </div>
  );
}
