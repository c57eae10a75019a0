// Issue 5 (delivery), "Benchmark": with LOKET_BENCH_CASES (default 10,000,000) cases spread over
// the national registers (applicants from the nation seed's BSN and KVK sequences) and over every
// organisation offering an application service in the catalog:
//
// 1. submissions per second through the real use case `submitApplication` (form checked, case
//    with its decision term, timeline entry, audit record, processing-log line and outbox event in
//    one transaction), one at a time, against raw single-row insert transactions (autocommit
//    INSERTs through the driver: better-sqlite3 / pg) into a copy of the delivery_case table on the
//    same database, same durability settings, alternating rounds in the same run. Target ≥ 0.5.
// 2. p50/p99 of "Mijn zaken" (`listMyCases`, first page) over many persons who have cases, and of
//    an organisation's work queue (`workQueue`, first page sorted by due date) over every
//    organisation with cases. Target p99 < 20 ms. Baseline: the same queries as raw SQL through the
//    driver (page and count), on their own connection, alternating with the use case per lookup.
//
// The cases are bulk-loaded first (setup, not measured): generated in bench/lib/delivery-cases.ts,
// inserted in one transaction per 50,000 cases (SQLite: prepared statements, secondary indexes
// created after the load, the unique constraints kept as SQLite cannot drop them; PostgreSQL:
// INSERT … unnest, indexes and key constraints added after the load, then VACUUM ANALYZE). On an
// otherwise idle 2-core machine SQLite loads ~35,000 cases/s and PostgreSQL ~18,000 (measured at
// 1 M and 200 k): 10 M cases take roughly 6–8 and 12–15 minutes. SQLite runs in a temp directory
// (deleted afterwards); PostgreSQL too when LOKET_BENCH_PG_URL (or BENCH_PG_URL, as the seed bench)
// names a server where a scratch database may be created (it is dropped afterwards).
//
//   LOKET_BENCH_CASES=10000000   cases to load (the issue's size; ~1.3 KB per case on disk: ~13 GB in the temp dir at 10 M)
//   LOKET_BENCH_SUBMITS=2000     measured submissions per side (5 alternating rounds)
//   LOKET_BENCH_QUERIES=5000     measured lookups per query kind
//   LOKET_BENCH_PG_URL=postgres://…   also run on PostgreSQL
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { prepareDatabase, resolveSecret } from '../src/app.ts';
import type { Principal } from '../src/platform/auth/model.ts';
import { readBool } from '../src/platform/db/index.ts';
import { EventBus } from '../src/platform/events/index.ts';
import type { ModuleContext } from '../src/platform/module.ts';
import { ProcessingLog } from '../src/platform/processing-log/index.ts';
import { testConfig } from '../src/platform/testing/app.ts';
import { fixedClock } from '../src/platform/time/index.ts';
import { parseUplCsv } from '../src/modules/catalog/model.ts';
import { shippedUplFile } from '../src/modules/catalog/reference.ts';
import { generateCatalog, importUpl } from '../src/modules/catalog/service.ts';
import type { CatalogTables } from '../src/modules/catalog/store.ts';
import { shippedForms } from '../src/modules/delivery/forms-reference.ts';
import { pendingStatuses } from '../src/modules/delivery/model.ts';
import { listMyCases, submitApplication, workQueue } from '../src/modules/delivery/service.ts';
import { queueCountCap } from '../src/modules/delivery/store.ts';
import { listOrganisations } from '../src/modules/registry/index.ts';
import { bsnAt, kvkAt, numberRanges } from '../src/modules/registry/seed/identifiers.ts';
import { NATION_PERSONS, businessesFor } from '../src/modules/registry/seed/nation.ts';
import { Random } from '../src/modules/registry/seed/random.ts';
import {
  CaseGenerator,
  columnPlan,
  loadPostgres,
  loadSqlite,
  postgresColumns,
  sqliteColumns,
  type CaseService,
  type GeneratedCase,
  type LoadProgress,
  type LoadSummary,
  type ServiceGroup,
} from './lib/delivery-cases.ts';
import { scratchPostgres, scratchSqlite, type ScratchDatabase } from './lib/scratch-db.ts';
import type { BenchResult } from './lib/result.ts';

