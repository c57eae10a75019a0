// delivery/accountability: the printable page of a case's whole trail (/zaken/{org}/{id}/verantwoording).
// One table per step (date and time, step, who, for whom, legal basis, service version, data used),
// the due date explained, and the work-queue views. A print stylesheet of its own leaves out the
// site's header, navigation and footer and keeps each step's table on one page.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DataList, Paragraph, Table } from '../../../platform/html/index.tsx';
import { principalOf, ProblemError } from '../../../platform/http/index.ts';
import { defineMessages, format, formatDate, formatDateTime, formatNumber, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { actingBasisLabel, type ActingBasis } from '../basis.ts';
import { PageTitle } from '../case-views.tsx';
import { originOf } from '../origin.ts';
import { getOrganisation, officialNames } from '../../registry/index.ts';
import type { CaseStatus, DecisionOutcome } from '../model.ts';
import type { CaseTrail, Fact, TrailDataItem, TrailParty, TrailStep } from './model.ts';
import { accountabilityPaths } from './paths.ts';
import { accountabilityAccess } from './policy.ts';
import { exportCaseTrail } from './service.ts';

export const accountabilityMessages = defineMessages({
  nl: {
    title: 'Verantwoording van zaak {caseNumber}',
    intro:
      'Hier ziet u elke stap in deze zaak: wat er gebeurde, wanneer, wie het deed en namens wie, op grond van welke regel, onder welke versie van de dienst, en welke persoonsgegevens daarbij zijn gebruikt.',
    source:
      'Dit overzicht komt rechtstreeks uit het auditlog en het logboek van verwerkingen. Het wordt niet apart bewaard. Dat u het opvraagt, wordt ook vastgelegd.',
    printHint: 'Wilt u dit overzicht bewaren? Gebruik de printfunctie van uw browser. U kunt ook als PDF opslaan.',
    caseDetails: 'Gegevens van de zaak',
    caseNumber: 'Zaaknummer',
    organisation: 'Organisatie',
    service: 'Dienst',
    serviceVersion: 'Versie van de dienst',
    form: 'Formulier',
    formVersion: '{title}, versie {version}',
    receivedOn: 'Ontvangen op',
    status: 'Status',
    outcome: 'Besluit',
    dueDate: 'Uiterste beslisdatum',
    dueDateUnknown: 'Nog niet bekend: de termijn staat stil',
    generatedAt: 'Overzicht gemaakt op',
    stepsTitle: 'Alle stappen',
    stepsCount: '{count} stappen, de oudste eerst.',
    stepCaption: 'Stap {number}: {label}',
    colItem: 'Onderdeel',
    colValue: 'Gegevens',
    rowWhen: 'Datum en tijd',
    rowStep: 'Stap',
    rowStatus: 'Status',
    statusChange: 'van "{from}" naar "{to}"',
    statusTo: 'naar "{to}"',
    rowWho: 'Wie',
    rowOnBehalfOf: 'Namens wie',
    rowActingBasis: 'Op grond van',
    actingBasisMandates: '{basis} ({ids})',
    rowLegalBasis: 'Grondslag',
    rowServiceVersion: 'Dienstversie',
    serviceVersionValue: 'versie {version} (formulier {form}, versie {formVersion})',
    rowData: 'Gebruikte gegevens',
    rowProcessing: 'Vastgelegd in het logboek',
    rowFacts: 'Bijzonderheden',
    none: 'Geen',
    noneLogged: 'Geen persoonsgegevens vastgelegd',
    notApplicable: '–',
    fromRegister: '(uit een basisregistratie)',
    whoApplicant: 'De aanvrager',
    whoPerson: 'Persoon met BSN {id}',
    whoBusiness: 'Onderneming met KVK-nummer {id}',
    whoOfficial: 'Medewerker {id} van {organisation}',
    whoOfficialNoId: 'Een medewerker van {organisation}',
    whoOfficialNamed: '{name}, medewerker van {organisation}',
    whoOrganisation: 'Iemand van {organisation}',
    whoSystem: 'Loket zelf (automatisch)',
    whoAnonymous: 'Niet ingelogd',
    mandate: 'met machtiging {id}',
    termTitle: 'Zo is de uiterste beslisdatum berekend',
    queueTitle: 'Gezien in een werkvoorraad',
    queueIntro:
      'Een medewerker zag een lijst met zaken (de werkvoorraad) waarin uw zaak kon staan. Het logboek legt dat vast, maar niet welke zaak op de lijst stond.',
    queueNone: 'Uw gegevens zijn niet in een werkvoorraad getoond.',
    queueCaption: 'Werkvoorraad bekeken',
    colDate: 'Datum',
    colOrganisation: 'Organisatie',
    colTimes: 'Aantal keer',
    json: 'Dit overzicht als gegevensbestand (JSON)',
    backToCase: 'Terug naar de zaak',
    factOutcome: 'uitkomst',
    factDueDate: 'uiterste beslisdatum',
    factPreviousDueDate: 'vorige uiterste beslisdatum',
    factNewDueDate: 'nieuwe uiterste beslisdatum',
    factCompleteBy: 'aanvullen vóór',
    factSuspendedFrom: 'termijn staat stil vanaf',
    factDecidedOn: 'besloten op',
    factObjectionLastDay: 'laatste dag voor bezwaar',
    factAssignee: 'behandelaar',
    factViewer: 'opgevraagd als',
    factFormat: 'vorm',
    factTermKind: 'soort beslistermijn',
    factTermWeeks: 'beslistermijn in weken',
    factLate: 'te laat beslist',
    factPenaltyDays: 'dwangsom: aantal dagen',
    factPenaltyAmount: 'dwangsom: bedrag',
    factPenaltyStatus: 'dwangsom: stand',
    termStatutory: 'wettelijke termijn',
    termReasonable: 'redelijke termijn',
    yes: 'ja',
    no: 'nee',
  },
  en: {
    title: 'Accountability report of case {caseNumber}',
    intro:
      'Here you see every step in this case: what happened, when, who did it and for whom, under which rule, under which version of the service, and which personal data were used.',
    source:
      'This report comes straight from the audit log and the processing log. It is not kept separately. Asking for it is recorded too.',
    printHint: "Do you want to keep this report? Use your browser's print function. You can also save it as a PDF.",
    caseDetails: 'Case details',
    caseNumber: 'Case number',
    organisation: 'Organisation',
    service: 'Service',
    serviceVersion: 'Version of the service',
    form: 'Form',
    formVersion: '{title}, version {version}',
    receivedOn: 'Received on',
    status: 'Status',
    outcome: 'Decision',
    dueDate: 'Decision due date',
    dueDateUnknown: 'Not known yet: the term is suspended',
    generatedAt: 'Report made on',
    stepsTitle: 'All steps',
    stepsCount: '{count} steps, oldest first.',
    stepCaption: 'Step {number}: {label}',
    colItem: 'Item',
    colValue: 'Details',
    rowWhen: 'Date and time',
    rowStep: 'Step',
    rowStatus: 'Status',
    statusChange: 'from "{from}" to "{to}"',
    statusTo: 'to "{to}"',
    rowWho: 'Who',
    rowOnBehalfOf: 'On behalf of',
    rowActingBasis: 'On the basis of',
    actingBasisMandates: '{basis} ({ids})',
    rowLegalBasis: 'Legal basis',
    rowServiceVersion: 'Service version',
    serviceVersionValue: 'version {version} (form {form}, version {formVersion})',
    rowData: 'Data used',
    rowProcessing: 'Recorded in the log',
    rowFacts: 'Details',
    none: 'None',
    noneLogged: 'No personal data recorded',
    notApplicable: '–',
    fromRegister: '(from a base register)',
    whoApplicant: 'The applicant',
    whoPerson: 'Person with BSN {id}',
    whoBusiness: 'Business with KVK number {id}',
    whoOfficial: 'Official {id} of {organisation}',
    whoOfficialNoId: 'An official of {organisation}',
    whoOfficialNamed: '{name}, official of {organisation}',
    whoOrganisation: 'Someone of {organisation}',
    whoSystem: 'Loket itself (automatic)',
    whoAnonymous: 'Not logged in',
    mandate: 'with mandate {id}',
    termTitle: 'How the decision due date was computed',
    queueTitle: 'Seen in a work queue',
    queueIntro:
      'An official saw a list of cases (the work queue) your case could be on. The log records that, but not which case was on the list.',
    queueNone: 'Your data were not shown in a work queue.',
    queueCaption: 'Work queue viewed',
    colDate: 'Date',
    colOrganisation: 'Organisation',
    colTimes: 'Times',
    json: 'This report as a data file (JSON)',
    backToCase: 'Back to the case',
    factOutcome: 'outcome',
    factDueDate: 'decision due date',
    factPreviousDueDate: 'previous decision due date',
    factNewDueDate: 'new decision due date',
    factCompleteBy: 'complete by',
    factSuspendedFrom: 'term suspended from',
    factDecidedOn: 'decided on',
    factObjectionLastDay: 'last day for objection',
    factAssignee: 'handled by',
    factViewer: 'requested as',
    factFormat: 'format',
    factTermKind: 'kind of decision term',
    factTermWeeks: 'decision term in weeks',
    factLate: 'decided late',
    factPenaltyDays: 'penalty: number of days',
    factPenaltyAmount: 'penalty: amount',
    factPenaltyStatus: 'penalty: state',
    termStatutory: 'statutory term',
    termReasonable: 'reasonable term',
    yes: 'yes',
    no: 'no',
  },
});

type Messages = ReturnType<typeof accountabilityMessages>;

const statusLabels: Record<CaseStatus, { nl: string; en: string }> = {
  draft: { nl: 'concept', en: 'draft' },
  submitted: { nl: 'ontvangen', en: 'received' },
  in_progress: { nl: 'in behandeling', en: 'in progress' },
  awaiting_information: { nl: 'wacht op aanvulling', en: 'awaiting information' },
  decided: { nl: 'besloten', en: 'decided' },
  decided_by_operation_of_law: { nl: 'besloten van rechtswege', en: 'decided by operation of law' },
  withdrawn: { nl: 'ingetrokken', en: 'withdrawn' },
  closed: { nl: 'afgesloten', en: 'closed' },
};

const outcomeLabels: Record<DecisionOutcome, { nl: string; en: string }> = {
  granted: { nl: 'toegekend', en: 'granted' },
  partly_granted: { nl: 'deels toegekend', en: 'partly granted' },
  refused: { nl: 'afgewezen', en: 'refused' },
  not_considered: { nl: 'niet in behandeling genomen', en: 'not considered' },
};

const viewerLabels: Record<string, { nl: string; en: string }> = {
  applicant: { nl: 'aanvrager', en: 'applicant' },
  case_handler: { nl: 'zaakbehandelaar', en: 'case handler' },
  ombudsman: { nl: 'ombudsman', en: 'ombudsman' },
};

/** A code's label, or the code itself when it has none (a status or outcome added later). */
const labelOf = (labels: Partial<Record<string, { nl: string; en: string }>>, code: string, lang: Lang): string =>
  labels[code]?.[lang] ?? code;

const statusText = (status: string, lang: Lang): string => labelOf(statusLabels, status, lang);

function factLabel(key: string, m: Messages): string {
  const known: Record<string, string> = {
    outcome: m.factOutcome,
    dueDate: m.factDueDate,
    previousDueDate: m.factPreviousDueDate,
    newDueDate: m.factNewDueDate,
    completeBy: m.factCompleteBy,
    suspendedFrom: m.factSuspendedFrom,
    decidedOn: m.factDecidedOn,
    objectionLastDay: m.factObjectionLastDay,
    assigneeOfficialId: m.factAssignee,
    viewer: m.factViewer,
    format: m.factFormat,
    'term.kind': m.factTermKind,
    'term.weeks': m.factTermWeeks,
    late: m.factLate,
    'penalty.days': m.factPenaltyDays,
    'penalty.amountCents': m.factPenaltyAmount,
    'penalty.status': m.factPenaltyStatus,
  };
  return known[key] ?? key;
}

const euros: Record<Lang, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

function factText(key: string, value: Exclude<Fact, null>, lang: Lang, m: Messages): string {
  if (typeof value === 'number') return key.endsWith('Cents') ? euros[lang].format(value / 100) : formatNumber(value, lang);
  if (typeof value === 'boolean') return value ? m.yes : m.no;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, lang);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value, lang);
  if (key === 'outcome') return labelOf(outcomeLabels, value, lang);
  if (key === 'viewer') return labelOf(viewerLabels, value, lang);
  if (key === 'term.kind') return value === 'statutory' ? m.termStatutory : value === 'reasonable' ? m.termReasonable : value;
  return value;
}

