// democracy: the pages of referendums.
//   /democratie/referenda/{id}        (public) the question, the options, the policy it is about, the
//                                      rules in plain words, where the request stands ("1.234 van 10.000
//                                      ondersteuningsverklaringen, nog tot en met 27 december 2026") with
//                                      a progress bar, the earlier steps; for a person logged in with
//                                      DigiD the form to support or withdraw support; after the vote the
//                                      outcome per option and whether the turnout threshold was met
//   /democratie/referenda/{id}/steun  (POST, a person) actie=steunen | intrekken, then back (PRG)
//   /democratie/referenda/nieuw       (a coordinator) the form for a new referendum of their
//                                      organisation; errors in a Dutch error summary; on success its page
//
// Only counts are public: no page ever shows who supports (nor anyone's BSN). Every form posts with
// the CSRF token and redirects (303) after it worked.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CsrfField,
  DataList,
  ErrorSummary,
  InfoBox,
  LinkParagraph,
  NoticeBox,
  Paragraph,
  Section,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  errorFor,
  dateInput,
  errorTitle,
  formBody,
  loginFirst,
  queryOf,
  str,
  type FieldError,
} from '../../platform/html/index.tsx';
import type { Access } from '../../platform/auth/index.ts';
import { principalOf, ProblemError, type Failure } from '../../platform/http/index.ts';
import { format, formatDate, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getOrganisation } from '../registry/index.ts';
import { democracyMessages, referendumStatusLabels } from './messages.ts';
import type { ReferendumRules } from './model.ts';
import { Cell, OutcomeSection, PageTitle, RowHeader, count, decimal, democracyPaths, idOf } from './pages.tsx';
import { referendumRules } from './reference.ts';
import {
  createReferendum,
  getReferendum,
  isReferendumCoordinator,
  referendumFailureTexts,
  scheduleVote,
  supportReferendum,
  withdrawSupport,
  type ReferendumView,
} from './referendum-service.ts';

const supportAccess = { kinds: ['person'] } as const satisfies Access;
const coordinatorAccess = { roles: ['election_coordinator'] } as const satisfies Access;

const originOf = (request: FastifyRequest): { requestId: string } => ({ requestId: request.id });

/** A percentage as written in the rules: whole when it is (30), else one decimal. */
const percentText = (p: number, lang: Lang): string => decimal(p, lang, p % 1 === 0 ? 0 : 1);

// ---------------------------------------------------------------------------------------------
// /democratie/referenda/{id}

const notices = {
  ondersteund: 'noticeSupported',
  ingetrokken: 'noticeWithdrawn',
  opgeslagen: 'noticeCreated',
  stemdatum: 'noticeVoteDate',
} as const;

function noticeText(request: FastifyRequest): string | undefined {
  const word = str(queryOf(request)['melding']);
  return word in notices ? democracyMessages(request.lang)[notices[word as keyof typeof notices]] : undefined;
}

/** Where the referendum stands, in one sentence. */
function stateText(view: ReferendumView, lang: Lang): string {
  const m = democracyMessages(lang);
  switch (view.status) {
    case 'requesting':
      return m.stateRequesting;
    case 'request_failed':
      return m.stateFailed;
    case 'scheduled':
      return view.voteDate ? format(m.stateScheduledOn, { date: formatDate(view.voteDate, lang) }) : m.stateScheduled;
    case 'counting':
      return m.stateCounting;
    case 'finalised':
      return m.stateFinalised;
  }
}