const caseCount = Number(process.env['LOKET_BENCH_CASES'] ?? 10_000_000);
const submitCount = Number(process.env['LOKET_BENCH_SUBMITS'] ?? 2_000);
const queryCount = Number(process.env['LOKET_BENCH_QUERIES'] ?? 5_000);
const pgUrl = process.env['LOKET_BENCH_PG_URL'] ?? process.env['BENCH_PG_URL'];
const rounds = 5;
const warmup = 100;
const loadBatch = 50_000;
const pageSize = 20;
const targetRatio = 0.5;
const targetP99Ms = 20;
const clock = fixedClock('2026-11-30T10:00:00Z');
const today = clock.today();

type Dialect = 'sqlite' | 'postgres';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${fmt(bytes / 1e6)} MB`;

function progress(dialect: Dialect, message: string): void {
  console.error(`  delivery (${dialect}): ${message}`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

function latency(times: number[]): Latency {
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times[times.length - 1] ?? Number.NaN };
}

const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// The catalog: every application product of the UPL, generated for every organisation

/** Published services without a shipped form (the default one-field form applies), with what a case needs of them. */
async function catalogServices(ctx: ModuleContext, audience: Map<string, { citizen: boolean; business: boolean }>): Promise<CaseService[]> {
  const types = new Map((await listOrganisations(ctx, { limit: 100_000, offset: 0 })).items.map((o) => [o.code, o.type]));
  const withForm = new Set(shippedForms().map((f) => f.uplUri));
  const rows = await ctx.database.db
    .withTables<CatalogTables>()
    .selectFrom('service as s')
    .innerJoin('service_description as d', (j) =>
      j.onRef('d.organisation_code', '=', 's.organisation_code').onRef('d.service_id', '=', 's.id'),
    )
    .select([
      's.organisation_code',
      's.id',
      's.upl_uri',
      'd.version',
      'd.statutory_decision_term_weeks',
      'd.silence_consent_applies',
      'd.dwangsom_applies',
    ])
    .where('s.status', '=', 'published')
    .orderBy('s.organisation_code')
    .orderBy('s.id')
    .execute();
  const groupOf = (code: string): ServiceGroup => {
    const type = types.get(code);
    return type === 'municipality' || type === 'province' || type === 'water_board' ? type : 'national';
  };
  return rows
    .filter((r) => !withForm.has(r.upl_uri))
    .map((r) => ({
      organisationCode: r.organisation_code,
      id: r.id,
      uplUri: r.upl_uri,
      group: groupOf(r.organisation_code),
      citizen: audience.get(r.upl_uri)?.citizen ?? true,
      business: audience.get(r.upl_uri)?.business ?? false,
      statutoryWeeks: r.statutory_decision_term_weeks,
      silenceConsent: readBool(r.silence_consent_applies),
      dwangsom: readBool(r.dwangsom_applies),
      version: r.version,
    }));
}

// ---------------------------------------------------------------------------------------------
// The raw baselines: the driver itself, on its own connection

interface RawDriver {
  /** One autocommit single-row INSERT into bench_raw_case. */
  insert(c: GeneratedCase): Promise<void>;
  /** "Mijn zaken": first page and count; returns [items, total]. */
  myCases(kind: 'person' | 'business', id: string): Promise<[number, number]>;
  /** Work queue: pending cases by due date (unknown last), first page and count. */
  queue(organisationCode: string): Promise<[number, number]>;
  close(): Promise<void>;
}

const pending: readonly string[] = pendingStatuses;
const myCasesSql = (p: (k: number) => string): string[] => [
  `select * from delivery_case where applicant_kind = ${p(1)} and applicant_id = ${p(2)} order by submitted_at desc, id desc limit ${pageSize} offset 0`,
  `select count(*) as n from delivery_case where applicant_kind = ${p(1)} and applicant_id = ${p(2)}`,
];
const queueSql = (p: (k: number) => string): string[] => {
  const statuses = pending.map((_, k) => p(k + 2)).join(', ');
  return [
    `select * from delivery_case where organisation_code = ${p(1)} and status in (${statuses}) order by due_date is null, due_date, case_number limit ${pageSize} offset 0`,
    `select count(*) as n from delivery_case where organisation_code = ${p(1)} and status in (${statuses})`,
  ];
};

/** bench_raw_case: delivery_case's own DDL (columns, constraints, secondary indexes) under another name. */
function createRawTableSqlite(raw: SQLite.Database): string[] {
  const notes: string[] = [];
  const table = raw.prepare(`select sql from sqlite_master where type = 'table' and name = 'delivery_case'`).get() as
    { sql: string } | undefined;
  if (!table) throw new Error('no delivery_case table');
  const ddl = table.sql.replace(/^create table\s+("delivery_case"|delivery_case)/i, 'create table "bench_raw_case"');
  if (ddl === table.sql) throw new Error(`cannot copy delivery_case: ${table.sql.slice(0, 80)}`);
  raw.exec(ddl);
  const indexes = raw
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name = 'delivery_case'`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) {
    const copy = index.sql.replace(
      /^create (unique )?index\s+"?([A-Za-z0-9_]+)"?\s+on\s+"?delivery_case"?/i,
      (_m, unique: string | undefined, name: string) => `create ${unique ?? ''}index "bench_raw_${name}" on "bench_raw_case"`,
    );
    if (copy === index.sql) notes.push(`index ${index.name} not copied to the baseline table`);
    else raw.exec(copy);
  }
  return notes;
}

