// All SQL for cases: the case itself, its timeline and the case-number counter.
//
// Sharding (ARCHITECTURE.md, Scale path): a case belongs to the organisation that handles it, so
// organisation_code leads every primary key (case, timeline, counter). "Mijn zaken" reads by
// applicant (index applicant_kind, applicant_id, submitted_at); the work queue by organisation
// and status, sorted by due date (index organisation_code, status, due_date).
import { sql } from 'kysely';
import { readBool, readJson, writeJson, type Db, type MigrationSet, type Trx } from '../../platform/db/index.ts';
import { isPending, pendingStatuses, type CaseStatus, type DecisionOutcome } from './model.ts';
import type { ApplicantKind } from './policy.ts';

export interface DeliveryCaseTable {
  organisation_code: string;
  id: string;
  case_number: string;
  service_id: string;
  upl_uri: string;
  form_id: string;
  form_version: number;
  applicant_kind: string;
  applicant_id: string;
  /** Who submitted for the applicant (a representative's BSN, or the person acting for a business). */
  acting_kind: string | null;
  acting_id: string | null;
  status: string;
  outcome: string | null;
  received_on: string;
  due_date: string | null;
  statutory_term_weeks: number | null;
  term_weeks: number;
  assignee_official_id: string | null;
  answers: string;
  idempotency_key: string;
  submitted_at: string;
  decided_at: string | null;
  decision: string | null;
  updated_at: string;
  // Added by 2026-11-29-805-delivery-case-terms.
  service_version: number;
  silence_consent: number | boolean;
  dwangsom: number | boolean;
  /** The last day of an open request for information (the term is suspended until it passes). */
  complete_by: string | null;
  notice_of_default_on: string | null;
  term_exceeded_on: string | null;
  term_state: string;
  /** Added by 2026-11-29-806-delivery-queue-order: the work queue's sort key, see `openDue`. */
  open_due: string | null;
}

export interface DeliveryCaseEventTable {
  organisation_code: string;
  case_id: string;
  seq: number;
  at: string;
  action: string;
  actor_kind: string;
  actor_id: string | null;
  from_status: string | null;
  to_status: string;
  details: string;
}

export interface DeliveryCaseCounterTable {
  organisation_code: string;
  year: number;
  last_number: number;
}

export type DeliveryTables = {
  delivery_case: DeliveryCaseTable;
  delivery_case_event: DeliveryCaseEventTable;
  delivery_case_counter: DeliveryCaseCounterTable;
};

const tables = (db: Db | Trx) => db.withTables<DeliveryTables>();

/** The decision as stored with the case. */
export interface StoredDecision {
  readonly outcome: DecisionOutcome | 'granted_by_operation_of_law';
  readonly motivation: string;
  /** The rule the decision rests on (the article of the service's law). */
  readonly legalBasis: string;
  readonly decidedOn: string;
  readonly objectionLastDay: string;
}

/** A request to complete the application (Awb 4:5) and, once answered or lapsed, when the term ran again. */
export interface InformationRequest {
  readonly requestedOn: string;
  readonly completeBy: string;
  readonly message: string;
  /** The day the information came in, or the day after `completeBy` when it did not: the term runs again. Null while open. */
  readonly resumedOn: string | null;
  readonly answered: boolean;
}

/** An Awb 4:14 notice: the decision will come by `newDueDate`. */
export interface TermExtension {
  readonly sentOn: string;
  readonly newDueDate: string;
  readonly reason: string;
}

/** Everything that moves the decision term, kept with the case so the due date can be recomputed from it. */
export interface TermState {
  readonly informationRequests: readonly InformationRequest[];
  readonly extensions: readonly TermExtension[];
}

export const emptyTermState: TermState = { informationRequests: [], extensions: [] };

