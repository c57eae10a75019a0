// Cases for the delivery benchmark: a deterministic generator of realistic delivery_case rows
// (applicants from the nation seed's BSN and KVK sequences, services from the catalog, three
// years of applications with statuses that follow the decision term), and bulk loaders that write
// them straight into delivery_case and delivery_case_event on SQLite or PostgreSQL. Loading is
// benchmark setup, not a use case: it bypasses the service on purpose and is never measured.
//
// The loaders read the table's columns from the database, so columns added by later migrations
// are filled from the generator when it knows them, left to their default or null otherwise.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { computeDecisionDue, decisionTermBasis, pendingStatuses } from '../../src/modules/delivery/model.ts';
import { bsnAt, kvkAt, numberRanges } from '../../src/modules/registry/seed/identifiers.ts';
import { NATION_PERSONS, businessesFor } from '../../src/modules/registry/seed/nation.ts';
import { Random, Weighted, uuidV7 } from '../../src/modules/registry/seed/random.ts';
import { fromDayNumber, toDayNumber, type IsoDate } from '../../src/platform/time/index.ts';

export type ServiceGroup = 'national' | 'municipality' | 'province' | 'water_board';

/** A published catalog service cases can be made for. */
export interface CaseService {
  organisationCode: string;
  id: string;
  uplUri: string;
  group: ServiceGroup;
  citizen: boolean;
  business: boolean;
  statutoryWeeks: number | null;
  silenceConsent: boolean;
  dwangsom: boolean;
  version: number;
}

/** One generated case (and the details of its submit event), in the columns' terms. */
export interface GeneratedCase {
  organisation_code: string;
  id: string;
  case_number: string;
  service_id: string;
  upl_uri: string;
  form_id: string;
  form_version: number;
  applicant_kind: 'person' | 'business';
  applicant_id: string;
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
  service_version: number;
  silence_consent: boolean;
  dwangsom: boolean;
  complete_by: string | null;
  notice_of_default_on: string | null;
  term_exceeded_on: string | null;
  term_state: string;
  /** The work queue's sort key (store.ts `openDue`). */
  open_due: string | null;
  /** The submit event's details (JSON text). */
  eventDetails: string;
}

/** Share of cases per kind of organisation (national agencies handle the large volumes). */
const groupWeights: Record<ServiceGroup, number> = { national: 0.35, municipality: 0.55, province: 0.06, water_board: 0.04 };
/** Share of cases made by businesses (the rest by persons). */
const businessShare = 0.15;
/** Half of the persons' cases come from a tenth of the population: some people apply often. */
const frequentShare = 0.5;
const officialsPerOrganisation = 8;
const historyDays = 3 * 365;

const filler =
  'Ik vraag dit aan omdat mijn situatie is veranderd. Ik heb de gevraagde gegevens bijgevoegd en hoor graag wanneer ik een besluit kan verwachten. ' +
  'Mijn adres en telefoonnummer staan in mijn profiel. Als u nog iets nodig hebt, laat het mij dan weten via de berichtenbox.';

const pending: readonly string[] = pendingStatuses;

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `HH:MM:SS.mmm` of a millisecond of the day. */
function timeOfDay(ms: number): string {
  const s = Math.floor(ms / 1000);
  const milli = ms % 1000;
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}

/** Deterministic cases 0…n-1, in the order they were received (oldest first). */
export class CaseGenerator {
  readonly #random: Random;
  readonly #n: number;
  readonly #firstDay: number;
  readonly #todayNumber: number;
  readonly #today: IsoDate;
  readonly #personGroups: Weighted<CaseService[]>;
  readonly #businessGroups: Weighted<CaseService[]>;
  readonly #businesses = businessesFor(NATION_PERSONS);
  readonly #counters = new Map<string, number>();
  readonly #officials = new Map<string, string[]>();
  readonly #due = new Map<string, { date: IsoDate; dayNumber: number }>();
  readonly #days: IsoDate[] = [];
  readonly #dayStartMs: number[] = [];

