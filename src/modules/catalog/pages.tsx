// The catalog's pages: search (/diensten), a service (/diensten/{organisation}/{id}), who offers a
// product (/diensten/product/{slug}) and life events (/levensgebeurtenissen). All work without JavaScript.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ErrorSummary,
  Pagination,
  SearchField,
  SelectField,
  errorFor,
  layoutMessages,
  sendErrorPage,
  str,
  type FieldError,
} from '../../platform/html/index.tsx';
import { format, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { loaLabels } from '../../platform/auth/model.ts';
import { formatDateLong as formatIsoDate, type IsoDate } from '../../platform/time/index.ts';

const formatDateLong = (date: string, lang: Lang): string => formatIsoDate(date as IsoDate, lang);
import { findPerson, listOrganisations, organisationTypes, type Organisation, type OrganisationType } from '../registry/index.ts';
import { FeedbackSummaryBlock, feedbackConfirmed } from './feedback/pages.tsx';
import { feedbackSummary } from './feedback/service.ts';
import { shippedLifeEvent, shippedLifeEvents, type LifeEvent } from './life-events.ts';
import { catalogMessages } from './messages.ts';
import { catalogApi, catalogPaths, uplSlug } from './paths.ts';
import { searchServices, type AudienceCode, type KindCode, type ServiceSearchParams } from './search.ts';
import { getPublicService, productNames, type PublicService } from './service.ts';

const pageSize = 20;
// Services of one product on its page: at most one per organisation.

const audienceCodes = ['citizen', 'business'] as const;
const kindCodes = ['application', 'subsidy', 'notification', 'obligation'] as const;
const organisationTypeLabels: Record<OrganisationType, { nl: string; en: string }> = {
  municipality: { nl: 'Gemeenten', en: 'Municipalities' },
  province: { nl: 'Provincies', en: 'Provinces' },
  water_board: { nl: 'Waterschappen', en: 'Water boards' },
  ministry: { nl: 'Ministeries', en: 'Ministries' },
  agency: { nl: 'Uitvoeringsorganisaties', en: 'Government agencies' },
};

interface SearchForm {
  q: string;
  municipality: string;
  audience: string;
  kind: string;
  offeredBy: string;
  page: number;
}

/** Checks the search form (query string, Dutch parameter names); returns errors in the user's language. */
export function validateSearchForm(
  raw: Record<string, unknown>,
  lang: Lang,
  municipalities: ReadonlySet<string>,
): { form: SearchForm; errors: FieldError[] } {
  const m = catalogMessages(lang);
  const form: SearchForm = {
    q: str(raw['q']).trim(),
    municipality: str(raw['gemeente']),
    audience: str(raw['voor']),
    kind: str(raw['soort']),
    offeredBy: str(raw['aanbieder']),
    page: 1,
  };
  const errors: FieldError[] = [];
  if (form.q.length > 200) errors.push({ field: 'q', message: m.errorQ });
  if (form.municipality !== '' && !municipalities.has(form.municipality)) errors.push({ field: 'gemeente', message: m.errorMunicipality });
  if (form.audience !== '' && !(audienceCodes as readonly string[]).includes(form.audience))
    errors.push({ field: 'voor', message: m.errorChoice });
  if (form.kind !== '' && !(kindCodes as readonly string[]).includes(form.kind)) errors.push({ field: 'soort', message: m.errorChoice });
  if (form.offeredBy !== '' && !(organisationTypes as readonly string[]).includes(form.offeredBy))
    errors.push({ field: 'aanbieder', message: m.errorChoice });
  const pageText = str(raw['pagina']) || '1';
  const page = /^\d{1,4}$/.test(pageText) ? Number(pageText) : NaN;
  if (!Number.isInteger(page) || page < 1 || page > 500) errors.push({ field: 'q', message: m.errorPage });
  else form.page = page;
  return { form, errors };
}

function searchHref(form: SearchForm, changes: Partial<SearchForm> = {}): string {
  const f = { ...form, page: 1, ...changes };
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.municipality) params.set('gemeente', f.municipality);
  if (f.audience) params.set('voor', f.audience);
  if (f.kind) params.set('soort', f.kind);
  if (f.offeredBy) params.set('aanbieder', f.offeredBy);
  if (f.page > 1) params.set('pagina', String(f.page));
  const text = params.toString();
  return text ? `${catalogPaths.search}?${text}` : catalogPaths.search;
}