function RulesSection({ lang, rules }: { lang: Lang; rules: ReferendumRules }): JSX.Element {
  const m = democracyMessages(lang);
  const lines = [
    ...(rules.requestPhases.length === 0
      ? [m.rulesNoPhases]
      : rules.requestPhases.map((p, i) =>
          format(m.rulesPhase, { n: i + 1, label: p.label[lang], threshold: count(p.threshold, lang), days: count(p.days, lang) }),
        )),
    rules.turnoutThresholdPercent === null
      ? m.rulesNoTurnout
      : format(m.rulesTurnout, { percent: percentText(rules.turnoutThresholdPercent, lang) }),
    ...(rules.minimumVotesForOutcome === null ? [] : [format(m.rulesMinimumVotes, { votes: count(rules.minimumVotesForOutcome, lang) })]),
  ];
  const isLink = /^https?:\/\//.test(rules.source);
  return (
    <Section id="regels" heading={m.rulesHeading}>
      <>
        <Paragraph text={format(m.rulesFrom, { name: rules.name[lang] })} />
        <ul class="utrecht-unordered-list">
          {lines.map((l) => (
            <li class="utrecht-unordered-list__item" safe>
              {l}
            </li>
          ))}
        </ul>
        {isLink ? (
          <p class="utrecht-paragraph">
            <span safe>{format(m.rulesSource, { source: '' })}</span>
            <a class="utrecht-link" href={rules.source} safe>
              {rules.source}
            </a>
          </p>
        ) : (
          <Paragraph text={format(m.rulesSource, { source: rules.source })} />
        )}
      </>
    </Section>
  );
}

function PhaseSection({ lang, view, today }: { lang: Lang; view: ReferendumView; today: string }): JSX.Element {
  const m = democracyMessages(lang);
  const phase = view.phase;
  if (phase === null && view.pastPhases.length === 0) return '';
  const values =
    phase === null
      ? null
      : {
          label: phase.label[lang],
          supporters: count(phase.supporters, lang),
          threshold: count(phase.threshold, lang),
          date: formatDate(phase.endsOn, lang),
          from: view.phaseStartedOn ? formatDate(view.phaseStartedOn, lang) : '',
        };
  // Before its first day a phase says when it starts; after its last day (until the job decides) no "still until".
  const template =
    view.status === 'request_failed'
      ? m.phaseFailed
      : view.phaseStartedOn !== null && today < view.phaseStartedOn
        ? m.phaseUpcoming
        : phase !== null && today > phase.endsOn
          ? m.phaseClosed
          : m.phaseNow;
  return (
    <Section id="ondersteuning" heading={m.phaseHeading}>
      <>
        {phase && values ? (
          <>
            <p class="utrecht-paragraph" id="fase-stand" safe>
              {format(template, values)}
            </p>
            <progress
              class="loket-progress"
              max={String(phase.threshold)}
              value={String(Math.min(phase.supporters, phase.threshold))}
              aria-labelledby="fase-stand"
              safe
            >
              {`${values.supporters} / ${values.threshold}`}
            </progress>
          </>
        ) : (
          ''
        )}
        {view.pastPhases.length > 0 ? (
          <Table id="eerdere-stappen" caption={m.pastPhasesCaption} head={[m.colPhase, m.colNeeded, m.colSupporters, m.colResult]}>
            {view.pastPhases.map((p) => (
              <tr class="utrecht-table__row">
                <RowHeader text={p.label[lang]} />
                <Cell numeric text={count(p.threshold, lang)} />
                <Cell numeric text={count(p.supporters, lang)} />
                <Cell text={p.passed ? m.phasePassed : m.phaseNotPassed} />
              </tr>
            ))}
          </Table>
        ) : (
          ''
        )}
      </>
    </Section>
  );
}

/** The form to support or withdraw, the login link, or why the reader cannot support. */
function SupportSection({ request, reply, view }: { request: FastifyRequest; reply: FastifyReply; view: ReferendumView }): JSX.Element {
  const lang = request.lang;
  const m = democracyMessages(lang);
  const principal = principalOf(request);
  if (view.status !== 'requesting' || view.phase === null) return '';
  const until = formatDate(view.phase.endsOn, lang);
  const action = democracyPaths.support(view.id);
  let content: JSX.Element;
  if (principal.kind === 'anonymous') {
    content = (
      <p class="utrecht-paragraph">
        <a
          class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
          href={`/inloggen?terug=${encodeURIComponent(democracyPaths.referendum(view.id))}`}
          safe
        >
          {m.supportLogin}
        </a>
      </p>
    );
  } else if (principal.kind !== 'person') {
    content = <Paragraph text={m.supportOnlyPersons} />;
  } else if (view.mySupport === true) {
    content = (
      <>
        <p class="utrecht-paragraph">
          <strong safe>{m.supportYou}</strong>
        </p>
        {view.maySupport ? (
          <form method="post" action={action}>
            <CsrfField token={reply.generateCsrf()} />
            <input type="hidden" name="actie" value="intrekken" />
            <Paragraph text={format(m.withdrawExplain, { date: until })} />
            <button class="utrecht-button utrecht-button--secondary-action" type="submit" safe>
              {m.withdrawButton}
            </button>
          </form>
        ) : (
          ''
        )}
      </>
    );
  } else if (view.maySupport) {
    content = (
      <form method="post" action={action}>
        <CsrfField token={reply.generateCsrf()} />
        <input type="hidden" name="actie" value="steunen" />
        <Paragraph text={format(m.supportExplain, { date: until })} />
        <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
          {m.supportButton}
        </button>
      </form>
    );
  } else {
    const why = principal.actingFor ? codeText('democracy.acting_for_someone', lang) : (view.notEntitled?.[lang] ?? m.supportNotNow);
    content = <Paragraph text={why} />;
  }
  return (
    <Section id="steun" heading={m.supportHeading}>
      {content}
    </Section>
  );
}