export interface DeliveryCase {
  organisationCode: string;
  id: string;
  caseNumber: string;
  serviceId: string;
  uplUri: string;
  formId: string;
  formVersion: number;
  applicant: { kind: ApplicantKind; id: string };
  actingFor: { kind: 'person'; id: string } | null;
  status: CaseStatus;
  outcome: DecisionOutcome | null;
  receivedOn: string;
  dueDate: string | null;
  /** The service's statutory term in weeks; null when the Awb 4:13 lid 2 term applies. */
  statutoryTermWeeks: number | null;
  /** The term that applies, in weeks. */
  termWeeks: number;
  assigneeOfficialId: string | null;
  answers: Record<string, unknown>;
  idempotencyKey: string;
  submittedAt: string;
  decidedAt: string | null;
  decision: StoredDecision | null;
  updatedAt: string;
  /** The version of the service's description the application was made under (catalog). */
  serviceVersion: number;
  /** Awb 4:20a: silence means consent for this service (a decision by operation of law when late). */
  silenceConsent: boolean;
  /** Awb 4:17: a penalty is owed when late, after a notice of default. */
  dwangsom: boolean;
  completeBy: string | null;
  /** The day the applicant's notice of default (ingebrekestelling) was received. */
  noticeOfDefaultOn: string | null;
  /** The day Loket recorded that the term had passed without a decision (event case.term_exceeded). */
  termExceededOn: string | null;
  termState: TermState;
}

export interface CaseEvent {
  seq: number;
  at: string;
  action: string;
  actor: { kind: string; id: string | null };
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  details: Record<string, unknown>;
}

function toCase(r: DeliveryCaseTable): DeliveryCase {
  return {
    organisationCode: r.organisation_code,
    id: r.id,
    caseNumber: r.case_number,
    serviceId: r.service_id,
    uplUri: r.upl_uri,
    formId: r.form_id,
    formVersion: r.form_version,
    applicant: { kind: r.applicant_kind as ApplicantKind, id: r.applicant_id },
    actingFor: r.acting_kind === 'person' && r.acting_id !== null ? { kind: 'person', id: r.acting_id } : null,
    status: r.status as CaseStatus,
    outcome: r.outcome as DecisionOutcome | null,
    receivedOn: dateText(r.received_on),
    dueDate: r.due_date === null ? null : dateText(r.due_date),
    statutoryTermWeeks: r.statutory_term_weeks,
    termWeeks: r.term_weeks,
    assigneeOfficialId: r.assignee_official_id,
    answers: readJson<Record<string, unknown>>(r.answers),
    idempotencyKey: r.idempotency_key,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    decision: r.decision === null ? null : readJson<StoredDecision>(r.decision),
    updatedAt: r.updated_at,
    serviceVersion: r.service_version,
    silenceConsent: readBool(r.silence_consent),
    dwangsom: readBool(r.dwangsom),
    completeBy: r.complete_by === null ? null : dateText(r.complete_by),
    noticeOfDefaultOn: r.notice_of_default_on === null ? null : dateText(r.notice_of_default_on),
    termExceededOn: r.term_exceeded_on === null ? null : dateText(r.term_exceeded_on),
    termState: { ...emptyTermState, ...readJson<Partial<TermState>>(r.term_state) },
  };
}

/** A date column as `YYYY-MM-DD` (the pg driver may be configured to return Date objects or text). */
function dateText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