function partyText(p: TrailParty, m: Messages, organisations: ReadonlyMap<string, string>, officials: ReadonlyMap<string, string>): string {
  const organisation = p.organisationCode === null ? '' : (organisations.get(p.organisationCode) ?? p.organisationCode);
  const base = ((): string => {
    switch (p.kind) {
      case 'applicant':
        return m.whoApplicant;
      case 'person':
        return format(m.whoPerson, { id: p.id ?? '' });
      case 'business':
        return format(m.whoBusiness, { id: p.id ?? '' });
      case 'official':
        if (p.id === null) return format(m.whoOfficialNoId, { organisation });
        return officials.has(p.id)
          ? format(m.whoOfficialNamed, { name: officials.get(p.id) ?? '', organisation })
          : format(m.whoOfficial, { id: p.id, organisation });
      case 'organisation':
        return format(m.whoOrganisation, { organisation });
      case 'system':
        return m.whoSystem;
      case 'anonymous':
        return m.whoAnonymous;
    }
  })();
  return p.mandateId === null ? base : `${base}, ${format(m.mandate, { id: p.mandateId })}`;
}

/** The basis someone acted on for the applicant, with the mandates of the chain. */
function actingBasisText(basis: ActingBasis, m: Messages, lang: Lang): string {
  const label = actingBasisLabel(basis, lang);
  const named = basis.kvkNumber === null || basis.kind !== 'functionary' ? label : `${label} (KVK ${basis.kvkNumber})`;
  return basis.mandateIds.length === 0 ? named : format(m.actingBasisMandates, { basis: named, ids: basis.mandateIds.join(', ') });
}