/** `2026-05-06` → `06-05-2026`, as the date fields show a date. */
const formDate = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

/** May this principal set the vote date and prepare the count: a coordinator of the referendum's organisation. */
const isCoordinatorOf = (request: FastifyRequest, view: ReferendumView): boolean =>
  isReferendumCoordinator(principalOf(request), view.organisationCode);

/**
 * For the coordinator of a scheduled referendum: the form to set (or change) the day of the vote,
 * and the way to the ballot's counting work (reading in the polling stations, then counting).
 */
function VoteDateSection({
  request,
  reply,
  view,
  typed,
  errors,
}: {
  request: FastifyRequest;
  reply: FastifyReply;
  view: ReferendumView;
  /** The date as typed in a refused post; else the date set (or empty). */
  typed: string | undefined;
  errors: readonly FieldError[];
}): JSX.Element {
  if (view.status !== 'scheduled' || !isCoordinatorOf(request, view)) return '';
  const m = democracyMessages(request.lang);
  return (
    <Section id="stemdatum-vastleggen" heading={m.voteDateHeading}>
      <>
        <Paragraph text={m.voteDateIntro} />
        <form method="post" action={democracyPaths.voteDate(view.id)} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <TextField
            id="stemdatum"
            label={m.voteDateField}
            hint={m.voteDateHint}
            value={typed ?? (view.voteDate ? formDate(view.voteDate) : '')}
            maxlength={10}
            autocomplete="off"
            error={errorFor(errors, 'stemdatum')}
          />
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.voteDateButton}
          </button>
        </form>
      </>
    </Section>
  );
}

/** For the coordinator, until the result is final: the ballot's counting work. */
function CountingWorkSection({ request, view }: { request: FastifyRequest; view: ReferendumView }): JSX.Element {
  if ((view.status !== 'scheduled' && view.status !== 'counting') || !isCoordinatorOf(request, view)) return '';
  const m = democracyMessages(request.lang);
  return (
    <Section id="tellen" heading={m.countingWorkHeading}>
      <ul class="utrecht-unordered-list">
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={democracyPaths.importInto(view.electionId)} safe>
            {m.countingWorkImport}
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={democracyPaths.counting(view.electionId)} safe>
            {m.countingWorkCount}
          </a>
        </li>
      </ul>
    </Section>
  );
}

