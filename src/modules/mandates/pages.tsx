// mandates: the pages under /machtigen for citizens and businesses.
//   /machtigen                      Mijn machtigingen: who may act for me (mandates I gave, my legal
//                                    representatives) and for whom I may act (mandates waiting for my
//                                    answer with Accepteren / Weigeren, mandates I received, whom I
//                                    represent by law, businesses by the trade register). Visitors who
//                                    are not logged in read what mandates are, and log in.
//   /machtigen/{id}                 one mandate: parties, scope, dates, status and why, level, who made
//                                    it and the second signature, what happened; Ondertekenen,
//                                    Accepteren, Weigeren, Beëindigen (after a confirmation page)
//   /machtigen/namens               the switch "act for …": myself, those I represent, my businesses,
//                                    my mandators; the layout then shows for whom on every page
// Granting is in grant-pages.tsx; the officials' pages and the shared blocks in official-pages.tsx.
//
// Every page works without JavaScript: forms post with the CSRF token, then redirect (303). A
// mandate of others is "not found", like one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DataList,
  ErrorSummary,
  LinkParagraph,
  Paragraph,
  errorTitle,
  safeReturnPath,
  type FieldError,
} from '../../platform/html/index.tsx';
import type { Principal, Role } from '../../platform/auth/index.ts';
import { principalOf, ProblemError, type Failure } from '../../platform/http/index.ts';
import { format, formatDate, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { partyNames } from '../registry/index.ts';
import { registerGrantPages } from './grant-pages.tsx';
import { fieldErrorTexts, functionaryRoleLabels, legalBasisLabels, mandateMessages } from './messages.ts';
import { denyReasons, partyKey, sameParty, type DenyReason, type Party } from './model.ts';
import {
  CsrfField,
  InfoBox,
  NoticeBox,
  OverviewSections,
  PageTitle,
  Section,
  capitalised,
  citizenAccess,
  dayOf,
  formBody,
  loginFirst,
  loaText,
  loginToPage,
  mandatePaths,
  momentText,
  originOf,
  queryOf,
  registerOfficialPages,
  scopeOrganisations,
  scopeText,
  statusText,
  statusWordOf,
  str,
  tidy,
} from './official-pages.tsx';
import {
  actingOptions,
  changeMandate,
  chooseActingFor,
  denyTexts,
  getMandate,
  lookupRoles,
  myOverview,
  serviceSetRoles,
  type ActingOption,
  type MandateView,
} from './service.ts';

export { mandatePaths } from './official-pages.tsx';

// ---------------------------------------------------------------------------------------------
// Notices after a form (PRG: ?melding=)

const notices = {
  gemaakt: 'noticeGranted',
  'gemaakt-samen': 'noticeGrantedJoint',
  ondertekend: 'noticeSigned',
  geaccepteerd: 'noticeAccepted',
  geweigerd: 'noticeDeclined',
  beeindigd: 'noticeEnded',
} as const;

function noticeText(request: FastifyRequest): string | undefined {
  const word = str(queryOf(request)['melding']);
  return word in notices ? mandateMessages(request.lang)[notices[word as keyof typeof notices]] : undefined;
}

/** A failure of the mandates service as the reason a person reads (the engine's reasons in both languages). */
function reasonOf(failure: Failure, lang: Lang): string {
  const reason = failure.code === 'auth.loa_too_low' ? 'loa_too_low' : failure.code.replace(/^mandates\./, '');
  if ((denyReasons as readonly string[]).includes(reason)) return denyTexts[reason as DenyReason][lang];
  return fieldErrorTexts[failure.code]?.[lang] ?? failure.detail;
}

// ---------------------------------------------------------------------------------------------
// /machtigen

function anonymousOverview(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const m = mandateMessages(request.lang);
  return reply.page({
    title: m.title,
    body: (
      <>
        <PageTitle text={m.title} />
        <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
          {m.anonymousIntro}
        </p>
        <Paragraph text={m.anonymousRepresent} />
        <p class="utrecht-paragraph">
          <a
            class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
            href={`/inloggen?terug=${encodeURIComponent(mandatePaths.overview)}`}
            safe
          >
            {m.anonymousLogin}
          </a>
        </p>
      </>
    ),
  });
}

function officialOverview(
  request: FastifyRequest,
  reply: FastifyReply,
  principal: Principal & { kind: 'official' },
): Promise<FastifyReply> {
  const m = mandateMessages(request.lang);
  const has = (roles: readonly Role[]): boolean => principal.roles.some((r) => roles.includes(r));
  return reply.page({
    title: m.title,
    body: (
      <>
        <PageTitle text={m.title} />
        <Paragraph text={m.officialIntro} />
        {has(lookupRoles) ? <LinkParagraph href={mandatePaths.lookup} text={m.officialLookupLink} /> : ''}
        {has(serviceSetRoles) ? (
          <LinkParagraph href={mandatePaths.serviceSets(principal.organisationCode)} text={m.officialSetsLink} />
        ) : (
          ''
        )}
      </>
    ),
  });
}

/** Acting for someone whose mandates the principal may not manage (e.g. through a voluntary mandate). */
function notAllowedOverview(request: FastifyRequest, reply: FastifyReply, name: string, failure: Failure): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const title = format(m.notAllowedTitle, { name });
  return reply.page({
    title,
    status: 403,
    body: (
      <>
        <PageTitle text={title} />
        <Paragraph text={format(m.notAllowedText, { name })} />
        {/* A legal representative who logged in too low is told so; anyone else why a mandate is not enough. */}
        <Paragraph text={failure.code === 'auth.loa_too_low' ? reasonOf(failure, lang) : format(m.notAllowedWhy, { name })} />
        <Paragraph text={m.notAllowedOwn} />
        <LinkParagraph href={mandatePaths.actFor} text={m.switchLink} />
      </>
    ),
  });
}