function toRow(c: DeliveryCase): DeliveryCaseTable {
  return {
    organisation_code: c.organisationCode,
    id: c.id,
    case_number: c.caseNumber,
    service_id: c.serviceId,
    upl_uri: c.uplUri,
    form_id: c.formId,
    form_version: c.formVersion,
    applicant_kind: c.applicant.kind,
    applicant_id: c.applicant.id,
    acting_kind: c.actingFor?.kind ?? null,
    acting_id: c.actingFor?.id ?? null,
    status: c.status,
    outcome: c.outcome,
    received_on: c.receivedOn,
    due_date: c.dueDate,
    statutory_term_weeks: c.statutoryTermWeeks,
    term_weeks: c.termWeeks,
    assignee_official_id: c.assigneeOfficialId,
    answers: writeJson(c.answers),
    idempotency_key: c.idempotencyKey,
    submitted_at: c.submittedAt,
    decided_at: c.decidedAt,
    decision: c.decision === null ? null : writeJson(c.decision),
    updated_at: c.updatedAt,
    service_version: c.serviceVersion,
    // 1/0 binds on both drivers (PostgreSQL reads '1' as true).
    silence_consent: c.silenceConsent ? 1 : 0,
    dwangsom: c.dwangsom ? 1 : 0,
    complete_by: c.completeBy,
    notice_of_default_on: c.noticeOfDefaultOn,
    term_exceeded_on: c.termExceededOn,
    term_state: writeJson(c.termState),
    open_due: openDue(c),
  };
}

/** Later than any real due date: a suspended term (no due date) sorts last in the work queue. */
export const unknownDueDate = '9999-12-31';

/**
 * The work queue's sort key: the due date of a pending case (`unknownDueDate` while the term is
 * suspended), null once it is no longer pending. With the index (organisation_code, open_due,
 * case_number) the default queue — every pending case by due date — is read in index order, so a
 * page costs the same with 20 or 200,000 pending cases.
 */
export function openDue(c: Pick<DeliveryCase, 'status' | 'dueDate'>): string | null {
  return isPending(c.status) ? (c.dueDate ?? unknownDueDate) : null;
}

