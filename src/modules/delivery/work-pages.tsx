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
import { httpFailures, principalOf, ProblemError, type Access } from '../../platform/http/index.ts';
import { defineMessages, format, formatDate, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { searchServices } from '../catalog/index.ts';
import { colleaguesWithRole, findPerson, type Address } from '../registry/index.ts';
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
  organisationName,
  outcomeLabels,
  pageNumber,
  pageSize,
  serviceNameOf,
  serviceNames,
  statusLabels,
  str,
} from './case-views.tsx';
import { parseDate } from './forms.ts';
import { allowedActions, caseStatuses, decisionOutcomes, objectionTerm, type CaseAction, type CaseStatus } from './model.ts';
import { originOf } from './origin.ts';
import { registerCasePage, type CaseForm, type CasePage, type CasePageState } from './page-support.tsx';
import { deliveryLegalRules } from './reference.ts';
import type { IsoDate } from '../../platform/time/index.ts';
import {
  assignCase,
  claimCase,
  closeCase,
  decideCase,
  extendTerm,
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
    resultsMore: 'Meer dan {total} zaken',
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
    resultsMore: 'More than {total} cases',
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
          <CaseNumberCell href={casePaths.work(c.organisationCode, c.id)} caseNumber={c.caseNumber} />
          <Cell text={serviceNameOf(names, c, lang)} />
          <Cell text={formatDate(c.receivedOn, lang)} />
          <Cell text={statusLabels[c.status][lang]} />
          <DueDateCell lang={lang} kase={c} today={today} audience="official" />
          <Cell text={assigneeText(lang, c, selfId)} />
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
  let listed: { items: DeliveryCase[]; total: number; totalCapped?: boolean | undefined } = { items: [], total: 0 };
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
  const { items, total, totalCapped } = listed;
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
        <PageTitle text={w.queueTitle} />
        <Paragraph text={format(w.queueIntro, { organisation })} />
        <ErrorSummary lang={lang} errors={errors} />
        <QueueFilters lang={lang} form={form} errors={errors} services={services} />
        {errors.length > 0 ? (
          ''
        ) : total === 0 ? (
          <Paragraph text={w.noResults} status />
        ) : (
          <>
            <Paragraph
              text={
                total === 1 ? w.resultsOne : format(totalCapped === true ? w.resultsMore : w.results, { total: formatNumber(total, lang) })
              }
              status
            />
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

// ---------------------------------------------------------------------------------------------
// The actions: one form each, offered when the case's state allows the action

type WorkText = keyof ReturnType<typeof workMessages>;

/** A field of an action's form; its id is the name the form posts. */
type Input =
  | { kind: 'text'; id: string; label: WorkText; hint: WorkText; type: 'text' | 'date'; maxlength: number }
  | { kind: 'textarea'; id: string; label: WorkText; hint: WorkText; rows: number; maxlength: number }
  /** The case handlers of the organisation to assign to. */
  | { kind: 'assignee'; id: string }
  /** The outcomes of a decision. */
  | { kind: 'outcome'; id: string }
  /** The objection clause as it will stand under the decision. */
  | { kind: 'objection_preview' };

interface WorkForm extends CaseForm {
  /** Offered when the case allows this action. */
  action: CaseAction;
  heading: WorkText;
  text?: WorkText;
  button: WorkText;
  primary: boolean;
  inputs: readonly Input[];
}

/** A form with the fields it keeps after a refusal: its inputs. */
const workForm = (form: Omit<WorkForm, 'fields'>): WorkForm => ({
  ...form,
  fields: form.inputs.flatMap((i) => ('id' in i ? [i.id] : [])),
});

// A text field, not a native date picker: those show the browser's format (mm/dd/yyyy) and are hard to use with a screen reader.
const dateField = (id: string, label: WorkText, hint: WorkText): Input => ({ kind: 'text', id, label, hint, type: 'text', maxlength: 10 });

/** A date as typed (`dd-mm-jjjj` too) as `YYYY-MM-DD`; otherwise the text itself, for the service to refuse. */
const dateInput = (raw: unknown): string => {
  const text = str(raw).trim();
  return parseDate(text) ?? text;
};

const workForms: readonly WorkForm[] = [
  workForm({
    path: 'oppakken',
    notice: 'opgepakt',
    fieldOf: {},
    run: (ctx, request, k) => claimCase(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
    // After claiming from the queue, back to the same view of the queue.
    back: (body) => queueReturn(body['terug']),
    action: 'claim',
    heading: 'claimHeading',
    text: 'claimText',
    button: 'claimButton',
    primary: true,
    inputs: [],
  }),
  workForm({
    path: 'toewijzen',
    notice: 'toegewezen',
    fieldOf: { officialId: 'medewerker' },
    run: (ctx, request, k, body) =>
      assignCase(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { officialId: str(body['medewerker']).trim() },
        originOf(request),
      ),
    action: 'assign',
    heading: 'assignHeading',
    button: 'assignButton',
    primary: false,
    inputs: [{ kind: 'assignee', id: 'medewerker' }],
  }),
  workForm({
    path: 'informatie-vragen',
    notice: 'informatie-gevraagd',
    fieldOf: { message: 'bericht', completeBy: 'uiterlijk' },
    run: (ctx, request, k, body) =>
      requestInformation(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { message: str(body['bericht']), completeBy: dateInput(body['uiterlijk']) },
        originOf(request),
      ),
    action: 'request_information',
    heading: 'requestHeading',
    text: 'requestText',
    button: 'requestButton',
    primary: false,
    inputs: [
      { kind: 'textarea', id: 'bericht', label: 'requestMessageLabel', hint: 'requestMessageHint', rows: 6, maxlength: 4000 },
      dateField('uiterlijk', 'requestDateLabel', 'requestDateHint'),
    ],
  }),
  workForm({
    path: 'informatie-vastleggen',
    notice: 'informatie-vastgelegd',
    fieldOf: { message: 'ontvangen', attachments: 'ontvangen' },
    run: (ctx, request, k, body) =>
      receiveInformation(ctx, principalOf(request), k.organisationCode, k.caseId, { message: str(body['ontvangen']) }, originOf(request)),
    action: 'receive_information',
    heading: 'recordHeading',
    text: 'recordText',
    button: 'recordButton',
    primary: true,
    inputs: [{ kind: 'textarea', id: 'ontvangen', label: 'recordLabel', hint: 'recordHint', rows: 6, maxlength: 10_000 }],
  }),
  workForm({
    path: 'termijn-verlengen',
    notice: 'verlengd',
    fieldOf: { newDueDate: 'nieuwe-datum', reason: 'reden' },
    run: (ctx, request, k, body) =>
      extendTerm(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { newDueDate: dateInput(body['nieuwe-datum']), reason: str(body['reden']) },
        originOf(request),
      ),
    action: 'extend_term',
    heading: 'extendHeading',
    text: 'extendText',
    button: 'extendButton',
    primary: false,
    inputs: [
      dateField('nieuwe-datum', 'extendDateLabel', 'extendDateHint'),
      { kind: 'textarea', id: 'reden', label: 'extendReasonLabel', hint: 'extendReasonHint', rows: 4, maxlength: 4000 },
    ],
  }),
  workForm({
    path: 'besluiten',
    notice: 'besloten',
    fieldOf: { outcome: 'uitkomst', motivation: 'motivering', legalBasis: 'grondslag' },
    run: (ctx, request, k, body) =>
      decideCase(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { outcome: str(body['uitkomst']), motivation: str(body['motivering']), legalBasis: str(body['grondslag']) },
        originOf(request),
      ),
    action: 'decide',
    heading: 'decideHeading',
    button: 'decideButton',
    primary: true,
    inputs: [
      { kind: 'outcome', id: 'uitkomst' },
      { kind: 'textarea', id: 'motivering', label: 'motivationLabel', hint: 'motivationHint', rows: 10, maxlength: 20_000 },
      { kind: 'text', id: 'grondslag', label: 'legalBasisLabel', hint: 'legalBasisHint', type: 'text', maxlength: 500 },
      { kind: 'objection_preview' },
    ],
  }),
  workForm({
    path: 'afsluiten',
    notice: 'afgesloten',
    fieldOf: {},
    run: (ctx, request, k) => closeCase(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
    action: 'close',
    heading: 'closeHeading',
    text: 'closeText',
    button: 'closeButton',
    primary: false,
    inputs: [],
  }),
];

/** After claiming from the queue, back to the same view of the queue. */
function queueReturn(raw: unknown): string | undefined {
  const path = safeReturnPath(raw);
  return path === casePaths.queue || path.startsWith(`${casePaths.queue}?`) ? path : undefined;
}

interface InputContext {
  lang: Lang;
  kase: DeliveryCase;
  state: CasePageState;
  selfId: string;
  organisation: string;
  today: IsoDate;
  colleagues: ReadonlyMap<string, string>;
}

function ActionInput({ input, c }: { input: Input; c: InputContext }): JSX.Element {
  const w = workMessages(c.lang);
  if (input.kind === 'objection_preview') {
    const objectionLastDay = objectionTerm({ announcedOn: c.today, rules: deliveryLegalRules().objectionTerm }).lastDay;
    const clause = format(caseMessages(c.lang).objectionClause, {
      date: formatDate(objectionLastDay, c.lang),
      organisation: c.organisation,
      caseNumber: c.kase.caseNumber,
    });
    return (
      <>
        <Paragraph text={w.objectionPreview} />
        <blockquote class="utrecht-blockquote">
          <Paragraph text={clause} />
        </blockquote>
      </>
    );
  }
  const value = c.state.values[input.id] ?? '';
  const error = errorFor(c.state.errors, input.id);
  switch (input.kind) {
    case 'text':
    case 'textarea': {
      const field = { id: input.id, label: w[input.label], hint: w[input.hint], value, maxlength: input.maxlength, error };
      return input.kind === 'text' ? <TextField {...field} type={input.type} /> : <TextAreaField {...field} rows={input.rows} />;
    }
    case 'assignee':
      return (
        <SelectField
          id={input.id}
          label={w.assignLabel}
          hint={w.assignHint}
          value={value || (c.kase.assigneeOfficialId ?? '')}
          error={error}
          options={[
            { value: '', label: w.assignChoose },
            ...[...c.colleagues].map(([id, name]) => ({
              value: id,
              label: id === c.selfId ? `${name} (${w.assigneeYou.toLowerCase()})` : name,
            })),
          ]}
        />
      );
    case 'outcome':
      return (
        <RadioGroupField
          id={input.id}
          label={w.outcomeLabel}
          value={value}
          error={error}
          options={decisionOutcomes.map((o) => ({ value: o, label: outcomeLabels[o][c.lang] }))}
        />
      );
  }
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
  text?: string | undefined;
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

/** The forms of the actions the case's state allows; claiming only when it is not the official's already. */
function OfficialActions({ view, csrf, c }: { view: CaseView; csrf: string; c: InputContext }): JSX.Element {
  const w = workMessages(c.lang);
  const path = casePaths.work(c.kase.organisationCode, c.kase.id);
  const offered = workForms.filter(
    (f) => view.actions.includes(f.action) && !(f.action === 'claim' && c.kase.assigneeOfficialId === c.selfId),
  );
  return (
    <Section id="acties" heading={w.actionsHeading}>
      <>
        {offered.length > 0 ? '' : <Paragraph text={w.actionsNone} />}
        {offered.map((f) => (
          <ActionForm
            id={f.path}
            heading={w[f.heading]}
            text={f.text ? w[f.text] : undefined}
            action={`${path}/${f.path}`}
            csrf={csrf}
            button={w[f.button]}
            primary={f.primary}
          >
            <>
              {f.inputs.map((input) => (
                <ActionInput input={input} c={c} />
              ))}
            </>
          </ActionForm>
        ))}
      </>
    </Section>
  );
}

const workPage: CasePage = async (ctx, request, reply, view, state, names) => {
  const lang = request.lang;
  const m = caseMessages(lang);
  const w = workMessages(lang);
  const principal = principalOf(request);
  const selfId = principal.kind === 'official' ? principal.officialId : '';
  const kase = view.case;
  const organisation = names.organisation;
  const today = ctx.clock.today();
  const csrf = reply.generateCsrf();
  const term = view.term;
  const applicant = await applicantBlock(ctx, lang, kase);
  const colleagues = await caseHandlersOf(ctx, kase.organisationCode);
  return {
    back: { href: casePaths.queue, text: w.backToQueue },
    status: {
      heading: w.caseHeading,
      audience: 'official',
      today,
      extraRows: [[w.assignee, assigneeText(lang, kase, selfId, colleagues)]],
    },
    body: (
      <>
        <OfficialActions view={view} csrf={csrf} c={{ lang, kase, state, selfId, organisation, today, colleagues }} />
        <Section id="aanvrager" heading={w.applicantHeading}>
          {applicant}
        </Section>
        <Section id="aanvraag" heading={m.answersHeadingOfficial}>
          <AnswersBlock lang={lang} kase={kase} />
        </Section>
        <DecisionSection lang={lang} kase={kase} organisation={organisation} />
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
  };
};

// ---------------------------------------------------------------------------------------------
// Registration

export function registerWorkPages(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(casePaths.queue, { config: { access: handlerAccess }, onRequest: loginToPage }, (request, reply) =>
    queuePage(ctx, request, reply),
  );
  // The case and the forms of its actions; after a post, back to the case.
  registerCasePage(app, ctx, {
    casePath: '/behandelen/:org/:caseId',
    pathOf: casePaths.work,
    access: handlerAccess,
    viewer: 'official',
    render: workPage,
    forms: workForms,
    english: englishReasons,
    keptLength: 20_000,
  });
}