async function overviewPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const principal = principalOf(request);
  if (principal.kind === 'anonymous') return anonymousOverview(request, reply);
  if (principal.kind === 'official') return officialOverview(request, reply, principal);
  const found = await myOverview(ctx, principal);
  if (!found.ok) {
    if (found.failure.status === 403 && principal.actingFor)
      return notAllowedOverview(request, reply, principal.actingFor.name, found.failure);
    throw new ProblemError(found.failure);
  }
  const overview = found.value;
  // "Me": a person for themself. A business login, or acting for someone, reads the party's name.
  const self = principal.kind === 'person' && !principal.actingFor;
  const title = self ? m.overviewTitle : format(m.overviewTitleFor, { name: overview.subjectName });
  const organisations = await scopeOrganisations(ctx, [...overview.granted, ...overview.received]);
  return reply.page({
    title,
    body: (
      <>
        <PageTitle text={title} />
        <NoticeBox text={noticeText(request)} />
        <Paragraph text={self ? m.overviewIntro : tidy(format(m.overviewIntroFor, { name: overview.subjectName }))} />
        <div class="loket-actions">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={mandatePaths.grant} safe>
            {m.grantButton}
          </a>
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={mandatePaths.actFor} safe>
            {m.actForButton}
          </a>
        </div>
        <OverviewSections
          lang={lang}
          overview={overview}
          organisations={organisations}
          reader={{ kind: 'own', csrf: reply.generateCsrf(), self }}
        />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /machtigen/{id}

/** The sentence that says where a mandate stands and why. */
function whyText(view: MandateView, lang: Lang, endedBy: string): string {
  return tidy(whyWords(view, lang, endedBy));
}

function whyWords(view: MandateView, lang: Lang, endedBy: string): string {
  const m = mandateMessages(lang);
  const mm = view.mandate;
  const values = {
    from: formatDate(mm.validFrom, lang),
    until: formatDate(mm.validUntil, lang),
    mandator: view.mandatorName,
    mandatary: view.mandataryName,
  };
  switch (statusWordOf(view)) {
    case 'in_force':
      return format(m.whyInForce, values);
    case 'awaiting_signature':
      return format(m.whyAwaitingSignature, values);
    case 'awaiting_acceptance':
      return format(m.whyAwaitingAcceptance, values);
    case 'declined':
      return format(m.whyDeclined, values);
    case 'ended':
      return format(m.whyEnded, { date: mm.endedAt ? dayOf(mm.endedAt, lang) : '', who: endedBy });
    case 'expired':
      return format(m.whyExpired, values);
    case 'not_started':
      return format(m.whyNotStarted, values);
  }
}

/** What happened to a mandate, oldest first: made, signed, accepted or declined, ended, expired. */
function History({ lang, view, names }: { lang: Lang; view: MandateView; names: ReadonlyMap<string, string> }): JSX.Element {
  const m = mandateMessages(lang);
  const mm = view.mandate;
  const person = (bsn: string | null): string => (bsn ? (names.get(`person:${bsn}`) ?? bsn) : '');
  const items: { when: string | null; datetime: string | null; text: string }[] = [
    { when: momentText(mm.createdAt, lang), datetime: mm.createdAt, text: format(m.historyCreated, { who: person(mm.grantedBy) }) },
  ];
  if (mm.secondSignatory) items.push({ when: null, datetime: null, text: format(m.historySigned, { who: person(mm.secondSignatory) }) });
  if (mm.acceptedAt)
    items.push({
      when: momentText(mm.acceptedAt, lang),
      datetime: mm.acceptedAt,
      text: format(m.historyAccepted, { who: view.mandataryName }),
    });
  if (mm.status === 'declined') items.push({ when: null, datetime: null, text: format(m.historyDeclined, { who: view.mandataryName }) });
  if (mm.endedAt) {
    const who = mm.endedBy ? (names.get(partyKey(mm.endedBy)) ?? mm.endedBy.id) : '';
    items.push({ when: momentText(mm.endedAt, lang), datetime: mm.endedAt, text: format(m.historyEnded, { who }) });
  } else if (view.standing === 'expired')
    items.push({ when: formatDate(mm.validUntil, lang), datetime: mm.validUntil, text: m.historyExpired });
  return (
    <ul class="utrecht-unordered-list">
      {items.map((i) => (
        <li class="utrecht-unordered-list__item">
          {i.when && i.datetime ? (
            <>
              <time datetime={i.datetime} safe>
                {i.when}
              </time>
              {': '}
            </>
          ) : (
            ''
          )}
          <span safe>{i.text}</span>
        </li>
      ))}
    </ul>
  );
}

function MandateActions({ lang, view, csrf }: { lang: Lang; view: MandateView; csrf: string }): JSX.Element {
  const m = mandateMessages(lang);
  const id = view.mandate.id;
  const { sign, accept, decline, end } = view.may;
  return (
    <Section id="acties" heading={m.actionsHeading}>
      <>
        {!sign && !accept && !decline && !end ? <Paragraph text={m.actionsNone} /> : ''}
        {sign ? (
          <Section id="ondertekenen" heading={m.signHeading} level={3}>
            <form method="post" action={mandatePaths.step(id, 'ondertekenen')}>
              <CsrfField token={csrf} />
              <Paragraph text={m.signText} />
              <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                {m.sign}
              </button>
            </form>
          </Section>
        ) : (
          ''
        )}
        {accept || decline ? (
          <Section id="antwoorden" heading={m.answerHeading} level={3}>
            <>
              <Paragraph text={format(m.answerText, { mandator: view.mandatorName })} />
              <div class="loket-actions">
                {accept ? (
                  <form method="post" action={mandatePaths.step(id, 'accepteren')}>
                    <CsrfField token={csrf} />
                    <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                      {m.accept}
                    </button>
                  </form>
                ) : (
                  ''
                )}
                {decline ? (
                  <form method="post" action={mandatePaths.step(id, 'weigeren')}>
                    <CsrfField token={csrf} />
                    <button class="utrecht-button utrecht-button--secondary-action" type="submit" safe>
                      {m.decline}
                    </button>
                  </form>
                ) : (
                  ''
                )}
              </div>
            </>
          </Section>
        ) : (
          ''
        )}
        {end ? (
          <Section id="beeindigen" heading={m.endHeading} level={3}>
            <>
              <Paragraph text={m.endText} />
              <LinkParagraph href={mandatePaths.step(id, 'beeindigen')} text={m.endLink} />
            </>
          </Section>
        ) : (
          ''
        )}
      </>
    </Section>
  );
}

async function mandatePage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: MandateView,
  state: { errors: FieldError[]; status: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const mm = view.mandate;
  const people: Party[] = [mm.grantedBy, mm.secondSignatory].filter((b): b is string => b !== null).map((id) => ({ kind: 'person', id }));
  const names = await partyNames(ctx, mm.endedBy ? [...people, mm.endedBy] : people);
  const organisations = await scopeOrganisations(ctx, [view]);
  const scope = scopeText(mm.scope, view.scopeTitle, organisations, lang);
  // UPL product names are written in lower case: the title starts with a capital ("Machtiging voor Vennootschapsbelasting").
  const title = format(m.mandateTitle, { scope: capitalised(view.scopeTitle) });
  const endedBy = mm.endedBy ? (names.get(partyKey(mm.endedBy)) ?? mm.endedBy.id) : '';
  const jointBusiness = mm.mandator.kind === 'business' && (mm.secondSignatory !== null || mm.status === 'awaiting_signature');
  const rows: [string, string][] = [
    [m.mandator, view.mandatorName],
    [m.mandatary, view.mandataryName],
    [m.scope, scope],
    [m.validFrom, formatDate(mm.validFrom, lang)],
    [m.validUntil, formatDate(mm.validUntil, lang)],
    [m.status, statusText(view, lang)],
    [m.minLoa, loaText(mm.minLoa, lang)],
    [m.grantedBy, names.get(`person:${mm.grantedBy}`) ?? mm.grantedBy],
    ...(jointBusiness
      ? ([
          [
            m.secondSignatory,
            mm.secondSignatory ? (names.get(`person:${mm.secondSignatory}`) ?? mm.secondSignatory) : m.secondSignatoryMissing,
          ],
        ] as [string, string][])
      : []),
  ];
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <LinkParagraph href={mandatePaths.overview} text={m.backToOverview} />
        <PageTitle text={title} />
        <NoticeBox text={state.errors.length === 0 ? noticeText(request) : undefined} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <Section id="status" heading={m.statusHeading}>
          <>
            <p class="utrecht-paragraph">
              <strong safe>{statusText(view, lang)}</strong>
            </p>
            <Paragraph text={whyText(view, lang, endedBy)} />
          </>
        </Section>
        <MandateActions lang={lang} view={view} csrf={reply.generateCsrf()} />
        <Section id="gegevens" heading={m.detailsHeading}>
          <DataList rows={rows} />
        </Section>
        <Section id="verloop" heading={m.historyHeading}>
          <History lang={lang} view={view} names={names} />
        </Section>
      </>
    ),
  });
}