const dataText = (item: TrailDataItem, m: Messages, lang: Lang): string =>
  item.source === 'register' ? `${item.label[lang]} ${m.fromRegister}` : item.label[lang];

/** A row of a step's table: the item as a row header, the value as text (several lines as a list). */
function Row({ item, value }: { item: string; value: string | readonly string[] }): JSX.Element {
  return (
    <tr class="utrecht-table__row">
      <th class="utrecht-table__header-cell" scope="row" safe>
        {item}
      </th>
      <td class="utrecht-table__cell">
        {typeof value === 'string' ? (
          <span safe>{value}</span>
        ) : (
          <ul class="utrecht-unordered-list loket-trail__list">
            {value.map((v) => (
              <li class="utrecht-unordered-list__item" safe>
                {v}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function StepTable({
  step,
  lang,
  m,
  organisations,
  officials,
}: {
  step: TrailStep;
  lang: Lang;
  m: Messages;
  organisations: ReadonlyMap<string, string>;
  officials: ReadonlyMap<string, string>;
}): JSX.Element {
  const status =
    step.toStatus === null
      ? null
      : step.fromStatus === null
        ? format(m.statusTo, { to: statusText(step.toStatus, lang) })
        : format(m.statusChange, { from: statusText(step.fromStatus, lang), to: statusText(step.toStatus, lang) });
  // Facts without a value (no penalty, no previous due date) say nothing on paper.
  const facts = Object.entries(step.facts).flatMap(([k, v]) =>
    v === null ? [] : [`${factLabel(k, m)}: ${typeof v === 'string' && officials.has(v) ? officials.get(v) : factText(k, v, lang, m)}`],
  );
  return (
    <section class="loket-trail__step" id={`stap-${step.number}`}>
      <Table caption={format(m.stepCaption, { number: step.number, label: step.label[lang] })} head={[m.colItem, m.colValue]}>
        <Row item={m.rowWhen} value={formatDateTime(step.at, lang)} />
        <Row item={m.rowStep} value={step.label[lang]} />
        {status === null ? '' : <Row item={m.rowStatus} value={status} />}
        <Row item={m.rowWho} value={partyText(step.who, m, organisations, officials)} />
        <Row
          item={m.rowOnBehalfOf}
          value={step.onBehalfOf === null ? m.notApplicable : partyText(step.onBehalfOf, m, organisations, officials)}
        />
        {step.actingBasis === null ? '' : <Row item={m.rowActingBasis} value={actingBasisText(step.actingBasis, m, lang)} />}
        <Row item={m.rowLegalBasis} value={step.legalBases.length === 0 ? m.notApplicable : step.legalBases.join('; ')} />
        <Row
          item={m.rowServiceVersion}
          value={format(m.serviceVersionValue, { version: step.serviceVersion, form: step.form.id, formVersion: step.form.version })}
        />
        <Row item={m.rowData} value={step.personalData.length === 0 ? m.noneLogged : step.personalData.map((d) => dataText(d, m, lang))} />
        <Row
          item={m.rowProcessing}
          value={step.processing.length === 0 ? m.none : step.processing.map((p) => `${p.name} (${p.activityId})`)}
        />
        {facts.length === 0 ? '' : <Row item={m.rowFacts} value={facts} />}
      </Table>
    </section>
  );
}

/** The page body: the case, each step, the due date explained, the work-queue views. */
export function TrailPage({
  trail,
  lang,
  organisations,
  officials = new Map(),
}: {
  trail: CaseTrail;
  lang: Lang;
  organisations: ReadonlyMap<string, string>;
  /** Officials' names by id, where known. */
  officials?: ReadonlyMap<string, string>;
}): JSX.Element {
  const m = accountabilityMessages(lang);
  const c = trail.case;
  const org = (code: string | null): string => (code === null ? '–' : (organisations.get(code) ?? code));
  const rows: [string, string][] = [
    [m.caseNumber, c.caseNumber],
    [m.organisation, org(c.organisationCode)],
    [m.service, c.service.title ?? c.service.uplUri],
    [m.serviceVersion, String(c.service.version)],
    [m.form, format(m.formVersion, { title: c.form.title?.[lang] ?? c.form.id, version: c.form.version })],
    [m.receivedOn, formatDate(c.receivedOn, lang)],
    [m.status, statusText(c.status, lang)],
    ...(c.outcome === null ? [] : [[m.outcome, labelOf(outcomeLabels, c.outcome, lang)] as [string, string]]),
    [m.dueDate, trail.decisionTerm.dueDate === null ? m.dueDateUnknown : formatDate(trail.decisionTerm.dueDate, lang)],
    [m.generatedAt, formatDateTime(trail.generatedAt, lang)],
  ];
  return (
    <>
      <link rel="stylesheet" href={accountabilityPaths.stylesheet} />
      <PageTitle text={format(m.title, { caseNumber: c.caseNumber })} />
      <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
        {m.intro}
      </p>
      <Paragraph text={m.source} />
      <p class="utrecht-paragraph loket-trail__screen-only" safe>
        {m.printHint}
      </p>
      <h2 class="utrecht-heading-2" safe>
        {m.caseDetails}
      </h2>
      <div class="loket-trail__case">
        <DataList rows={rows} />
      </div>
      <h2 class="utrecht-heading-2" id="stappen" safe>
        {m.stepsTitle}
      </h2>
      <Paragraph text={format(m.stepsCount, { count: trail.steps.length })} />
      <div class="loket-trail">
        {trail.steps.map((step) => (
          <StepTable step={step} lang={lang} m={m} organisations={organisations} officials={officials} />
        ))}
      </div>
      <h2 class="utrecht-heading-2" id="beslistermijn" safe>
        {m.termTitle}
      </h2>
      <ol class="utrecht-ordered-list loket-trail__term">
        {trail.decisionTerm.steps.map((s) => (
          <li class="utrecht-ordered-list__item" safe>
            {s.explanation[lang]}
          </li>
        ))}
      </ol>
      <h2 class="utrecht-heading-2" id="werkvoorraad" safe>
        {m.queueTitle}
      </h2>
      {trail.queueViewsByDay.length === 0 ? (
        <Paragraph text={m.queueNone} />
      ) : (
        <>
          <Paragraph text={m.queueIntro} />
          <Table caption={m.queueCaption} head={[m.colDate, m.colOrganisation, m.colTimes]}>
            {trail.queueViewsByDay.map((d) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell" safe>
                  {formatDate(d.date, lang)}
                </td>
                <td class="utrecht-table__cell" safe>
                  {org(d.organisationCode)}
                </td>
                <td class="utrecht-table__cell" safe>
                  {formatNumber(d.count, lang)}
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
      <ul class="utrecht-link-list utrecht-link-list--html-ul loket-trail__screen-only">
        <li class="utrecht-link-list__item">
          <a class="utrecht-link utrecht-link-list__link" href={accountabilityPaths.api(c.organisationCode, c.id)} safe>
            {m.json}
          </a>
        </li>
        <li class="utrecht-link-list__item">
          <a class="utrecht-link utrecht-link-list__link" href={`/zaken/${c.organisationCode}/${c.id}`} safe>
            {m.backToCase}
          </a>
        </li>
      </ul>
    </>
  );
}

/**
 * The page's stylesheet. On screen: a little room between the steps. In print: only the content,
 * black on white, every step's table kept on one page, headings kept with what follows.
 */
export const trailStylesheet = `/* Loket: printable accountability report of a case. */
.loket-trail__case .utrecht-data-list__item { display: grid; grid-template-columns: minmax(10em, 16em) 1fr; gap: 0 1em; }
.loket-trail__case .utrecht-data-list__item-key { font-weight: bold; }
.loket-trail__step + .loket-trail__step { margin-block-start: var(--basis-space-block-2xl, 2rem); }
.loket-trail .utrecht-table__header-cell[scope='row'] { inline-size: 14em; vertical-align: top; }
.loket-trail .utrecht-table__cell { vertical-align: top; }
.loket-trail__list { margin: 0; padding-inline-start: 1.2em; }
.loket-trail__list, .loket-trail__list .utrecht-unordered-list__item { font-size: inherit; line-height: inherit; }
@media print {
  @page { margin: 15mm; }
  .loket-header, .loket-nav, .loket-footer, .loket-skip-link, .loket-trail__screen-only { display: none !important; }
  html, body, .loket-body { background: #fff !important; color: #000 !important; font-size: 10pt; }
  .loket-main { max-inline-size: none; padding: 0; margin: 0; }
  .loket-main > * + * { margin-block-start: 6pt; }
  .loket-main > * + :is(h2, h3) { margin-block-start: 14pt; }
  .loket-main > :is(p, ul, ol) { font-weight: normal; }
  .loket-main .utrecht-heading-1 { font-size: 18pt; }
  .loket-main .utrecht-heading-2 { font-size: 13pt; }
  .loket-main .utrecht-paragraph--lead { font-size: 11pt; }
  h1, h2, caption { break-after: avoid; page-break-after: avoid; color: #000 !important; }
  .loket-trail__step, .loket-trail__case .utrecht-data-list__item { break-inside: avoid; page-break-inside: avoid; }
  .loket-trail__step + .loket-trail__step { margin-block-start: 10pt; }
  .utrecht-table-container { overflow: visible; }
  .loket-main table { inline-size: 100%; border-collapse: collapse; font-size: 9.5pt; }
  .loket-main caption { text-align: start; font-weight: bold; padding-block: 2pt; }
  .loket-main :is(.utrecht-table__header-cell, .utrecht-table__cell) {
    border: 0.5pt solid #000; padding: 2pt 4pt; text-align: start; vertical-align: top;
    background: #fff !important; color: #000 !important; font-size: 9.5pt; line-height: 1.3;
  }
  .loket-main .utrecht-table__header { display: table-header-group; }
  .loket-trail__list { padding-inline-start: 1em; }
  .loket-trail__list .utrecht-unordered-list__item { margin: 0; }
  a { color: #000 !important; text-decoration: none; }
}
`;

const stylesheetEtag = `"${createHash('sha256').update(trailStylesheet).digest('base64url').slice(0, 22)}"`;

export function registerAccountabilityPages(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(accountabilityPaths.stylesheet, { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
    void reply.header('cache-control', 'public, max-age=3600').header('etag', stylesheetEtag).type('text/css; charset=utf-8');
    if (request.headers['if-none-match'] === stylesheetEtag) return reply.code(304).send();
    return reply.send(trailStylesheet);
  });

  app.get(
    '/zaken/:organisationCode/:caseId/verantwoording',
    {
      config: { access: accountabilityAccess },
      schema: { hide: true, params: z.object({ organisationCode: z.string().max(64), caseId: z.string().max(64) }) },
    },
    async (request, reply) => {
      const { organisationCode, caseId } = request.params as { organisationCode: string; caseId: string };
      const lang = request.lang;
      const found = await exportCaseTrail(ctx, principalOf(request), organisationCode, caseId, originOf(request), 'html');
      if (!found.ok) throw new ProblemError(found.failure);
      const trail = found.value.trail;
      const codes = new Set<string>([trail.case.organisationCode]);
      for (const s of trail.steps) {
        if (s.who.organisationCode !== null) codes.add(s.who.organisationCode);
        if (s.onBehalfOf?.organisationCode) codes.add(s.onBehalfOf.organisationCode);
      }
      for (const d of trail.queueViewsByDay) if (d.organisationCode !== null) codes.add(d.organisationCode);
      const organisations = new Map<string, string>();
      for (const code of codes) {
        const o = await getOrganisation(ctx, code);
        if (o) organisations.set(code, o.name);
      }
      return reply.page({
        title: format(accountabilityMessages(lang).title, { caseNumber: trail.case.caseNumber }),
        body: (
          <TrailPage
            trail={trail}
            lang={lang}
            organisations={organisations}
            officials={await officialNames(ctx, [
              ...new Set(
                trail.steps.flatMap((st) => [
                  ...(st.who.kind === 'official' && st.who.id !== null ? [st.who.id] : []),
                  ...Object.values(st.facts).filter((v): v is string => typeof v === 'string'),
                ]),
              ),
            ])}
          />
        ),
      });
    },
  );
}
