// delivery/accountability: the trail of one case (NORA AP30), derived — never stored — from the
// audit log (every change: who, for whom, when, under which rule) and the processing log (which
// personal data were used, Logboek Dataverwerkingen). Pure: the records come in, the trail goes out.
//
// How the two logs meet: a use case that changes a case writes one audit record and one
// processing-log line in the same transaction, with the same start instant. A line is paired with
// the first unpaired audit record of the same instant whose action fits the line's activity
// (submit, withdraw, export, else "handle"); a line without an audit record (an official viewing
// the case) is a step of its own. Lines carry no user (LDV), only the capacity (`loket.actor`).
// Records and lines are ordered by their instant, then by their id (UUIDv7: insertion order).
import { parseActingBasis, type ActingBasis } from '../basis.ts';
import type { FormDefinition } from '../forms.ts';
import type { DecisionDueStep } from '../model.ts';

export interface Localized {
  readonly nl: string;
  readonly en: string;
}

// ---------------------------------------------------------------------------------------------
// Input

/** An audit record of the case (platform/audit `AuditRecord` fits). */
export interface TrailAuditRecord {
  readonly id: string;
  readonly occurredAt: string;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly onBehalfOf: { readonly type: string; readonly id: string; readonly mandateId: string | null } | null;
  readonly organisationId: string | null;
  readonly action: string;
  readonly legalBasis: string | null;
  readonly requestId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A processing-log line about the applicant (the subject itself stays a hash in the log; only its type comes here). */
export interface TrailProcessingLine extends TrailProcessing {
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** What the trail needs of the case: no answers, only which fields were answered. */
export interface TrailCase {
  readonly organisationCode: string;
  readonly id: string;
  readonly caseNumber: string;
  readonly serviceId: string;
  readonly serviceTitle: string | null;
  readonly uplUri: string;
  readonly serviceVersion: number;
  readonly formId: string;
  readonly formVersion: number;
  readonly applicant: { readonly kind: 'person' | 'business'; readonly id: string };
  readonly status: string;
  readonly outcome: string | null;
  readonly receivedOn: string;
  readonly submittedAt: string;
  readonly decidedAt: string | null;
  /** The ids of the form fields the applicant answered. */
  readonly answeredFields: readonly string[];
}

export interface TrailInput {
  readonly case: TrailCase;
  /** The case's audit records, oldest first (auditTrail). */
  readonly audit: readonly TrailAuditRecord[];
  /** The applicant's processing-log lines from the case's submission on, in the case's organisation. */
  readonly lines: readonly TrailProcessingLine[];
  /** The form the case was made with, for the names of the answered fields; undefined when that version is gone. */
  readonly form: FormDefinition | undefined;
  /** The decision due date today and how it came about (service.ts caseTerm), each step in words (explain.ts). */
  readonly term: { readonly dueDate: string | null; readonly steps: readonly TrailTermStep[] };
  readonly generatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Output

export const partyKinds = ['applicant', 'person', 'business', 'official', 'organisation', 'system', 'anonymous'] as const;
export type PartyKind = (typeof partyKinds)[number];

/**
 * Who acted, or for whom. The applicant is named as such, without their BSN; another person's BSN
 * is shown masked (`******789`); an official by their employee id and organisation; `organisation`:
 * someone of that organisation (a processing-log line names the capacity, never the person).
 */
export interface TrailParty {
  readonly kind: PartyKind;
  readonly id: string | null;
  readonly organisationCode: string | null;
  /** The mandate an act on someone's behalf rested on (mandates module). */
  readonly mandateId: string | null;
}

export const dataItemKinds = ['identifier', 'form_answer', 'case_file', 'case_summary'] as const;
export type DataItemKind = (typeof dataItemKinds)[number];

/** One kind of personal data used in a step. */
export interface TrailDataItem {
  readonly kind: DataItemKind;
  /** `BSN`/`KVK`, the form field id, `case`, or `case_summary`. */
  readonly code: string;
  readonly label: Localized;
  /** Where it came from: given by the applicant, taken from a register (a prefilled field), or the case itself. */
  readonly source: 'applicant' | 'register' | 'case';
}

/** A processing-log line as the trail shows it. */
export interface TrailProcessing {
  readonly id: string;
  /** start_time */
  readonly at: string;
  readonly name: string;
  readonly activityId: string;
  readonly organisationCode: string | null;
  readonly subjectType: string | null;
}

export type Fact = string | number | boolean | null;

export interface TrailStep {
  /** 1, 2, 3 … in the order of the trail. */
  readonly number: number;
  readonly at: string;
  /** `change`: an audit record (with its processing-log lines); `processing`: a processing-log line only (a read). */
  readonly kind: 'change' | 'processing';
  /** The audit action (`delivery.case_decided`) or the processing activity URI. */
  readonly code: string;
  readonly label: Localized;
  readonly who: TrailParty;
  readonly onBehalfOf: TrailParty | null;
  /**
   * On which basis someone acted for the applicant (the audit record's `details.basis`): a mandate
   * (with the mandates of the chain), a legal representation (gezag, curatele …), or a business's
   * functionary; null when the applicant or an official acted.
   */
  readonly actingBasis: ActingBasis | null;
  /** The rules the step rests on, e.g. `Awb 4:5, 4:15 lid 1`. */
  readonly legalBases: readonly string[];
  readonly serviceVersion: number;
  readonly form: { readonly id: string; readonly version: number };
  readonly fromStatus: string | null;
  readonly toStatus: string | null;
  /** Dates, codes, numbers and ids the audit record holds (no free text: that stays in the case file). */
  readonly facts: Readonly<Record<string, Fact>>;
  readonly requestId: string | null;
  readonly processing: readonly TrailProcessing[];
  readonly personalData: readonly TrailDataItem[];
}

export interface TrailQueueView {
  readonly at: string;
  readonly name: string;
  readonly activityId: string;
  readonly organisationCode: string | null;
}

export interface TrailQueueDay {
  readonly date: string;
  readonly organisationCode: string | null;
  readonly count: number;
}

export interface TrailTermStep {
  readonly step: DecisionDueStep;
  readonly explanation: Localized;
}

export interface CaseTrail {
  readonly case: {
    readonly organisationCode: string;
    readonly id: string;
    readonly caseNumber: string;
    readonly service: { readonly id: string; readonly title: string | null; readonly uplUri: string; readonly version: number };
    readonly form: { readonly id: string; readonly version: number; readonly title: Localized | null };
    readonly applicantKind: 'person' | 'business';
    readonly status: string;
    readonly outcome: string | null;
    readonly receivedOn: string;
    readonly submittedAt: string;
    readonly decidedAt: string | null;
  };
  readonly generatedAt: string;
  readonly steps: readonly TrailStep[];
  /** Lines of work-queue views about the applicant that name no case: the case may have been on the list. */
  readonly queueViews: readonly TrailQueueView[];
  /** The same, counted per day (Europe/Amsterdam) and organisation, for the printed page. */
  readonly queueViewsByDay: readonly TrailQueueDay[];
  readonly decisionTerm: { readonly dueDate: string | null; readonly steps: readonly TrailTermStep[] };
}

// ---------------------------------------------------------------------------------------------
// Names

/** The processing activities of case handling (service.ts deliveryProcessingActivities), by their last part. */
const activityOf = (activityId: string): string => {
  const marker = 'delivery.case.';
  const at = activityId.lastIndexOf(marker);
  return at < 0 ? activityId : activityId.slice(at + marker.length);
};

/** Activities that read only: never the line of a change. */
const readActivities: ReadonlySet<string> = new Set(['view', 'queue']);

export const exportActivity = 'delivery.case.export';
export const exportAction = 'delivery.case_exported';
/** The processing-log attribute that ties a line to a case (written by the case's use cases). */
export const caseAttribute = 'loket.case';
/** The processing-log attribute with the capacity of who processed (applicant, official, system). */
export const actorAttribute = 'loket.actor';

/** The activity a change's line has, by audit action; anything else is "handle". */
const expectedActivity: Readonly<Record<string, string>> = {
  'delivery.case_submitted': 'submit',
  'delivery.case_withdrawn': 'withdraw',
  [exportAction]: 'export',
};

export const actionLabels: Readonly<Record<string, Localized>> = {
  'delivery.case_submitted': { nl: 'Aanvraag ingediend', en: 'Application submitted' },
  'delivery.case_claimed': { nl: 'Zaak in behandeling genomen', en: 'Case taken on' },
  'delivery.case_assigned': { nl: 'Zaak toegewezen aan een medewerker', en: 'Case assigned to an official' },
  'delivery.case_information_requested': { nl: 'Aanvullende informatie gevraagd', en: 'Additional information requested' },
  'delivery.case_information_received': { nl: 'Aanvullende informatie ontvangen', en: 'Additional information received' },
  'delivery.case_resumed': { nl: 'Behandeling hervat', en: 'Handling resumed' },
  'delivery.case_term_extended': { nl: 'Beslistermijn verlengd', en: 'Decision term extended' },
  'delivery.case_term_exceeded': { nl: 'Beslistermijn verstreken', en: 'Decision term passed' },
  'delivery.case_notice_of_default_given': { nl: 'Ingebrekestelling ontvangen', en: 'Notice of default received' },
  'delivery.case_decided': { nl: 'Besluit genomen', en: 'Decision taken' },
  'delivery.case_decided_by_operation_of_law': { nl: 'Besluit van rechtswege', en: 'Decision by operation of law' },
  'delivery.case_withdrawn': { nl: 'Aanvraag ingetrokken', en: 'Application withdrawn' },
  'delivery.case_closed': { nl: 'Zaak afgesloten', en: 'Case closed' },
  [exportAction]: { nl: 'Verantwoording opgevraagd', en: 'Accountability report requested' },
};

const activityLabels: Readonly<Record<string, Localized>> = {
  submit: { nl: 'Aanvraag ontvangen', en: 'Application received' },
  view: { nl: 'Zaak ingezien', en: 'Case viewed' },
  queue: { nl: 'Gezien in een werkvoorraad', en: 'Seen in a work queue' },
  handle: { nl: 'Zaak behandeld', en: 'Case handled' },
  withdraw: { nl: 'Aanvraag ingetrokken', en: 'Application withdrawn' },
  export: { nl: 'Verantwoording opgevraagd', en: 'Accountability report requested' },
};

const actionLabel = (action: string): Localized => actionLabels[action] ?? { nl: action, en: action };
const lineLabel = (line: TrailProcessingLine): Localized => activityLabels[activityOf(line.activityId)] ?? { nl: line.name, en: line.name };

// ---------------------------------------------------------------------------------------------
// Parties

/** A BSN shown masked: only the last three digits. */
export function maskPersonId(id: string): string {
  return id.length <= 3 ? '*'.repeat(id.length) : `${'*'.repeat(id.length - 3)}${id.slice(-3)}`;
}

const party = (
  kind: PartyKind,
  id: string | null = null,
  organisationCode: string | null = null,
  mandateId: string | null = null,
): TrailParty => ({
  kind,
  id,
  organisationCode,
  mandateId,
});

function partyOf(
  type: string,
  id: string | null,
  organisationCode: string | null,
  applicant: TrailCase['applicant'],
  mandateId: string | null = null,
): TrailParty {
  if ((type === 'person' || type === 'business') && type === applicant.kind && id === applicant.id)
    return party('applicant', null, null, mandateId);
  switch (type) {
    case 'person':
      return party('person', id === null ? null : maskPersonId(id), null, mandateId);
    case 'business':
      return party('business', id, null, mandateId);
    case 'official':
      return party('official', id, organisationCode, mandateId);
    case 'system':
      return party('system');
    default:
      return party('anonymous');
  }
}

/** Who processed, from a line: the capacity only (LDV lines name no user). */
function partyOfLine(line: TrailProcessingLine): TrailParty {
  switch (line.attributes[actorAttribute]) {
    case 'applicant':
      return party('applicant');
    case 'official':
      return party('official', null, line.organisationCode);
    case 'system':
      return party('system');
    default:
      return party('organisation', null, line.organisationCode);
  }
}

// ---------------------------------------------------------------------------------------------
// Facts

/** Details that are the case's identity or shown elsewhere in the step. */
const detailsShownElsewhere: ReadonlySet<string> = new Set([
  'organisationCode',
  'caseNumber',
  'serviceId',
  'serviceVersion',
  'form',
  'from',
  'to',
  'legalBasis',
  // Shown as the step's acting basis.
  'basis',
]);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[a-z][a-z0-9_.]{0,60}$/;

/** A fact worth showing: a number, yes/no, a date or instant, an id or a code. Free text (a message, a motivation) is not. */
function factValue(value: unknown): Fact | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  return ISO_DATE.test(value) || ISO_INSTANT.test(value) || UUID.test(value) || CODE.test(value) ? value : undefined;
}

/** The facts of an audit record's details, one level of nesting flattened (`term.weeks`). */
export function factsOf(details: Readonly<Record<string, unknown>>): Record<string, Fact> {
  const facts: Record<string, Fact> = {};
  for (const [key, value] of Object.entries(details)) {
    if (detailsShownElsewhere.has(key)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        const fact = factValue(innerValue);
        if (fact !== undefined) facts[`${key}.${inner}`] = fact;
      }
      continue;
    }
    const fact = factValue(value);
    if (fact !== undefined) facts[key] = fact;
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Personal data

const identifierItem = (subjectType: string): TrailDataItem =>
  subjectType === 'KVK'
    ? { kind: 'identifier', code: 'KVK', label: { nl: 'KVK-nummer', en: 'Chamber of Commerce number (KVK)' }, source: 'case' }
    : {
        kind: 'identifier',
        code: subjectType,
        label: { nl: 'Burgerservicenummer (BSN)', en: 'Citizen service number (BSN)' },
        source: 'case',
      };

const caseFileItem: TrailDataItem = {
  kind: 'case_file',
  code: 'case',
  label: { nl: 'Gegevens van de zaak (status, termijnen, besluit)', en: 'Case data (status, terms, decision)' },
  source: 'case',
};
const caseSummaryItem: TrailDataItem = {
  kind: 'case_summary',
  code: 'case_summary',
  label: { nl: 'Zaaknummer, status en uiterste beslisdatum', en: 'Case number, status and decision due date' },
  source: 'case',
};

/** The answered fields, in form order, named by their label; prefilled fields came from a register. */
export function answeredFieldItems(form: FormDefinition | undefined, answered: readonly string[]): TrailDataItem[] {
  const wanted = new Set(answered);
  if (form === undefined) return answered.map((id) => ({ kind: 'form_answer', code: id, label: { nl: id, en: id }, source: 'applicant' }));
  const fields = form.steps.flatMap((s) => s.fields).filter((f) => wanted.has(f.id));
  const known = new Set(fields.map((f) => f.id));
  return [
    ...fields.map((f): TrailDataItem => ({
      kind: 'form_answer',
      code: f.id,
      label: { nl: f.label.nl, en: f.label.en },
      source: f.prefill === undefined ? 'applicant' : 'register',
    })),
    ...answered
      .filter((id) => !known.has(id))
      .map((id): TrailDataItem => ({ kind: 'form_answer', code: id, label: { nl: id, en: id }, source: 'applicant' })),
  ];
}

/** The personal data a processing-log line stands for, by its activity. */
function dataOfLine(line: TrailProcessingLine, answers: readonly TrailDataItem[]): TrailDataItem[] {
  const identifier = line.subjectType === null ? [] : [identifierItem(line.subjectType)];
  const activity = activityOf(line.activityId);
  if (activity === 'queue') return [...identifier, caseSummaryItem];
  if (activity === 'submit') return [...identifier, ...answers];
  return [...identifier, ...answers, caseFileItem];
}

function distinctItems(items: readonly TrailDataItem[]): TrailDataItem[] {
  const seen = new Map<string, TrailDataItem>();
  for (const item of items) if (!seen.has(`${item.kind}:${item.code}`)) seen.set(`${item.kind}:${item.code}`, item);
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// Lines of the case

const instant = (iso: string): number => Date.parse(iso);

const byTimeThenId = <T extends { at: string; id: string }>(a: T, b: T): number =>
  instant(a.at) - instant(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The lines of this case (`loket.case` = the case id), and the work-queue views that name no case
 * (`seen in a work queue`). Lines of the applicant's other cases, and other processing of their
 * data, are left out.
 */
export function splitLines(
  lines: readonly TrailProcessingLine[],
  caseId: string,
): { caseLines: TrailProcessingLine[]; queueViews: TrailProcessingLine[] } {
  const caseLines: TrailProcessingLine[] = [];
  const queueViews: TrailProcessingLine[] = [];
  for (const line of lines) {
    const named = line.attributes[caseAttribute];
    if (named === caseId) caseLines.push(line);
    else if (named === undefined && activityOf(line.activityId) === 'queue') queueViews.push(line);
  }
  return { caseLines: caseLines.sort(byTimeThenId), queueViews: queueViews.sort(byTimeThenId) };
}

/** Pairs each audit record with its processing-log lines (same instant, fitting activity; first exact fits, then any change line). */
export function pairLines(
  audit: readonly TrailAuditRecord[],
  caseLines: readonly TrailProcessingLine[],
): Map<string, TrailProcessingLine[]> {
  const paired = new Map<string, TrailProcessingLine[]>(audit.map((r) => [r.id, []]));
  const taken = new Set<string>();
  const candidates = caseLines.filter((l) => !readActivities.has(activityOf(l.activityId)));
  const pass = (fits: (record: TrailAuditRecord, line: TrailProcessingLine) => boolean): void => {
    for (const record of audit) {
      if ((paired.get(record.id) ?? []).length > 0) continue;
      const line = candidates.find((l) => !taken.has(l.id) && instant(l.at) === instant(record.occurredAt) && fits(record, l));
      if (line === undefined) continue;
      taken.add(line.id);
      paired.set(record.id, [line]);
    }
  };
  pass((record, line) => activityOf(line.activityId) === (expectedActivity[record.action] ?? 'handle'));
  pass(() => true);
  return paired;
}

// ---------------------------------------------------------------------------------------------
// The trail

const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The record's legal basis (several rules separated by `;`), and a decision's own basis in its details. */
export function legalBasesOf(record: Pick<TrailAuditRecord, 'legalBasis' | 'details'>): string[] {
  const own = record.details['legalBasis'];
  const bases = [...(record.legalBasis ?? '').split(';'), typeof own === 'string' ? own : ''].map((b) => b.trim()).filter((b) => b !== '');
  return [...new Set(bases)];
}

const formOf = (details: Readonly<Record<string, unknown>>, kase: TrailCase): { id: string; version: number } => {
  const form = details['form'];
  if (form !== null && typeof form === 'object') {
    const { id, version } = form as Record<string, unknown>;
    if (typeof id === 'string' && typeof version === 'number') return { id, version };
  }
  return { id: kase.formId, version: kase.formVersion };
};

const statusOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const processingOf = (line: TrailProcessingLine): TrailProcessing => ({
  id: line.id,
  at: line.at,
  name: line.name,
  activityId: line.activityId,
  organisationCode: line.organisationCode,
  subjectType: line.subjectType,
});

/** The whole trail of one case: every step in order, the work-queue views, and the due date explained. */
export function buildCaseTrail(input: TrailInput): CaseTrail {
  const kase = input.case;
  const answers = answeredFieldItems(input.form, kase.answeredFields);
  const { caseLines, queueViews } = splitLines(input.lines, kase.id);
  const paired = pairLines(input.audit, caseLines);
  const pairedIds = new Set([...paired.values()].flat().map((l) => l.id));

  type Unnumbered = Omit<TrailStep, 'number'> & { order: { at: string; id: string } };
  const fromAudit = input.audit.map((record): Unnumbered => {
    const lines = paired.get(record.id) ?? [];
    const submitted = record.action === 'delivery.case_submitted';
    const version = record.details['serviceVersion'];
    return {
      order: { at: record.occurredAt, id: record.id },
      at: record.occurredAt,
      kind: 'change',
      code: record.action,
      label: actionLabel(record.action),
      who: partyOf(record.actorType, record.actorId, record.organisationId, kase.applicant),
      onBehalfOf:
        record.onBehalfOf === null
          ? null
          : partyOf(record.onBehalfOf.type, record.onBehalfOf.id, null, kase.applicant, record.onBehalfOf.mandateId),
      actingBasis: parseActingBasis(record.details['basis']),
      legalBases: legalBasesOf(record),
      serviceVersion: typeof version === 'number' ? version : kase.serviceVersion,
      form: formOf(record.details, kase),
      fromStatus: statusOf(record.details['from']),
      toStatus: statusOf(record.details['to']) ?? (submitted ? 'submitted' : null),
      facts: factsOf(record.details),
      requestId: record.requestId,
      processing: lines.map(processingOf),
      personalData: distinctItems(lines.flatMap((l) => dataOfLine(l, answers))),
    };
  });
  const fromLines = caseLines
    .filter((l) => !pairedIds.has(l.id))
    .map((line): Unnumbered => ({
      order: { at: line.at, id: line.id },
      at: line.at,
      kind: 'processing',
      code: line.activityId,
      label: lineLabel(line),
      who: partyOfLine(line),
      onBehalfOf: null,
      actingBasis: null,
      legalBases: [],
      serviceVersion: kase.serviceVersion,
      form: { id: kase.formId, version: kase.formVersion },
      fromStatus: null,
      toStatus: null,
      facts: {},
      requestId: null,
      processing: [processingOf(line)],
      personalData: distinctItems(dataOfLine(line, answers)),
    }));
  const steps = [...fromAudit, ...fromLines]
    .sort((a, b) => byTimeThenId(a.order, b.order))
    .map(({ order: _order, ...step }, i): TrailStep => ({ number: i + 1, ...step }));

  const days = new Map<string, TrailQueueDay>();
  for (const line of queueViews) {
    const date = amsterdamDay.format(new Date(line.at));
    const key = `${date}|${line.organisationCode ?? ''}`;
    const day = days.get(key);
    days.set(key, { date, organisationCode: line.organisationCode, count: (day?.count ?? 0) + 1 });
  }

  return {
    case: {
      organisationCode: kase.organisationCode,
      id: kase.id,
      caseNumber: kase.caseNumber,
      service: { id: kase.serviceId, title: kase.serviceTitle, uplUri: kase.uplUri, version: kase.serviceVersion },
      form: {
        id: kase.formId,
        version: kase.formVersion,
        title: input.form === undefined ? null : { nl: input.form.title.nl, en: input.form.title.en },
      },
      applicantKind: kase.applicant.kind,
      status: kase.status,
      outcome: kase.outcome,
      receivedOn: kase.receivedOn,
      submittedAt: kase.submittedAt,
      decidedAt: kase.decidedAt,
    },
    generatedAt: input.generatedAt,
    steps,
    queueViews: queueViews.map((l) => ({ at: l.at, name: l.name, activityId: l.activityId, organisationCode: l.organisationCode })),
    queueViewsByDay: [...days.values()],
    decisionTerm: { dueDate: input.term.dueDate, steps: input.term.steps },
  };
}