const idOf = (request: FastifyRequest): string => str((request.params as Record<string, unknown>)['id']).slice(0, 64);

async function loadMandate(ctx: ModuleContext, request: FastifyRequest): Promise<MandateView> {
  const found = await getMandate(ctx, principalOf(request), idOf(request));
  if (!found.ok) throw new ProblemError(found.failure);
  return found.value;
}

/** The steps of a mandate by the word in the address, with the notice after each. */
const steps = {
  ondertekenen: { event: 'sign', notice: 'ondertekend' },
  accepteren: { event: 'accept', notice: 'geaccepteerd' },
  weigeren: { event: 'decline', notice: 'geweigerd' },
  beeindigen: { event: 'end', notice: 'beeindigd' },
} as const;

function endConfirmPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply, view: MandateView): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const id = view.mandate.id;
  return scopeOrganisations(ctx, [view]).then((organisations) =>
    reply.page({
      title: m.endTitle,
      body: (
        <>
          <PageTitle text={m.endTitle} />
          <Paragraph
            text={format(m.endConfirm, {
              mandatary: view.mandataryName,
              mandator: view.mandatorName,
              scope: scopeText(view.mandate.scope, view.scopeTitle, organisations, lang),
            })}
          />
          <form method="post" action={mandatePaths.step(id, 'beeindigen')} class="loket-actions">
            <CsrfField token={reply.generateCsrf()} />
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.endButton}
            </button>
          </form>
          <LinkParagraph href={mandatePaths.mandate(id)} text={m.endCancel} />
        </>
      ),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// /machtigen/namens

const selfValue = 'mijzelf';
const optionValue = (p: Party): string => `${p.kind}-${p.id}`;

function partyOfValue(value: string): Party | null | undefined {
  if (value === selfValue) return null;
  const m = /^(person|business)-(\d{8,9})$/.exec(value);
  return m ? { kind: m[1] === 'person' ? 'person' : 'business', id: m[2] ?? '' } : undefined;
}

/** How the principal may act for an option, in words. */
function howText(option: ActingOption, lang: Lang): string {
  const m = mandateMessages(lang);
  switch (option.basis.kind) {
    case 'self':
      return option.name;
    case 'legal':
      return legalBasisLabels[option.basis.basis][lang];
    case 'functionary':
      return format(m.actForBusinessRole, { role: functionaryRoleLabels[option.basis.role]?.[lang] ?? option.basis.role });
    case 'mandate':
      return format(m.actForMandate, { scopes: option.basis.scopes.join(', ') });
  }
}

/** Where to go after choosing: the `terug` address when it is a local one, else Mijn zaken. */
const returnPath = (raw: unknown): string => {
  const text = str(raw);
  return text && safeReturnPath(text) === text && !text.startsWith(mandatePaths.actFor) ? text : '/zaken';
};

async function actForPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { chosen?: string | undefined; terug: string; errors: FieldError[]; status: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const principal = principalOf(request);
  const listed = await actingOptions(ctx, principal);
  if (!listed.ok) throw new ProblemError(listed.failure);
  const options = listed.value;
  const current =
    principal.kind !== 'official' && principal.kind !== 'anonymous' && principal.actingFor ? optionValue(principal.actingFor) : selfValue;
  const chosen = state.chosen ?? current;
  const error = state.errors[0]?.message;
  return reply.page({
    title: errorTitle(lang, m.actForTitle, state.errors),
    status: state.status,
    body: (
      <>
        <PageTitle text={m.actForTitle} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <Paragraph text={m.actForIntro} />
        {options.length <= 1 ? <InfoBox texts={[m.actForOnlySelf]} /> : ''}
        <form method="post" action={mandatePaths.actFor} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <input type="hidden" name="terug" value={state.terug} />
          <fieldset
            class={`utrecht-form-fieldset loket-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
            id="namens"
            aria-describedby={error ? 'namens-fout' : undefined}
          >
            <legend class="utrecht-form-fieldset__legend" safe>
              {m.actForLegend}
            </legend>
            {error ? (
              <p class="utrecht-form-field-error-message" id="namens-fout" safe>
                {error}
              </p>
            ) : (
              ''
            )}
            {options.map((o, i) => {
              const value = o.basis.kind === 'self' ? selfValue : optionValue(o.party);
              const id = `namens-${i}`;
              return (
                <div class="utrecht-form-field utrecht-form-field--radio loket-radio">
                  <input
                    class="utrecht-radio-button utrecht-radio-button--html-input"
                    type="radio"
                    name="namens"
                    id={id}
                    value={value}
                    checked={value === chosen}
                    aria-describedby={`${id}-hint`}
                  />
                  <label class="utrecht-form-label utrecht-form-label--radio" for={id} safe>
                    {o.basis.kind === 'self' ? m.actForSelf : o.name}
                  </label>
                  <p class="utrecht-form-field-description" id={`${id}-hint`} safe>
                    {howText(o, lang)}
                  </p>
                </div>
              );
            })}
          </fieldset>
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.actForButtonSubmit}
          </button>
        </form>
        <LinkParagraph href={mandatePaths.overview} text={m.backToOverview} />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Registration

export function registerMandatePages(app: FastifyInstance, ctx: ModuleContext): void {
  const config = { access: citizenAccess };

  app.get(mandatePaths.overview, { config: { access: 'public' } }, (request, reply) => overviewPage(ctx, request, reply));

  app.get(mandatePaths.actFor, { config, onRequest: loginToPage }, (request, reply) =>
    actForPage(ctx, request, reply, { terug: returnPath(queryOf(request)['terug']), errors: [], status: 200 }),
  );

  app.post(mandatePaths.actFor, { config, onRequest: loginFirst(() => mandatePaths.actFor) }, async (request, reply) => {
    const lang = request.lang;
    const m = mandateMessages(lang);
    const principal = principalOf(request);
    const body = formBody(request);
    const terug = returnPath(body['terug']);
    const value = str(body['namens']);
    const party = partyOfValue(value);
    if (party === undefined)
      return actForPage(ctx, request, reply, { terug, errors: [{ field: 'namens', message: m.actForChoose }], status: 400 });
    const chosen = await chooseActingFor(ctx, principal, party);
    if (!chosen.ok) {
      if (chosen.failure.status !== 403) throw new ProblemError(chosen.failure);
      const options = await actingOptions(ctx, principal);
      const name =
        (party && options.ok ? options.value.find((o) => sameParty(o.party, party))?.name : undefined) ??
        (party ? ((await partyNames(ctx, [party])).get(partyKey(party)) ?? party.id) : '');
      const message = format(m.actForRefused, { name, reason: reasonOf(chosen.failure, lang) });
      return actForPage(ctx, request, reply, { chosen: value, terug, errors: [{ field: 'namens', message }], status: 403 });
    }
    await reply.actFor(chosen.value);
    return reply.redirect(terug, 303);
  });

  registerGrantPages(app, ctx);
  registerOfficialPages(app, ctx);

  // One mandate, and its steps. (After the fixed paths above: /machtigen/nieuw is not a mandate.)
  app.get('/machtigen/:id', { config, onRequest: loginToPage }, async (request, reply) =>
    mandatePage(ctx, request, reply, await loadMandate(ctx, request), { errors: [], status: 200 }),
  );

  // Ending asks once more: a page of its own with the one button that does it.
  app.get('/machtigen/:id/beeindigen', { config, onRequest: loginToPage }, async (request, reply) => {
    const view = await loadMandate(ctx, request);
    if (!view.may.end) return reply.redirect(mandatePaths.mandate(view.mandate.id), 303);
    return endConfirmPage(ctx, request, reply, view);
  });

  for (const [word, step] of Object.entries(steps)) {
    app.post(
      `/machtigen/:id/${word}`,
      { config, onRequest: loginFirst((request) => mandatePaths.mandate(encodeURIComponent(idOf(request)))) },
      async (request, reply) => {
        const lang = request.lang;
        const id = idOf(request);
        const done = await changeMandate(ctx, principalOf(request), id, step.event, originOf(request));
        if (done.ok) {
          const back = str(formBody(request)['terug']) === mandatePaths.overview ? mandatePaths.overview : mandatePaths.mandate(id);
          return reply.redirect(`${back}?melding=${step.notice}`, 303);
        }
        // Not found (also another's mandate): the error page. Not possible now: the page, saying why.
        if (done.failure.status === 404 || done.failure.status === 401) throw new ProblemError(done.failure);
        const view = await loadMandate(ctx, request);
        const m = mandateMessages(lang);
        const message =
          done.failure.status === 409
            ? format(m.refusedState, { status: statusText(view, lang) })
            : format(m.refusedOther, { detail: reasonOf(done.failure, lang) });
        return mandatePage(ctx, request, reply, view, { errors: [{ field: 'status', message }], status: done.failure.status });
      },
    );
  }
}
