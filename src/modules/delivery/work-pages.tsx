// delivery: the pages of case handlers — the work queue of their organisation (/behandelen), with
// filters, sorting and paging, and a case (/behandelen/{organisation}/{id}) with the application,
// the applicant's register data (the view is logged in the processing log by getCase), the term,
// the trail and a form for each action allowed in the case's state: claim, assign, request
// information, record information received, extend the term (Awb 4:14), decide, close.
//
// Lists show no personal data: the case number and the date of receipt identify a case. Every
// form posts, then redirects (PRG); a refusal is shown on the page in a Dutch error summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DataList,
  ErrorSummary,
  Pagination,
  Paragraph,
  RadioGroupField,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  errorFor,
  errorTitle,
  safeReturnPath,
  type FieldError,
} from '../../platform/html/index.tsx';
import { httpFailures, principalOf, ProblemError, type Access, type Failure, type Result } from '../../platform/http/index.ts';
import { defineMessages, format, formatDate, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { searchServices } from '../catalog/index.ts';
import { colleaguesWithRole, findPerson, type Address } from '../registry/index.ts';
import {
  AnswersBlock,
  DecisionBlock,
  LateDecisionBlock,
  NoticeBox,
  Section,
  StatusBlock,
  TermExplanation,
  Timeline,
  caseKeyOf,
  caseMessages,
  casePaths,
  dueText,
  fieldErrors,
  isOverdue,
  lateDecisionMatters,
  loginFirst,
  noticeOf,
  notices,
  organisationName,
  originOf,
  outcomeLabels,
  pageNumber,
  pageSize,
  refusalShownOnPage,
  serviceNameOf,
  serviceNames,
  statusLabels,
  str,
  type NoticeWord,
} from './case-views.tsx';
import { parseDate } from './forms.ts';
import { allowedActions, caseStatuses, decisionOutcomes, objectionTerm, type CaseStatus } from './model.ts';
import { deliveryLegalRules } from './reference.ts';
import type { IsoDate } from '../../platform/time/index.ts';
import {
  assignCase,
  claimCase,
  closeCase,
  decideCase,
  deliveryFailures,
  extendTerm,
  getCase,
  receiveInformation,
  requestInformation,
  workQueue,
  type CaseView,
  type DeliveryCase,
  type QueueInput,
} from './service.ts';
import { caseHandlerRoles } from './policy.ts';

/** Case handlers only; the service checks the case is of their organisation (else "not found"). */
const handlerAccess = { roles: ['case_handler'] } as const satisfies Access;

export const workMessages = defineMessages({
  nl: {
    queueTitle: 'Werkvoorraad',
    queueIntro: 'De zaken van {organisation}. Standaard ziet u de openstaande zaken, de eerste uiterste beslisdatum bovenaan.',
    filterLabel: 'Zaken filteren',
    statusLabel: 'Status',
    statusOpen: 'Alle openstaande zaken',
    assigneeLabel: 'Behandelaar',
    assigneeAll: 'Iedereen',
    assigneeMe: 'Mijn zaken',
    assigneeNone: 'Nog niet toegewezen',
    serviceLabel: 'Dienst',
    serviceAll: 'Alle diensten',
    overdueLabel: 'Alleen zaken die te laat zijn',
    sortLabel: 'Sorteren op',
    sortDue: 'Uiterste beslisdatum, vroegste eerst',
    sortDueDesc: 'Uiterste beslisdatum, laatste eerst',
    sortReceived: 'Datum van ontvangst, oudste eerst',
    sortReceivedDesc: 'Datum van ontvangst, nieuwste eerst',
    filterButton: 'Toon zaken',
    results: '{total} zaken',
    resultsOne: '1 zaak',
    noResults: 'Er zijn geen zaken die hierbij passen.',
    tableCaption: 'Zaken in de werkvoorraad',
    assigneeYou: 'U',
    assigneeColleague: 'Een collega',
    assigneeNobody: 'Niemand',
    claimButton: 'Oppakken',
    claimButtonCase: 'zaak {caseNumber} oppakken',
    errorChoice: 'Kies een waarde uit de lijst.',
    errorService: 'Kies een dienst uit de lijst.',
    // The case
    backToQueue: 'Terug naar de werkvoorraad',
    caseHeading: 'Zaak',
    assignee: 'Behandelaar',
    actionsHeading: 'Wat u nu kunt doen',
    actionsNone: 'Bij deze status kunt u niets meer doen.',
    claimHeading: 'Zaak oppakken',
    claimText: 'U wordt de behandelaar van deze zaak.',
    assignHeading: 'Zaak toewijzen',
    assignLabel: 'Behandelaar',
    assignHint: 'Kies een zaakbehandelaar van uw organisatie.',
    assignChoose: 'Kies een behandelaar',
    assignButton: 'Toewijzen',
    requestHeading: 'Om aanvulling vragen',
    requestText:
      'Vraag de aanvrager om ontbrekende informatie (artikel 4:5 Algemene wet bestuursrecht). Vanaf morgen staat de beslistermijn stil, tot de informatie binnen is of de datum voorbij is (artikel 4:15).',
    requestMessageLabel: 'Welke informatie hebt u nodig?',
    requestMessageHint: 'De aanvrager krijgt deze tekst in een bericht. Schrijf in gewone taal. Hoogstens 4000 tekens.',
    requestDateLabel: 'Uiterlijk ontvangen op',
    requestDateHint: 'Een datum na vandaag, bijvoorbeeld over 2 weken. Vorm: dd-mm-jjjj.',
    requestButton: 'Vraag om aanvulling',
    recordHeading: 'Ontvangen informatie vastleggen',
    recordText: 'Kwam de informatie per post of aan de balie? Leg hier vast wat u ontving. De beslistermijn loopt dan weer.',
    recordLabel: 'Wat is er ontvangen?',
    recordHint: 'Hoogstens 10.000 tekens.',
    recordButton: 'Vastleggen',
    extendHeading: 'Beslistermijn verlengen',
    extendText:
      'Lukt het niet om op tijd te beslissen? Laat de aanvrager dan vóór het einde van de termijn weten wanneer het besluit komt en waarom (artikel 4:14). De aanvrager krijgt hierover een bericht.',
    extendDateLabel: 'Nieuwe datum van het besluit',
    extendDateHint: 'Een werkdag na de huidige uiterste beslisdatum. Vorm: dd-mm-jjjj.',
    extendReasonLabel: 'Reden',
    extendReasonHint: 'Waarom komt het besluit later? De aanvrager leest deze tekst.',
    extendButton: 'Termijn verlengen',
    decideHeading: 'Besluiten',
    outcomeLabel: 'Uitkomst',
    motivationLabel: 'Motivering',
    motivationHint: 'Waarom dit besluit? Schrijf in gewone taal; de aanvrager leest dit. Hoogstens 20.000 tekens.',
    legalBasisLabel: 'Wettelijke grondslag',
    legalBasisHint: 'Het wetsartikel waarop het besluit rust, bijvoorbeeld: artikel 26 Paspoortwet.',
    objectionPreview: 'Dit zetten wij standaard onder het besluit:',
    decideButton: 'Besluit vastleggen',
    closeHeading: 'Zaak afsluiten',
    closeText: 'Sluit de zaak af als er niets meer te doen is. Daarna kan er niets meer aan veranderen.',
    closeButton: 'Afsluiten',
    applicantHeading: 'Aanvrager',
    applicantName: 'Naam',
    applicantBsn: 'BSN',
    applicantAddress: 'Adres',
    applicantNoAddress: 'Geen adres bekend',
    applicantUnknown: 'Deze persoon staat niet (meer) in de registers.',
    applicantKvk: 'KVK-nummer',
    applicantActing: 'Ingediend door',
    applicantLogged: 'Dat u deze gegevens bekijkt, staat in het verwerkingenlogboek.',
    remedyPenalty:
      'Beslist de organisatie te laat, dan kan de aanvrager haar in gebreke stellen. Is er 2 weken daarna nog geen besluit, dan loopt een dwangsom van hoogstens 42 dagen (artikel 4:17).',
    remedySilence: 'Beslist de organisatie te laat, dan geldt het gevraagde besluit van rechtswege (artikel 4:20b).',
    noticeGiven: 'De aanvrager heeft de organisatie in gebreke gesteld op {date}.',
  },
  en: {
    queueTitle: 'Work queue',
    queueIntro: 'The cases of {organisation}. By default you see the open cases, the earliest due date first.',
    filterLabel: 'Filter cases',
    statusLabel: 'Status',
    statusOpen: 'All open cases',
    assigneeLabel: 'Case handler',
    assigneeAll: 'Everyone',
    assigneeMe: 'My cases',
    assigneeNone: 'Not assigned yet',
    serviceLabel: 'Service',
    serviceAll: 'All services',
    overdueLabel: 'Only cases that are late',
    sortLabel: 'Sort by',
    sortDue: 'Due date, earliest first',
    sortDueDesc: 'Due date, latest first',
    sortReceived: 'Date received, oldest first',
    sortReceivedDesc: 'Date received, newest first',
    filterButton: 'Show cases',
    results: '{total} cases',
    resultsOne: '1 case',
    noResults: 'There are no cases that match.',
    tableCaption: 'Cases in the work queue',
    assigneeYou: 'You',
    assigneeColleague: 'A colleague',
    assigneeNobody: 'Nobody',
    claimButton: 'Take',
    claimButtonCase: 'take case {caseNumber}',
    errorChoice: 'Choose a value from the list.',
    errorService: 'Choose a service from the list.',
    backToQueue: 'Back to the work queue',
    caseHeading: 'Case',
    assignee: 'Case handler',
    actionsHeading: 'What you can do now',
    actionsNone: 'Nothing more can be done in this status.',
    claimHeading: 'Take the case',
    claimText: 'You become the case handler of this case.',
    assignHeading: 'Assign the case',
    assignLabel: 'Case handler',
    assignHint: 'Choose a case handler of your organisation.',
    assignChoose: 'Choose a case handler',
    assignButton: 'Assign',
    requestHeading: 'Ask for more information',
    requestText:
      'Ask the applicant for missing information (section 4:5 General Administrative Law Act). From tomorrow the decision term is on hold, until the information is in or the date has passed (section 4:15).',
    requestMessageLabel: 'Which information do you need?',
    requestMessageHint: 'The applicant gets this text in a message. Write in plain language. At most 4000 characters.',
    requestDateLabel: 'To be received by',
    requestDateHint: 'A date after today, for example in 2 weeks. Format: dd-mm-yyyy.',
    requestButton: 'Ask for information',
    recordHeading: 'Record information received',
    recordText: 'Did the information come by post or at the desk? Record here what you received. The decision term then runs again.',
    recordLabel: 'What was received?',
    recordHint: 'At most 10,000 characters.',
    recordButton: 'Record',
    extendHeading: 'Extend the decision term',
    extendText:
      'Cannot decide in time? Then tell the applicant before the term ends when the decision will come and why (section 4:14). The applicant gets a message about it.',
    extendDateLabel: 'New date of the decision',
    extendDateHint: 'A working day after the current due date. Format: dd-mm-yyyy.',
    extendReasonLabel: 'Reason',
    extendReasonHint: 'Why does the decision come later? The applicant reads this text.',
    extendButton: 'Extend the term',
    decideHeading: 'Decide',
    outcomeLabel: 'Outcome',
    motivationLabel: 'Motivation',
    motivationHint: 'Why this decision? Write in plain language; the applicant reads this. At most 20,000 characters.',
    legalBasisLabel: 'Legal basis',
    legalBasisHint: 'The section of the law the decision rests on, for example: section 26 Passport Act.',
    objectionPreview: 'We add this to every decision:',
    decideButton: 'Record the decision',
    closeHeading: 'Close the case',
    closeText: 'Close the case when nothing more needs to be done. After that it cannot change.',
    closeButton: 'Close',
    applicantHeading: 'Applicant',
    applicantName: 'Name',
    applicantBsn: 'BSN',
    applicantAddress: 'Address',
    applicantNoAddress: 'No address known',
    applicantUnknown: 'This person is not (or no longer) in the registers.',
    applicantKvk: 'KVK number',
    applicantActing: 'Submitted by',
    applicantLogged: 'That you view these data is recorded in the processing log.',
    remedyPenalty:
      'If the organisation decides late, the applicant can give it notice of default. If there is still no decision 2 weeks later, a penalty runs for at most 42 days (section 4:17).',
    remedySilence: 'If the organisation decides late, the requested decision applies by operation of law (section 4:20b).',
    noticeGiven: 'The applicant gave the organisation notice of default on {date}.',
  },
});

/** English texts for the service's (Dutch) refusals, by code or field. */
const englishReasons: Readonly<Record<string, string>> = {
  'delivery.invalid_assignee': 'Choose a case handler of this organisation.',
  'delivery.invalid_message': 'Write the text (it is empty or too long).',
  'delivery.invalid_complete_by': 'Choose a date after today (at most a year ahead).',
  'delivery.invalid_attachments': 'The attachments were not passed on correctly.',
  'delivery.invalid_new_due_date': 'Choose the new date of the decision.',
  'delivery.invalid_reason': 'Write why the decision comes later (at most 4000 characters).',
  'delivery.invalid_outcome': 'Choose the outcome of the decision.',
  'delivery.invalid_motivation': 'Write the motivation of the decision (at most 20,000 characters).',
  'delivery.invalid_legal_basis': 'Name the legal basis of the decision (at most 500 characters).',
  'delivery.term_suspended': 'The term is on hold while waiting for information; extending is possible afterwards.',
  'delivery.extension_too_late': 'The decision term has already ended; the extension had to come before its end.',
  'delivery.extension_date_not_later': 'Choose a date after the current due date.',
  'delivery.extension_date_not_working_day': 'Choose a working day (not a Saturday, Sunday or public holiday).',
  'delivery.extension_limit_reached': 'The term has already been extended as often as the law allows.',
  'delivery.extension_too_long': 'The law does not allow extending this long.',
};

// ---------------------------------------------------------------------------------------------
// The work queue

/** The Dutch words in the queue's address. */
const statusWords: Partial<Record<CaseStatus, string>> = {
  submitted: 'ontvangen',
  in_progress: 'in-behandeling',
  awaiting_information: 'wacht-op-aanvulling',
  decided: 'besloten',
  decided_by_operation_of_law: 'van-rechtswege',
  withdrawn: 'ingetrokken',
  closed: 'afgesloten',
};
const queueStatuses = caseStatuses.filter((s) => statusWords[s] !== undefined);
const assigneeWords = { iedereen: undefined, mij: 'me', niemand: 'none' } as const;
const sortWords = {
  beslisdatum: 'due_date',
  'beslisdatum-laatst': '-due_date',
  ontvangen: 'received_on',
  'ontvangen-nieuwst': '-received_on',
} as const;

interface QueueForm {
  status: CaseStatus | undefined;
  assignee: keyof typeof assigneeWords;
  serviceId: string;
  overdue: boolean;
  sort: keyof typeof sortWords;
  page: number;
}

function readQueueQuery(
  raw: Record<string, unknown>,
  lang: Lang,
  services: ReadonlyMap<string, string>,
): { form: QueueForm; errors: FieldError[] } {
  const w = workMessages(lang);
  const errors: FieldError[] = [];
  const statusText = str(raw['status']);
  const status = queueStatuses.find((s) => statusWords[s] === statusText);
  if (statusText !== '' && !status) errors.push({ field: 'status', message: w.errorChoice });
  const assigneeText = str(raw['behandelaar']) || 'iedereen';
  const assignee = Object.hasOwn(assigneeWords, assigneeText) ? (assigneeText as keyof typeof assigneeWords) : undefined;
  if (!assignee) errors.push({ field: 'behandelaar', message: w.errorChoice });
  const serviceId = str(raw['dienst']);
  if (serviceId !== '' && !services.has(serviceId)) errors.push({ field: 'dienst', message: w.errorService });
  const sortText = str(raw['sorteer']) || 'beslisdatum';
  const sort = Object.hasOwn(sortWords, sortText) ? (sortText as keyof typeof sortWords) : undefined;
  if (!sort) errors.push({ field: 'sorteer', message: w.errorChoice });
  const page = pageNumber(raw['pagina']);
  if (page === undefined) errors.push({ field: 'status', message: caseMessages(lang).errorPage });
  return {
    form: {
      status,
      assignee: assignee ?? 'iedereen',
      serviceId: services.has(serviceId) ? serviceId : '',
      overdue: str(raw['te-laat']) !== '',
      sort: sort ?? 'beslisdatum',
      page: page ?? 1,
    },
    errors,
  };
}

function queueHref(form: QueueForm, page: number): string {
  const params = new URLSearchParams();
  if (form.status) params.set('status', statusWords[form.status] ?? '');
  if (form.assignee !== 'iedereen') params.set('behandelaar', form.assignee);
  if (form.serviceId) params.set('dienst', form.serviceId);
  if (form.overdue) params.set('te-laat', 'ja');
  if (form.sort !== 'beslisdatum') params.set('sorteer', form.sort);
  params.set('pagina', String(page));
  return `${casePaths.queue}?${params.toString()}`;
}

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }): JSX.Element {
  return (
    <div class="utrecht-form-field utrecht-form-field--checkbox loket-radio">
      <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" name={name} id={name} value="ja" checked={checked} />
      <label class="utrecht-form-label utrecht-form-label--checkbox" for={name} safe>
        {label}
      </label>
    </div>
  );
}