async function referendumPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: ReferendumView,
  state: { errors: FieldError[]; status: number; typedVoteDate?: string },
): Promise<FastifyReply> {
  const lang = request.lang;
  const today = ctx.clock.today();
  const m = democracyMessages(lang);
  const rows: [string, string][] = [
    [m.organisation, view.organisationName],
    [m.status, referendumStatusLabels[view.status][lang]],
    ...(view.voteDate ? ([[m.voteDate, formatDate(view.voteDate, lang)]] as [string, string][]) : []),
  ];
  return reply.page({
    title: errorTitle(lang, view.title, state.errors),
    status: state.status,
    body: (
      <>
        <LinkParagraph href={democracyPaths.overview} text={m.backToOverview} />
        <PageTitle text={view.title} />
        <NoticeBox text={state.errors.length === 0 ? noticeText(request) : undefined} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
          {stateText(view, lang)}
        </p>
        <Section id="vraag" heading={m.questionHeading}>
          <>
            <p class="utrecht-paragraph">
              <strong safe>{view.question}</strong>
            </p>
            <ul class="utrecht-unordered-list" aria-label={m.optionsHeading}>
              {view.options.map((o) => (
                <li class="utrecht-unordered-list__item" safe>
                  {o.name}
                </li>
              ))}
            </ul>
            <DataList rows={rows} />
          </>
        </Section>
        <Section id="beleid" heading={m.policyHeading}>
          {view.policy.url ? (
            <LinkParagraph href={view.policy.url} text={view.policy.title} />
          ) : (
            <>
              <Paragraph text={view.policy.title} />
              <Paragraph text={m.policyNoLink} />
            </>
          )}
        </Section>
        {view.outcome && view.status === 'counting' ? <InfoBox texts={[m.recountNotice]} warning /> : ''}
        {view.outcome ? <OutcomeSection lang={lang} outcome={view.outcome} rules={view.rules} /> : ''}
        <VoteDateSection request={request} reply={reply} view={view} typed={state.typedVoteDate} errors={state.errors} />
        <CountingWorkSection request={request} view={view} />
        <PhaseSection lang={lang} view={view} today={today} />
        <SupportSection request={request} reply={reply} view={view} />
        <RulesSection lang={lang} rules={view.rules} />
      </>
    ),
  });
}

async function loadReferendum(ctx: ModuleContext, request: FastifyRequest): Promise<ReferendumView> {
  const found = await getReferendum(ctx, principalOf(request), idOf(request));
  if (!found.ok) throw new ProblemError(found.failure);
  return found.value;
}

/** A refusal of the referendum service in the reader's language: the known reasons, else the service's words. */
function reasonOf(failure: Failure, lang: Lang): string {
  const m = democracyMessages(lang);
  return failure.code in referendumFailureTexts ? failureText(failure, lang) : m.supportNotNow;
}

// ---------------------------------------------------------------------------------------------
// /democratie/referenda/nieuw

interface NewForm {
  titel: string;
  vraag: string;
  keuzes: string;
  beleid: string;
  beleidslink: string;
  regels: string;
  start: string;
  stemdatum: string;
}

const emptyForm: NewForm = { titel: '', vraag: '', keuzes: '', beleid: '', beleidslink: '', regels: '', start: '', stemdatum: '' };

function readForm(body: Record<string, unknown>): NewForm {
  const form = { ...emptyForm };
  for (const key of Object.keys(emptyForm) as (keyof NewForm)[]) form[key] = str(body[key]).slice(0, 4000);
  return form;
}

/** The options as typed: one per line, blank lines left out. */
const optionsOf = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The form as the service's input (for the coordinator's own organisation). */
function inputOf(form: NewForm, organisationCode: string): Record<string, unknown> {
  const start = form.start.trim();
  const vote = form.stemdatum.trim();
  const url = form.beleidslink.trim();
  return {
    organisationCode,
    title: form.titel.trim(),
    question: form.vraag.trim(),
    options: optionsOf(form.keuzes),
    policy: { title: form.beleid.trim(), url: url === '' ? null : url },
    rulesKey: form.regels,
    ...(start === '' ? {} : { startOn: dateInput(start) }),
    voteDate: vote === '' ? null : dateInput(vote),
  };
}

/** The form field an invalid parameter of the service is about (its name, e.g. `policy.url`). */
const fieldOfParam: Readonly<Record<string, keyof NewForm>> = {
  title: 'titel',
  question: 'vraag',
  options: 'keuzes',
  policy: 'beleid',
  'policy.title': 'beleid',
  'policy.url': 'beleidslink',
  rulesKey: 'regels',
  startOn: 'start',
  voteDate: 'stemdatum',
};

const fieldOrder: readonly (keyof NewForm)[] = ['titel', 'vraag', 'keuzes', 'beleid', 'beleidslink', 'regels', 'start', 'stemdatum'];

