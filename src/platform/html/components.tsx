// Small NL Design System building blocks shared by all pages.
import { layoutMessages } from './messages.ts';
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

export function PageHeading({ children }: { children?: JSX.Element }): JSX.Element {
  return <h1 class="utrecht-heading-1">{children}</h1>;
}

/** Previous / "page x of y" / next links (NL Design System pagination), for a list of `pages` pages. */
export function Pagination({
  page,
  pages,
  href,
  labels,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  labels: { navigation: string; previous: string; next: string; status: string };
}): JSX.Element {
  if (pages <= 1) return '';
  return (
    <nav class="utrecht-pagination loket-pagination" aria-label={labels.navigation}>
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
        {labels.status}
      </span>
      {page < pages ? (
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
