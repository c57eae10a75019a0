// Pages of citizens' voice on the catalog:
//   /diensten/wensen               requests for new services: list, filter, "Nieuwe wens" form
//   /diensten/wensen/{id}          one request: support button, the organisation's answer
//   /diensten/{org}/{id}/feedback  give your opinion about a service (then back to the service page)
//   /beheer/feedback               for service designers and quality managers: feedback and requests
//                                  of their organisation, newest first, with answer forms
// and FeedbackSummaryBlock, which the service page embeds. Every page works without JavaScript:
// forms post (with their CSRF token), then redirect; bad input shows the error summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../../platform/auth/model.ts';
import {
  DataList,
  ErrorSummary,
  Pagination,
  Paragraph,
  RadioGroupField,
  SelectField,
  TextAreaField,
  Table as PlatformTable,
  TextField,
  errorFor,
  errorTitle,
  type FieldError,
  formBody,
  str,
} from '../../../platform/html/index.tsx';
import { httpFailures, principalOf, ProblemError, type Failure } from '../../../platform/http/index.ts';
import { format, formatDate, formatNumber, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { isoDateInAmsterdam } from '../../../platform/time/index.ts';
import { catalogPaths } from '../paths.ts';
import { audienceLabels, feedbackMessages, giverLabels, ratingLabels, statusLabels } from './messages.ts';
import {
  audiences,
  isFinal,
  limits,
  ratings,
  requestTransitions,
  type FeedbackItem,
  type FeedbackSummary,
  type RequestSort,
} from './model.ts';
import { isAnswerer, isCitizen } from './policy.ts';
import { feedbackAccess } from './routes.ts';
import * as service from './service.ts';

/** The pages' own paths; the requests pages and the service page come from catalogPaths. */
export const feedbackPaths = {
  requests: catalogPaths.requests,
  request: catalogPaths.request,
  support: (id: string): string => `${catalogPaths.request(id)}/steunen`,
  giveFeedback: (organisationCode: string, serviceId: string): string => `${catalogPaths.service(organisationCode, serviceId)}/feedback`,
  inbox: '/beheer/feedback',
  answerFeedback: (feedbackId: string): string => `/beheer/feedback/meningen/${feedbackId}/antwoord`,
  answerRequest: (id: string): string => `/beheer/feedback/wensen/${id}/antwoord`,
} as const;

/** After feedback is given, the browser goes to the service page with `?feedback=bedankt`. */
export const feedbackConfirmation = { param: 'feedback', value: 'bedankt' } as const;

/** Did the service page get here right after feedback was given? (Pass `request.query`.) */
export function feedbackConfirmed(query: unknown): boolean {
  return (
    typeof query === 'object' &&
    query !== null &&
    (query as Record<string, unknown>)[feedbackConfirmation.param] === feedbackConfirmation.value
  );
}

const pageSize = 20;
const query = (request: FastifyRequest): Record<string, unknown> => (request.query ?? {}) as Record<string, unknown>;

/** `?pagina=` as a page number from 1, or undefined when it is not one. */
function pageNumber(raw: unknown): number | undefined {
  const text = str(raw) || '1';
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

const loginHref = (returnTo: string): string => `/inloggen?terug=${encodeURIComponent(returnTo)}`;
/** The Dutch calendar date of an instant, written out. */
const dayOf = (instant: string, lang: Lang): string => formatDate(isoDateInAmsterdam(new Date(instant)), lang);
const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

// ---------------------------------------------------------------------------------------------
// Building blocks

function Confirmation({ text }: { text: string }): JSX.Element {
  return (
    <div class="utrecht-alert utrecht-alert--ok loket-notice" role="status">
      <p class="utrecht-paragraph" safe>
        {text}
      </p>
    </div>
  );
}

function Note({ text, link }: { text: string; link?: { href: string; label: string } }): JSX.Element {
  return (
    <div class="utrecht-alert utrecht-alert--info loket-notice">
      <p class="utrecht-paragraph" safe>
        {text}
      </p>
      {link ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={link.href} safe>
            {link.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/** The platform's table with a row per list of cells. */
function Table({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: readonly string[];
  rows: readonly (readonly JSX.Element[])[];
}): JSX.Element {
  return (
    <PlatformTable caption={caption} head={head}>
      {rows.map((row) => (
        <tr class="utrecht-table__row">
          {row.map((cell) => (
            <td class="utrecht-table__cell">{cell}</td>
          ))}
        </tr>
      ))}
    </PlatformTable>
  );
}

/** Plain text as a table cell (escaped). */
const cell = (text: string): JSX.Element => <span safe>{text}</span>;

function Csrf({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

function SubmitButton({ label }: { label: string }): JSX.Element {
  return (
    <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
      {label}
    </button>
  );
}

function Heading({ level, id, text }: { level: 1 | 2 | 3; id?: string; text: string }): JSX.Element {
  if (level === 1)
    return (
      <h1 class="utrecht-heading-1" id={id} safe>
        {text}
      </h1>
    );
  if (level === 2)
    return (
      <h2 class="utrecht-heading-2" id={id} safe>
        {text}
      </h2>
    );
  return (
    <h3 class="utrecht-heading-3" id={id} safe>
      {text}
    </h3>
  );
}

/** Field errors of a refused use case, with the texts of this page; other failures are thrown. */
function fieldErrors(failure: Failure, fields: Readonly<Record<string, { id: string; message: (code: string) => string }>>): FieldError[] {
  if (failure.status !== 400 || !failure.invalidParams) throw new ProblemError(failure);
  return failure.invalidParams.map((p) => {
    const f = fields[p.name];
    return f ? { field: f.id, message: f.message(p.code) } : { field: Object.values(fields)[0]?.id ?? '', message: p.reason };
  });
}

// ---------------------------------------------------------------------------------------------
// The block on the service page

/**
 * The public summary of a service's feedback, for the service page: count, average, the count
 * per rating, the answered share, and a link to give feedback (via the login page when not
 * logged in). With `confirmed`, it first thanks the visitor who just gave feedback.
 */
export function FeedbackSummaryBlock({
  summary,
  organisationCode,
  serviceId,
  lang,
  loggedIn,
  confirmed = false,
}: {
  summary: FeedbackSummary;
  organisationCode: string;
  serviceId: string;
  lang: Lang;
  loggedIn: boolean;
  confirmed?: boolean;
}): JSX.Element {
  const m = feedbackMessages(lang);
  const form = feedbackPaths.giveFeedback(organisationCode, serviceId);
  const average = summary.averageRating === null ? '' : formatNumber(summary.averageRating, lang);
  return (
    <section class="loket-feedback-summary" aria-labelledby="meningen-titel">
      <Heading level={2} id="meningen-titel" text={m.summaryHeading} />
      {confirmed ? <Confirmation text={m.feedbackThanks} /> : ''}
      {summary.count === 0 ? (
        <Paragraph text={m.summaryNone} />
      ) : (
        <>
          <Paragraph
            text={
              summary.count === 1
                ? format(m.summaryAverageOne, { average })
                : format(m.summaryAverage, { average, count: formatNumber(summary.count, lang) })
            }
          />
          <Table
            caption={m.summaryCaption}
            head={[m.colRating, m.colCount]}
            rows={[...ratings]
              .reverse()
              .map((r) => [cell(`${r} – ${ratingLabels[r][lang]}`), cell(formatNumber(summary.ratingCounts[r], lang))])}
          />
          <Paragraph text={format(m.summaryAnswered, { share: formatNumber(Math.round((summary.answeredShare ?? 0) * 100), lang) })} />
        </>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={loggedIn ? form : loginHref(form)} safe>
          {loggedIn ? m.giveFeedback : m.loginToGiveFeedback}
        </a>
      </p>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// /diensten/wensen

interface RequestForm {
  title: string;
  description: string;
  organisation: string;
  audience: string;
}

const emptyRequestForm: RequestForm = { title: '', description: '', organisation: '', audience: '' };
const sortParam: Record<string, RequestSort> = { nieuwste: 'newest', steun: 'support' };

/** What a visitor who may not use a citizens' form sees instead: a login link, or a note for officials. */
function CitizenGate({
  principal,
  lang,
  returnTo,
  texts,
}: {
  principal: Principal;
  lang: Lang;
  returnTo: string;
  texts: { login: string; officials: string };
}): JSX.Element {
  if (principal.kind === 'anonymous') {
    return <Note text={texts.login} link={{ href: loginHref(returnTo), label: feedbackMessages(lang).logIn }} />;
  }
  return <Note text={texts.officials} />;
}

async function requestsPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { form: RequestForm; errors: FieldError[] },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = feedbackMessages(lang);
  const q = query(request);
  const errors = [...state.errors];
  const sortText = str(q['sortering']) || 'nieuwste';
  const sort = sortParam[sortText];
  if (!sort) errors.push({ field: 'sortering', message: m.errorSort });
  const organisation = str(q['organisatie']).toUpperCase();
  const names = await service.organisationNames(ctx);
  if (organisation !== '' && !names.has(organisation)) errors.push({ field: 'organisatie', message: m.errorOrganisation });
  const page = pageNumber(q['pagina']);
  if (page === undefined) errors.push({ field: 'wensen', message: m.errorPage });
  const current = page ?? 1;
  const { items, total } = await service.listServiceRequests(ctx, {
    organisationCode: organisation !== '' && names.has(organisation) ? organisation : undefined,
    sort: sort ?? 'newest',
    limit: pageSize,
    offset: (current - 1) * pageSize,
  });
  const choices = [...names].sort((a, b) => a[1].localeCompare(b[1], 'nl')).map(([value, label]) => ({ value, label }));
  const principal = principalOf(request);
  const pageHref = (p: number): string => {
    const params = new URLSearchParams();
    if (organisation !== '') params.set('organisatie', organisation);
    params.set('sortering', sort ? sortText : 'nieuwste');
    params.set('pagina', String(p));
    return `${feedbackPaths.requests}?${params.toString()}`;
  };
  const form = state.form;
  return reply.page({
    title: errorTitle(lang, m.requestsTitle, errors),
    status: errors.length > 0 ? 400 : 200,
    body: (
      <>
        <Heading level={1} text={m.requestsTitle} />
        <Paragraph text={m.requestsIntro} />
        <ErrorSummary lang={lang} errors={errors} />
        <form class="loket-search" method="get" action={feedbackPaths.requests} role="search" aria-label={m.filterHeading} novalidate>
          <SelectField
            id="organisatie"
            label={m.filterOrganisation}
            hint={m.filterOrganisationHint}
            error={errorFor(errors, 'organisatie')}
            value={organisation}
            options={[{ value: '', label: m.allOrganisations }, ...choices]}
          />
          <SelectField
            id="sortering"
            label={m.sortLabel}
            error={errorFor(errors, 'sortering')}
            value={sortText}
            options={[
              { value: 'nieuwste', label: m.sortNewest },
              { value: 'steun', label: m.sortSupport },
            ]}
          />
          <SubmitButton label={m.show} />
        </form>
        <section id="wensen" aria-labelledby="wensen-titel">
          <Heading level={2} id="wensen-titel" text={m.backToRequests} />
          {total === 0 ? (
            <Paragraph text={m.noRequests} status />
          ) : (
            <>
              <Paragraph text={total === 1 ? m.requestsCountOne : format(m.requestsCount, { total: formatNumber(total, lang) })} status />
              <Table
                caption={m.requestsCaption}
                head={[m.colTitle, m.colOrganisation, m.colStatus, m.colSupport, m.colDate]}
                rows={items.map((r) => [
                  <a class="utrecht-link" href={feedbackPaths.request(r.id)} safe>
                    {r.title}
                  </a>,
                  cell(r.organisationName ?? m.anyGovernment),
                  cell(statusLabels[r.status][lang]),
                  cell(formatNumber(r.supportCount, lang)),
                  cell(dayOf(r.createdAt, lang)),
                ])}
              />
              <Pagination
                page={current}
                hasNext={current * pageSize < total}
                href={pageHref}
                labels={m}
                status={format(m.page, { page: current })}
              />
            </>
          )}
        </section>
        <section aria-labelledby="nieuwe-wens-titel">
          <Heading level={2} id="nieuwe-wens-titel" text={m.newRequestHeading} />
          {isCitizen(principal) ? (
            <form method="post" action={feedbackPaths.requests} novalidate>
              <Csrf token={reply.generateCsrf()} />
              <Paragraph text={m.privacyNote} />
              <TextField
                id="titel"
                label={m.fieldTitle}
                hint={m.fieldTitleHint}
                error={errorFor(errors, 'titel')}
                value={form.title}
                maxlength={limits.requestTitleMax}
              />
              <TextAreaField
                id="omschrijving"
                label={m.fieldDescription}
                hint={m.fieldDescriptionHint}
                error={errorFor(errors, 'omschrijving')}
                value={form.description}
                maxlength={limits.requestDescription}
                rows={5}
              />
              <SelectField
                id="organisatie-wens"
                name="organisatie"
                label={m.fieldOrganisation}
                hint={m.fieldOrganisationHint}
                error={errorFor(errors, 'organisatie-wens')}
                value={form.organisation}
                options={[{ value: '', label: m.anyGovernment }, ...choices]}
              />
              <RadioGroupField
                id="doelgroep"
                label={m.fieldAudience}
                error={errorFor(errors, 'doelgroep')}
                value={form.audience}
                options={audiences.map((a) => ({ value: a, label: audienceLabels[a][lang] }))}
              />
              <SubmitButton label={m.submitRequest} />
            </form>
          ) : (
            <CitizenGate
              principal={principal}
              lang={lang}
              returnTo={feedbackPaths.requests}
              texts={{ login: m.loginToRequest, officials: m.citizensOnly }}
            />
          )}
        </section>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /diensten/wensen/{id}

async function requestPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply, id: string): Promise<FastifyReply> {
  const lang = request.lang;
  const m = feedbackMessages(lang);
  const principal = principalOf(request);
  const found = await service.getServiceRequest(ctx, principal, id);
  if (!found.ok) throw new ProblemError(found.failure);
  const r = found.value;
  const q = query(request);
  const path = feedbackPaths.request(r.id);
  let support: JSX.Element;
  if (!isCitizen(principal))
    support = (
      <CitizenGate principal={principal} lang={lang} returnTo={path} texts={{ login: m.loginToRequest, officials: m.citizensOnly }} />
    );
  else if (isFinal(r.status)) support = <Paragraph text={m.requestClosed} />;
  else if (r.yours) support = <Paragraph text={m.yourRequest} />;
  else if (r.supportedByYou) support = <Paragraph text={m.supportAlready} />;
  else
    support = (
      <form method="post" action={feedbackPaths.support(r.id)}>
        <Csrf token={reply.generateCsrf()} />
        <SubmitButton label={m.supportButton} />
      </form>
    );
  return reply.page({
    title: r.title,
    body: (
      <>
        <Heading level={1} text={r.title} />
        {str(q['nieuw']) === '1' ? <Confirmation text={m.requestCreated} /> : ''}
        {str(q['gesteund']) === '1' ? <Confirmation text={m.supportThanks} /> : ''}
        <DataList
          rows={[
            [m.requestTo, r.organisationName ?? m.anyGovernment],
            [m.requestAudience, audienceLabels[r.audience][lang]],
            [m.requestStatus, statusLabels[r.status][lang]],
            [m.requestSupport, format(m.supportTimes, { count: formatNumber(r.supportCount, lang) })],
          ]}
        />
        {r.description ? paragraphs(r.description).map((p) => <Paragraph text={p} />) : ''}
        <Paragraph text={format(m.requestedBy, { who: giverLabels[r.requesterKind][lang], date: dayOf(r.createdAt, lang) })} />
        {support}
        <section aria-labelledby="antwoord-titel">
          <Heading level={2} id="antwoord-titel" text={m.answerHeading} />
          {r.answer ? (
            <>
              {paragraphs(r.answer.text).map((p) => (
                <Paragraph text={p} />
              ))}
              <Paragraph text={format(m.answeredOn, { date: dayOf(r.answer.answeredAt, lang) })} />
            </>
          ) : (
            <Paragraph text={r.organisationCode === null ? m.anyGovernmentNoAnswer : m.noAnswer} />
          )}
        </section>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={feedbackPaths.requests} safe>
            {m.backToRequests}
          </a>
        </p>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /diensten/{org}/{id}/feedback

async function feedbackPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  ref: service.ServiceRef,
  state: { rating: string; text: string; errors: FieldError[]; status?: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = feedbackMessages(lang);
  const found = await service.publishedService(ctx, ref);
  if (!found) throw new ProblemError(service.feedbackFailures.serviceNotFound());
  const principal = principalOf(request);
  const path = feedbackPaths.giveFeedback(found.organisationCode, found.id);
  const citizen = isCitizen(principal);
  let own: FeedbackItem[] = [];
  if (citizen) {
    const view = await service.serviceFeedback(ctx, principal, { organisationCode: found.organisationCode, serviceId: found.id });
    if (view.ok) own = view.value.items;
  }
  const title = format(m.feedbackTitle, { service: found.title });
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status ?? (state.errors.length > 0 ? 400 : 200),
    body: (
      <>
        <Heading level={1} text={title} />
        <Paragraph text={m.feedbackIntro} />
        <ErrorSummary lang={lang} errors={state.errors} />
        {citizen ? (
          <form method="post" action={path} novalidate>
            <Csrf token={reply.generateCsrf()} />
            <RadioGroupField
              id="waardering"
              label={m.fieldRating}
              error={errorFor(state.errors, 'waardering')}
              value={state.rating}
              options={ratings.map((r) => ({ value: String(r), label: `${r} – ${ratingLabels[r][lang]}` }))}
            />
            <TextAreaField
              id="toelichting"
              label={m.fieldText}
              hint={m.fieldTextHint}
              error={errorFor(state.errors, 'toelichting')}
              value={state.text}
              maxlength={limits.feedbackText}
              rows={5}
            />
            <SubmitButton label={m.submitFeedback} />
          </form>
        ) : (
          <CitizenGate
            principal={principal}
            lang={lang}
            returnTo={path}
            texts={{ login: m.loginToFeedback, officials: m.feedbackCitizensOnly }}
          />
        )}
        {own.length > 0 ? (
          <section aria-labelledby="eigen-titel">
            <Heading level={2} id="eigen-titel" text={m.ownFeedbackHeading} />
            <Table
              caption={m.ownFeedbackCaption}
              head={[m.colGivenOn, m.colRating, m.colText, m.colAnswer]}
              rows={own.map((f) => [
                cell(formatDate(f.givenOn, lang)),
                cell(format(m.ratingOf, { rating: f.rating })),
                cell(f.text ?? m.noText),
                cell(f.answer ? f.answer.text : m.noAnswerYet),
              ])}
            />
          </section>
        ) : (
          ''
        )}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={catalogPaths.service(found.organisationCode, found.id)} safe>
            {m.backToService}
          </a>
        </p>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /beheer/feedback

interface InboxState {
  errors: FieldError[];
  /** Typed values to show again, by field id. */
  values: ReadonlyMap<string, string>;
  status?: number;
}

async function inboxPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply, state: InboxState): Promise<FastifyReply> {
  const lang = request.lang;
  const m = feedbackMessages(lang);
  const principal = principalOf(request);
  const q = query(request);
  const errors = [...state.errors];
  const feedbackPage = pageNumber(q['pagina']);
  const requestsPage = pageNumber(q['wensenpagina']);
  if (feedbackPage === undefined) errors.push({ field: 'meningen', message: m.errorPage });
  if (requestsPage === undefined) errors.push({ field: 'wensen', message: m.errorPage });
  const fp = feedbackPage ?? 1;
  const rp = requestsPage ?? 1;
  const inbox = await service.organisationInbox(ctx, principal, {
    feedback: { limit: pageSize, offset: (fp - 1) * pageSize },
    requests: { limit: pageSize, offset: (rp - 1) * pageSize },
  });
  if (!inbox.ok) throw new ProblemError(inbox.failure);
  const { organisationCode, feedback, requests } = inbox.value;
  const organisation = (await service.organisationNames(ctx)).get(organisationCode) ?? organisationCode;
  const token = reply.generateCsrf();
  const value = (id: string): string => state.values.get(id) ?? '';
  /** The answer box of a feedback item or request (`antwoord-{id}`, so the error summary can link to it). */
  const answerField = (itemId: string, hint: string): JSX.Element => (
    <TextAreaField
      id={`antwoord-${itemId}`}
      name="antwoord"
      label={m.fieldAnswer}
      hint={hint}
      error={errorFor(errors, `antwoord-${itemId}`)}
      value={value(`antwoord-${itemId}`)}
      maxlength={limits.answerText}
      rows={3}
    />
  );
  const href = (f: number, r: number): string => `${feedbackPaths.inbox}?pagina=${f}&wensenpagina=${r}`;
  return reply.page({
    title: errorTitle(lang, m.inboxTitle, errors),
    status: state.status ?? (errors.length > 0 ? 400 : 200),
    body: (
      <>
        <Heading level={1} text={m.inboxTitle} />
        <Paragraph text={format(m.inboxIntro, { organisation })} />
        {str(q['opgeslagen']) === '1' ? <Confirmation text={m.answerSaved} /> : ''}
        <ErrorSummary lang={lang} errors={errors} />
        <section id="meningen" aria-labelledby="meningen-titel">
          <Heading level={2} id="meningen-titel" text={m.inboxFeedbackHeading} />
          {feedback.total === 0 ? <Paragraph text={m.inboxNoFeedback} status /> : ''}
          {feedback.items.map((f) => (
            <article id={`mening-${f.id}`} aria-labelledby={`mening-${f.id}-titel`}>
              <h3 class="utrecht-heading-3" id={`mening-${f.id}-titel`}>
                <a class="utrecht-link" href={catalogPaths.service(f.organisationCode, f.serviceId)} safe>
                  {f.serviceTitle}
                </a>
              </h3>
              <Paragraph
                text={`${format(m.ratingOf, { rating: f.rating })} (${ratingLabels[f.rating][lang]}) · ${format(m.givenBy, {
                  who: giverLabels[f.giverKind][lang],
                  date: formatDate(f.givenOn, lang),
                })}`}
              />
              {f.text ? paragraphs(f.text).map((p) => <Paragraph text={p} />) : <Paragraph text={m.noText} />}
              {f.answer ? (
                <>
                  <Heading level={3} text={m.colAnswer} />
                  {paragraphs(f.answer.text).map((p) => (
                    <Paragraph text={p} />
                  ))}
                  <Paragraph text={format(m.answeredOn, { date: dayOf(f.answer.answeredAt, lang) })} />
                </>
              ) : (
                <form method="post" action={feedbackPaths.answerFeedback(f.id)} novalidate>
                  <Csrf token={token} />
                  {answerField(f.id, m.fieldAnswerFeedbackHint)}
                  <SubmitButton label={m.submitAnswer} />
                </form>
              )}
            </article>
          ))}
          <Pagination
            page={fp}
            hasNext={fp * pageSize < feedback.total}
            href={(p) => href(p, rp)}
            labels={m}
            status={format(m.page, { page: fp })}
          />
        </section>
        <section id="wensen" aria-labelledby="wensen-titel">
          <Heading level={2} id="wensen-titel" text={m.inboxRequestsHeading} />
          {requests.total === 0 ? <Paragraph text={m.inboxNoRequests} status /> : ''}
          {requests.items.map((r) => {
            const next = requestTransitions[r.status];
            return (
              <article id={`wens-${r.id}`} aria-labelledby={`wens-${r.id}-titel`}>
                <h3 class="utrecht-heading-3" id={`wens-${r.id}-titel`}>
                  <a class="utrecht-link" href={feedbackPaths.request(r.id)} safe>
                    {r.title}
                  </a>
                </h3>
                <DataList
                  rows={[
                    [m.requestAudience, audienceLabels[r.audience][lang]],
                    [m.requestStatus, statusLabels[r.status][lang]],
                    [m.requestSupport, format(m.supportTimes, { count: formatNumber(r.supportCount, lang) })],
                    [m.colDate, dayOf(r.createdAt, lang)],
                  ]}
                />
                {r.description ? paragraphs(r.description).map((p) => <Paragraph text={p} />) : ''}
                {r.answer ? (
                  <>
                    <Heading level={3} text={m.answerHeading} />
                    {paragraphs(r.answer.text).map((p) => (
                      <Paragraph text={p} />
                    ))}
                  </>
                ) : (
                  ''
                )}
                {next.length === 0 ? (
                  <Paragraph text={m.finalStatus} />
                ) : (
                  <form method="post" action={feedbackPaths.answerRequest(r.id)} novalidate>
                    <Csrf token={token} />
                    <SelectField
                      id={`status-${r.id}`}
                      name="status"
                      label={m.fieldStatus}
                      error={errorFor(errors, `status-${r.id}`)}
                      value={value(`status-${r.id}`)}
                      options={next.map((s) => ({ value: s, label: statusLabels[s][lang] }))}
                    />
                    {answerField(r.id, m.fieldAnswerRequestHint)}
                    <SubmitButton label={m.submitAnswer} />
                  </form>
                )}
              </article>
            );
          })}
          <Pagination
            page={rp}
            hasNext={rp * pageSize < requests.total}
            href={(p) => href(fp, p)}
            labels={m}
            status={format(m.page, { page: rp })}
          />
        </section>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Registration

export function registerFeedbackPages(app: FastifyInstance, ctx: ModuleContext): void {
  const origin = (request: FastifyRequest): service.Origin => ({ requestId: request.id });
  const params = (request: FastifyRequest): Record<string, string> => request.params as Record<string, string>;

  app.get(feedbackPaths.requests, { config: { access: 'public' } }, (request, reply) =>
    requestsPage(ctx, request, reply, { form: emptyRequestForm, errors: [] }),
  );

  app.post(feedbackPaths.requests, { config: { access: feedbackAccess.citizens } }, async (request, reply) => {
    const m = feedbackMessages(request.lang);
    const body = formBody(request);
    const form: RequestForm = {
      title: str(body['titel']),
      description: str(body['omschrijving']),
      organisation: str(body['organisatie']),
      audience: str(body['doelgroep']),
    };
    const created = await service.createServiceRequest(
      ctx,
      principalOf(request),
      { organisationCode: form.organisation || null, title: form.title, description: form.description, audience: form.audience },
      origin(request),
    );
    if (created.ok) return reply.redirect(`${feedbackPaths.request(created.value.id)}?nieuw=1`, 303);
    const chars = (fallback: string) => (code: string) => (code === 'catalog.invalid_characters' ? m.errorInvalidCharacters : fallback);
    const errors = fieldErrors(created.failure, {
      title: { id: 'titel', message: chars(m.errorTitle) },
      description: { id: 'omschrijving', message: chars(m.errorDescription) },
      organisationCode: { id: 'organisatie-wens', message: () => m.errorOrganisation },
      audience: { id: 'doelgroep', message: () => m.errorAudience },
    });
    return requestsPage(ctx, request, reply, { form, errors });
  });

  app.get(`${feedbackPaths.requests}/:id`, { config: { access: 'public' } }, (request, reply) =>
    requestPage(ctx, request, reply, params(request)['id'] ?? ''),
  );

  app.post(`${feedbackPaths.requests}/:id/steunen`, { config: { access: feedbackAccess.citizens } }, async (request, reply) => {
    const id = params(request)['id'] ?? '';
    const supported = await service.supportServiceRequest(ctx, principalOf(request), id, origin(request));
    if (supported.ok) return reply.redirect(`${feedbackPaths.request(id.toLowerCase())}?gesteund=1`, 303);
    // A closed request: back to its page, which says so.
    if (supported.failure.code === 'catalog.service_request_closed') return reply.redirect(feedbackPaths.request(id.toLowerCase()), 303);
    throw new ProblemError(supported.failure);
  });

  const serviceRefOf = (request: FastifyRequest): service.ServiceRef => ({
    organisationCode: params(request)['code'] ?? '',
    serviceId: params(request)['id'] ?? '',
  });

  app.get(`${catalogPaths.search}/:code/:id/feedback`, { config: { access: 'public' } }, (request, reply) =>
    feedbackPage(ctx, request, reply, serviceRefOf(request), { rating: '', text: '', errors: [] }),
  );

  app.post(`${catalogPaths.search}/:code/:id/feedback`, { config: { access: feedbackAccess.citizens } }, async (request, reply) => {
    const m = feedbackMessages(request.lang);
    const body = formBody(request);
    const rating = str(body['waardering']);
    const text = str(body['toelichting']);
    const ref = serviceRefOf(request);
    const given = await service.giveFeedback(
      ctx,
      principalOf(request),
      ref,
      { rating: /^[1-5]$/.test(rating) ? Number(rating) : rating, text },
      origin(request),
    );
    if (given.ok) {
      const { organisationCode, serviceId } = given.value;
      const back = `${catalogPaths.service(organisationCode, serviceId)}?${feedbackConfirmation.param}=${feedbackConfirmation.value}`;
      return reply.redirect(back, 303);
    }
    if (given.failure.code === 'catalog.feedback_already_given_today') {
      return feedbackPage(ctx, request, reply, ref, {
        rating,
        text,
        errors: [{ field: 'waardering', message: m.errorAlreadyToday }],
        status: 409,
      });
    }
    if (given.failure.code === 'catalog.service_not_published') throw new ProblemError(service.feedbackFailures.serviceNotFound());
    const errors = fieldErrors(given.failure, {
      rating: { id: 'waardering', message: () => m.errorRating },
      text: { id: 'toelichting', message: (code) => (code === 'catalog.invalid_characters' ? m.errorInvalidCharacters : m.errorText) },
    });
    return feedbackPage(ctx, request, reply, ref, { rating, text, errors });
  });

  app.get(feedbackPaths.inbox, { config: { access: feedbackAccess.answerers } }, (request, reply) =>
    inboxPage(ctx, request, reply, { errors: [], values: new Map() }),
  );

  /** The official's own organisation (the access declaration lets only answerers in). */
  const ownOrganisation = (request: FastifyRequest): string => {
    const principal = principalOf(request);
    if (!isAnswerer(principal)) throw new ProblemError(httpFailures.forbidden());
    return principal.organisationCode;
  };

  app.post(`${feedbackPaths.inbox}/meningen/:id/antwoord`, { config: { access: feedbackAccess.answerers } }, async (request, reply) => {
    const m = feedbackMessages(request.lang);
    const id = params(request)['id'] ?? '';
    const text = str(formBody(request)['antwoord']);
    const answered = await service.answerFeedback(
      ctx,
      principalOf(request),
      { organisationCode: ownOrganisation(request), feedbackId: id },
      { text },
      origin(request),
    );
    if (answered.ok) return reply.redirect(`${feedbackPaths.inbox}?opgeslagen=1#mening-${answered.value.id}`, 303);
    const field = `antwoord-${id.toLowerCase()}`;
    if (answered.failure.code === 'catalog.feedback_already_answered') {
      return inboxPage(ctx, request, reply, { errors: [{ field, message: m.errorAlreadyAnswered }], values: new Map(), status: 409 });
    }
    const errors = fieldErrors(answered.failure, { text: { id: field, message: () => m.errorAnswer } });
    return inboxPage(ctx, request, reply, { errors, values: new Map([[field, text]]) });
  });

  app.post(`${feedbackPaths.inbox}/wensen/:id/antwoord`, { config: { access: feedbackAccess.answerers } }, async (request, reply) => {
    const m = feedbackMessages(request.lang);
    const id = params(request)['id'] ?? '';
    const body = formBody(request);
    const status = str(body['status']);
    const text = str(body['antwoord']);
    ownOrganisation(request);
    const answered = await service.answerServiceRequest(ctx, principalOf(request), id, { status, text }, origin(request));
    if (answered.ok) return reply.redirect(`${feedbackPaths.inbox}?opgeslagen=1#wens-${answered.value.id}`, 303);
    const key = id.toLowerCase();
    const values = new Map([
      [`status-${key}`, status],
      [`antwoord-${key}`, text],
    ]);
    if (answered.failure.code === 'catalog.request_status_transition_invalid') {
      return inboxPage(ctx, request, reply, { errors: [{ field: `status-${key}`, message: m.errorStatus }], values, status: 409 });
    }
    if (answered.failure.code === 'catalog.service_request_changed') {
      return inboxPage(ctx, request, reply, { errors: [{ field: `antwoord-${key}`, message: m.errorChanged }], values, status: 409 });
    }
    const errors = fieldErrors(answered.failure, {
      text: { id: `antwoord-${key}`, message: () => m.errorAnswer },
      status: { id: `status-${key}`, message: () => m.errorStatus },
    });
    return inboxPage(ctx, request, reply, { errors, values });
  });
}