/** The page's own message for a field (in the reader's language), by the code of the service's refusal. */
function fieldMessage(field: keyof NewForm, code: string, lang: Lang): string {
  const m = democracyMessages(lang);
  switch (field) {
    case 'titel':
      return m.errorTitleMissing;
    case 'vraag':
      return m.errorQuestionMissing;
    case 'keuzes':
      return m.errorOptions;
    case 'beleid':
      return m.errorPolicyTitle;
    case 'beleidslink':
      return m.errorPolicyUrl;
    case 'regels':
      return code in referendumFailureTexts && code !== 'democracy.unknown_rules' ? codeText(code, lang) : m.errorRules;
    case 'start':
      return code === 'democracy.start_in_past' ? m.errorStartPast : m.errorDate;
    case 'stemdatum':
      return code === 'democracy.vote_before_start' ? m.errorVoteBeforeStart : m.errorDate;
  }
}

/** The referendum service's text of a failure code in the reader's language ('' for a code it does not know). */
function codeText(code: string, lang: Lang): string {
  return (referendumFailureTexts as Record<string, { detail: { nl: string; en: string } } | undefined>)[code]?.detail[lang] ?? '';
}

/** A refusal's text in the reader's language: the referendum service's own texts by code, else its Dutch detail. */
const failureText = (failure: Failure, lang: Lang): string => codeText(failure.code, lang) || failure.detail;

/** The errors of a refused form, one per field in the order of the form. */
export function formErrors(failure: Failure, lang: Lang): FieldError[] {
  const found = new Map<keyof NewForm, string>();
  for (const p of failure.invalidParams ?? []) {
    const field = fieldOfParam[p.name] ?? fieldOfParam[p.name.replace(/^body\./, '').split('.')[0] ?? ''];
    if (field !== undefined && !found.has(field)) found.set(field, fieldMessage(field, p.code, lang));
  }
  const errors = fieldOrder.filter((f) => found.has(f)).map((f) => ({ field: f, message: found.get(f) ?? '' }));
  // A refusal about no one field (e.g. rules not in force on the first day): shown at the rules.
  if (errors.length === 0) errors.push({ field: 'regels', message: failureText(failure, lang) });
  return errors;
}