function QueueFilters({
  lang,
  form,
  errors,
  services,
}: {
  lang: Lang;
  form: QueueForm;
  errors: readonly FieldError[];
  services: ReadonlyMap<string, string>;
}): JSX.Element {
  const w = workMessages(lang);
  return (
    <form class="loket-search" method="get" action={casePaths.queue} role="search" aria-label={w.filterLabel} novalidate>
      <SelectField
        id="status"
        label={w.statusLabel}
        value={form.status ? (statusWords[form.status] ?? '') : ''}
        error={errorFor(errors, 'status')}
        options={[
          { value: '', label: w.statusOpen },
          ...queueStatuses.map((s) => ({ value: statusWords[s] ?? '', label: statusLabels[s][lang] })),
        ]}
      />
      <SelectField
        id="behandelaar"
        label={w.assigneeLabel}
        value={form.assignee}
        error={errorFor(errors, 'behandelaar')}
        options={[
          { value: 'iedereen', label: w.assigneeAll },
          { value: 'mij', label: w.assigneeMe },
          { value: 'niemand', label: w.assigneeNone },
        ]}
      />
      <SelectField
        id="dienst"
        label={w.serviceLabel}
        value={form.serviceId}
        error={errorFor(errors, 'dienst')}
        options={[{ value: '', label: w.serviceAll }, ...[...services].map(([id, name]) => ({ value: id, label: name }))]}
      />
      <SelectField
        id="sorteer"
        label={w.sortLabel}
        value={form.sort}
        error={errorFor(errors, 'sorteer')}
        options={[
          { value: 'beslisdatum', label: w.sortDue },
          { value: 'beslisdatum-laatst', label: w.sortDueDesc },
          { value: 'ontvangen', label: w.sortReceived },
          { value: 'ontvangen-nieuwst', label: w.sortReceivedDesc },
        ]}
      />
      <Checkbox name="te-laat" label={w.overdueLabel} checked={form.overdue} />
      <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
        {w.filterButton}
      </button>
    </form>
  );
}