function sqliteRaw(file: string, warn: (m: string) => void): RawDriver {
  const raw = new SQLite(file);
  // openDatabase's pragmas: the baseline pays the same durability cost.
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  for (const note of createRawTableSqlite(raw)) warn(note);
  const plan = columnPlan('delivery_case', sqliteColumns(raw, 'bench_raw_case'), 'sqlite', warn);
  const insert = raw.prepare(
    `insert into bench_raw_case (${plan.names.map((c) => `"${c}"`).join(', ')}) values (${plan.names.map(() => '?').join(', ')})`,
  );
  const q = (): string => '?';
  const [myPage = '', myCount = ''] = myCasesSql(q);
  const [queuePage = '', queueCount = ''] = queueSql(q);
  const my = [raw.prepare(myPage), raw.prepare(myCount)] as const;
  const queue = [raw.prepare(queuePage), raw.prepare(queueCount)] as const;
  const countOf = (row: unknown): number => Number((row as { n: unknown } | undefined)?.n ?? 0);
  return {
    insert: (c) => {
      insert.run(plan.values.map((get) => get(c)));
      return Promise.resolve();
    },
    myCases: (kind, id) => Promise.resolve([my[0].all(kind, id).length, countOf(my[1].get(kind, id))]),
    queue: (code) => Promise.resolve([queue[0].all(code, ...pending).length, countOf(queue[1].get(code, ...pending))]),
    close: () => {
      raw.close();
      return Promise.resolve();
    },
  };
}

async function postgresRaw(url: string, warn: (m: string) => void): Promise<RawDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create table bench_raw_case (like delivery_case including all)');
  const plan = columnPlan('delivery_case', await postgresColumns(client, 'bench_raw_case'), 'postgres', warn);
  const insertText = `insert into bench_raw_case (${plan.names.map((c) => `"${c}"`).join(', ')}) values (${plan.names
    .map((_, k) => `$${k + 1}`)
    .join(', ')})`;
  const q = (k: number): string => `$${k}`;
  const [myPage = '', myCount = ''] = myCasesSql(q);
  const [queuePage = '', queueCount = ''] = queueSql(q);
  const countOf = (rows: { n: unknown }[]): number => Number(rows[0]?.n ?? 0);
  return {
    insert: async (c) => {
      await client.query({ name: 'raw_insert', text: insertText, values: plan.values.map((get) => get(c)) });
    },
    myCases: async (kind, id) => {
      const page = await client.query({ name: 'my_page', text: myPage, values: [kind, id] });
      const count = await client.query<{ n: unknown }>({ name: 'my_count', text: myCount, values: [kind, id] });
      return [page.rows.length, countOf(count.rows)];
    },
    queue: async (code) => {
      const page = await client.query({ name: 'queue_page', text: queuePage, values: [code, ...pending] });
      const count = await client.query<{ n: unknown }>({ name: 'queue_count', text: queueCount, values: [code, ...pending] });
      return [page.rows.length, countOf(count.rows)];
    },
    close: () => client.end(),
  };
}