async function newReferendumPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { form: NewForm; errors: FieldError[]; status: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = democracyMessages(lang);
  const principal = principalOf(request);
  const code = principal.kind === 'official' ? principal.organisationCode : '';
  const organisation = (await getOrganisation(ctx, code))?.name ?? code;
  const { form, errors } = state;
  const rules = referendumRules();
  return reply.page({
    title: errorTitle(lang, m.newTitle, errors),
    status: state.status,
    body: (
      <>
        <LinkParagraph href={democracyPaths.overview} text={m.backToOverview} />
        <PageTitle text={m.newTitle} />
        <ErrorSummary lang={lang} errors={errors} />
        <Paragraph text={format(m.newIntro, { organisation })} />
        <form method="post" action={democracyPaths.newReferendum} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <TextField
            id="titel"
            label={m.fieldTitle}
            hint={m.fieldTitleHint}
            value={form.titel}
            maxlength={200}
            error={errorFor(errors, 'titel')}
          />
          <TextAreaField
            id="vraag"
            label={m.fieldQuestion}
            hint={m.fieldQuestionHint}
            value={form.vraag}
            rows={3}
            maxlength={1000}
            error={errorFor(errors, 'vraag')}
          />
          <TextAreaField
            id="keuzes"
            label={m.fieldOptions}
            hint={m.fieldOptionsHint}
            value={form.keuzes}
            rows={4}
            maxlength={2000}
            error={errorFor(errors, 'keuzes')}
          />
          <TextField id="beleid" label={m.fieldPolicyTitle} value={form.beleid} maxlength={300} error={errorFor(errors, 'beleid')} />
          <TextField
            id="beleidslink"
            label={m.fieldPolicyUrl}
            hint={m.fieldPolicyUrlHint}
            value={form.beleidslink}
            type="url"
            maxlength={2000}
            error={errorFor(errors, 'beleidslink')}
          />
          <SelectField
            id="regels"
            label={m.fieldRules}
            hint={m.fieldRulesHint}
            value={form.regels}
            options={[{ value: '', label: '' }, ...rules.map((r) => ({ value: r.key, label: r.name[lang] }))]}
            error={errorFor(errors, 'regels')}
          />
          <TextField
            id="start"
            label={m.fieldStart}
            hint={m.fieldStartHint}
            value={form.start}
            maxlength={10}
            autocomplete="off"
            error={errorFor(errors, 'start')}
          />
          <TextField
            id="stemdatum"
            label={m.fieldVoteDate}
            hint={m.fieldVoteDateHint}
            value={form.stemdatum}
            maxlength={10}
            autocomplete="off"
            error={errorFor(errors, 'stemdatum')}
          />
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.createButton}
          </button>
        </form>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Registration

export function registerReferendumPages(app: FastifyInstance, ctx: ModuleContext): void {
  const config = { access: coordinatorAccess };
  const toForm = loginFirst(() => democracyPaths.newReferendum);

  app.get(democracyPaths.newReferendum, { config, onRequest: toForm }, (request, reply) =>
    newReferendumPage(ctx, request, reply, { form: emptyForm, errors: [], status: 200 }),
  );

  app.post(democracyPaths.newReferendum, { config, onRequest: toForm }, async (request, reply) => {
    const form = readForm(formBody(request));
    const principal = principalOf(request);
    const organisationCode = principal.kind === 'official' ? principal.organisationCode : '';
    const made = await createReferendum(ctx, principal, inputOf(form, organisationCode), originOf(request));
    if (made.ok) return reply.redirect(`${democracyPaths.referendum(made.value.id)}?melding=opgeslagen`, 303);
    if (made.failure.status !== 400 && made.failure.status !== 422 && made.failure.status !== 409) throw new ProblemError(made.failure);
    return newReferendumPage(ctx, request, reply, { form, errors: formErrors(made.failure, request.lang), status: made.failure.status });
  });

  app.get('/democratie/referenda/:id', { config: { access: 'public' } }, async (request, reply) =>
    referendumPage(ctx, request, reply, await loadReferendum(ctx, request), { errors: [], status: 200 }),
  );

  app.post(
    '/democratie/referenda/:id/stemdatum',
    { config, onRequest: loginFirst((request) => democracyPaths.referendum(idOf(request))) },
    async (request, reply) => {
      const lang = request.lang;
      const id = idOf(request);
      const typed = str(formBody(request)['stemdatum']).slice(0, 40);
      const done = await scheduleVote(ctx, principalOf(request), id, { voteDate: dateInput(typed) }, originOf(request));
      if (done.ok) return reply.redirect(`${democracyPaths.referendum(id)}?melding=stemdatum`, 303);
      if (done.failure.status !== 400 && done.failure.status !== 422 && done.failure.status !== 409) throw new ProblemError(done.failure);
      const m = democracyMessages(lang);
      const param = done.failure.invalidParams?.[0];
      const message =
        done.failure.status === 409
          ? format(m.refused, { reason: failureText(done.failure, lang) })
          : param?.code === 'democracy.vote_date_in_past'
            ? m.errorVoteDatePast
            : m.errorDate;
      const view = await loadReferendum(ctx, request);
      return referendumPage(ctx, request, reply, view, {
        errors: [{ field: 'stemdatum', message }],
        status: done.failure.status,
        typedVoteDate: typed,
      });
    },
  );

  app.post(
    '/democratie/referenda/:id/steun',
    { config: { access: supportAccess }, onRequest: loginFirst((request) => democracyPaths.referendum(idOf(request))) },
    async (request, reply) => {
      const lang = request.lang;
      const id = idOf(request);
      const action = str(formBody(request)['actie']);
      const principal = principalOf(request);
      if (action !== 'steunen' && action !== 'intrekken') {
        const view = await loadReferendum(ctx, request);
        return referendumPage(ctx, request, reply, view, {
          errors: [{ field: 'steun', message: democracyMessages(lang).supportNotNow }],
          status: 400,
        });
      }
      const done =
        action === 'steunen'
          ? await supportReferendum(ctx, principal, id, originOf(request))
          : await withdrawSupport(ctx, principal, id, originOf(request));
      if (done.ok)
        return reply.redirect(`${democracyPaths.referendum(id)}?melding=${action === 'steunen' ? 'ondersteund' : 'ingetrokken'}`, 303);
      if (done.failure.status === 404 || done.failure.status === 401) throw new ProblemError(done.failure);
      const view = await loadReferendum(ctx, request);
      const message = format(democracyMessages(lang).refused, { reason: reasonOf(done.failure, lang) });
      return referendumPage(ctx, request, reply, view, { errors: [{ field: 'steun', message }], status: done.failure.status });
    },
  );
}