  constructor(services: readonly CaseService[], n: number, today: IsoDate, seed = 42) {
    this.#random = new Random(seed, 0xde11);
    this.#n = n;
    this.#today = today;
    this.#todayNumber = toDayNumber(today);
    this.#firstDay = this.#todayNumber - historyDays + 1;
    for (let d = 0; d < historyDays; d++) {
      const date = fromDayNumber(this.#firstDay + d);
      this.#days.push(date);
      this.#dayStartMs.push(Date.parse(`${date}T00:00:00Z`));
    }
    const groups = (audience: 'citizen' | 'business'): Weighted<CaseService[]> => {
      const entries: [CaseService[], number][] = [];
      for (const group of Object.keys(groupWeights) as ServiceGroup[]) {
        const list = services.filter((s) => s.group === group && s[audience]);
        if (list.length > 0) entries.push([list, groupWeights[group]]);
      }
      if (entries.length === 0) throw new Error(`no published service for ${audience}s`);
      return new Weighted(entries);
    };
    this.#personGroups = groups('citizen');
    this.#businessGroups = groups('business');
  }

  /** The case-number counters after the cases generated so far: organisation → year → last number. */
  counters(): { organisationCode: string; year: number; lastNumber: number }[] {
    return [...this.#counters].map(([key, lastNumber]) => {
      const [organisationCode = '', year = '0'] = key.split('|');
      return { organisationCode, year: Number(year), lastNumber };
    });
  }

  isPending(c: Pick<GeneratedCase, 'status'>): boolean {
    return pending.includes(c.status);
  }

  #official(organisationCode: string): string {
    let list = this.#officials.get(organisationCode);
    if (!list) {
      const r = new Random(7, this.#officials.size);
      list = Array.from({ length: officialsPerOrganisation }, () => uuidV7(r, Date.parse('2024-01-01T00:00:00Z')));
      this.#officials.set(organisationCode, list);
    }
    return this.#random.pick(list);
  }