// ---------------------------------------------------------------------------------------------
// One database: prepare, catalog, load, measure

type Target = ScratchDatabase;

interface Loaded {
  summary: LoadSummary;
  persons: string[];
  organisations: { code: string; cases: number; pending: number }[];
  statuses: Map<string, number>;
  applicants: number;
}

async function load(target: Target, services: readonly CaseService[], warn: (m: string) => void): Promise<Loaded> {
  const generator = new CaseGenerator(services, caseCount, today);
  const personStep = Math.max(1, Math.floor(caseCount / (queryCount * 2)));
  const persons = new Set<string>();
  const organisations = new Map<string, { code: string; cases: number; pending: number }>();
  const statuses = new Map<string, number>();
  const visit = (c: GeneratedCase, i: number): void => {
    if (i % personStep === 0 && c.applicant_kind === 'person') persons.add(c.applicant_id);
    let o = organisations.get(c.organisation_code);
    if (!o) organisations.set(c.organisation_code, (o = { code: c.organisation_code, cases: 0, pending: 0 }));
    o.cases += 1;
    if (generator.isPending(c)) o.pending += 1;
    statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1);
  };
  const every = Math.max(loadBatch, Math.ceil(caseCount / 20 / loadBatch) * loadBatch);
  const report = (p: LoadProgress): void => {
    if (p.done % every !== 0 && p.done !== p.total) return;
    const rate = p.done / (p.elapsedMs / 1000);
    const left = (p.total - p.done) / rate;
    progress(target.dialect, `loaded ${fmt(p.done)} / ${fmt(p.total)} cases (${fmt(rate)} cases/s, ~${fmt(left)} s left)`);
  };
  const options = { batch: loadBatch, visit, progress: report, warn };
  const summary =
    target.dialect === 'sqlite'
      ? loadSqlite(target.where, generator, caseCount, options)
      : await loadPostgres(target.where, generator, caseCount, options);
  progress(
    target.dialect,
    `${fmt(caseCount)} cases inserted in ${summary.insertSeconds.toFixed(1)} s, indexes (${summary.indexes.join(', ')}) in ${summary.indexSeconds.toFixed(1)} s`,
  );
  return {
    summary,
    persons: shuffle([...persons], new Random(42, 0x9e)).slice(0, queryCount),
    organisations: [...organisations.values()],
    statuses,
    applicants: persons.size,
  };
}

const session = { sessionId: 'bench', loa: 'high' as const, name: 'Bench' };
const handlerOf = (organisationCode: string): Principal => ({
  kind: 'official',
  officialId: '01900000-0000-7000-8000-0000000b3c00',
  organisationCode,
  roles: ['case_handler'],
  ...session,
});

interface QueryFigures {
  useCase: Latency;
  raw: Latency;
  lookups: number;
  mismatches: number;
  failures: string[];
  slowest: { key: string; ms: number };
}

/** Each lookup through the use case and through raw SQL, alternating which goes first; latencies in ms. */
async function measureQueries(
  keys: readonly string[],
  viaUseCase: (key: string) => Promise<[number, number] | string>,
  viaRaw: (key: string) => Promise<[number, number]>,
): Promise<QueryFigures> {
  for (let i = 0; i < Math.min(warmup, keys.length); i++) {
    await viaUseCase(keys[i] ?? '');
    await viaRaw(keys[i] ?? '');
  }
  const useCaseTimes: number[] = [];
  const rawTimes: number[] = [];
  const failures: string[] = [];
  let mismatches = 0;
  let slowest = { key: '', ms: 0 };
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    let mine: [number, number] | string = 'not run';
    let theirs: [number, number] = [0, 0];
    const runUseCase = async (): Promise<void> => {
      const t = process.hrtime.bigint();
      mine = await viaUseCase(key);
      const ms = elapsedMs(t);
      useCaseTimes.push(ms);
      if (ms > slowest.ms) slowest = { key, ms };
    };
    const runRaw = async (): Promise<void> => {
      const t = process.hrtime.bigint();
      theirs = await viaRaw(key);
      rawTimes.push(elapsedMs(t));
    };
    if (i % 2 === 0) {
      await runUseCase();
      await runRaw();
    } else {
      await runRaw();
      await runUseCase();
    }
    const result = mine as [number, number] | string;
    if (typeof result === 'string') failures.push(result);
    // The work queue counts up to queueCountCap (store.ts); the raw count is exact.
    else if (result[0] !== theirs[0] || result[1] !== Math.min(theirs[1], queueCountCap)) mismatches += 1;
  }
  return { useCase: latency(useCaseTimes), raw: latency(rawTimes), lookups: keys.length, mismatches, failures, slowest };
}