/** Who has the case: nobody, you, or a colleague by name (the case handlers of the organisation). */
const assigneeText = (lang: Lang, kase: DeliveryCase, selfId: string, colleagues: ReadonlyMap<string, string> = new Map()): string => {
  const w = workMessages(lang);
  if (kase.assigneeOfficialId === null) return w.assigneeNobody;
  if (kase.assigneeOfficialId === selfId) return w.assigneeYou;
  return colleagues.get(kase.assigneeOfficialId) ?? w.assigneeColleague;
};

/** The case handlers of an organisation, by id: to assign to and to show by name. */
async function caseHandlersOf(ctx: ModuleContext, organisationCode: string): Promise<Map<string, string>> {
  return new Map((await colleaguesWithRole(ctx, organisationCode, caseHandlerRoles)).map((o) => [o.id, o.name]));
}

function QueueTable({
  lang,
  items,
  names,
  selfId,
  today,
  csrf,
  returnTo,
}: {
  lang: Lang;
  items: readonly DeliveryCase[];
  names: ReadonlyMap<string, string>;
  selfId: string;
  today: string;
  csrf: string;
  returnTo: string;
}): JSX.Element {
  const m = caseMessages(lang);
  const w = workMessages(lang);
  return (
    <Table
      caption={w.tableCaption}
      hiddenCaption
      head={[m.colCaseNumber, m.colService, m.colReceived, m.colStatus, m.colDueDate, m.colAssignee, m.colAction]}
    >
      {items.map((c) => (
        <tr class="utrecht-table__row">
          <td class="utrecht-table__cell">
            <a class="utrecht-link" href={casePaths.work(c.organisationCode, c.id)} safe>
              {c.caseNumber}
            </a>
          </td>
          <td class="utrecht-table__cell" safe>
            {serviceNameOf(names, c, lang)}
          </td>
          <td class="utrecht-table__cell" safe>
            {formatDate(c.receivedOn, lang)}
          </td>
          <td class="utrecht-table__cell" safe>
            {statusLabels[c.status][lang]}
          </td>
          <td class="utrecht-table__cell">
            <span safe>{dueText(lang, c, 'official')}</span>
            {isOverdue(c, today) ? (
              <>
                {' '}
                <strong safe>{`(${m.overdue})`}</strong>
              </>
            ) : (
              ''
            )}
          </td>
          <td class="utrecht-table__cell" safe>
            {assigneeText(lang, c, selfId)}
          </td>
          <td class="utrecht-table__cell">
            {c.assigneeOfficialId === null && allowedActions(c.status, 'official').includes('claim') ? (
              <form method="post" action={`${casePaths.work(c.organisationCode, c.id)}/oppakken`}>
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="terug" value={returnTo} />
                <button class="utrecht-button utrecht-button--secondary-action" type="submit">
                  <span safe>{w.claimButton}</span>
                  <span class="loket-visually-hidden" safe>
                    {`: ${format(w.claimButtonCase, { caseNumber: c.caseNumber })}`}
                  </span>
                </button>
              </form>
            ) : (
              ''
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** The organisation's published services for the filter, by id. */
async function servicesOf(ctx: ModuleContext, organisationCode: string, lang: Lang): Promise<Map<string, string>> {
  const found = await searchServices(ctx, { q: '', organisation: organisationCode, groupBy: 'none', limit: 1000, offset: 0 });
  const out = new Map<string, string>();
  if (!found.ok || found.value.groupBy !== 'none') return out;
  for (const hit of [...found.value.items].sort((a, b) => (a.title || a.uplName).localeCompare(b.title || b.uplName, lang)))
    out.set(hit.serviceId, hit.title || hit.uplName);
  return out;
}

async function queuePage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const lang = request.lang;
  const m = caseMessages(lang);
  const w = workMessages(lang);
  const principal = principalOf(request);
  if (principal.kind !== 'official') throw new ProblemError(httpFailures.forbidden());
  const services = await servicesOf(ctx, principal.organisationCode, lang);
  const { form, errors } = readQueueQuery(request.query as Record<string, unknown>, lang, services);
  const organisation = await organisationName(ctx, principal.organisationCode);
  let listed: { items: DeliveryCase[]; total: number } = { items: [], total: 0 };
  if (errors.length === 0) {
    const input: QueueInput = {
      sort: sortWords[form.sort],
      limit: pageSize,
      offset: (form.page - 1) * pageSize,
      ...(form.status ? { status: form.status } : {}),
      ...(form.overdue ? { overdue: true } : {}),
      ...(assigneeWords[form.assignee] ? { assignee: assigneeWords[form.assignee] } : {}),
      ...(form.serviceId ? { serviceId: form.serviceId } : {}),
    };
    const result = await workQueue(ctx, principal, input, originOf(request));
    if (!result.ok) throw new ProblemError(result.failure);
    listed = result.value;
  }
  const { items, total } = listed;
  const names = new Map<string, string>();
  const unnamed = items.filter((c) => !services.has(c.serviceId));
  for (const [key, name] of await serviceNames(ctx, unnamed)) names.set(key, name);
  for (const c of items) if (services.has(c.serviceId)) names.set(`${c.organisationCode}/${c.serviceId}`, services.get(c.serviceId) ?? '');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return reply.page({
    title: errorTitle(lang, w.queueTitle, errors),
    status: errors.length > 0 ? 400 : 200,
    body: (
      <>
        <h1 class="utrecht-heading-1" safe>
          {w.queueTitle}
        </h1>
        <Paragraph text={format(w.queueIntro, { organisation })} />
        <ErrorSummary lang={lang} errors={errors} />
        <QueueFilters lang={lang} form={form} errors={errors} services={services} />
        {errors.length > 0 ? (
          ''
        ) : total === 0 ? (
          <Paragraph text={w.noResults} status />
        ) : (
          <>
            <Paragraph text={total === 1 ? w.resultsOne : format(w.results, { total: formatNumber(total, lang) })} status />
            <QueueTable
              lang={lang}
              items={items}
              names={names}
              selfId={principal.officialId}
              today={ctx.clock.today()}
              csrf={reply.generateCsrf()}
              returnTo={queueHref(form, form.page)}
            />
            <Pagination
              page={form.page}
              pages={pages}
              href={(p) => queueHref(form, p)}
              labels={m}
              status={format(m.pageOf, { page: form.page, pages })}
            />
          </>
        )}
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// The case for the official

interface WorkPageState {
  errors: FieldError[];
  /** What was typed into the forms (by field id), kept after a refusal. */
  values: Readonly<Record<string, string>>;
  notice?: NoticeWord | undefined;
  status: number;
}

const postcodeShown = (p: string): string => (/^\d{4}[A-Z]{2}$/.test(p) ? `${p.slice(0, 4)} ${p.slice(4)}` : p);
const addressLine = (a: Address): string =>
  `${a.street} ${a.houseNumber}${a.houseNumberAddition ? ` ${a.houseNumberAddition}` : ''}, ${postcodeShown(a.postcode)} ${a.city}`;
const personName = (p: { givenNames: string; surnamePrefix: string | null; surname: string }): string =>
  [p.givenNames, p.surnamePrefix, p.surname].filter(Boolean).join(' ');

/** The applicant's data the case needs, from the registers (the view of the case is logged by getCase). */
async function applicantBlock(ctx: ModuleContext, lang: Lang, kase: DeliveryCase): Promise<JSX.Element> {
  const w = workMessages(lang);
  const rows: (readonly [string, string])[] = [];
  if (kase.applicant.kind === 'person') {
    const person = await findPerson(ctx, kase.applicant.id);
    if (!person) rows.push([w.applicantBsn, kase.applicant.id]);
    else
      rows.push(
        [w.applicantName, personName(person)],
        [w.applicantBsn, person.bsn],
        [w.applicantAddress, person.address ? addressLine(person.address) : w.applicantNoAddress],
      );
    return (
      <>
        {person ? '' : <Paragraph text={w.applicantUnknown} />}
        <DataList rows={rows} />
        <Paragraph text={w.applicantLogged} />
      </>
    );
  }
  rows.push([w.applicantKvk, kase.applicant.id]);
  if (kase.actingFor) {
    const acting = await findPerson(ctx, kase.actingFor.id);
    rows.push([w.applicantActing, acting ? personName(acting) : kase.actingFor.id]);
  }
  return (
    <>
      <DataList rows={rows} />
      <Paragraph text={w.applicantLogged} />
    </>
  );
}

function ActionForm({
  id,
  heading,
  text,
  action,
  csrf,
  button,
  primary = true,
  children,
}: {
  id: string;
  heading: string;
  text?: string;
  action: string;
  csrf: string;
  button: string;
  primary?: boolean;
  children?: JSX.Element;
}): JSX.Element {
  return (
    <Section id={id} heading={heading} level={3}>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        {text ? <Paragraph text={text} /> : ''}
        {children ?? ''}
        <button
          class={`utrecht-button ${primary ? 'utrecht-button--primary-action' : 'utrecht-button--secondary-action'}`}
          type="submit"
          safe
        >
          {button}
        </button>
      </form>
    </Section>
  );
}

function OfficialActions({
  lang,
  view,
  csrf,
  state,
  selfId,
  organisation,
  today,
  colleagues,
}: {
  lang: Lang;
  view: CaseView;
  csrf: string;
  state: WorkPageState;
  selfId: string;
  organisation: string;
  today: IsoDate;
  colleagues: ReadonlyMap<string, string>;
}): JSX.Element {
  const m = caseMessages(lang);
  const w = workMessages(lang);
  const kase = view.case;
  const path = casePaths.work(kase.organisationCode, kase.id);
  const has = (a: CaseView['actions'][number]): boolean => view.actions.includes(a);
  const v = (id: string): string => state.values[id] ?? '';
  const e = (id: string): string | undefined => errorFor(state.errors, id);
  const objectionLastDay = objectionTerm({ announcedOn: today, rules: deliveryLegalRules().objectionTerm }).lastDay;
  const offered = [
    has('claim') && kase.assigneeOfficialId !== selfId,
    has('assign'),
    has('request_information'),
    has('receive_information'),
    has('extend_term'),
    has('decide'),
    has('close'),
  ];
  return (
    <Section id="acties" heading={w.actionsHeading}>
      <>
        {offered.some(Boolean) ? '' : <Paragraph text={w.actionsNone} />}
        {offered[0] ? (
          <ActionForm
            id="oppakken"
            heading={w.claimHeading}
            text={w.claimText}
            action={`${path}/oppakken`}
            csrf={csrf}
            button={w.claimButton}
          />
        ) : (
          ''
        )}
        {offered[1] ? (
          <ActionForm
            id="toewijzen"
            heading={w.assignHeading}
            action={`${path}/toewijzen`}
            csrf={csrf}
            button={w.assignButton}
            primary={false}
          >
            <SelectField
              id="medewerker"
              label={w.assignLabel}
              hint={w.assignHint}
              value={v('medewerker') || (view.case.assigneeOfficialId ?? '')}
              error={e('medewerker')}
              options={[
                { value: '', label: w.assignChoose },
                ...[...colleagues].map(([id, name]) => ({
                  value: id,
                  label: id === selfId ? `${name} (${w.assigneeYou.toLowerCase()})` : name,
                })),
              ]}
            />
          </ActionForm>
        ) : (
          ''
        )}
        {offered[2] ? (
          <ActionForm
            id="informatie-vragen"
            heading={w.requestHeading}
            text={w.requestText}
            action={`${path}/informatie-vragen`}
            csrf={csrf}
            button={w.requestButton}
            primary={false}
          >
            <>
              <TextAreaField
                id="bericht"
                label={w.requestMessageLabel}
                hint={w.requestMessageHint}
                value={v('bericht')}
                rows={6}
                maxlength={4000}
                error={e('bericht')}
              />
              <TextField
                id="uiterlijk"
                label={w.requestDateLabel}
                hint={w.requestDateHint}
                value={v('uiterlijk')}
                type="date"
                maxlength={10}
                error={e('uiterlijk')}
              />
            </>
          </ActionForm>
        ) : (
          ''
        )}
        {offered[3] ? (
          <ActionForm
            id="informatie-vastleggen"
            heading={w.recordHeading}
            text={w.recordText}
            action={`${path}/informatie-vastleggen`}
            csrf={csrf}
            button={w.recordButton}
          >
            <TextAreaField
              id="ontvangen"
              label={w.recordLabel}
              hint={w.recordHint}
              value={v('ontvangen')}
              rows={6}
              maxlength={10_000}
              error={e('ontvangen')}
            />
          </ActionForm>
        ) : (
          ''
        )}
        {offered[4] ? (
          <ActionForm
            id="termijn-verlengen"
            heading={w.extendHeading}
            text={w.extendText}
            action={`${path}/termijn-verlengen`}
            csrf={csrf}
            button={w.extendButton}
            primary={false}
          >
            <>
              <TextField
                id="nieuwe-datum"
                label={w.extendDateLabel}
                hint={w.extendDateHint}
                value={v('nieuwe-datum')}
                type="date"
                maxlength={10}
                error={e('nieuwe-datum')}
              />
              <TextAreaField
                id="reden"
                label={w.extendReasonLabel}
                hint={w.extendReasonHint}
                value={v('reden')}
                rows={4}
                maxlength={4000}
                error={e('reden')}
              />
            </>
          </ActionForm>
        ) : (
          ''
        )}
        {offered[5] ? (
          <ActionForm id="besluiten" heading={w.decideHeading} action={`${path}/besluiten`} csrf={csrf} button={w.decideButton}>
            <>
              <RadioGroupField
                id="uitkomst"
                label={w.outcomeLabel}
                value={v('uitkomst')}
                error={e('uitkomst')}
                options={decisionOutcomes.map((o) => ({ value: o, label: outcomeLabels[o][lang] }))}
              />
              <TextAreaField
                id="motivering"
                label={w.motivationLabel}
                hint={w.motivationHint}
                value={v('motivering')}
                rows={10}
                maxlength={20_000}
                error={e('motivering')}
              />
              <TextField
                id="grondslag"
                label={w.legalBasisLabel}
                hint={w.legalBasisHint}
                value={v('grondslag')}
                maxlength={500}
                error={e('grondslag')}
              />
              <Paragraph text={w.objectionPreview} />
              <blockquote class="utrecht-blockquote">
                <p class="utrecht-paragraph" safe>
                  {format(m.objectionClause, { date: formatDate(objectionLastDay, lang), organisation, caseNumber: kase.caseNumber })}
                </p>
              </blockquote>
            </>
          </ActionForm>
        ) : (
          ''
        )}
        {offered[6] ? (
          <ActionForm
            id="afsluiten"
            heading={w.closeHeading}
            text={w.closeText}
            action={`${path}/afsluiten`}
            csrf={csrf}
            button={w.closeButton}
            primary={false}
          />
        ) : (
          ''
        )}
      </>
    </Section>
  );
}

async function loadCase(ctx: ModuleContext, request: FastifyRequest): Promise<CaseView> {
  const { organisationCode, caseId } = caseKeyOf(request);
  const found = await getCase(ctx, principalOf(request), organisationCode, caseId, originOf(request));
  if (!found.ok) throw new ProblemError(found.failure);
  // Only the official's view belongs here (an applicant never reaches this page: access says case handlers).
  if (found.value.viewer !== 'official') throw new ProblemError(deliveryFailures.caseNotFound());
  return found.value;
}

async function workPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: CaseView,
  state: WorkPageState,
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = caseMessages(lang);
  const w = workMessages(lang);
  const principal = principalOf(request);
  const selfId = principal.kind === 'official' ? principal.officialId : '';
  const kase = view.case;
  const names = await serviceNames(ctx, [kase]);
  const organisation = await organisationName(ctx, kase.organisationCode);
  const today = ctx.clock.today();
  const title = format(m.caseTitle, { caseNumber: kase.caseNumber });
  const csrf = reply.generateCsrf();
  const term = view.term;
  const applicant = await applicantBlock(ctx, lang, kase);
  const colleagues = await caseHandlersOf(ctx, kase.organisationCode);
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={casePaths.queue} safe>
            {w.backToQueue}
          </a>
        </p>
        <h1 class="utrecht-heading-1" safe>
          {title}
        </h1>
        <Paragraph text={serviceNameOf(names, kase, lang)} />
        <NoticeBox text={state.notice ? m[notices[state.notice]] : undefined} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <Section id="status" heading={w.caseHeading}>
          <StatusBlock
            lang={lang}
            view={view}
            serviceName={serviceNameOf(names, kase, lang)}
            organisation={organisation}
            today={today}
            audience="official"
            extraRows={[[w.assignee, assigneeText(lang, kase, selfId, colleagues)]]}
          />
        </Section>
        <OfficialActions
          lang={lang}
          view={view}
          csrf={csrf}
          state={state}
          selfId={selfId}
          organisation={organisation}
          today={today}
          colleagues={colleagues}
        />
        <Section id="aanvrager" heading={w.applicantHeading}>
          {applicant}
        </Section>
        <Section id="aanvraag" heading={m.answersHeadingOfficial}>
          <AnswersBlock lang={lang} kase={kase} />
        </Section>
        {kase.decision ? (
          <Section id="besluit" heading={m.decisionHeading}>
            <DecisionBlock lang={lang} kase={kase} organisation={organisation} />
          </Section>
        ) : (
          ''
        )}
        <Section id="termijn" heading={m.termHeading}>
          <>
            <TermExplanation lang={lang} term={term} />
            {lateDecisionMatters(view) ? (
              <LateDecisionBlock
                lang={lang}
                term={term}
                texts={{ remedyPenalty: w.remedyPenalty, remedySilence: w.remedySilence, noticeGiven: w.noticeGiven }}
              />
            ) : (
              ''
            )}
          </>
        </Section>
        <Section id="verloop" heading={m.timelineHeading}>
          <Timeline lang={lang} events={view.timeline} viewer="official" selfOfficialId={selfId} />
        </Section>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// The actions

type Body = Record<string, unknown>;
type Run = (
  ctx: ModuleContext,
  request: FastifyRequest,
  key: { organisationCode: string; caseId: string },
  body: Body,
) => Promise<Result<DeliveryCase>>;

/** A date as typed (`dd-mm-jjjj` too) as `YYYY-MM-DD`; otherwise the text itself, for the service to refuse. */
const dateInput = (raw: unknown): string => {
  const text = str(raw).trim();
  return parseDate(text) ?? text;
};

interface WorkAction {
  /** The last part of the form's address. */
  path: string;
  notice: NoticeWord;
  /** The form's field for each input the service names in a refusal. */
  fieldOf: Readonly<Record<string, string>>;
  /** The form's fields kept after a refusal. */
  fields: readonly string[];
  run: Run;
}

const workActions: readonly WorkAction[] = [
  {
    path: 'oppakken',
    notice: 'opgepakt',
    fieldOf: {},
    fields: [],
    run: (ctx, request, k) => claimCase(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  },
  {
    path: 'toewijzen',
    notice: 'toegewezen',
    fieldOf: { officialId: 'medewerker' },
    fields: ['medewerker'],
    run: (ctx, request, k, body) =>
      assignCase(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { officialId: str(body['medewerker']).trim() },
        originOf(request),
      ),
  },
  {
    path: 'informatie-vragen',
    notice: 'informatie-gevraagd',
    fieldOf: { message: 'bericht', completeBy: 'uiterlijk' },
    fields: ['bericht', 'uiterlijk'],
    run: (ctx, request, k, body) =>
      requestInformation(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { message: str(body['bericht']), completeBy: dateInput(body['uiterlijk']) },
        originOf(request),
      ),
  },
  {
    path: 'informatie-vastleggen',
    notice: 'informatie-vastgelegd',
    fieldOf: { message: 'ontvangen', attachments: 'ontvangen' },
    fields: ['ontvangen'],
    run: (ctx, request, k, body) =>
      receiveInformation(ctx, principalOf(request), k.organisationCode, k.caseId, { message: str(body['ontvangen']) }, originOf(request)),
  },
  {
    path: 'termijn-verlengen',
    notice: 'verlengd',
    fieldOf: { newDueDate: 'nieuwe-datum', reason: 'reden' },
    fields: ['nieuwe-datum', 'reden'],
    run: (ctx, request, k, body) =>
      extendTerm(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { newDueDate: dateInput(body['nieuwe-datum']), reason: str(body['reden']) },
        originOf(request),
      ),
  },
  {
    path: 'besluiten',
    notice: 'besloten',
    fieldOf: { outcome: 'uitkomst', motivation: 'motivering', legalBasis: 'grondslag' },
    fields: ['uitkomst', 'motivering', 'grondslag'],
    run: (ctx, request, k, body) =>
      decideCase(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { outcome: str(body['uitkomst']), motivation: str(body['motivering']), legalBasis: str(body['grondslag']) },
        originOf(request),
      ),
  },
  {
    path: 'afsluiten',
    notice: 'afgesloten',
    fieldOf: {},
    fields: [],
    run: (ctx, request, k) => closeCase(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  },
];

/** After claiming from the queue, back to the same view of the queue. */
function queueReturn(raw: unknown): string | undefined {
  const path = safeReturnPath(raw);
  return path === casePaths.queue || path.startsWith(`${casePaths.queue}?`) ? path : undefined;
}

async function refused(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  failure: Failure,
  action: WorkAction,
  body: Body,
): Promise<FastifyReply> {
  if (!refusalShownOnPage(failure)) throw new ProblemError(failure);
  const view = await loadCase(ctx, request);
  const values = Object.fromEntries(action.fields.map((f) => [f, str(body[f]).slice(0, 20_000)]));
  const errors = fieldErrors(request.lang, failure, action.fieldOf, englishReasons, view.case.status);
  return workPage(ctx, request, reply, view, { errors, values, status: failure.status });
}

// ---------------------------------------------------------------------------------------------
// Registration

export function registerWorkPages(app: FastifyInstance, ctx: ModuleContext): void {
  const config = { access: handlerAccess };
  const toPage = loginFirst((request) => request.url);
  const toCase = loginFirst((request) => {
    const { organisationCode, caseId } = caseKeyOf(request);
    return casePaths.work(encodeURIComponent(organisationCode), encodeURIComponent(caseId));
  });
  const casePath = '/behandelen/:org/:caseId';

  app.get(casePaths.queue, { config, onRequest: toPage }, (request, reply) => queuePage(ctx, request, reply));

  app.get(casePath, { config, onRequest: toPage }, async (request, reply) => {
    const view = await loadCase(ctx, request);
    return workPage(ctx, request, reply, view, { errors: [], values: {}, notice: noticeOf(request.query), status: 200 });
  });

  for (const action of workActions) {
    app.post(`${casePath}/${action.path}`, { config, onRequest: toCase }, async (request, reply) => {
      const key = caseKeyOf(request);
      const body = (request.body ?? {}) as Body;
      const done = await action.run(ctx, request, key, body);
      if (!done.ok) return refused(ctx, request, reply, done.failure, action, body);
      const back = action.path === 'oppakken' ? queueReturn(body['terug']) : undefined;
      return reply.redirect(back ?? `${casePaths.work(key.organisationCode, key.caseId)}?melding=${action.notice}`, 303);
    });
  }
}
