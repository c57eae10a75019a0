// delivery: the pages of cases for citizens and businesses — Mijn zaken (/zaken), the case page
// (/zaken/{organisation}/{id}) with its status, due date and how it came about, the timeline,
// the answers, the decision and the objection clause, and the applicant's actions: send asked
// information, withdraw (after a confirmation page), give notice of default. The officials'
// pages are in work-pages.tsx; the building blocks in case-views.tsx; what both case pages do
// alike (loading the case, the form posts) in page-support.tsx.
//
// Every page works without JavaScript: forms post, then redirect (PRG). Whoever is not logged in
// is sent to the login page first; another person's case is "not found", like an unknown one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LinkParagraph, Pagination, Paragraph, Table, TextAreaField, errorFor } from '../../platform/html/index.tsx';
import { httpFailures, principalOf, ProblemError, type Access } from '../../platform/http/index.ts';
import { format, formatDate, formatDateTime, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { catalogPaths } from '../catalog/index.ts';
import {
  AnswersBlock,
  CaseNumberCell,
  Cell,
  DecisionSection,
  DueDateCell,
  LateDecisionBlock,
  PageTitle,
  Section,
  TermExplanation,
  Timeline,
  caseMessages,
  casePaths,
  lateDecisionMatters,
  loginToPage,
  nextStepText,
  pageNumber,
  pageSize,
  serviceNameOf,
  serviceNames,
  statusLabels,
  str,
} from './case-views.tsx';
import { formatMoney } from './forms.ts';
import { messagePaths, type Message } from './messages/model.ts';
import { UnreadMessagesNotice } from './messages/pages.tsx';
import { messagesOfCase, unreadCountFor } from './messages/service.ts';
import { OffersSection, openOffers } from './offers/pages.tsx';
import { originOf } from './origin.ts';
import { loadCaseView, registerCasePage, type CaseForm, type CasePage, type CasePageState } from './page-support.tsx';
import { accountabilityPaths } from './accountability/paths.ts';
import { actingRefusalPath, isDenyReason } from './acting.ts';
import { denyTexts } from '../mandates/index.ts';
import { isCaseHandlerOf } from './policy.ts';
import { deliveryLegalRules } from './reference.ts';
import { giveNoticeOfDefault, listMyCases, receiveInformation, withdrawApplication, type CaseView, type DeliveryCase } from './service.ts';
import { registerWorkPages } from './work-pages.tsx';

/** Citizens and businesses see their own cases; the service checks each case is theirs. */
const applicantAccess = { kinds: ['person', 'business'] } as const satisfies Access;

// ---------------------------------------------------------------------------------------------
// Mijn zaken

function MyCasesTable({
  lang,
  items,
  names,
  today,
}: {
  lang: Lang;
  items: readonly DeliveryCase[];
  names: ReadonlyMap<string, string>;
  today: string;
}): JSX.Element {
  const m = caseMessages(lang);
  return (
    <Table caption={m.myCasesCaption} hiddenCaption head={[m.colCaseNumber, m.colService, m.colStatus, m.colNextStep, m.colDueDate]}>
      {items.map((c) => (
        <tr class="utrecht-table__row">
          <CaseNumberCell href={casePaths.case(c.organisationCode, c.id)} caseNumber={c.caseNumber} />
          <Cell text={serviceNameOf(names, c, lang)} />
          <Cell text={statusLabels[c.status][lang]} />
          <Cell text={nextStepText(lang, c)} />
          <DueDateCell lang={lang} kase={c} today={today} />
        </tr>
      ))}
    </Table>
  );
}

async function myCasesPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const lang = request.lang;
  const m = caseMessages(lang);
  const principal = principalOf(request);
  // "Mijn zaken" in the menu brings a case handler to the work queue; other officials have no cases here.
  if (principal.kind === 'official') {
    if (isCaseHandlerOf(principal, principal.organisationCode)) return reply.redirect(casePaths.queue, 303);
    throw new ProblemError(httpFailures.forbidden());
  }
  const page = pageNumber((request.query as Record<string, unknown>)['pagina']);
  if (page === undefined) throw new ProblemError(httpFailures.notFound());
  const listed = await listMyCases(ctx, principal, { limit: pageSize, offset: (page - 1) * pageSize });
  if (!listed.ok) throw new ProblemError(listed.failure);
  const { items, total } = listed.value;
  const names = await serviceNames(ctx, items);
  const unread = await unreadCountFor(ctx, principal);
  const offers = await openOffers(ctx, principal);
  const actingFor = principal.kind === 'anonymous' ? undefined : principal.actingFor;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return reply.page({
    title: m.myCasesTitle,
    body: (
      <>
        <PageTitle text={m.myCasesTitle} />
        <Paragraph text={actingFor ? format(m.myCasesActingFor, { name: actingFor.name }) : m.myCasesIntro} />
        <UnreadMessagesNotice count={unread} lang={lang} actingFor={actingFor?.name} />
        <LinkParagraph
          href={messagePaths.box}
          text={actingFor ? format(m.myMessagesLinkActingFor, { name: actingFor.name }) : m.myMessagesLink}
        />
        {total === 0 ? (
          <>
            <Paragraph text={actingFor ? format(m.myCasesNoneActingFor, { name: actingFor.name }) : m.myCasesNone} status />
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={catalogPaths.search} safe>
                {m.myCasesApply}
              </a>
            </p>
          </>
        ) : (
          <>
            <Paragraph text={total === 1 ? m.casesCountOne : format(m.casesCount, { total: formatNumber(total, lang) })} status />
            <MyCasesTable lang={lang} items={items} names={names} today={ctx.clock.today()} />
            <Pagination
              page={page}
              pages={pages}
              href={(p) => `${casePaths.mine}?pagina=${p}`}
              labels={m}
              status={format(m.pageOf, { page, pages })}
            />
          </>
        )}
        <OffersSection offers={offers} lang={lang} />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// The case page

/** The letters about this case in the message box: date, subject (a link to the letter), unread marked in words. */
function CaseLetters({ lang, letters }: { lang: Lang; letters: readonly Message[] }): JSX.Element {
  const m = caseMessages(lang);
  return (
    <ul class="utrecht-unordered-list">
      {[...letters].reverse().map((letter) => (
        <li class="utrecht-unordered-list__item">
          <time datetime={letter.createdAt} safe>
            {formatDateTime(letter.createdAt, lang)}
          </time>
          {': '}
          <a class="utrecht-link" href={messagePaths.message(letter.id)} safe>
            {letter.subject}
          </a>
          {letter.readAt === null ? <strong safe>{` (${m.letterUnread})`}</strong> : ''}
        </li>
      ))}
    </ul>
  );
}

function InformationForm({ lang, view, csrf, state }: { lang: Lang; view: CaseView; csrf: string; state: CasePageState }): JSX.Element {
  const m = caseMessages(lang);
  const request = view.term.informationRequest;
  const kase = view.case;
  return (
    <Section id="informatie-sturen" heading={m.informationHeading} level={3}>
      <>
        {request ? (
          <>
            <Paragraph text={format(m.informationAsked, { date: formatDate(request.requestedOn, lang) })} />
            <blockquote class="utrecht-blockquote">
              <p class="utrecht-paragraph" style="white-space: pre-line" safe>
                {request.message}
              </p>
            </blockquote>
            <Paragraph text={format(m.informationCompleteBy, { date: formatDate(request.completeBy, lang) })} />
          </>
        ) : (
          ''
        )}
        <form method="post" action={`${casePaths.case(kase.organisationCode, kase.id)}/informatie`} novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <TextAreaField
            id="informatie"
            label={m.informationLabel}
            hint={m.informationHint}
            value={state.values['informatie'] ?? ''}
            rows={6}
            maxlength={10_000}
            error={errorFor(state.errors, 'informatie')}
          />
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.informationButton}
          </button>
        </form>
      </>
    </Section>
  );
}

function ApplicantActions({ lang, view, csrf, state }: { lang: Lang; view: CaseView; csrf: string; state: CasePageState }): JSX.Element {
  const m = caseMessages(lang);
  const kase = view.case;
  const path = casePaths.case(kase.organisationCode, kase.id);
  const canInform = view.actions.includes('receive_information');
  const canWithdraw = view.actions.includes('withdraw');
  const canGiveNotice = view.actions.includes('give_notice_of_default') && view.term.mayGiveNoticeOfDefault;
  const max = formatMoney(deliveryLegalRules().penalty.amounts.at(-1)?.maxTotalCents ?? 0, lang);
  return (
    <Section id="acties" heading={m.actionsHeading}>
      <>
        {!canInform && !canWithdraw && !canGiveNotice ? <Paragraph text={m.actionsNone} /> : ''}
        {canInform ? <InformationForm lang={lang} view={view} csrf={csrf} state={state} /> : ''}
        {canGiveNotice ? (
          <Section id="in-gebreke-stellen" heading={m.noticeFormHeading} level={3}>
            <form method="post" action={`${path}/ingebrekestelling`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <Paragraph text={format(m.noticeFormPenalty, { max })} />
              <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                {m.noticeFormButton}
              </button>
            </form>
          </Section>
        ) : (
          ''
        )}
        {canWithdraw ? (
          <Section id="intrekken" heading={m.withdrawHeading} level={3}>
            <>
              <Paragraph text={m.withdrawText} />
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={`${path}/intrekken`} safe>
                  {m.withdrawLink}
                </a>
              </p>
            </>
          </Section>
        ) : (
          ''
        )}
      </>
    </Section>
  );
}

const casePage: CasePage = async (ctx, request, reply, view, state, names) => {
  const lang = request.lang;
  const m = caseMessages(lang);
  const kase = view.case;
  const csrf = reply.generateCsrf();
  const sent = await messagesOfCase(ctx, principalOf(request), kase.organisationCode, kase.id, originOf(request));
  const letters = sent.ok ? sent.value : [];
  const overdue = view.term.overdue && kase.dueDate !== null;
  return {
    back: { href: casePaths.mine, text: m.backToMyCases },
    status: { heading: m.statusHeading, audience: 'applicant', today: ctx.clock.today() },
    body: (
      <>
        <Section id="volgende-stap" heading={m.nextStepHeading}>
          <>
            <Paragraph text={nextStepText(lang, kase)} />
            {overdue && kase.dueDate ? <Paragraph text={format(m.overdueNotice, { date: formatDate(kase.dueDate, lang) })} /> : ''}
          </>
        </Section>
        <DecisionSection lang={lang} kase={kase} organisation={names.organisation} />
        <ApplicantActions lang={lang} view={view} csrf={csrf} state={state} />
        <Section id="termijn" heading={m.termHeading}>
          <TermExplanation lang={lang} term={view.term} />
        </Section>
        {lateDecisionMatters(view) ? (
          <Section id="te-laat" heading={m.lateHeading}>
            <LateDecisionBlock lang={lang} term={view.term} />
          </Section>
        ) : (
          ''
        )}
        {letters.length > 0 ? (
          <Section id="berichten" heading={m.messagesHeading}>
            <CaseLetters lang={lang} letters={letters} />
          </Section>
        ) : (
          ''
        )}
        <Section id="verloop" heading={m.timelineHeading}>
          <Timeline lang={lang} events={view.timeline} viewer="applicant" />
        </Section>
        <Section id="aanvraag" heading={m.answersHeading}>
          <AnswersBlock lang={lang} kase={kase} />
        </Section>
        <Section id="verantwoording" heading={m.accountabilityHeading}>
          <LinkParagraph href={accountabilityPaths.page(kase.organisationCode, kase.id)} text={m.accountabilityLink} />
        </Section>
      </>
    ),
  };
};

// ---------------------------------------------------------------------------------------------
// Registration

/** The applicant's forms on the case page. */
const applicantForms: readonly CaseForm[] = [
  {
    // Information asked for (Awb 4:5): the applicant's answer; the term runs again.
    path: 'informatie',
    notice: 'informatie-gestuurd',
    fieldOf: { message: 'informatie', attachments: 'informatie' },
    fields: ['informatie'],
    run: (ctx, request, k, body) =>
      receiveInformation(ctx, principalOf(request), k.organisationCode, k.caseId, { message: str(body['informatie']) }, originOf(request)),
  },
  {
    path: 'intrekken',
    notice: 'ingetrokken',
    fieldOf: {},
    fields: [],
    run: (ctx, request, k) => withdrawApplication(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  },
  {
    // Awb 4:17 lid 3: the written notice that the term has passed.
    path: 'ingebrekestelling',
    notice: 'in-gebreke-gesteld',
    fieldOf: {},
    fields: [],
    run: (ctx, request, k) => giveNoticeOfDefault(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  },
];

export function registerCasePages(app: FastifyInstance, ctx: ModuleContext): void {
  const config = { access: applicantAccess };
  const casePath = '/zaken/:org/:caseId';

  app.get(casePaths.mine, { config: { access: 'authenticated' }, onRequest: loginToPage }, (request, reply) =>
    myCasesPage(ctx, request, reply),
  );

  // The case page and its forms; after a post, back to the case page.
  registerCasePage(app, ctx, {
    casePath,
    pathOf: casePaths.case,
    access: applicantAccess,
    render: casePage,
    forms: applicantForms,
    english: {},
    keptLength: 10_000,
  });

  // Withdrawing asks once more: a page of its own with the one button that does it.
  app.get(`${casePath}/intrekken`, { config, onRequest: loginToPage }, async (request, reply) => {
    const view = await loadCaseView(ctx, request);
    const kase = view.case;
    const lang = request.lang;
    const m = caseMessages(lang);
    const path = casePaths.case(kase.organisationCode, kase.id);
    if (!view.actions.includes('withdraw')) return reply.redirect(path, 303);
    const title = format(m.withdrawTitle, { caseNumber: kase.caseNumber });
    return reply.page({
      title,
      body: (
        <>
          <PageTitle text={title} />
          <Paragraph text={m.withdrawConfirm} />
          <form method="post" action={`${path}/intrekken`} class="loket-actions">
            <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.withdrawButton}
            </button>
          </form>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={path} safe>
              {m.withdrawCancel}
            </a>
          </p>
        </>
      ),
    });
  });

  // Acting for someone was refused with a reason (acting.ts sends browsers here): say why, in plain words.
  app.get(actingRefusalPath, { config: { access: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    const m = caseMessages(lang);
    const reason = str((request.query as Record<string, unknown> | undefined)?.['reden']);
    const principal = principalOf(request);
    const actingFor = principal.kind === 'person' || principal.kind === 'business' ? principal.actingFor : undefined;
    return reply.page({
      title: m.refusedTitle,
      status: 403,
      body: (
        <>
          <PageTitle text={m.refusedTitle} />
          <Paragraph text={isDenyReason(reason) ? denyTexts[reason][lang] : denyTexts.no_relation[lang]} />
          {actingFor ? <Paragraph text={format(m.refusedActingFor, { name: actingFor.name })} /> : ''}
          <LinkParagraph href={actingForSwitchPath} text={m.refusedSwitch} />
          <LinkParagraph href={mandatesPath} text={m.refusedMandates} />
          <LinkParagraph href={casePaths.mine} text={m.backToMyCases} />
        </>
      ),
    });
  });

  registerWorkPages(app, ctx);
}

/** The mandates module's pages: "Mijn machtigingen", and choosing for whom one acts. */
const mandatesPath = '/machtigen';
const actingForSwitchPath = '/machtigen/namens';