  /** The due date of a term without suspensions (computed once per day and term). */
  #dueDate(receivedOn: IsoDate, statutory: number | null): { date: IsoDate; dayNumber: number } {
    const key = `${receivedOn}|${statutory ?? 'r'}`;
    let due = this.#due.get(key);
    if (due === undefined) {
      const date = computeDecisionDue({ receivedOn, term: decisionTermBasis(statutory, 8) }).dueDate;
      if (date === null) throw new Error('a term without suspension has a due date');
      due = { date, dayNumber: toDayNumber(date) };
      this.#due.set(key, due);
    }
    return due;
  }

  /** Case `i` (call in increasing order: case numbers count up per organisation and year). */
  next(i: number): GeneratedCase {
    const r = this.#random;
    const dayIndex = Math.min(historyDays - 1, Math.floor((i * historyDays) / this.#n));
    const receivedOn = this.#days[dayIndex] ?? this.#today;
    const dayNumber = this.#firstDay + dayIndex;
    // Office hours in UTC, so the UTC date is the Dutch date too.
    const msOfDay = 7 * 3_600_000 + r.int(12 * 3_600_000);
    const ms = (this.#dayStartMs[dayIndex] ?? 0) + msOfDay;
    const submittedAt = `${receivedOn}T${timeOfDay(msOfDay)}Z`;

    const isBusiness = r.chance(businessShare);
    const applicantId = isBusiness
      ? kvkAt(numberRanges.nation.kvkBase, r.int(this.#businesses))
      : bsnAt(numberRanges.nation.bsnBase, r.chance(frequentShare) ? r.int(NATION_PERSONS / 10) : r.int(NATION_PERSONS));
    const actingId = isBusiness ? bsnAt(numberRanges.nation.bsnBase, r.int(NATION_PERSONS)) : null;
    const service = r.pick((isBusiness ? this.#businessGroups : this.#personGroups).draw(r));

    const year = Number(receivedOn.slice(0, 4));
    const counterKey = `${service.organisationCode}|${year}`;
    const number = (this.#counters.get(counterKey) ?? 0) + 1;
    this.#counters.set(counterKey, number);
    const caseNumber = `Z-${year}-${String(number).padStart(6, '0')}`;

    const termWeeks = service.statutoryWeeks ?? 8;
    const { date: dueDate, dayNumber: dueNumber } = this.#dueDate(receivedOn, service.statutoryWeeks);
    const overdueDays = this.#todayNumber - dueNumber;

    // Within the term: pending. After it: mostly decided, a few still open (fewer the older they are).
    const open = overdueDays <= 0 || r.chance(overdueDays < 180 ? 0.03 : 0.002);
    let status: string;
    let outcome: string | null = null;
    let decidedAt: string | null = null;
    let decision: string | null = null;
    let due: string | null = dueDate;
    let completeBy: string | null = null;
    let assignee: string | null = null;
    let termExceededOn: string | null = null;
    let updatedAt = submittedAt;
    if (open) {
      const x = r.next();
      status = x < 0.35 ? 'submitted' : x < 0.85 ? 'in_progress' : 'awaiting_information';
      if (status !== 'submitted') assignee = this.#official(service.organisationCode);
      if (status === 'awaiting_information') {
        due = null;
        completeBy = fromDayNumber(this.#todayNumber + 1 + r.int(28));
      }
      if (due !== null && overdueDays > 0) termExceededOn = fromDayNumber(dueNumber + 1);
    } else {
      const x = r.next();
      status = x < 0.06 ? 'withdrawn' : x < 0.36 ? 'closed' : 'decided';
      if (status === 'decided' && service.silenceConsent && r.chance(0.05)) status = 'decided_by_operation_of_law';
      const decidedDay = Math.min(this.#todayNumber, dayNumber + 1 + r.int(Math.max(1, dueNumber - dayNumber)));
      const decidedOn = fromDayNumber(decidedDay);
      decidedAt = `${decidedOn}T${String(8 + r.int(9)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}:00.000Z`;
      updatedAt = decidedAt;
      if (status !== 'withdrawn') {
        const y = r.next();
        outcome =
          status === 'decided_by_operation_of_law'
            ? 'granted_by_operation_of_law'
            : y < 0.8
              ? 'granted'
              : y < 0.85
                ? 'partly_granted'
                : y < 0.97
                  ? 'refused'
                  : 'not_considered';
        const objectionLastDay = fromDayNumber(decidedDay + 42);
        decision = `{"outcome":"${outcome}","motivation":"U voldoet aan de voorwaarden van de regeling.","legalBasis":"Awb 1:3","decidedOn":"${decidedOn}","objectionLastDay":"${objectionLastDay}"}`;
      } else {
        decidedAt = null;
      }
    }
    const text = filler.slice(0, 40 + r.int(filler.length - 40));
    return {
      organisation_code: service.organisationCode,
      id: uuidV7(r, ms),
      case_number: caseNumber,
      service_id: service.id,
      upl_uri: service.uplUri,
      form_id: 'toelichting',
      form_version: 1,
      applicant_kind: isBusiness ? 'business' : 'person',
      applicant_id: applicantId,
      acting_kind: actingId === null ? null : 'person',
      acting_id: actingId,
      status,
      outcome,
      received_on: receivedOn,
      due_date: due,
      statutory_term_weeks: service.statutoryWeeks,
      term_weeks: termWeeks,
      assignee_official_id: assignee,
      answers: `{"toelichting":"${text}"}`,
      idempotency_key: `bulk-${i.toString(36).padStart(8, '0')}`,
      submitted_at: submittedAt,
      decided_at: decidedAt,
      decision,
      updated_at: updatedAt,
      service_version: service.version,
      silence_consent: service.silenceConsent,
      dwangsom: service.dwangsom,
      complete_by: completeBy,
      notice_of_default_on: null,
      term_exceeded_on: termExceededOn,
      term_state:
        completeBy === null
          ? '{}'
          : `{"informationRequests":[{"requestedOn":"${fromDayNumber(this.#todayNumber - 1)}","completeBy":"${completeBy}","message":"Stuur ons een kopie van uw identiteitsbewijs.","resumedOn":null,"answered":false}],"extensions":[]}`,
      open_due: pending.includes(status) ? (due ?? '9999-12-31') : null,
      eventDetails: `{"caseNumber":"${caseNumber}","dueDate":"${dueDate}","termWeeks":${termWeeks},"termBasis":"${service.statutoryWeeks === null ? 'reasonable' : 'statutory'}"}`,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Column plans: which generated field goes into which column (read from the database)

type Value = string | number | boolean | null;

export interface Column {
  name: string;
  /** Declared type (SQLite) or udt_name (PostgreSQL). */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

const eventFields: Record<string, (c: GeneratedCase) => Value> = {
  organisation_code: (c) => c.organisation_code,
  case_id: (c) => c.id,
  seq: () => 1,
  at: (c) => c.submitted_at,
  action: () => 'submit',
  actor_kind: () => 'applicant',
  actor_id: () => null,
  from_status: () => null,
  to_status: () => 'submitted',
  details: (c) => c.eventDetails,
};

function fallback(column: Column, dialect: 'sqlite' | 'postgres'): Value {
  const t = column.type.toLowerCase();
  if (t.includes('bool')) return dialect === 'sqlite' ? 0 : false;
  if (t.includes('int') || t.includes('numeric')) return 0;
  if (t.includes('json')) return '{}';
  return '';
}

/**
 * For each column the table has: how to get its value from a generated case. Columns the generator
 * does not know are left out when they may be (nullable or with a default); a NOT NULL column
 * without a default gets a type-based filler value, with a warning.
 */
export function columnPlan(
  table: 'delivery_case' | 'delivery_case_event',
  columns: readonly Column[],
  dialect: 'sqlite' | 'postgres',
  warn: (message: string) => void,
): { names: string[]; types: string[]; values: ((c: GeneratedCase) => Value)[] } {
  const names: string[] = [];
  const types: string[] = [];
  const values: ((c: GeneratedCase) => Value)[] = [];
  for (const column of columns) {
    let get: ((c: GeneratedCase) => Value) | undefined;
    if (table === 'delivery_case_event') get = eventFields[column.name];
    else if (column.name !== 'eventDetails' && Object.hasOwn(sampleCase, column.name)) {
      const key = column.name as keyof GeneratedCase;
      get = (c) => c[key];
    }
    if (get === undefined) {
      if (!column.notNull || column.hasDefault) continue;
      const filler = fallback(column, dialect);
      warn(`${table}.${column.name} is NOT NULL without a default and unknown to the generator: filled with ${JSON.stringify(filler)}`);
      get = () => filler;
    }
    if (dialect === 'sqlite' && booleanFields.has(column.name)) {
      const inner = get;
      get = (c) => {
        const v = inner(c);
        return typeof v === 'boolean' ? (v ? 1 : 0) : v;
      };
    }
    names.push(column.name);
    types.push(column.type);
    values.push(get);
  }
  return { names, types, values };
}

/** The fields SQLite stores as 1/0. */
const booleanFields: ReadonlySet<string> = new Set<keyof GeneratedCase>(['silence_consent', 'dwangsom']);

/** Every field name of GeneratedCase (for the column plan). */
const sampleCase: Record<keyof GeneratedCase, true> = {
  organisation_code: true,
  id: true,
  case_number: true,
  service_id: true,
  upl_uri: true,
  form_id: true,
  form_version: true,
  applicant_kind: true,
  applicant_id: true,
  acting_kind: true,
  acting_id: true,
  status: true,
  outcome: true,
  received_on: true,
  due_date: true,
  statutory_term_weeks: true,
  term_weeks: true,
  assignee_official_id: true,
  answers: true,
  idempotency_key: true,
  submitted_at: true,
  decided_at: true,
  decision: true,
  updated_at: true,
  service_version: true,
  silence_consent: true,
  dwangsom: true,
  complete_by: true,
  notice_of_default_on: true,
  term_exceeded_on: true,
  term_state: true,
  open_due: true,
  eventDetails: true,
};

export function sqliteColumns(raw: SQLite.Database, table: string): Column[] {
  const rows = raw.prepare(`pragma table_info("${table}")`).all() as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: unknown;
    pk: number;
  }[];
  return rows.map((r) => ({ name: r.name, type: r.type, notNull: r.notnull === 1 || r.pk > 0, hasDefault: r.dflt_value !== null }));
}

export async function postgresColumns(client: pg.Client, table: string): Promise<Column[]> {
  const result = await client.query<{ column_name: string; udt_name: string; is_nullable: string; column_default: string | null }>(
    `select column_name, udt_name, is_nullable, column_default from information_schema.columns
      where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  );
  return result.rows.map((r) => ({
    name: r.column_name,
    type: r.udt_name,
    notNull: r.is_nullable === 'NO',
    hasDefault: r.column_default !== null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Loading

export const caseTables = ['delivery_case', 'delivery_case_event'] as const;

export interface LoadProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface LoadSummary {
  /** Seconds spent generating and inserting rows (secondary indexes dropped). */
  insertSeconds: number;
  /** Seconds spent creating the secondary indexes again afterwards. */
  indexSeconds: number;
  /** The secondary indexes that were dropped and created again. */
  indexes: string[];
}

/** What the loader hands back per case, so the caller can keep samples and per-organisation counts. */
export type CaseVisitor = (c: GeneratedCase, i: number) => void;

/**
 * Loads cases 0…n-1 into the SQLite file through its own better-sqlite3 connection: secondary
 * indexes dropped first and created again afterwards, one transaction per `batch` cases,
 * synchronous=OFF and foreign keys off for the load only (the rows are consistent by construction).
 */
export function loadSqlite(
  file: string,
  generator: CaseGenerator,
  n: number,
  options: { batch: number; visit: CaseVisitor; progress: (p: LoadProgress) => void; warn: (m: string) => void },
): LoadSummary {
  const raw = new SQLite(file);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    raw.pragma('foreign_keys = OFF');
    raw.pragma('cache_size = -2097152');
    raw.pragma('temp_store = MEMORY');
    const indexes = raw
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${caseTables.map(() => '?').join(', ')})`,
      )
      .all(...caseTables) as { name: string; sql: string }[];
    for (const index of indexes) raw.exec(`drop index "${index.name}"`);

    const statement = (table: (typeof caseTables)[number]) => {
      const plan = columnPlan(table, sqliteColumns(raw, table), 'sqlite', options.warn);
      const insert = raw.prepare(
        `insert into "${table}" (${plan.names.map((c) => `"${c}"`).join(', ')}) values (${plan.names.map(() => '?').join(', ')})`,
      );
      const row: Value[] = new Array<Value>(plan.values.length);
      return (c: GeneratedCase): void => {
        for (let k = 0; k < plan.values.length; k++) row[k] = (plan.values[k] as (c: GeneratedCase) => Value)(c);
        insert.run(row);
      };
    };
    const insertCase = statement('delivery_case');
    const insertEvent = statement('delivery_case_event');

    const started = performance.now();
    const loadBatch = raw.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const c = generator.next(i);
        insertCase(c);
        insertEvent(c);
        options.visit(c, i);
      }
    });
    for (let from = 0; from < n; from += options.batch) {
      const to = Math.min(n, from + options.batch);
      loadBatch(from, to);
      options.progress({ done: to, total: n, elapsedMs: performance.now() - started });
    }
    const upsertCounter = raw.prepare(
      `insert into delivery_case_counter (organisation_code, year, last_number) values (?, ?, ?)
       on conflict (organisation_code, year) do update set last_number = excluded.last_number`,
    );
    raw.transaction(() => {
      for (const c of generator.counters()) upsertCounter.run(c.organisationCode, c.year, c.lastNumber);
    })();
    const insertSeconds = (performance.now() - started) / 1000;

    const indexStarted = performance.now();
    for (const index of indexes) raw.exec(index.sql);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    return { insertSeconds, indexSeconds: (performance.now() - indexStarted) / 1000, indexes: indexes.map((i) => i.name) };
  } finally {
    raw.close();
  }
}

/** One column of `cases` as a PostgreSQL array literal (`{"a",NULL,"b"}`): cheaper than pg's own array serialization. */
function arrayLiteral(cases: readonly GeneratedCase[], get: (c: GeneratedCase) => Value): string {
  const out: string[] = new Array<string>(cases.length);
  for (let i = 0; i < cases.length; i++) {
    const v = get(cases[i] as GeneratedCase);
    if (v === null) out[i] = 'NULL';
    else if (typeof v === 'number') out[i] = String(v);
    else if (typeof v === 'boolean') out[i] = v ? 't' : 'f';
    else out[i] = v.includes('"') || v.includes('\\') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
  }
  return `{${out.join(',')}}`;
}

/** Rows per INSERT … SELECT FROM unnest(…) statement on PostgreSQL. */
const pgStatementRows = 5_000;

/**
 * Loads cases 0…n-1 into PostgreSQL: secondary indexes and key constraints dropped and created
 * again afterwards, INSERT … SELECT FROM unnest(column arrays) per 5,000 rows, one
 * transaction per `batch` cases with synchronous_commit off, then VACUUM ANALYZE (as autovacuum would).
 */
export async function loadPostgres(
  url: string,
  generator: CaseGenerator,
  n: number,
  options: { batch: number; visit: CaseVisitor; progress: (p: LoadProgress) => void; warn: (m: string) => void },
): Promise<LoadSummary> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Secondary indexes, and the primary-key, unique and foreign-key constraints of the case
    // tables (with foreign keys from other tables to them): dropped for the load, added again
    // afterwards with their own definitions, so the schema ends up as the migrations made it.
    const indexes = (
      await client.query<{ indexname: string; indexdef: string }>(
        `select i.indexname, i.indexdef from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = any($1)
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
        [[...caseTables]],
      )
    ).rows;
    const constraints = (
      await client.query<{ table_name: string; conname: string; contype: string; def: string }>(
        `select c.conrelid::regclass::text as table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) as def
           from pg_constraint c
          where c.contype in ('p', 'u', 'f')
            and (c.conrelid = any($1::regclass[]) or c.confrelid = any($1::regclass[]))
          order by case c.contype when 'f' then 0 else 1 end`,
        [[...caseTables]],
      )
    ).rows;
    for (const c of constraints) await client.query(`alter table ${c.table_name} drop constraint "${c.conname}"`);
    for (const index of indexes) await client.query(`drop index "${index.indexname}"`);

    const statement = async (table: (typeof caseTables)[number]) => {
      const plan = columnPlan(table, await postgresColumns(client, table), 'postgres', options.warn);
      const text = `insert into "${table}" (${plan.names.map((c) => `"${c}"`).join(', ')}) select * from unnest(${plan.types
        .map((t, k) => `$${k + 1}::${t}[]`)
        .join(', ')})`;
      return async (cases: readonly GeneratedCase[]): Promise<void> => {
        await client.query(
          text,
          plan.values.map((get) => arrayLiteral(cases, get)),
        );
      };
    };
    const insertCases = await statement('delivery_case');
    const insertEvents = await statement('delivery_case_event');

    const started = performance.now();
    for (let from = 0; from < n; from += options.batch) {
      const to = Math.min(n, from + options.batch);
      await client.query('begin');
      await client.query('set local synchronous_commit = off');
      // The server inserts one chunk while this process generates the next (two cores busy).
      let inFlight: Promise<unknown> = Promise.resolve();
      for (let start = from; start < to; start += pgStatementRows) {
        const cases: GeneratedCase[] = [];
        for (let i = start; i < Math.min(to, start + pgStatementRows); i++) {
          const c = generator.next(i);
          cases.push(c);
          options.visit(c, i);
        }
        await inFlight;
        const both = Promise.all([insertCases(cases), insertEvents(cases)]);
        // Handled by the `await` above in the next round (or below); never an unhandled rejection meanwhile.
        both.catch(() => undefined);
        inFlight = both;
      }
      await inFlight;
      await client.query('commit');
      options.progress({ done: to, total: n, elapsedMs: performance.now() - started });
    }
    const counters = generator.counters();
    await client.query(
      `insert into delivery_case_counter (organisation_code, year, last_number)
         select * from unnest($1::text[], $2::int4[], $3::int4[])
       on conflict (organisation_code, year) do update set last_number = excluded.last_number`,
      [counters.map((c) => c.organisationCode), counters.map((c) => c.year), counters.map((c) => c.lastNumber)],
    );
    const insertSeconds = (performance.now() - started) / 1000;

    const indexStarted = performance.now();
    await client.query(`set maintenance_work_mem = '512MB'`);
    // Keys first, foreign keys last (they need the keys they refer to).
    for (const c of [...constraints].reverse()) await client.query(`alter table ${c.table_name} add constraint "${c.conname}" ${c.def}`);
    for (const index of indexes) await client.query(index.indexdef);
    // As autovacuum would have done by the time a table this size is queried: visibility map and statistics.
    for (const table of [...caseTables, 'delivery_case_counter']) await client.query(`vacuum analyze "${table}"`);
    return {
      insertSeconds,
      indexSeconds: (performance.now() - indexStarted) / 1000,
      indexes: [...constraints.map((c) => c.conname), ...indexes.map((i) => i.indexname)],
    };
  } finally {
    await client.end();
  }
}
