// The page /organisaties: search the organisation register (works without JavaScript).
import type { FastifyInstance } from 'fastify';
import {
  ErrorSummary,
  Pagination,
  SearchField,
  SelectField,
  Table,
  errorFor,
  errorTitle,
  type FieldError,
} from '../../platform/html/index.tsx';
import { format, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { listLimits, organisationTypeLabels, organisationTypes, type Organisation, type OrganisationType } from './model.ts';
import { registryMessages } from './messages.ts';
import * as service from './service.ts';

export const organisationsPath = '/organisaties';
const pageSize = 20;

interface Form {
  q: string;
  type: string;
  page: number;
}

/** Checks the search form; returns the errors in the user's language. */
export function validateSearch(raw: Record<string, unknown>, lang: Lang): { form: Form; errors: FieldError[] } {
  const m = registryMessages(lang);
  const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
  const q = str(raw['q']).trim();
  const type = str(raw['soort']);
  const pageText = str(raw['pagina']) || '1';
  const errors: FieldError[] = [];
  if (q.length === 1) errors.push({ field: 'q', message: m.errorTooShort });
  if (q.length > listLimits.maxQueryLength) errors.push({ field: 'q', message: m.errorTooLong });
  if (type !== '' && !organisationTypes.includes(type as OrganisationType)) errors.push({ field: 'soort', message: m.errorType });
  const page = /^\d{1,5}$/.test(pageText) ? Number(pageText) : NaN;
  if (!Number.isInteger(page) || page < 1) errors.push({ field: 'q', message: m.errorPage });
  return { form: { q, type, page: Number.isInteger(page) && page >= 1 ? page : 1 }, errors };
}

function pageHref(form: Form, page: number): string {
  const params = new URLSearchParams();
  if (form.q) params.set('q', form.q);
  if (form.type) params.set('soort', form.type);
  params.set('pagina', String(page));
  return `${organisationsPath}?${params.toString()}`;
}

function Results({ lang, form, items, total }: { lang: Lang; form: Form; items: readonly Organisation[]; total: number }): JSX.Element {
  const m = registryMessages(lang);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total === 0) {
    return (
      <p class="utrecht-paragraph" role="status" safe>
        {m.noResults}
      </p>
    );
  }
  return (
    <>
      <p class="utrecht-paragraph loket-results-count" role="status" safe>
        {total === 1 ? m.resultsOne : format(m.results, { total: formatNumber(total, lang) })}
      </p>
      <Table caption={m.tableCaption} hiddenCaption head={[m.colName, m.colType, m.colCode]}>
        {items.map((o) => (
          <tr class="utrecht-table__row">
            <td class="utrecht-table__cell" safe>
              {o.name}
            </td>
            <td class="utrecht-table__cell" safe>
              {organisationTypeLabels[o.type][lang]}
            </td>
            <td class="utrecht-table__cell" safe>
              {o.code}
            </td>
          </tr>
        ))}
      </Table>
      <Pagination
        page={form.page}
        pages={pages}
        href={(page) => pageHref(form, page)}
        labels={m}
        status={format(m.pageOf, { page: form.page, pages })}
      />
    </>
  );
}

export function registerOrganisationPages(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(organisationsPath, { config: { access: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    const m = registryMessages(lang);
    const { form, errors } = validateSearch(request.query as Record<string, unknown>, lang);
    const result =
      errors.length === 0
        ? await service.listOrganisations(ctx, {
            q: form.q || undefined,
            type: (form.type || undefined) as OrganisationType | undefined,
            limit: pageSize,
            offset: (form.page - 1) * pageSize,
          })
        : undefined;
    return reply.page({
      title: errorTitle(lang, m.title, errors),
      status: errors.length > 0 ? 400 : 200,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m.title}
          </h1>
          <p class="utrecht-paragraph" safe>
            {m.intro}
          </p>
          <ErrorSummary lang={lang} errors={errors} />
          <form class="loket-search" method="get" action={organisationsPath} role="search" novalidate>
            <SearchField id="q" label={m.searchLabel} hint={m.searchHint} error={errorFor(errors, 'q')} value={form.q} maxlength={200} />
            <SelectField
              id="soort"
              label={m.typeLabel}
              error={errorFor(errors, 'soort')}
              value={form.type}
              options={[
                { value: '', label: m.typeAll },
                ...organisationTypes.map((t) => ({ value: t, label: organisationTypeLabels[t][lang] })),
              ]}
            />
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.searchButton}
            </button>
          </form>
          {result ? <Results lang={lang} form={form} items={result.items} total={result.total} /> : ''}
        </>
      ),
    });
  });
}