/** The municipality of the logged-in citizen, if any. */
async function ownMunicipality(ctx: ModuleContext, request: FastifyRequest): Promise<string | undefined> {
  const p = request.principal;
  if (p?.kind !== 'person') return undefined;
  return (await findPerson(ctx, p.bsn))?.address?.municipalityCode;
}

async function municipalitiesOf(ctx: ModuleContext): Promise<readonly Organisation[]> {
  return (await listOrganisations(ctx, { limit: 1000, offset: 0, type: 'municipality' })).items;
}

/** The municipality choice of the search, product and life-event pages (field `gemeente`). */
function MunicipalityField(p: {
  lang: Lang;
  hint: string;
  value: string;
  error: string | undefined;
  municipalities: readonly Organisation[];
}): JSX.Element {
  const m = catalogMessages(p.lang);
  return (
    <SelectField
      id="gemeente"
      label={m.municipalityLabel}
      hint={p.hint}
      value={p.value}
      error={p.error}
      options={[{ value: '', label: m.municipalityAll }, ...p.municipalities.map((o) => ({ value: o.code, label: o.name }))]}
    />
  );
}

export function registerCatalogPages(app: FastifyInstance, ctx: ModuleContext): void {
  // ── search ────────────────────────────────────────────────────────────────────────────────
  app.get(catalogPaths.search, { config: { access: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    const m = catalogMessages(lang);
    const municipalities = await municipalitiesOf(ctx);
    const raw = request.query as Record<string, unknown>;
    const { form, errors } = validateSearchForm(raw, lang, new Set(municipalities.map((o) => o.code)));
    // A logged-in citizen sees their own municipality's services unless they chose otherwise.
    const own = await ownMunicipality(ctx, request);
    if (own && raw['gemeente'] === undefined) form.municipality = own;
    const params: ServiceSearchParams = {
      q: form.q,
      municipality: form.municipality || undefined,
      audience: (form.audience || undefined) as AudienceCode | undefined,
      kind: (form.kind || undefined) as KindCode | undefined,
      offeredBy: (form.offeredBy || undefined) as OrganisationType | undefined,
      groupBy: 'upl',
      limit: pageSize,
      offset: (form.page - 1) * pageSize,
    };
    const found = errors.length === 0 && (form.q !== '' || raw['gemeente'] !== undefined) ? await searchServices(ctx, params) : undefined;
    const result = found?.ok ? found.value : undefined;
    const ownName = own ? municipalities.find((o) => o.code === own)?.name : undefined;
    const pages = result ? Math.max(1, Math.ceil(result.total / pageSize)) : 1;
    return reply.page({
      title:
        errors.length > 0
          ? `${layoutMessages(lang).errorPrefix}: ${m.searchTitle}`
          : form.q
            ? `${form.q} – ${m.searchTitle}`
            : m.searchTitle,
      status: errors.length > 0 ? 400 : 200,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m.searchTitle}
          </h1>
          <p class="utrecht-paragraph" safe>
            {m.searchIntro}
          </p>
          <ErrorSummary lang={lang} errors={errors} />
          <form class="loket-search loket-catalog-search" method="get" action={catalogPaths.search} role="search" novalidate>
            <SearchField
              id="q"
              label={m.qLabel}
              hint={m.qHint}
              error={errorFor(errors, 'q')}
              value={form.q}
              maxlength={200}
              suggestUrl={`${catalogApi.services}/suggestions`}
            />
            <MunicipalityField
              lang={lang}
              hint={m.municipalityHint}
              value={form.municipality}
              error={errorFor(errors, 'gemeente')}
              municipalities={municipalities}
            />
            <SelectField
              id="voor"
              label={m.audienceLabel}
              value={form.audience}
              error={errorFor(errors, 'voor')}
              options={[{ value: '', label: m.audienceAll }, ...audienceCodes.map((a) => ({ value: a, label: m[`audience_${a}`] }))]}
            />
            <SelectField
              id="soort"
              label={m.kindLabel}
              value={form.kind}
              error={errorFor(errors, 'soort')}
              options={[{ value: '', label: m.kindAll }, ...kindCodes.map((k) => ({ value: k, label: m[`kind_${k}`] }))]}
            />
            <SelectField
              id="aanbieder"
              label={m.offeredByLabel}
              value={form.offeredBy}
              error={errorFor(errors, 'aanbieder')}
              options={[
                { value: '', label: m.offeredByAll },
                ...organisationTypes.map((t) => ({ value: t, label: organisationTypeLabels[t][lang] })),
              ]}
            />
            <button type="submit" class="utrecht-button utrecht-button--primary-action" safe>
              {m.searchButton}
            </button>
          </form>
          {ownName && form.municipality === own ? (
            <p class="utrecht-paragraph" safe>
              {format(m.yourMunicipality, { municipality: ownName })}
            </p>
          ) : (
            ''
          )}
          {result ? (
            <section aria-labelledby="resultaten">
              <h2 class="utrecht-heading-2 loket-results-count" id="resultaten" role="status" safe>
                {result.total === 0
                  ? m.noResults
                  : result.total === 1
                    ? m.resultsOne
                    : format(m.results, { total: formatNumber(result.total, lang) })}
              </h2>
              {result.total > 0 ? (
                <nav class="loket-facets" aria-label={m.facetsTitle}>
                  <h3 class="utrecht-heading-3" safe>
                    {m.facetsTitle}
                  </h3>
                  <ul class="loket-facets__list">
                    {audienceCodes
                      .filter((a) => result.facets.audience[a] > 0 && form.audience !== a)
                      .map((a) => (
                        <li>
                          <a class="utrecht-link" href={searchHref(form, { audience: a })} safe>
                            {`${m[`audience_${a}`]} (${formatNumber(result.facets.audience[a], lang)})`}
                          </a>
                        </li>
                      ))}
                    {kindCodes
                      .filter((k) => result.facets.kind[k] > 0 && form.kind !== k)
                      .map((k) => (
                        <li>
                          <a class="utrecht-link" href={searchHref(form, { kind: k })} safe>
                            {`${m[`kind_${k}`]} (${formatNumber(result.facets.kind[k], lang)})`}
                          </a>
                        </li>
                      ))}
                  </ul>
                </nav>
              ) : (
                ''
              )}
              <ol class="loket-results" start={String((form.page - 1) * pageSize + 1)}>
                {result.groupBy === 'upl'
                  ? result.items.map((p) => (
                      <li class="loket-result">
                        <h3 class="utrecht-heading-3 loket-result__title">
                          <a
                            class="utrecht-link"
                            href={
                              p.service
                                ? catalogPaths.service(p.service.organisation.code, p.service.serviceId)
                                : `${catalogPaths.product(p.uplUri)}${form.municipality ? `?gemeente=${form.municipality}` : ''}`
                            }
                            safe
                          >
                            {p.title}
                          </a>
                        </h3>
                        <p class="utrecht-paragraph loket-result__meta" safe>
                          {[
                            p.service
                              ? format(m.offeredByOne, { organisation: p.service.organisation.name })
                              : format(m.offeredByMany, { count: formatNumber(p.services, lang) }),
                            p.kinds.map((k) => m[`kind_${k}`]).join(', '),
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </p>
                      </li>
                    ))
                  : ''}
              </ol>
              <Pagination
                page={form.page}
                pages={pages}
                href={(page) => searchHref(form, { page })}
                labels={m}
                status={format(m.pageOf, { page: form.page, pages })}
              />
            </section>
          ) : (
            ''
          )}
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={catalogPaths.lifeEvents} safe>
              {m.lifeEventsLink}
            </a>
          </p>
        </>
      ),
    });
  });

  // ── one service ───────────────────────────────────────────────────────────────────────────
  app.get(`${catalogPaths.search}/:organisation/:id`, { config: { access: 'public' } }, async (request, reply) => {
    const { organisation, id } = request.params as { organisation: string; id: string };
    const valid = /^[A-Za-z0-9-]{2,20}$/.test(organisation) && /^[0-9a-f-]{36}$/i.test(id);
    const found = valid ? await getPublicService(ctx, organisation.toUpperCase(), id.toLowerCase()) : undefined;
    if (!found) return sendErrorPage(reply, 404, 'notFound');
    const summary = await feedbackSummary(ctx.database.db, found.organisation.code, found.service.id);
    return reply.page({
      title: `${found.service.title} – ${found.organisation.name}`,
      body: (
        <ServicePage
          lang={request.lang}
          p={found}
          feedback={
            <FeedbackSummaryBlock
              summary={summary}
              organisationCode={found.organisation.code}
              serviceId={found.service.id}
              lang={request.lang}
              loggedIn={request.principal?.kind === 'person' || request.principal?.kind === 'business'}
              confirmed={feedbackConfirmed(request.query)}
            />
          }
        />
      ),
    });
  });

  // ── who offers a product ──────────────────────────────────────────────────────────────────
  app.get(`${catalogPaths.search}/product/:slug`, { config: { access: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    const m = catalogMessages(lang);
    const { slug } = request.params as { slug: string };
    if (!/^[A-Za-z0-9_.()'-]{1,120}$/.test(slug)) return sendErrorPage(reply, 404, 'notFound');
    const municipalities = await municipalitiesOf(ctx);
    const raw = request.query as Record<string, unknown>;
    const { form, errors } = validateSearchForm(
      { gemeente: raw['gemeente'], pagina: raw['pagina'] },
      lang,
      new Set(municipalities.map((o) => o.code)),
    );
    const own = await ownMunicipality(ctx, request);
    if (own && raw['gemeente'] === undefined) form.municipality = own;
    const uplUri = `http://standaarden.overheid.nl/owms/terms/${slug}`;
    const name = (await productNames(ctx, [uplUri])).get(uplUri);
    if (!name) return sendErrorPage(reply, 404, 'notFound');
    const found =
      errors.length === 0
        ? await searchServices(ctx, {
            q: '',
            upl: [uplUri],
            municipality: form.municipality || undefined,
            groupBy: 'none',
            limit: 500,
            offset: 0,
          })
        : undefined;
    const services = found?.ok && found.value.groupBy === 'none' ? found.value.items : [];
    return reply.page({
      title: format(m.productTitle, { product: name }),
      status: errors.length > 0 ? 400 : 200,
      body: (
        <>
          <Breadcrumbs lang={lang} />
          <h1 class="utrecht-heading-1" safe>
            {format(m.productTitle, { product: name.charAt(0).toLocaleUpperCase('nl') + name.slice(1) })}
          </h1>
          <ErrorSummary lang={lang} errors={errors} />
          <form class="loket-search" method="get" action={catalogPaths.product(uplUri)} novalidate>
            <MunicipalityField
              lang={lang}
              hint={m.municipalityHint}
              value={form.municipality}
              error={errorFor(errors, 'gemeente')}
              municipalities={municipalities}
            />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action" safe>
              {m.show}
            </button>
          </form>
          {services.length === 0 ? (
            <p class="utrecht-paragraph" role="status" safe>
              {m.productNone}
            </p>
          ) : (
            <ul class="utrecht-unordered-list loket-columns">
              {services.map((s) => (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={catalogPaths.service(s.organisation.code, s.serviceId)} safe>
                    {s.organisation.name}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    });
  });

  // ── life events ───────────────────────────────────────────────────────────────────────────
  app.get(catalogPaths.lifeEvents, { config: { access: 'public' } }, (request, reply) => {
    const lang = request.lang;
    const m = catalogMessages(lang);
    const events = shippedLifeEvents();
    const group = (audience: LifeEvent['audience'], title: string): JSX.Element => (
      <section aria-labelledby={`voor-${audience}`}>
        <h2 class="utrecht-heading-2" id={`voor-${audience}`} safe>
          {title}
        </h2>
        <ul class="loket-cards">
          {events
            .filter((e) => e.audience === audience)
            .map((e) => (
              <li class="loket-card">
                <h3 class="utrecht-heading-3">
                  <a class="utrecht-link loket-card__link" href={catalogPaths.lifeEvent(e.slug)} safe>
                    {e.name[lang]}
                  </a>
                </h3>
                <p class="utrecht-paragraph" safe>
                  {e.summary[lang]}
                </p>
              </li>
            ))}
        </ul>
      </section>
    );
    return reply.page({
      title: m.lifeEventsTitle,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m.lifeEventsTitle}
          </h1>
          <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
            {m.lifeEventsIntro}
          </p>
          {group('citizen', m.forCitizens)}
          {group('business', m.forBusinesses)}
        </>
      ),
    });
  });

  app.get(`${catalogPaths.lifeEvents}/:slug`, { config: { access: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    const m = catalogMessages(lang);
    const event = shippedLifeEvent((request.params as { slug: string }).slug);
    if (!event) return sendErrorPage(reply, 404, 'notFound');
    const municipalities = await municipalitiesOf(ctx);
    const raw = request.query as Record<string, unknown>;
    const { form, errors } = validateSearchForm({ gemeente: raw['gemeente'] }, lang, new Set(municipalities.map((o) => o.code)));
    const own = await ownMunicipality(ctx, request);
    if (own && raw['gemeente'] === undefined) form.municipality = own;
    const uris = event.steps.map((s) => s.uplUri);
    const names = await productNames(ctx, uris);
    // Per step: the one organisation offering it for this municipality, if there is exactly one.
    const offered = new Map<string, { code: string; name: string; serviceId: string } | number>();
    if (form.municipality && errors.length === 0) {
      const found = await searchServices(ctx, { q: '', upl: uris, municipality: form.municipality, groupBy: 'upl', limit: 100, offset: 0 });
      if (found.ok && found.value.groupBy === 'upl')
        for (const item of found.value.items)
          offered.set(
            item.uplUri,
            item.service
              ? { code: item.service.organisation.code, name: item.service.organisation.name, serviceId: item.service.serviceId }
              : item.services,
          );
    }
    return reply.page({
      title: event.name[lang],
      status: errors.length > 0 ? 400 : 200,
      body: (
        <>
          <Breadcrumbs
            lang={lang}
            trail={[
              { href: '/', label: m.home },
              { href: catalogPaths.lifeEvents, label: m.lifeEventsTitle },
            ]}
          />
          <h1 class="utrecht-heading-1" safe>
            {event.name[lang]}
          </h1>
          <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
            {event.summary[lang]}
          </p>
          <ErrorSummary lang={lang} errors={errors} />
          {event.audience === 'citizen' ? (
            <form class="loket-search" method="get" action={catalogPaths.lifeEvent(event.slug)} novalidate>
              <MunicipalityField
                lang={lang}
                hint={m.lifeEventChoose}
                value={form.municipality}
                error={errorFor(errors, 'gemeente')}
                municipalities={municipalities}
              />
              <button type="submit" class="utrecht-button utrecht-button--secondary-action" safe>
                {m.show}
              </button>
            </form>
          ) : (
            ''
          )}
          <ol class="loket-steps">
            {event.steps.map((step) => {
              const name = names.get(step.uplUri) ?? uplSlug(step.uplUri);
              const title = name.charAt(0).toLocaleUpperCase('nl') + name.slice(1);
              const at = offered.get(step.uplUri);
              const href =
                typeof at === 'object'
                  ? catalogPaths.service(at.code, at.serviceId)
                  : `${catalogPaths.product(step.uplUri)}${form.municipality ? `?gemeente=${form.municipality}` : ''}`;
              return (
                <li class="loket-step">
                  <h2 class="utrecht-heading-3">
                    <a class="utrecht-link" href={href} safe>
                      {title}
                    </a>
                  </h2>
                  <p class="utrecht-paragraph" safe>
                    {step.why[lang]}
                  </p>
                  {typeof at === 'object' ? (
                    <p class="utrecht-paragraph loket-result__meta" safe>
                      {format(m.offeredByOne, { organisation: at.name })}
                    </p>
                  ) : (
                    ''
                  )}
                </li>
              );
            })}
          </ol>
        </>
      ),
    });
  });
}

function Breadcrumbs({ lang, trail }: { lang: Lang; trail?: readonly { href: string; label: string }[] }): JSX.Element {
  const m = catalogMessages(lang);
  const items = trail ?? [
    { href: '/', label: m.home },
    { href: catalogPaths.search, label: m.services },
  ];
  return (
    <nav aria-label={m.breadcrumb} class="utrecht-breadcrumb-nav loket-breadcrumbs">
      <ol class="utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol">
        {items.map((item) => (
          <li class="utrecht-breadcrumb-nav__item">
            <a class="utrecht-link utrecht-breadcrumb-nav__link" href={item.href} safe>
              {item.label}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const euro = (cents: number, lang: Lang): string =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

function Section({ title, children }: { title: string; children?: JSX.Element | JSX.Element[] }): JSX.Element {
  return (
    <section class="loket-service-section">
      <h2 class="utrecht-heading-2" safe>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Text({ text }: { text: string | null }): JSX.Element {
  if (!text) return '';
  return (
    <>
      {text.split(/\n{2,}/).map((para) => (
        <p class="utrecht-paragraph" safe>
          {para}
        </p>
      ))}
    </>
  );
}

function ServicePage({ lang, p, feedback }: { lang: Lang; p: PublicService; feedback: JSX.Element }): JSX.Element {
  const m = catalogMessages(lang);
  const d = p.description;
  const costs = d.costs ?? [];
  return (
    <>
      <Breadcrumbs lang={lang} />
      <h1 class="utrecht-heading-1" safe>
        {p.service.title}
      </h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
        {`${m.offeredBy}: ${p.organisation.name}`}
      </p>
      {d.kinds.application || d.kinds.subsidy ? (
        <p class="utrecht-paragraph">
          <a
            class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
            href={`${catalogPaths.service(p.organisation.code, p.service.id)}/aanvragen`}
            safe
          >
            {lang === 'en' ? 'Apply' : 'Aanvragen'}
          </a>
        </p>
      ) : (
        ''
      )}
      <Section title={m.result}>
        <Text text={d.result} />
      </Section>
      {p.service.localText ? (
        <Section title={format(m.localText, { organisation: p.organisation.name })}>
          <Text text={p.service.localText} />
        </Section>
      ) : (
        ''
      )}
      <Section title={m.conditions}>
        <Text text={d.conditions} />
      </Section>
      <Section title={m.requirements}>
        <Text text={d.requirements} />
      </Section>
      <Section title={m.costs}>
        {costs.length === 0 ? (
          <p class="utrecht-paragraph" safe>
            {m.costsFree}
          </p>
        ) : (
          <ul class="utrecht-unordered-list">
            {costs.map((c) => (
              <li class="utrecht-unordered-list__item" safe>
                {`${c.label}: ${euro(c.amountCents, lang)} (${
                  c.validUntil
                    ? format(m.costValid, { from: formatDateLong(c.validFrom, lang), until: formatDateLong(c.validUntil, lang) })
                    : format(m.costValidFrom, { from: formatDateLong(c.validFrom, lang) })
                })`}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={m.channels}>
        <ul class="utrecht-unordered-list">
          {d.channels.map((c) => {
            // This page itself: say so, without a link to where the reader already is.
            const here = c.address === catalogPaths.service(p.organisation.code, p.service.id);
            return (
              <li class="utrecht-unordered-list__item">
                {c.kind === 'online' && !here && (c.address.startsWith('/') || c.address.startsWith('https://')) ? (
                  <a class="utrecht-link" href={c.address} safe>
                    {c.label ?? m.channel_online}
                  </a>
                ) : (
                  <span safe>{`${m[`channel_${c.kind}`]}: ${c.label ?? ''}${here ? '' : `${c.label ? ', ' : ''}${c.address}`}`}</span>
                )}
              </li>
            );
          })}
        </ul>
        {d.levelOfAssurance ? (
          <p class="utrecht-paragraph" safe>
            {format(m.loaText, { level: loaLabels[d.levelOfAssurance][lang], means: loaLabels[d.levelOfAssurance].means[lang] })}
          </p>
        ) : (
          ''
        )}
      </Section>
      {d.kinds.application || d.kinds.subsidy ? (
        <Section title={m.decisionTerm}>
          <p class="utrecht-paragraph" safe>
            {p.decisionTerm.basis === 'statutory'
              ? format(m.decisionStatutory, { weeks: p.decisionTerm.weeks })
              : format(m.decisionAwb, { weeks: p.decisionTerm.weeks, citation: p.decisionTerm.citation ?? '' })}
          </p>
          {d.silenceConsentApplies ? (
            <p class="utrecht-paragraph" safe>
              {m.silenceConsent}
            </p>
          ) : d.dwangsomApplies ? (
            <p class="utrecht-paragraph" safe>
              {m.dwangsom}
            </p>
          ) : (
            ''
          )}
        </Section>
      ) : (
        ''
      )}
      <Section title={m.mandate}>
        <p class="utrecht-paragraph" safe>
          {d.mandatable ? m.mandateYes : m.mandateNo}
        </p>
      </Section>
      <Section title={m.objection}>
        <Text text={d.objectionAndAppeal} />
      </Section>
      <Section title={m.serviceLevels}>
        <ul class="utrecht-unordered-list">
          {d.serviceLevels.map((s) => (
            <li class="utrecht-unordered-list__item" safe>
              {s.norm}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={m.contact}>
        <Text text={d.contact} />
      </Section>
      {feedback}
      <Section title={m.legalBasis}>
        <ul class="utrecht-unordered-list">
          {d.legalBases.map((b) => (
            <li class="utrecht-unordered-list__item">
              {b.link && b.link.startsWith('https://') ? (
                <a class="utrecht-link" href={b.link} safe>
                  {b.label}
                </a>
              ) : (
                <span safe>{b.label}</span>
              )}
            </li>
          ))}
        </ul>
        <dl class="utrecht-data-list utrecht-data-list--rows loket-data-list">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key" safe>
              {m.responsible}
            </dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd" safe>
              {p.responsibleOrganisation?.name ?? p.organisation.name}
            </dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key" safe>
              {m.uplProduct}
            </dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
              <a class="utrecht-link" href={catalogPaths.product(p.product.uri)} safe>
                {p.product.name}
              </a>
            </dd>
          </div>
        </dl>
        {p.updatedAt ? (
          <p class="utrecht-paragraph loket-result__meta" safe>
            {format(m.lastChanged, { date: formatDateLong(p.updatedAt.slice(0, 10), lang) })}
          </p>
        ) : (
          ''
        )}
      </Section>
    </>
  );
}