/** The next case number of an organisation in a year: `Z-2026-000123`. Atomic (one upsert), also between concurrent submits. */
export async function nextCaseNumber(trx: Trx, organisationCode: string, year: number): Promise<string> {
  const row = await tables(trx)
    .insertInto('delivery_case_counter')
    .values({ organisation_code: organisationCode, year, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(['organisation_code', 'year'])
        .doUpdateSet({ last_number: sql<number>`${sql.ref('delivery_case_counter.last_number')} + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return `Z-${year}-${String(row.last_number).padStart(6, '0')}`;
}

/** Stores a new case unless the applicant already used this idempotency key; returns whether it was stored. */
export async function insertCase(trx: Trx, c: DeliveryCase): Promise<boolean> {
  const result = await tables(trx)
    .insertInto('delivery_case')
    .values(toRow(c))
    .onConflict((oc) => oc.columns(['applicant_kind', 'applicant_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Writes the changeable fields of a case (status, outcome, due date, assignee, decision). */
export async function updateCase(trx: Trx, c: DeliveryCase): Promise<void> {
  // Everything that can change after submit; the application itself (answers, form, applicant) never does.
  const { status, outcome, due_date, assignee_official_id, decided_at, decision, updated_at, silence_consent, dwangsom } = toRow(c);
  const { complete_by, notice_of_default_on, term_exceeded_on, term_state, open_due } = toRow(c);
  await tables(trx)
    .updateTable('delivery_case')
    .set({
      status,
      outcome,
      due_date,
      assignee_official_id,
      decided_at,
      decision,
      updated_at,
      silence_consent,
      dwangsom,
      complete_by,
      notice_of_default_on,
      term_exceeded_on,
      term_state,
      open_due,
    })
    .where('organisation_code', '=', c.organisationCode)
    .where('id', '=', c.id)
    .execute();
}

export async function findCase(db: Db | Trx, organisationCode: string, id: string): Promise<DeliveryCase | undefined> {
  const r = await tables(db)
    .selectFrom('delivery_case')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toCase(r) : undefined;
}

/** The case and lock for update (PostgreSQL; SQLite has a single writer already). */
export async function findCaseForUpdate(
  trx: Trx,
  organisationCode: string,
  id: string,
  dialect: 'sqlite' | 'postgres',
): Promise<DeliveryCase | undefined> {
  let q = tables(trx).selectFrom('delivery_case').selectAll().where('organisation_code', '=', organisationCode).where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toCase(r) : undefined;
}

export async function findByIdempotencyKey(
  db: Db | Trx,
  applicant: { kind: ApplicantKind; id: string },
  key: string,
): Promise<DeliveryCase | undefined> {
  const r = await tables(db)
    .selectFrom('delivery_case')
    .selectAll()
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return r ? toCase(r) : undefined;
}

/** A service of an organisation (the key of a published service). */
export interface ServiceRef {
  readonly organisationCode: string;
  readonly serviceId: string;
}

/** The services an applicant has cases of (each once): what someone acting for them is checked against. */
export async function applicantServices(db: Db | Trx, applicant: { kind: ApplicantKind; id: string }): Promise<ServiceRef[]> {
  const rows = await tables(db)
    .selectFrom('delivery_case')
    .select(['organisation_code', 'service_id'])
    .distinct()
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id)
    .orderBy('organisation_code')
    .orderBy('service_id')
    .execute();
  return rows.map((r) => ({ organisationCode: r.organisation_code, serviceId: r.service_id }));
}

/** An applicant's cases, newest first, with the total; only those of `services` when given (null: all). */
export async function listApplicantCases(
  db: Db,
  applicant: { kind: ApplicantKind; id: string },
  page: { limit: number; offset: number },
  services: readonly ServiceRef[] | null = null,
): Promise<{ items: DeliveryCase[]; total: number }> {
  if (services !== null && services.length === 0) return { items: [], total: 0 };
  let base = tables(db).selectFrom('delivery_case').where('applicant_kind', '=', applicant.kind).where('applicant_id', '=', applicant.id);
  if (services !== null)
    base = base.where((eb) =>
      eb.or(services.map((s) => eb.and([eb('organisation_code', '=', s.organisationCode), eb('service_id', '=', s.serviceId)]))),
    );
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map(toCase), total: Number(count?.n ?? 0) };
}

export const queueSorts = ['due_date', '-due_date', 'received_on', '-received_on'] as const;
export type QueueSort = (typeof queueSorts)[number];

export interface QueueQuery {
  organisationCode: string;
  statuses: readonly CaseStatus[];
  /** Only cases whose due date is before this day. */
  overdueBefore: string | null;
  /** `none`: unassigned; an official's id: theirs; null: everyone's. */
  assignee: string | null;
  serviceId: string | null;
  sort: QueueSort;
  limit: number;
  offset: number;
  /** Count at most this many (default `queueCountCap`). */
  countCap?: number;
}

/** An organisation's cases in the given states, by due date (unknown due dates last), then case number. */
export async function listQueue(db: Db, query: QueueQuery): Promise<{ items: DeliveryCase[]; total: number; totalCapped: boolean }> {
  // Only pending cases: the sort key `open_due` orders them (index delivery_case_open_due).
  const onlyPending = query.statuses.every((s) => (pendingStatuses as readonly string[]).includes(s));
  let base = tables(db).selectFrom('delivery_case').where('organisation_code', '=', query.organisationCode);
  if (onlyPending) {
    base = base.where('open_due', 'is not', null);
    if (query.statuses.length < pendingStatuses.length) base = base.where('status', 'in', [...query.statuses]);
  } else base = base.where('status', 'in', [...query.statuses]);
  if (query.overdueBefore !== null) base = base.where(onlyPending ? 'open_due' : 'due_date', '<', query.overdueBefore);
  if (query.assignee === 'none') base = base.where('assignee_official_id', 'is', null);
  else if (query.assignee !== null) base = base.where('assignee_official_id', '=', query.assignee);
  if (query.serviceId !== null) base = base.where('service_id', '=', query.serviceId);
  const descending = query.sort.startsWith('-');
  const direction = descending ? 'desc' : 'asc';
  let ordered = base.selectAll();
  if (query.sort === 'due_date' && onlyPending) ordered = ordered.orderBy('open_due').orderBy('case_number');
  else {
    const column = query.sort.replace(/^-/, '') as 'due_date' | 'received_on';
    // Unknown due dates (a suspended term) last either way.
    ordered = ordered
      .orderBy(sql`${sql.ref(column)} is null`)
      .orderBy(column, direction)
      .orderBy('case_number', direction);
  }
  const cap = query.countCap ?? queueCountCap;
  // Counted up to a cap: a national organisation can have 100,000 pending cases, and counting
  // them all on every page view would cost more than reading the page.
  const [rows, count] = await Promise.all([
    ordered.limit(query.limit).offset(query.offset).execute(),
    db
      .selectFrom(
        base
          .select('id')
          .limit(queueCountCap + 1)
          .as('counted'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
  ]);
  const n = Number(count?.n ?? 0);
  return { items: rows.map(toCase), total: Math.min(n, cap), totalCapped: n > cap };
}

/** The work queue counts its cases up to this number ("more than 10,000"). */
export const queueCountCap = 10_000;

/** Whether any case exists (demo data is only made into an empty database). */
export async function hasCases(db: Db): Promise<boolean> {
  return (await tables(db).selectFrom('delivery_case').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Cases whose term needs a step today: a lapsed information request (resume), or a passed due date not yet recorded. */
export async function listTermWork(
  db: Db,
  today: string,
  limit: number,
): Promise<{ lapsedRequests: { organisationCode: string; id: string }[]; passedTerms: { organisationCode: string; id: string }[] }> {
  const [lapsed, passed] = await Promise.all([
    tables(db)
      .selectFrom('delivery_case')
      .select(['organisation_code', 'id'])
      .where('status', '=', 'awaiting_information')
      .where('complete_by', '<', today)
      .limit(limit)
      .execute(),
    tables(db)
      .selectFrom('delivery_case')
      .select(['organisation_code', 'id'])
      .where('status', 'in', ['submitted', 'in_progress'])
      .where('due_date', '<', today)
      .where((eb) => eb.or([eb('term_exceeded_on', 'is', null), eb('silence_consent', '=', sql<boolean>`${sql.lit(true)}`)]))
      .limit(limit)
      .execute(),
  ]);
  const key = (r: { organisation_code: string; id: string }) => ({ organisationCode: r.organisation_code, id: r.id });
  return { lapsedRequests: lapsed.map(key), passedTerms: passed.map(key) };
}

/** Adds a timeline entry with the next sequence number of the case. */
export async function appendCaseEvent(trx: Trx, organisationCode: string, caseId: string, e: Omit<CaseEvent, 'seq'>): Promise<number> {
  const last = await tables(trx)
    .selectFrom('delivery_case_event')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('organisation_code', '=', organisationCode)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const seq = (last?.seq ?? 0) + 1;
  await tables(trx)
    .insertInto('delivery_case_event')
    .values({
      organisation_code: organisationCode,
      case_id: caseId,
      seq,
      at: e.at,
      action: e.action,
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      details: writeJson(e.details),
    })
    .execute();
  return seq;
}

/** The timeline of a case, oldest first. */
export async function caseTimeline(db: Db | Trx, organisationCode: string, caseId: string): Promise<CaseEvent[]> {
  const rows = await tables(db)
    .selectFrom('delivery_case_event')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    action: r.action,
    actor: { kind: r.actor_kind, id: r.actor_id },
    fromStatus: r.from_status as CaseStatus | null,
    toStatus: r.to_status as CaseStatus,
    details: readJson<Record<string, unknown>>(r.details),
  }));
}

export const deliveryMigrations: MigrationSet = {
  '2026-11-29-800-delivery-cases': async (db, t) => {
    await db.schema
      .createTable('delivery_case')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('id', t.uuid, (c) => c.notNull())
      .addColumn('case_number', 'text', (c) => c.notNull())
      .addColumn('service_id', t.uuid, (c) => c.notNull())
      .addColumn('upl_uri', 'text', (c) => c.notNull())
      .addColumn('form_id', 'text', (c) => c.notNull())
      .addColumn('form_version', 'integer', (c) => c.notNull())
      .addColumn('applicant_kind', 'text', (c) => c.notNull())
      .addColumn('applicant_id', 'text', (c) => c.notNull())
      .addColumn('acting_kind', 'text')
      .addColumn('acting_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('received_on', t.date, (c) => c.notNull())
      .addColumn('due_date', t.date)
      .addColumn('statutory_term_weeks', 'integer')
      .addColumn('term_weeks', 'integer', (c) => c.notNull())
      .addColumn('assignee_official_id', t.uuid)
      .addColumn('answers', t.json, (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('submitted_at', t.timestamp, (c) => c.notNull())
      .addColumn('decided_at', t.timestamp)
      .addColumn('decision', t.json)
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_case_pk', ['organisation_code', 'id'])
      .addUniqueConstraint('delivery_case_number', ['organisation_code', 'case_number'])
      .addUniqueConstraint('delivery_case_idempotency', ['applicant_kind', 'applicant_id', 'idempotency_key'])
      .addCheckConstraint('delivery_case_applicant_kind', sql`${sql.ref('applicant_kind')} in ('person', 'business')`)
      .execute();
    await db.schema
      .createIndex('delivery_case_applicant')
      .on('delivery_case')
      .columns(['applicant_kind', 'applicant_id', 'submitted_at'])
      .execute();
    await db.schema.createIndex('delivery_case_queue').on('delivery_case').columns(['organisation_code', 'status', 'due_date']).execute();

    await db.schema
      .createTable('delivery_case_event')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('case_id', t.uuid, (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', t.timestamp, (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_kind', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('details', t.json, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_case_event_pk', ['organisation_code', 'case_id', 'seq'])
      .addForeignKeyConstraint(
        'delivery_case_event_case_fk',
        ['organisation_code', 'case_id'],
        'delivery_case',
        ['organisation_code', 'id'],
        (c) => c.onDelete('cascade'),
      )
      .execute();

    await db.schema
      .createTable('delivery_case_counter')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('last_number', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_case_counter_pk', ['organisation_code', 'year'])
      .execute();
  },
  '2026-11-29-805-delivery-case-terms': async (db, t) => {
    const add = (column: string, type: Parameters<ReturnType<typeof db.schema.alterTable>['addColumn']>[1], fill?: unknown) =>
      db.schema
        .alterTable('delivery_case')
        .addColumn(column, type, (c) => (fill === undefined ? c : c.notNull().defaultTo(fill)))
        .execute();
    await add('service_version', 'integer', 1);
    await add('silence_consent', t.bool, t.dialect === 'postgres' ? false : 0);
    await add('dwangsom', t.bool, t.dialect === 'postgres' ? false : 0);
    await add('complete_by', t.date);
    await add('notice_of_default_on', t.date);
    await add('term_exceeded_on', t.date);
    await add('term_state', t.json, '{}');
    // The term sweep (jobs.ts) looks for passed due dates and lapsed requests across organisations.
    await db.schema.createIndex('delivery_case_term').on('delivery_case').columns(['status', 'due_date']).execute();
    await db.schema.createIndex('delivery_case_complete_by').on('delivery_case').columns(['status', 'complete_by']).execute();
  },
  '2026-11-29-806-delivery-queue-order': async (db, t) => {
    await db.schema.alterTable('delivery_case').addColumn('open_due', t.date).execute();
    await sql`update delivery_case set open_due = coalesce(due_date, ${sql.lit(unknownDueDate)})
      where status in ('submitted', 'in_progress', 'awaiting_information')`.execute(db);
    await db.schema
      .createIndex('delivery_case_open_due')
      .on('delivery_case')
      .columns(['organisation_code', 'open_due', 'case_number'])
      .execute();
  },
};
