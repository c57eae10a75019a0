// Pages of the registers: look up a person (/personen) or a business (/bedrijven), the staff of
// one's organisation (/medewerkers), and for citizens "Wie heeft mijn gegevens gebruikt".
// Every page works without JavaScript; the person look-up posts the BSN, so it never appears in a URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, ProblemError, type Access } from '../../../platform/http/index.ts';
import {
  DataList,
  ErrorSummary,
  Pagination,
  Paragraph,
  Table as PlatformTable,
  TextField,
  errorFor,
  errorTitle,
  type FieldError,
} from '../../../platform/html/index.tsx';
import { format, formatDate, formatNumber, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { isValidBsn, isValidKvkNumber, type Address } from './model.ts';
import {
  activityLabels,
  authorityKindLabels,
  basisLabels,
  functionaryAuthorityLabels,
  functionaryRoleLabels,
  legalFormLabels,
  matterLabels,
  peopleMessages,
  roleNames,
} from './messages.ts';
import { peopleAccess } from './routes.ts';
import * as service from './service.ts';

export const peoplePaths = {
  persons: '/personen',
  businesses: '/bedrijven',
  officials: '/medewerkers',
  usage: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt',
} as const;

const pageSize = 20;

/** The look-up pages are for officials only; citizens see their own data under "Mijn gegevens". */
const pageAccess = {
  persons: { roles: [...service.personReaderRoles, ...service.electoralReaderRoles] },
  businesses: { roles: [...service.businessReaderRoles] },
} as const satisfies Record<string, Access>;

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** `?pagina=` as a page number from 1, or undefined when it is not one. */
export function pageNumber(raw: unknown): number | undefined {
  const text = str(raw) || '1';
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

const postcodeShown = (p: string): string => (/^\d{4}[A-Z]{2}$/.test(p) ? `${p.slice(0, 4)} ${p.slice(4)}` : p);

export function addressLine(a: Address): string {
  return `${a.street} ${a.houseNumber}${a.houseNumberAddition ? ` ${a.houseNumberAddition}` : ''}, ${postcodeShown(a.postcode)} ${a.city}`;
}

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
};

// ---------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------

/** The platform's table with a row per list of texts. */
function Table({ caption, head, rows }: { caption: string; head: readonly string[]; rows: readonly (readonly string[])[] }): JSX.Element {
  return (
    <PlatformTable caption={caption} head={head}>
      {rows.map((row) => (
        <tr class="utrecht-table__row">
          {row.map((cell) => (
            <td class="utrecht-table__cell" safe>
              {cell}
            </td>
          ))}
        </tr>
      ))}
    </PlatformTable>
  );
}

/** The title, introduction and error summary every page starts with. */
function PageIntro({
  lang,
  title,
  intro,
  errors,
}: {
  lang: Lang;
  title: string;
  intro: string;
  errors: readonly FieldError[];
}): JSX.Element {
  return (
    <>
      <h1 class="utrecht-heading-1" safe>
        {title}
      </h1>
      <Paragraph text={intro} />
      <ErrorSummary lang={lang} errors={errors} />
    </>
  );
}

/** A look-up by one number: a GET search form, or a POST form (with its CSRF token) when the number must stay out of the URL. */
function LookupForm({
  lang,
  action,
  csrfToken,
  field,
}: {
  lang: Lang;
  action: string;
  csrfToken?: string;
  field: { id: string; label: string; hint: string; value: string; error: string | undefined };
}): JSX.Element {
  return (
    <form
      class="loket-search"
      method={csrfToken === undefined ? 'get' : 'post'}
      action={action}
      role={csrfToken === undefined ? 'search' : undefined}
      novalidate
    >
      {csrfToken === undefined ? '' : <input type="hidden" name="_csrf" value={csrfToken} />}
      <TextField {...field} inputmode="numeric" maxlength={20} autocomplete="off" spellcheck="false" />
      <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
        {peopleMessages(lang).lookUp}
      </button>
    </form>
  );
}

/** A section labelled by its own heading. */
function Section({ id, heading, children }: { id: string; heading: string; children: JSX.Element }): JSX.Element {
  return (
    <section aria-labelledby={id}>
      <h2 class="utrecht-heading-2" id={id} safe>
        {heading}
      </h2>
      {children}
    </section>
  );
}

/** A table with a row per record, or a sentence saying there are none. */
function RecordTable<T>({
  items,
  none,
  caption,
  head,
  row,
}: {
  items: readonly T[];
  none: string;
  caption: string;
  head: readonly string[];
  row: (item: T) => readonly string[];
}): JSX.Element {
  return items.length === 0 ? <Paragraph text={none} /> : <Table caption={caption} head={head} rows={items.map(row)} />;
}

function periodEnd(lang: Lang, validTo: string | null): string {
  return validTo === null ? peopleMessages(lang).openEnded : formatDate(validTo, lang);
}

/** A section of legal representations (either way round); nothing when they could not be read. */
function RepresentationSection({
  lang,
  id,
  heading,
  caption,
  none,
  items,
  showBsn,
}: {
  lang: Lang;
  id: string;
  heading: string;
  caption: string;
  none: string;
  items: readonly service.RepresentationItem[] | null;
  showBsn: boolean;
}): JSX.Element {
  if (!items) return '';
  const m = peopleMessages(lang);
  return (
    <Section id={id} heading={heading}>
      <RecordTable
        items={items}
        none={none}
        caption={caption}
        head={[m.colName, ...(showBsn ? [m.bsn] : []), m.colBasis, m.colCovers, m.colFrom, m.colTo]}
        row={(i) => [
          i.name,
          ...(showBsn ? [i.bsn ?? ''] : []),
          i.authorityKind ? `${basisLabels[i.basis][lang]} (${authorityKindLabels[i.authorityKind][lang]})` : basisLabels[i.basis][lang],
          i.covers.map((c) => matterLabels[c][lang]).join(', '),
          formatDate(i.validFrom, lang),
          periodEnd(lang, i.validTo),
        ]}
      />
    </Section>
  );
}

// ---------------------------------------------------------------------------------------
// /personen
// ---------------------------------------------------------------------------------------

interface PersonResult {
  record: service.PersonView;
  representatives: service.RepresentationItem[] | null;
  represented: service.RepresentationItem[] | null;
}

function PersonDetails({ lang, result }: { lang: Lang; result: PersonResult }): JSX.Element {
  const m = peopleMessages(lang);
  const r = result.record;
  const address = r.address ? addressLine(r.address) : m.noAddress;
  if (r.view === 'electoral') {
    return (
      <Section id="persoon-titel" heading={m.personHeading}>
        <>
          <Paragraph text={m.electoralNote} />
          <DataList
            rows={[
              [m.name, r.fullName],
              [m.address, address],
              [m.age, format(m.ageYears, { age: r.age })],
            ]}
          />
        </>
      </Section>
    );
  }
  const rows: [string, string][] = [
    [m.name, r.fullName],
    [m.bsn, r.bsn],
    [m.birthDate, formatDate(r.birthDate, lang)],
    [m.age, format(m.ageYears, { age: r.age })],
    [m.minor, r.minor ? m.yes : m.no],
    ...(r.deathDate ? ([[m.deathDate, formatDate(r.deathDate, lang)]] as [string, string][]) : []),
    [m.address, address],
  ];
  return (
    <>
      <Section id="persoon-titel" heading={m.personHeading}>
        <DataList rows={rows} />
      </Section>
      <RepresentationSection
        lang={lang}
        id="vertegenwoordigers-titel"
        heading={m.representativesHeading}
        caption={m.representativesCaption}
        none={m.noRepresentatives}
        items={result.representatives}
        showBsn
      />
      <RepresentationSection
        lang={lang}
        id="vertegenwoordigt-titel"
        heading={m.representedHeading}
        caption={m.representedCaption}
        none={m.noRepresented}
        items={result.represented}
        showBsn
      />
    </>
  );
}

async function personsPage(
  request: FastifyRequest,
  reply: FastifyReply,
  state: { bsn: string; errors: FieldError[]; notFound: boolean; result: PersonResult | undefined },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = peopleMessages(lang);
  const token = reply.generateCsrf();
  const bsnError = errorFor(state.errors, 'bsn');
  const status = state.errors.length > 0 ? 400 : state.notFound ? 404 : 200;
  return reply.page({
    title: errorTitle(lang, m.personsTitle, state.errors),
    status,
    body: (
      <>
        <PageIntro lang={lang} title={m.personsTitle} intro={m.personsIntro} errors={state.errors} />
        <LookupForm
          lang={lang}
          action={peoplePaths.persons}
          csrfToken={token}
          field={{ id: 'bsn', label: m.bsnLabel, hint: m.bsnHint, value: state.bsn, error: bsnError }}
        />
        {state.notFound ? <Paragraph text={m.personNotFound} status /> : ''}
        {state.result ? <PersonDetails lang={lang} result={state.result} /> : ''}
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------
// /bedrijven
// ---------------------------------------------------------------------------------------

function BusinessDetails({ lang, b }: { lang: Lang; b: service.BusinessRecord }): JSX.Element {
  const m = peopleMessages(lang);
  const rows: [string, string][] = [
    [m.name, b.name],
    [m.kvkNumber, b.kvkNumber],
    [m.legalForm, legalFormLabels[b.legalForm][lang]],
    [m.registeredOn, formatDate(b.registeredOn, lang)],
    ...(b.endedOn ? ([[m.endedOn, formatDate(b.endedOn, lang)]] as [string, string][]) : []),
    [m.address, addressLine(b.address)],
  ];
  return (
    <>
      <Section id="onderneming-titel" heading={m.businessHeading}>
        <DataList rows={rows} />
      </Section>
      <Section id="vestigingen-titel" heading={m.branchesHeading}>
        <RecordTable
          items={b.branches}
          none={m.noBranches}
          caption={m.branchesCaption}
          head={[m.colBranchNumber, m.colName, m.colMain, m.colAddress]}
          row={(x) => [x.branchNumber, x.name, x.isMain ? m.yes : m.no, addressLine(x.address)]}
        />
      </Section>
      <Section id="functionarissen-titel" heading={m.functionariesHeading}>
        <RecordTable
          items={b.functionaries}
          none={m.noFunctionaries}
          caption={m.functionariesCaption}
          head={[m.colName, m.colRole, m.colAuthority, m.colFrom]}
          row={(f) => [
            f.name,
            functionaryRoleLabels[f.role][lang],
            functionaryAuthorityLabels[f.authority][lang],
            formatDate(f.validFrom, lang),
          ]}
        />
      </Section>
    </>
  );
}

// ---------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------

export function registerPeoplePages(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(peoplePaths.persons, { config: { access: pageAccess.persons } }, (request, reply) =>
    personsPage(request, reply, { bsn: '', errors: [], notFound: false, result: undefined }),
  );

  app.post(peoplePaths.persons, { config: { access: pageAccess.persons } }, async (request, reply) => {
    const m = peopleMessages(request.lang);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const bsn = str(body['bsn']).replace(/[\s.]/g, '').slice(0, 20);
    if (!isValidBsn(bsn))
      return personsPage(request, reply, { bsn, errors: [{ field: 'bsn', message: m.errorBsn }], notFound: false, result: undefined });
    const principal = principalOf(request);
    const found = await service.getPerson(ctx, principal, bsn, request.trace);
    if (!found.ok) {
      if (found.failure.status === 404) return personsPage(request, reply, { bsn, errors: [], notFound: true, result: undefined });
      throw new ProblemError(found.failure);
    }
    let representatives: service.RepresentationItem[] | null = null;
    let represented: service.RepresentationItem[] | null = null;
    if (found.value.view === 'full') {
      const reps = await service.getRepresentatives(ctx, principal, bsn, request.trace);
      const repd = await service.getRepresented(ctx, principal, bsn, request.trace);
      representatives = reps.ok ? reps.value : null;
      represented = repd.ok ? repd.value : null;
    }
    return personsPage(request, reply, { bsn, errors: [], notFound: false, result: { record: found.value, representatives, represented } });
  });

  app.get(peoplePaths.businesses, { config: { access: pageAccess.businesses } }, async (request, reply) => {
    const lang = request.lang;
    const m = peopleMessages(lang);
    const kvk = str((request.query as Record<string, unknown>)['kvk'])
      .replace(/\s/g, '')
      .slice(0, 20);
    const errors: FieldError[] = kvk !== '' && !isValidKvkNumber(kvk) ? [{ field: 'kvk', message: m.errorKvk }] : [];
    const found = kvk !== '' && errors.length === 0 ? await service.getBusiness(ctx, principalOf(request), kvk, request.trace) : undefined;
    if (found && !found.ok && found.failure.status !== 404) throw new ProblemError(found.failure);
    const notFound = found !== undefined && !found.ok;
    return reply.page({
      title: errorTitle(lang, m.businessesTitle, errors),
      status: errors.length > 0 ? 400 : notFound ? 404 : 200,
      body: (
        <>
          <PageIntro lang={lang} title={m.businessesTitle} intro={m.businessesIntro} errors={errors} />
          <LookupForm
            lang={lang}
            action={peoplePaths.businesses}
            field={{ id: 'kvk', label: m.kvkLabel, hint: m.kvkHint, value: kvk, error: errorFor(errors, 'kvk') }}
          />
          {notFound ? <Paragraph text={m.businessNotFound} status /> : ''}
          {found?.ok ? <BusinessDetails lang={lang} b={found.value} /> : ''}
        </>
      ),
    });
  });

  app.get(peoplePaths.officials, { config: { access: peopleAccess.manage } }, async (request, reply) => {
    const lang = request.lang;
    const m = peopleMessages(lang);
    const principal = principalOf(request);
    const page = pageNumber((request.query as Record<string, unknown>)['pagina']);
    const errors: FieldError[] = page === undefined ? [{ field: 'medewerkers', message: m.errorPage }] : [];
    const current = page ?? 1;
    const listed = await service.listOfficials(ctx, principal, { limit: pageSize, offset: (current - 1) * pageSize });
    if (!listed.ok) throw new ProblemError(listed.failure);
    const { items, total, organisationCode } = listed.value;
    const organisation = (await service.organisationNames(ctx, [organisationCode])).get(organisationCode) ?? organisationCode;
    return reply.page({
      title: errorTitle(lang, m.officialsTitle, errors),
      status: errors.length > 0 ? 400 : 200,
      body: (
        <>
          <PageIntro lang={lang} title={m.officialsTitle} intro={format(m.officialsIntro, { organisation })} errors={errors} />
          {total === 0 ? (
            <Paragraph text={m.noOfficials} status />
          ) : (
            <>
              <Paragraph text={total === 1 ? m.officialsCountOne : format(m.officialsCount, { total: formatNumber(total, lang) })} status />
              <div id="medewerkers">
                <Table
                  caption={m.officialsCaption}
                  head={[m.colName, m.colEmail, m.colRoles, m.colActive]}
                  rows={items.map((o) => [o.name, o.email, o.roles.map((r) => roleNames[r][lang]).join(', '), o.active ? m.yes : m.no])}
                />
              </div>
              <Pagination
                page={current}
                hasNext={current * pageSize < total}
                href={(p) => `${peoplePaths.officials}?pagina=${p}`}
                labels={m}
                status={format(m.page, { page: current })}
              />
            </>
          )}
        </>
      ),
    });
  });

  app.get(peoplePaths.usage, { config: { access: { kinds: ['person'] } } }, async (request, reply) => {
    const lang = request.lang;
    const m = peopleMessages(lang);
    const principal = principalOf(request);
    if (principal.kind !== 'person') throw new Error('access declared for persons only');
    const page = pageNumber((request.query as Record<string, unknown>)['pagina']);
    const errors: FieldError[] = page === undefined ? [{ field: 'gebruik', message: m.errorPage }] : [];
    const current = page ?? 1;
    const lines = await ctx.processingLog.about(
      ctx.database.db,
      { id: principal.bsn, type: 'BSN' },
      pageSize + 1,
      (current - 1) * pageSize,
    );
    const shown = lines.slice(0, pageSize);
    const names = await service.organisationNames(
      ctx,
      shown.flatMap((l) => (l.organisationCode ? [l.organisationCode] : [])),
    );
    const who = (l: (typeof shown)[number]): string => {
      if (service.isRepresentativeActivity(l.activityId)) return m.whoRepresentative;
      if (!l.organisationCode) return m.whoLoket;
      return names.get(l.organisationCode) ?? format(m.whoUnknown, { code: l.organisationCode });
    };
    const what = (l: (typeof shown)[number]): string => {
      const key = Object.keys(activityLabels).find((k) => service.activityUri(k as service.ProcessingActivity) === l.activityId) as
        service.ProcessingActivity | undefined;
      return key ? activityLabels[key][lang] : l.name;
    };
    return reply.page({
      title: errorTitle(lang, m.usageTitle, errors),
      status: errors.length > 0 ? 400 : 200,
      body: (
        <>
          <PageIntro lang={lang} title={m.usageTitle} intro={m.usageIntro} errors={errors} />
          {shown.length === 0 && current === 1 ? (
            <Paragraph text={m.usageNone} status />
          ) : (
            <div id="gebruik">
              <Table
                caption={m.usageCaption}
                head={[m.colWhen, m.colWho, m.colWhat]}
                rows={shown.map((l) => [dateTimeFormats[lang].format(new Date(l.at)), who(l), what(l)])}
              />
              <Pagination
                page={current}
                hasNext={lines.length > pageSize}
                href={(p) => `${peoplePaths.usage}?pagina=${p}`}
                labels={m}
                status={format(m.page, { page: current })}
              />
            </div>
          )}
          <Paragraph text={m.usageMoreInfo} />
        </>
      ),
    });
  });
}
