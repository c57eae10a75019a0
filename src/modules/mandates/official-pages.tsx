// mandates: the officials' pages, and the building blocks every page of /machtigen shares.
//   /machtigen/opzoeken               an official's view for help-desk questions: who may act for a
//                                      resident or business, and for whom they may act (recorded in
//                                      the processing log, as the page says)
//   /machtigen/dienstensets/{code}    an organisation's service sets (public); its service designers
//                                      and administrators make or change one
// The overview of both directions (OverviewSections) lives here because the official's view and
// "Mijn machtigingen" (pages.tsx) show the same tables; grant-pages.tsx and pages.tsx use the
// helpers below.
//
// Every page works without JavaScript. The lookup posts the number and shows the answer in the
// reply to the post: a BSN never goes into an address (NL API Design Rules, no-sensitive-uris).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ErrorSummary,
  FieldSet,
  LinkParagraph,
  Paragraph,
  Section as PlatformSection,
  Table,
  TextField,
  errorFor,
  errorTitle,
  type FieldError,
} from '../../platform/html/index.tsx';
// Shared form and page helpers, still exported from here for the mandates pages that import them.
import { CsrfField, InfoBox, NoticeBox, formBody, loginFirst, loginToPage, queryOf, str } from '../../platform/html/index.tsx';
export { CsrfField, InfoBox, NoticeBox, formBody, loginFirst, loginToPage, queryOf, str };
import { loaLabels, type LevelOfAssurance } from '../../platform/auth/index.ts';
import { principalOf, ProblemError, type Access, type Failure, type Role } from '../../platform/http/index.ts';
import { format, formatDate, formatDateTime, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { traceOf } from '../../platform/processing-log/index.ts';
import { isoDateInAmsterdam } from '../../platform/time/index.ts';
import { publishedServiceTitles } from '../catalog/index.ts';
import { getOrganisation, organisationNames } from '../registry/index.ts';
import {
  authorityLabels,
  fieldErrorTexts,
  functionaryRoleLabels,
  legalBasisLabels,
  mandateMessages,
  matterLabels,
  statusLabels,
  type StatusWord,
} from './messages.ts';
import type { MandateScope, Party } from './model.ts';
import {
  listServiceSets,
  lookupForOfficial,
  lookupRoles,
  saveServiceSet,
  serviceSetRoles,
  type MandateView,
  type Origin,
  type Overview,
  type RepresentationView,
} from './service.ts';

// ---------------------------------------------------------------------------------------------
// Paths and small helpers (shared by the pages of this module)

export const mandatePaths = {
  overview: '/machtigen',
  grant: '/machtigen/nieuw',
  grantConfirm: '/machtigen/nieuw/bevestigen',
  actFor: '/machtigen/namens',
  lookup: '/machtigen/opzoeken',
  serviceSets: (organisationCode: string): string => `/machtigen/dienstensets/${encodeURIComponent(organisationCode)}`,
  mandate: (id: string): string => `/machtigen/${id}`,
  step: (id: string, word: string): string => `/machtigen/${id}/${word}`,
} as const;

/** Citizens and businesses: their own mandates; the service checks each one is theirs. */
export const citizenAccess = { kinds: ['person', 'business'] } as const satisfies Access;

/** Where a use case is called from: the request's trace (processing log) and id (audit trail). */
export const originOf = (request: FastifyRequest): Origin => ({ trace: traceOf(request), requestId: request.id });

/** The day of an instant, as Dutch people read it (Europe/Amsterdam). */
export const dayOf = (instant: string, lang: Lang): string => formatDate(isoDateInAmsterdam(new Date(instant)), lang);

/** A refusal's reason in the page's language: the service's Dutch reason, or the text for its code. */
export function errorText(lang: Lang, code: string, reason: string, values: Record<string, string | number> = {}): string {
  const text = fieldErrorTexts[code];
  return text ? format(text[lang], values) : reason;
}

/** A sentence with a name that ends in a full stop ("Noordlicht Techniek B.V."): no second full stop after it. */
export const tidy = (sentence: string): string => sentence.replace(/\.\.(?=\s|$)/g, '.');

/** The page's title, its one h1. */
export function PageTitle({ text }: { text: string }): JSX.Element {
  return (
    <h1 class="utrecht-heading-1" safe>
      {text}
    </h1>
  );
}

/** A heading level a section of these pages can have (h2; h3 or h4 inside another section). */
export type SectionLevel = 2 | 3 | 4;

/** The shared section, its parts spaced apart (loket.css). */
export function Section(props: { id: string; heading: string; level?: SectionLevel; children: JSX.Element }): JSX.Element {
  return <PlatformSection {...props} class="loket-mandates-section" />;
}

/**
 * A table cell. `label` is its column's header: on a narrow screen the mandates' tables stack each
 * row as a block, and the cell shows it above its value (loket.css, `data-label`).
 */
export function Cell({ text, label }: { text: string; label?: string | undefined }): JSX.Element {
  return (
    <td class="utrecht-table__cell" data-label={label} safe>
      {text}
    </td>
  );
}

function LinkCell({ href, text, label }: { href: string | undefined; text: string; label: string }): JSX.Element {
  if (!href) return <Cell text={text} label={label} />;
  return (
    <td class="utrecht-table__cell" data-label={label}>
      <a class="utrecht-link" href={href} safe>
        {text}
      </a>
    </td>
  );
}

/** A cell with a mandate's dates: "1 december 2026 tot en met 1 december 2027", each date on one line. */
function ValidCell({ view, lang, label }: { view: MandateView; lang: Lang; label: string }): JSX.Element {
  const dates: Record<string, string> = {
    '{from}': formatDate(view.mandate.validFrom, lang),
    '{until}': formatDate(view.mandate.validUntil, lang),
  };
  return (
    <td class="utrecht-table__cell" data-label={label}>
      {mandateMessages(lang)
        .validRange.split(/(\{from\}|\{until\})/)
        .filter((part) => part !== '')
        .map((part) => {
          const date = dates[part];
          return date === undefined ? (
            <span safe>{part}</span>
          ) : (
            <span class="loket-nowrap" safe>
              {date}
            </span>
          );
        })}
    </td>
  );
}

/** A table of the mandates pages: its rows stack on a narrow screen (loket.css). */
function StackingTable({ children }: { children: JSX.Element }): JSX.Element {
  return <div class="loket-mandates-table">{children}</div>;
}

// ---------------------------------------------------------------------------------------------
// How a mandate reads: its status, scope and dates

/** The status word of a mandate: where it stands today, or what it waits for. */
export function statusWordOf(view: MandateView): StatusWord {
  if (view.standing !== 'not_accepted') return view.standing;
  return view.mandate.status === 'awaiting_signature' ? 'awaiting_signature' : 'awaiting_acceptance';
}

export const statusText = (view: MandateView, lang: Lang): string => statusLabels[statusWordOf(view)][lang];

/** The organisations a list of mandates names in its scopes (service, service set), by code. */
export function scopeOrganisations(ctx: ModuleContext, views: readonly MandateView[]): Promise<Map<string, string>> {
  const codes = [...new Set(views.flatMap((v) => (v.mandate.scope.kind === 'product' ? [] : [v.mandate.scope.organisationCode])))];
  return organisationNames(ctx, codes);
}

/** A text with its first letter a capital (UPL product names are written in lower case). */
export const capitalised = (text: string): string => text.charAt(0).toLocaleUpperCase('nl') + text.slice(1);

/** What a mandate is for, with where: "Parkeervergunning, bij Gemeente Amsterdam", "Paspoort, bij alle organisaties". */
export function scopeText(scope: MandateScope, title: string, organisations: ReadonlyMap<string, string>, lang: Lang): string {
  const m = mandateMessages(lang);
  if (scope.kind === 'product') return format(m.scopeAll, { scope: capitalised(title) });
  const organisation = organisations.get(scope.organisationCode) ?? scope.organisationCode;
  return format(scope.kind === 'service' ? m.scopeAt : m.scopeSet, {
    scope: scope.kind === 'service' ? capitalised(title) : title,
    organisation,
  });
}

/** A level of assurance with what it means: "Substantieel: DigiD Substantieel (app met identiteitscheck) of eHerkenning EH3". */
export const loaText = (level: LevelOfAssurance, lang: Lang): string =>
  `${capitalised(loaLabels[level][lang])}: ${loaLabels[level].means[lang]}`;

export const validText = (view: MandateView, lang: Lang): string =>
  format(mandateMessages(lang).validRange, {
    from: formatDate(view.mandate.validFrom, lang),
    until: formatDate(view.mandate.validUntil, lang),
  });

// ---------------------------------------------------------------------------------------------
// The overview of both directions (Mijn machtigingen, and the official's view)

/** Who reads the overview: the party itself (links, answers to pending mandates), or an official (read only). */
export type OverviewReader =
  { kind: 'own'; csrf: string; /** Texts about "me", or about the one acted for (by name). */ self: boolean } | { kind: 'official' };

function MandateRows({
  lang,
  views,
  direction,
  caption,
  organisations,
  reader,
}: {
  lang: Lang;
  views: readonly MandateView[];
  direction: 'granted' | 'received';
  /** Says whose mandates: "Machtigingen die u gaf", or with the party's name as the headings do. */
  caption: string;
  organisations: ReadonlyMap<string, string>;
  reader: OverviewReader;
}): JSX.Element {
  const m = mandateMessages(lang);
  const who = direction === 'granted' ? m.colMandatary : m.colMandator;
  return (
    <StackingTable>
      <Table
        hiddenCaption
        id={direction === 'granted' ? 'tabel-gegeven' : 'tabel-gekregen'}
        caption={caption}
        head={[who, m.colScope, m.colValid, m.colStatus]}
      >
        {views.map((v) => (
          <tr class="utrecht-table__row">
            <LinkCell
              href={reader.kind === 'own' ? mandatePaths.mandate(v.mandate.id) : undefined}
              text={direction === 'granted' ? v.mandataryName : v.mandatorName}
              label={who}
            />
            <Cell text={scopeText(v.mandate.scope, v.scopeTitle, organisations, lang)} label={m.colScope} />
            <ValidCell view={v} lang={lang} label={m.colValid} />
            <Cell text={statusText(v, lang)} label={m.colStatus} />
          </tr>
        ))}
      </Table>
    </StackingTable>
  );
}

/** A button of a form in a table row; its accessible name starts with its text and says which mandate. */
function RowButton({
  action,
  csrf,
  text,
  extra,
  primary,
}: {
  action: string;
  csrf: string;
  text: string;
  extra: string;
  primary: boolean;
}) {
  return (
    <form method="post" action={action}>
      <CsrfField token={csrf} />
      <input type="hidden" name="terug" value={mandatePaths.overview} />
      <button
        class={`utrecht-button utrecht-button--${primary ? 'primary' : 'secondary'}-action`}
        type="submit"
        aria-label={`${text}: ${extra}`}
        safe
      >
        {text}
      </button>
    </form>
  );
}

/** Mandates waiting for the reader's answer, with Accepteren and Weigeren in each row. */
function PendingRows({
  lang,
  views,
  caption,
  organisations,
  csrf,
}: {
  lang: Lang;
  views: readonly MandateView[];
  caption: string;
  organisations: ReadonlyMap<string, string>;
  csrf: string;
}): JSX.Element {
  const m = mandateMessages(lang);
  return (
    <StackingTable>
      <Table hiddenCaption id="tabel-wacht" caption={caption} head={[m.colMandator, m.colScope, m.colValid, m.colAction]}>
        {views.map((v) => {
          const scope = scopeText(v.mandate.scope, v.scopeTitle, organisations, lang);
          const extra = format(m.actionFor, { name: v.mandatorName, scope });
          return (
            <tr class="utrecht-table__row">
              <LinkCell href={mandatePaths.mandate(v.mandate.id)} text={v.mandatorName} label={m.colMandator} />
              <Cell text={scope} label={m.colScope} />
              <ValidCell view={v} lang={lang} label={m.colValid} />
              <td class="utrecht-table__cell">
                <div class="loket-actions">
                  {v.may.accept ? (
                    <RowButton action={mandatePaths.step(v.mandate.id, 'accepteren')} csrf={csrf} text={m.accept} extra={extra} primary />
                  ) : (
                    ''
                  )}
                  {v.may.decline ? (
                    <RowButton
                      action={mandatePaths.step(v.mandate.id, 'weigeren')}
                      csrf={csrf}
                      text={m.decline}
                      extra={extra}
                      primary={false}
                    />
                  ) : (
                    ''
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </Table>
    </StackingTable>
  );
}

const coversText = (covers: readonly ('financial' | 'personal')[], lang: Lang): string =>
  capitalised(covers.map((c) => matterLabels[c][lang]).join(lang === 'en' ? ' and ' : ' en '));

/** The first day a representation no longer applies (the 18th birthday, the court's end), or "no end date". */
const untilText = (r: RepresentationView, lang: Lang): string =>
  r.validTo === null ? mandateMessages(lang).untilNone : formatDate(r.validTo, lang);

function RepresentationRows({
  id,
  lang,
  rows,
  caption,
}: {
  id: string;
  lang: Lang;
  rows: readonly RepresentationView[];
  caption: string;
}): JSX.Element {
  const m = mandateMessages(lang);
  return (
    <StackingTable>
      <Table hiddenCaption id={id} caption={caption} head={[m.colName, m.colHow, m.colCovers, m.colUntil]}>
        {rows.map((r) => (
          <tr class="utrecht-table__row">
            <Cell text={r.name} label={m.colName} />
            <Cell text={legalBasisLabels[r.basis][lang]} label={m.colHow} />
            <Cell text={coversText(r.covers, lang)} label={m.colCovers} />
            <td class="utrecht-table__cell loket-nowrap" data-label={m.colUntil} safe>
              {untilText(r, lang)}
            </td>
          </tr>
        ))}
      </Table>
    </StackingTable>
  );
}

/** The words of the overview: about "me" (the reader's own), or about a party by name. */
function overviewWords(lang: Lang, reader: OverviewReader, name: string) {
  const m = mandateMessages(lang);
  const own = reader.kind === 'own' && reader.self;
  const about = (text: string): string => format(text, { name });
  return {
    granted: own ? m.grantedHeading : about(reader.kind === 'own' ? m.grantedHeadingFor : m.lookupGrantedHeading),
    received: own ? m.receivedHeading : about(reader.kind === 'own' ? m.receivedHeadingFor : m.lookupReceivedHeading),
    grantedMandates: own ? m.grantedMandatesHeading : about(m.grantedMandatesHeadingFor),
    receivedMandates: own ? m.receivedMandatesHeading : about(m.receivedMandatesHeadingFor),
    representedByIntro: own ? m.representedByIntro : about(m.representedByIntroFor),
    representsIntro: own ? m.representsIntro : about(m.representsIntroFor),
    businessesIntro: own ? m.businessesIntro : about(m.businessesIntroFor),
    grantedNone: own ? m.grantedNone : about(m.lookupGrantedNone),
    receivedNone: own ? m.receivedNone : about(m.lookupReceivedNone),
    representedByNone: own ? m.representedByNone : about(m.lookupRepresentedByNone),
    representsNone: own ? m.representsNone : about(m.lookupRepresentsNone),
    businessesNone: own ? m.businessesNone : about(m.lookupBusinessesNone),
    // The tables' captions (read by screen readers) name the party as the headings do.
    grantedCaption: own ? m.grantedCaption : about(m.grantedMandatesHeadingFor),
    receivedCaption: own ? m.receivedCaption : about(m.receivedMandatesHeadingFor),
    pendingCaption: own ? m.pendingCaption : about(m.pendingCaptionFor),
    representedByCaption: own ? m.representedByCaption : about(m.representedByCaptionFor),
    representsCaption: own ? m.representsCaption : about(m.representsCaptionFor),
    businessesCaption: own ? m.businessesCaption : about(m.businessesCaptionFor),
  };
}

/**
 * Both directions of an overview: who may act for the party (mandates it gave, its legal
 * representatives) and for whom it may act (mandates waiting for its answer, mandates it
 * received, whom it represents by law, businesses by the trade register).
 */
export function OverviewSections({
  lang,
  overview,
  organisations,
  reader,
  level = 2,
}: {
  lang: Lang;
  overview: Overview;
  organisations: ReadonlyMap<string, string>;
  reader: OverviewReader;
  /** The level of the two directions' headings (their parts one lower): 3 under the lookup's h2 result title. */
  level?: 2 | 3;
}): JSX.Element {
  const m = mandateMessages(lang);
  const words = overviewWords(lang, reader, overview.subjectName);
  const person = overview.subject.kind === 'person';
  const pending = reader.kind === 'own' ? overview.received.filter((v) => v.may.accept || v.may.decline) : [];
  const pendingIds = new Set(pending.map((v) => v.mandate.id));
  const received = overview.received.filter((v) => !pendingIds.has(v.mandate.id));
  const part: SectionLevel = level === 2 ? 3 : 4;
  return (
    <>
      <Section id="wie-namens-mij" heading={words.granted} level={level}>
        <>
          <Section id="gegeven" heading={words.grantedMandates} level={part}>
            {overview.granted.length === 0 ? (
              <Paragraph text={words.grantedNone} />
            ) : (
              <MandateRows
                lang={lang}
                views={overview.granted}
                direction="granted"
                caption={words.grantedCaption}
                organisations={organisations}
                reader={reader}
              />
            )}
          </Section>
          {person ? (
            <Section id="vertegenwoordigers" heading={m.representedByHeading} level={part}>
              {overview.representedBy.length === 0 ? (
                <Paragraph text={words.representedByNone} />
              ) : (
                <>
                  <Paragraph text={words.representedByIntro} />
                  <RepresentationRows
                    id="tabel-vertegenwoordigers"
                    lang={lang}
                    rows={overview.representedBy}
                    caption={words.representedByCaption}
                  />
                </>
              )}
            </Section>
          ) : (
            ''
          )}
        </>
      </Section>
      <Section id="namens-wie" heading={words.received} level={level}>
        <>
          {pending.length > 0 && reader.kind === 'own' ? (
            <Section id="wacht-op-antwoord" heading={m.pendingHeading} level={part}>
              <>
                <Paragraph text={m.pendingIntro} />
                <PendingRows lang={lang} views={pending} caption={words.pendingCaption} organisations={organisations} csrf={reader.csrf} />
              </>
            </Section>
          ) : (
            ''
          )}
          {received.length === 0 && pending.length > 0 ? (
            ''
          ) : (
            <Section id="gekregen" heading={words.receivedMandates} level={part}>
              {received.length === 0 ? (
                <Paragraph text={words.receivedNone} />
              ) : (
                <MandateRows
                  lang={lang}
                  views={received}
                  direction="received"
                  caption={words.receivedCaption}
                  organisations={organisations}
                  reader={reader}
                />
              )}
            </Section>
          )}
          {person ? (
            <>
              <Section id="vertegenwoordigt" heading={m.representsHeading} level={part}>
                {overview.represents.length === 0 ? (
                  <Paragraph text={words.representsNone} />
                ) : (
                  <>
                    <Paragraph text={words.representsIntro} />
                    <RepresentationRows
                      id="tabel-vertegenwoordigt"
                      lang={lang}
                      rows={overview.represents}
                      caption={words.representsCaption}
                    />
                  </>
                )}
              </Section>
              <Section id="ondernemingen" heading={m.businessesHeading} level={part}>
                {overview.businesses.length === 0 ? (
                  <Paragraph text={words.businessesNone} />
                ) : (
                  <>
                    <Paragraph text={words.businessesIntro} />
                    <StackingTable>
                      <Table
                        hiddenCaption
                        id="tabel-ondernemingen"
                        caption={words.businessesCaption}
                        head={[m.colBusiness, m.colRole, m.colAuthority]}
                      >
                        {overview.businesses.map((b) => (
                          <tr class="utrecht-table__row">
                            <Cell text={`${b.name} (${b.kvkNumber})`} label={m.colBusiness} />
                            <Cell text={functionaryRoleLabels[b.role]?.[lang] ?? b.role} label={m.colRole} />
                            <Cell text={authorityLabels[b.authority][lang]} label={m.colAuthority} />
                          </tr>
                        ))}
                      </Table>
                    </StackingTable>
                  </>
                )}
              </Section>
            </>
          ) : (
            ''
          )}
        </>
      </Section>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// /machtigen/opzoeken: the official's view for help-desk questions

const lookupAccess = { roles: lookupRoles } as const satisfies Access;

/** The number as typed: 9 digits a person (BSN), 8 a business (KVK number); spaces and dots ignored. */
function partyOfNumber(text: string): Party | undefined {
  const digits = text.replace(/[\s.]/g, '');
  if (/^\d{9}$/.test(digits)) return { kind: 'person', id: digits };
  if (/^\d{8}$/.test(digits)) return { kind: 'business', id: digits };
  return undefined;
}

async function lookupPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { number: string; errors: FieldError[]; status: number; found?: Overview | undefined },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const found = state.found;
  const known = found !== undefined && found.subjectName !== found.subject.id;
  const organisations = found ? await scopeOrganisations(ctx, [...found.granted, ...found.received]) : new Map<string, string>();
  return reply.page({
    title: errorTitle(lang, known ? format(m.lookupResultTitle, { name: found.subjectName }) : m.lookupTitle, state.errors),
    status: state.status,
    body: (
      <>
        <PageTitle text={m.lookupTitle} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <Paragraph text={m.lookupIntro} />
        <InfoBox texts={[m.lookupRecorded]} />
        <form class="loket-search" method="post" action={mandatePaths.lookup} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <TextField
            id="nummer"
            label={m.lookupNumberLabel}
            hint={m.lookupNumberHint}
            value={state.number}
            inputmode="numeric"
            maxlength={20}
            autocomplete="off"
            spellcheck="false"
            error={errorFor(state.errors, 'nummer')}
          />
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.lookupButton}
          </button>
        </form>
        {found ? (
          <section aria-labelledby="resultaat-titel" id="resultaat" class="loket-mandates-section">
            <h2 class="utrecht-heading-2" id="resultaat-titel" safe>
              {known ? format(m.lookupResultTitle, { name: found.subjectName }) : m.lookupTitle}
            </h2>
            <Paragraph text={m.lookupLogged} status />
            {known ? (
              <OverviewSections lang={lang} overview={found} organisations={organisations} reader={{ kind: 'official' }} level={3} />
            ) : (
              <Paragraph text={format(m.lookupUnknown, { number: found.subject.id })} />
            )}
          </section>
        ) : (
          ''
        )}
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /machtigen/dienstensets/{code}

const serviceSetAccess = { roles: serviceSetRoles } as const satisfies Access;

interface SetForm {
  code: string;
  name: string;
  nameEn: string;
  services: readonly string[];
}

const emptySetForm: SetForm = { code: '', name: '', nameEn: '', services: [] };

/** May the principal make or change service sets of this organisation? (saveServiceSet decides again.) */
function designsSetsOf(request: FastifyRequest, organisationCode: string): boolean {
  const p = principalOf(request);
  return (
    p.kind === 'official' &&
    p.organisationCode === organisationCode &&
    p.roles.some((r: Role) => (serviceSetRoles as readonly Role[]).includes(r))
  );
}

function Checkboxes({
  name,
  chosen,
  options,
}: {
  name: string;
  chosen: ReadonlySet<string>;
  options: readonly { value: string; label: string }[];
}): JSX.Element {
  return (
    <>
      {options.map((o) => (
        <div class="utrecht-form-field utrecht-form-field--checkbox loket-radio">
          <input
            class="utrecht-checkbox utrecht-checkbox--html-input"
            type="checkbox"
            name={name}
            id={`${name}-${o.value}`}
            value={o.value}
            checked={chosen.has(o.value)}
          />
          <label class="utrecht-form-label utrecht-form-label--checkbox" for={`${name}-${o.value}`} safe>
            {o.label}
          </label>
        </div>
      ))}
    </>
  );
}

async function serviceSetsPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  organisationCode: string,
  state: { form?: SetForm | undefined; errors: FieldError[]; status: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const organisation = await getOrganisation(ctx, organisationCode);
  if (!organisation) throw new ProblemError(notFound());
  const [sets, services] = await Promise.all([listServiceSets(ctx, organisationCode), publishedServiceTitles(ctx, organisationCode)]);
  const titles = new Map(services.map((s) => [s.id, s.title]));
  const designer = designsSetsOf(request, organisationCode);
  const q = queryOf(request);
  const editing = sets.find((s) => s.id === str(q['set']));
  const form: SetForm =
    state.form ??
    (editing ? { code: editing.id, name: editing.name.nl, nameEn: editing.name.en, services: editing.serviceIds } : emptySetForm);
  const path = mandatePaths.serviceSets(organisationCode);
  const title = format(m.setsTitle, { organisation: organisation.name });
  const saved = state.errors.length === 0 && str(q['melding']) === 'opgeslagen';
  const editingName = state.form ? undefined : editing?.name[lang];
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <PageTitle text={title} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <NoticeBox text={saved ? m.noticeSetSaved : undefined} />
        <Paragraph text={m.setsIntro} />
        {sets.length === 0 ? <Paragraph text={format(m.setsEmpty, { organisation: organisation.name })} /> : ''}
        {sets.map((set) => (
          <Section id={`set-${set.id}`} heading={set.name[lang] || set.name.nl}>
            <>
              <p class="utrecht-paragraph" safe>
                {m.setServices}
              </p>
              <ul class="utrecht-unordered-list">
                {set.serviceIds.map((id) => (
                  <li class="utrecht-unordered-list__item" safe>
                    {titles.get(id) ?? m.setServiceUnknown}
                  </li>
                ))}
              </ul>
              {designer ? (
                <LinkParagraph
                  href={`${path}?set=${encodeURIComponent(set.id)}#dienstenset-formulier`}
                  text={format(m.setChange, { name: set.name[lang] })}
                />
              ) : (
                ''
              )}
            </>
          </Section>
        ))}
        {designer ? (
          <Section
            id="dienstenset-formulier"
            heading={editingName ? format(m.setFormHeadingChange, { name: editingName }) : m.setFormHeading}
          >
            <>
              <Paragraph text={m.setFormIntro} />
              <form method="post" action={path} novalidate>
                <CsrfField token={reply.generateCsrf()} />
                <TextField
                  id="code"
                  label={m.setCodeLabel}
                  hint={m.setCodeHint}
                  value={form.code}
                  maxlength={60}
                  autocomplete="off"
                  spellcheck="false"
                  error={errorFor(state.errors, 'code')}
                />
                <TextField
                  id="naam"
                  label={m.setNameLabel}
                  hint={m.setNameHint}
                  value={form.name}
                  maxlength={200}
                  error={errorFor(state.errors, 'naam')}
                />
                <TextField
                  id="naam-en"
                  label={m.setNameEnLabel}
                  value={form.nameEn}
                  maxlength={200}
                  error={errorFor(state.errors, 'naam-en')}
                />
                {services.length === 0 ? (
                  <Paragraph text={format(m.setServicesNone, { organisation: organisation.name })} />
                ) : (
                  <FieldSet id="diensten" legend={m.setServicesLegend} hint={m.setServicesHint} error={errorFor(state.errors, 'diensten')}>
                    <div class="loket-columns">
                      <Checkboxes
                        name="diensten"
                        chosen={new Set(form.services)}
                        options={services.map((s) => ({ value: s.id, label: s.title }))}
                      />
                    </div>
                  </FieldSet>
                )}
                <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                  {m.setSave}
                </button>
              </form>
            </>
          </Section>
        ) : (
          ''
        )}
      </>
    ),
  });
}

/** The set form's field for each input the service names in a refusal, and the text for it. */
const setFields: Record<string, { field: string; code?: string }> = {
  id: { field: 'code', code: 'mandates.invalid_set_code' },
  'name.nl': { field: 'naam', code: 'mandates.invalid_name' },
  'name.en': { field: 'naam-en', code: 'mandates.invalid_name' },
  serviceIds: { field: 'diensten' },
};

function setErrors(lang: Lang, failure: Failure): FieldError[] {
  const errors: FieldError[] = [];
  for (const p of failure.invalidParams ?? []) {
    const known = setFields[p.name] ?? { field: 'code' };
    if (errors.some((e) => e.field === known.field)) continue;
    errors.push({ field: known.field, message: errorText(lang, known.code ?? p.code, p.reason) });
  }
  return errors;
}

const notFound = (): Failure => ({ code: 'mandates.not_found', status: 404, title: 'Niet gevonden', detail: 'Deze pagina bestaat niet.' });

const values = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '').slice(0, 500);

// ---------------------------------------------------------------------------------------------
// Registration

export function registerOfficialPages(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(mandatePaths.lookup, { config: { access: lookupAccess }, onRequest: loginToPage }, (request, reply) =>
    lookupPage(ctx, request, reply, { number: '', errors: [], status: 200 }),
  );

  app.post(
    mandatePaths.lookup,
    { config: { access: lookupAccess }, onRequest: loginFirst(() => mandatePaths.lookup) },
    async (request, reply) => {
      const lang = request.lang;
      const number = str(formBody(request)['nummer']).trim().slice(0, 20);
      const party = partyOfNumber(number);
      if (!party)
        return lookupPage(ctx, request, reply, {
          number,
          errors: [{ field: 'nummer', message: mandateMessages(lang).lookupInvalid }],
          status: 400,
        });
      const found = await lookupForOfficial(ctx, principalOf(request), party, originOf(request));
      if (!found.ok) {
        if (found.failure.status !== 400) throw new ProblemError(found.failure);
        return lookupPage(ctx, request, reply, {
          number,
          errors: [{ field: 'nummer', message: mandateMessages(lang).lookupInvalid }],
          status: 400,
        });
      }
      return lookupPage(ctx, request, reply, { number, errors: [], status: 200, found: found.value });
    },
  );

  const setsPath = '/machtigen/dienstensets/:code';
  const codeOf = (request: FastifyRequest): string => str((request.params as Record<string, unknown>)['code']).slice(0, 64);

  app.get(setsPath, { config: { access: 'public' } }, (request, reply) =>
    serviceSetsPage(ctx, request, reply, codeOf(request), { errors: [], status: 200 }),
  );

  app.post(
    setsPath,
    { config: { access: serviceSetAccess }, onRequest: loginFirst((request) => mandatePaths.serviceSets(codeOf(request))) },
    async (request, reply) => {
      const code = codeOf(request);
      const body = formBody(request);
      const form: SetForm = {
        code: str(body['code']).trim().slice(0, 200),
        name: str(body['naam']).trim().slice(0, 400),
        nameEn: str(body['naam-en']).trim().slice(0, 400),
        services: values(body['diensten']),
      };
      if (!(await getOrganisation(ctx, code))) throw new ProblemError(notFound());
      const saved = await saveServiceSet(
        ctx,
        principalOf(request),
        code,
        { id: form.code, name: { nl: form.name, en: form.nameEn }, serviceIds: form.services },
        originOf(request),
      );
      if (saved.ok) return reply.redirect(`${mandatePaths.serviceSets(code)}?melding=opgeslagen#set-${saved.value.id}`, 303);
      if (saved.failure.status !== 400) throw new ProblemError(saved.failure);
      return serviceSetsPage(ctx, request, reply, code, { form, errors: setErrors(request.lang, saved.failure), status: 400 });
    },
  );
}

/** For pages that explain instants: "29 november 2026 om 18:04". */
export const momentText = (instant: string, lang: Lang): string => formatDateTime(instant, lang);