interface SubmitFigures {
  useCaseRate: number;
  rawRate: number;
  useCaseRounds: number[];
  rawRounds: number[];
  failures: string[];
}

async function measureSubmissions(ctx: ModuleContext, raw: RawDriver, services: readonly CaseService[]): Promise<SubmitFigures> {
  const random = new Random(42, 0x5b);
  const citizens = services.filter((s) => s.citizen);
  const businesses = services.filter((s) => s.business);
  const total = warmup + submitCount;
  const inputs = Array.from({ length: total }, (_, i) => {
    const asBusiness = businesses.length > 0 && random.chance(0.15);
    const principal: Principal = asBusiness
      ? {
          kind: 'business',
          kvkNumber: kvkAt(numberRanges.nation.kvkBase, random.int(businessesFor(NATION_PERSONS))),
          actingBsn: bsnAt(numberRanges.nation.bsnBase, random.int(NATION_PERSONS)),
          ...session,
        }
      : { kind: 'person', bsn: bsnAt(numberRanges.nation.bsnBase, random.int(NATION_PERSONS)), ...session };
    const service = random.pick(asBusiness ? businesses : citizens);
    return {
      principal,
      input: {
        organisationCode: service.organisationCode,
        serviceId: service.id,
        answers: { toelichting: 'Ik vraag dit aan omdat mijn situatie is veranderd.' },
        idempotencyKey: `bench-submit-${String(i).padStart(7, '0')}`,
      },
    };
  });
  // The baseline's rows: generated beforehand (same shape as the loaded cases), so it pays for the INSERT only.
  const rowGenerator = new CaseGenerator(services, total, today, 99);
  const rows = Array.from({ length: total }, (_, i) => rowGenerator.next(i));

  const failures: string[] = [];
  const submit = async (i: number): Promise<void> => {
    const s = inputs[i];
    if (!s) return;
    const r = await submitApplication(ctx, s.principal, s.input);
    if (!r.ok) failures.push(r.failure.code);
    else if (r.value.replayed) failures.push('replayed');
  };
  const insert = async (i: number): Promise<void> => {
    const row = rows[i];
    if (row) await raw.insert(row);
  };
  for (let i = 0; i < warmup; i++) {
    await submit(i);
    await insert(i);
  }
  const perRound = Math.max(1, Math.floor(submitCount / rounds));
  const useCaseRounds: number[] = [];
  const rawRounds: number[] = [];
  let next = warmup;
  const timedRound = async (work: (i: number) => Promise<void>, from: number): Promise<number> => {
    const t = process.hrtime.bigint();
    for (let i = from; i < from + perRound; i++) await work(i);
    return perRound / (elapsedMs(t) / 1000);
  };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      rawRounds.push(await timedRound(insert, next));
      useCaseRounds.push(await timedRound(submit, next));
    } else {
      useCaseRounds.push(await timedRound(submit, next));
      rawRounds.push(await timedRound(insert, next));
    }
    next += perRound;
  }
  return { useCaseRate: median(useCaseRounds), rawRate: median(rawRounds), useCaseRounds, rawRounds, failures };
}

async function benchOn(target: Target): Promise<BenchResult[]> {
  const dialect = target.dialect;
  const warnings: string[] = [];
  const warn = (m: string): void => {
    if (warnings.includes(m)) return;
    warnings.push(m);
    progress(dialect, `WARNING ${m}`);
  };
  const { database } = target;
  const config = testConfig();
  const ctx: ModuleContext = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(resolveSecret(config)) };

  let t = performance.now();
  await prepareDatabase(database, config, clock);
  const upl = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
  if (!upl.ok) throw new Error(`${shippedUplFile}: ${upl.errors.join('; ')}`);
  const applicationProducts = upl.products.filter((p) => p.kinds.application);
  await importUpl(ctx, applicationProducts);
  const generated = await generateCatalog(ctx);
  const services = await catalogServices(ctx, new Map(applicationProducts.map((p) => [p.uri, p.audience])));
  const serviceOrganisations = new Set(services.map((s) => s.organisationCode)).size;
  progress(
    dialect,
    `catalog: ${fmt(applicationProducts.length)} application products, ${fmt(generated.created)} services generated, ` +
      `${fmt(services.length)} published without a form of their own at ${fmt(serviceOrganisations)} organisations (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );

  t = performance.now();
  const loaded = await load(target, services, warn);
  const loadSeconds = (performance.now() - t) / 1000;
  const size = mb(await target.sizeBytes());
  progress(dialect, `database ${size}; measuring queries…`);

  const raw = dialect === 'sqlite' ? sqliteRaw(target.where, warn) : await postgresRaw(target.where, warn);
  try {
    // 2. Mijn zaken and the work queue.
    const mine = await measureQueries(
      loaded.persons,
      async (bsn) => {
        const r = await listMyCases(ctx, { kind: 'person', bsn, ...session }, { limit: pageSize, offset: 0 });
        return r.ok ? [r.value.items.length, r.value.total] : r.failure.code;
      },
      (bsn) => raw.myCases('person', bsn),
    );
    progress(
      dialect,
      `Mijn zaken: p50 ${mine.useCase.p50.toFixed(2)} ms, p99 ${mine.useCase.p99.toFixed(2)} ms over ${fmt(mine.lookups)} persons`,
    );
    const organisations = [...loaded.organisations].sort((a, b) => b.pending - a.pending);
    const random = new Random(42, 0x0a);
    const orgKeys: string[] = [];
    while (orgKeys.length < queryCount && organisations.length > 0)
      orgKeys.push(
        ...shuffle(
          organisations.map((o) => o.code),
          random,
        ).slice(0, queryCount - orgKeys.length),
      );
    const queue = await measureQueries(
      orgKeys,
      async (code) => {
        const r = await workQueue(ctx, handlerOf(code), { sort: 'due_date', limit: pageSize, offset: 0 });
        return r.ok ? [r.value.items.length, r.value.total] : r.failure.code;
      },
      (code) => raw.queue(code),
    );
    progress(
      dialect,
      `work queue: p50 ${queue.useCase.p50.toFixed(2)} ms, p99 ${queue.useCase.p99.toFixed(2)} ms over ${fmt(organisations.length)} organisations`,
    );

    // 1. Submissions.
    progress(dialect, `measuring submissions (${fmt(submitCount)} per side, ${rounds} alternating rounds)…`);
    const sub = await measureSubmissions(ctx, raw, services);
    progress(dialect, `submitApplication ${fmt(sub.useCaseRate)}/s, raw insert ${fmt(sub.rawRate)}/s`);

    const statusLine = [...loaded.statuses]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s} ${fmt(n)}`)
      .join(', ');
    const biggest = organisations[0];
    const setup =
      `${fmt(caseCount)} cases (+ one submit event each; ${statusLine}) at ${fmt(organisations.length)} organisations, ` +
      `${fmt(services.length)} services; loaded in ${loadSeconds.toFixed(0)} s (inserts ${loaded.summary.insertSeconds.toFixed(0)} s, ` +
      `indexes ${loaded.summary.indexSeconds.toFixed(0)} s = ${fmt(caseCount / loadSeconds)} cases/s); database ${size}`;
    const dbNote =
      dialect === 'sqlite'
        ? 'SQLite WAL, synchronous=FULL on both sides (openDatabase pragmas), one commit = one fsync'
        : 'PostgreSQL, default synchronous_commit on both sides, one client at a time';
    const queryNote = (f: QueryFigures, what: string): string[] => [
      `${fmt(f.lookups)} lookups ${what}, in-process, after ${warmup} warm-up lookups; use case and raw SQL alternate per lookup; ` +
        `max ${f.useCase.max.toFixed(1)} ms (raw ${f.raw.max.toFixed(1)} ms), slowest ${f.slowest.key} ${f.slowest.ms.toFixed(1)} ms`,
      ...(f.failures.length > 0 ? [`WARNING ${f.failures.length} use-case failures, e.g. ${f.failures[0] ?? ''}`] : []),
      ...(f.mismatches > 0 ? [`WARNING ${f.mismatches} lookups where the use case and raw SQL disagree on items or total`] : []),
    ];
    const latencyRows = (name: string, f: QueryFigures, notes: string[]): BenchResult[] => [
      {
        name: `${name} (${dialect}) p99`,
        figure: { value: f.useCase.p99, unit: 'ms' },
        baseline: { value: f.raw.p99, unit: 'ms' },
        baselineName: 'same query, raw SQL through the driver',
        ratio: f.useCase.p99 / f.raw.p99,
        target: `< ${targetP99Ms} ms`,
        met: f.useCase.p99 < targetP99Ms,
        notes,
      },
      {
        name: `${name} (${dialect}) p50`,
        figure: { value: f.useCase.p50, unit: 'ms' },
        baseline: { value: f.raw.p50, unit: 'ms' },
        baselineName: 'same query, raw SQL through the driver',
        ratio: f.useCase.p50 / f.raw.p50,
      },
    ];
    const ratio = sub.useCaseRate / sub.rawRate;
    return [
      {
        name: `submitApplication at ${fmt(caseCount)} cases (${dialect}) submissions/s`,
        figure: { value: sub.useCaseRate, unit: '/s' },
        baseline: { value: sub.rawRate, unit: '/s' },
        baselineName: 'raw single-row INSERT transactions',
        ratio,
        target: `ratio ≥ ${targetRatio}`,
        met: ratio >= targetRatio,
        notes: [
          setup,
          `${fmt(submitCount)} submissions per side, one at a time, in ${rounds} alternating rounds (median of rounds; use case ${sub.useCaseRounds
            .map(fmt)
            .join(', ')}/s; raw ${sub.rawRounds.map(fmt).join(', ')}/s), after ${warmup} warm-up each`,
          `use case: form check, case number, case + timeline entry, audit record, processing-log line, outbox event in one transaction; ` +
            `raw: autocommit INSERT of a pre-generated row into bench_raw_case (delivery_case's DDL and indexes, empty); ${dbNote}`,
          ...(sub.failures.length > 0 ? [`WARNING ${sub.failures.length} submissions failed, e.g. ${sub.failures[0] ?? ''}`] : []),
          ...warnings.map((w) => `WARNING ${w}`),
        ],
      },
      ...latencyRows('Mijn zaken (listMyCases, first page)', mine, [
        ...queryNote(mine, `for different persons with cases (from ${fmt(loaded.applicants)} sampled)`),
      ]),
      ...latencyRows('work queue (workQueue, first page by due date)', queue, [
        ...queryNote(queue, `over ${fmt(organisations.length)} organisations in turn`),
        `largest queue: ${biggest?.code ?? '—'} with ${fmt(biggest?.pending ?? 0)} pending of ${fmt(biggest?.cases ?? 0)} cases; ` +
          `the use case also writes its processing-log line (one autocommit INSERT), the raw baseline only reads`,
      ]),
    ];
  } finally {
    await raw.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const sqlite = scratchSqlite('delivery');
  try {
    out.push(...(await benchOn(sqlite)));
  } finally {
    await sqlite.cleanup();
  }
  if (pgUrl) {
    const postgres = await scratchPostgres(pgUrl, 'delivery');
    try {
      out.push(...(await benchOn(postgres)));
    } finally {
      await postgres.cleanup();
    }
  } else {
    out[0]?.notes?.push('postgres: not run (set LOKET_BENCH_PG_URL to an admin URL where a scratch database may be created)');
  }
  return out;
}
