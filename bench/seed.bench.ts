// The nation seed (issue "Registers and identity"): generation and write rate at BENCH_SEED_PERSONS
// (default 500,000) persons on SQLite, in rows per second over all tables, against a raw batched
// insert of the same rows through better-sqlite3 prepared statements in one transaction (same
// schema, same pragmas, rows generated beforehand, so the baseline pays for inserting only).
// Target: at least 0.3 of raw. Then, at that size: looking up a person by BSN and a business with
// its functionaries (p50/p99 in-process, through Kysely; baseline the same lookups as raw prepared
// statements), target p99 < 1 ms. The nation's seed time is extrapolated from the measured rate.
//
//   BENCH_SEED_PERSONS=500000   size of the measured seed
//   BENCH_SEED_NATION=1         also run the real 17.5 million seed once into a temp dir (minutes; needs ~7 GB)
//   BENCH_PG_URL=postgres://…   also seed on PostgreSQL in a scratch database (created and dropped)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { prepareDatabase } from '../src/app.ts';
import { openDatabase, type Database } from '../src/platform/db/index.ts';
import { testConfig } from '../src/platform/testing/app.ts';
import { fixedClock, isoDateInAmsterdam } from '../src/platform/time/index.ts';
import type { PeopleTables } from '../src/modules/registry/people/store.ts';
import {
  Days,
  emptyRows,
  generateChunk,
  seedColumns,
  seedTables,
  totalRows,
  type Rows,
  type Value,
} from '../src/modules/registry/seed/generate.ts';
import { bsnAt, kvkAt, numberRanges } from '../src/modules/registry/seed/identifiers.ts';
import { NATION_PERSONS, businessesFor, nationChunkSpec, nationPlan, seedNation } from '../src/modules/registry/seed/nation.ts';
import { Places } from '../src/modules/registry/seed/places.ts';
import { Random } from '../src/modules/registry/seed/random.ts';
import type { BenchResult } from './lib/result.ts';

const persons = Number(process.env['BENCH_SEED_PERSONS'] ?? 500_000);
const lookups = Number(process.env['BENCH_SEED_LOOKUPS'] ?? 20_000);
const seed = 42;
const clock = fixedClock('2026-11-29T10:00:00Z');
const targetRatio = 0.3;
const targetP99Ms = 1;

function fileBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) n += fs.statSync(f).size;
  return n;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;

async function prepared(file: string): Promise<Database> {
  const database = openDatabase({ dialect: 'sqlite', file });
  await prepareDatabase(database, testConfig(), clock);
  return database;
}

/** The rows the nation seed writes at `persons`, generated in memory (and how long that took). */
function generateAll(count: number): { rows: Rows; seconds: number } {
  const started = process.hrtime.bigint();
  const plan = nationPlan(count);
  const updatedAt = clock.now().toISOString();
  const days = new Days(isoDateInAmsterdam(clock.now()));
  const places = new Places();
  const rows = emptyRows();
  for (let chunk = 0; chunk < plan.chunks; chunk++) {
    const part = generateChunk(nationChunkSpec(plan, seed, chunk, days, updatedAt, places));
    for (const t of seedTables) for (const v of part[t]) rows[t].push(v);
  }
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The baseline: one prepared single-row INSERT per table, every row, one transaction. */
function rawInsert(file: string, rows: Rows): number {
  const raw = new SQLite(file);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('cache_size = -262144');
    const statements = seedTables.map((t) => {
      const columns = seedColumns[t];
      return [
        t,
        raw.prepare(`insert into "${t}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`),
      ] as const;
    });
    const started = process.hrtime.bigint();
    raw.transaction(() => {
      for (const [t, statement] of statements) {
        const width = seedColumns[t].length;
        const values = rows[t];
        const row: Value[] = new Array<Value>(width);
        for (let i = 0; i < values.length; i += width) {
          for (let c = 0; c < width; c++) {
            const v = values[i + c] ?? null;
            row[c] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
          }
          statement.run(row);
        }
      }
    })();
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    raw.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

interface Latency {
  p50: number;
  p99: number;
}

async function timeEach(n: number, work: (i: number) => unknown): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await work(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** Person by BSN, and business with its functionaries (and their names), through Kysely and raw. */
async function measureLookups(
  database: Database,
  file: string,
  count: number,
): Promise<{ person: [Latency, Latency]; business: [Latency, Latency] }> {
  const db = database.db.withTables<PeopleTables>();
  const random = new Random(seed, 0x100c);
  const bsns = Array.from({ length: lookups }, () => bsnAt(numberRanges.nation.bsnBase, random.int(count)));
  const businesses = businessesFor(count);
  const kvks = Array.from({ length: lookups }, () => kvkAt(numberRanges.nation.kvkBase, random.int(businesses)));
  const personViaKysely = (bsn: string) => db.selectFrom('person').selectAll().where('bsn', '=', bsn).executeTakeFirstOrThrow();
  const businessViaKysely = async (kvk: string) => {
    const business = await db.selectFrom('business').selectAll().where('kvk_number', '=', kvk).executeTakeFirstOrThrow();
    const functionaries = await db
      .selectFrom('business_functionary as f')
      .innerJoin('person as p', 'p.bsn', 'f.person_bsn')
      .select(['f.person_bsn', 'f.role', 'f.authority', 'f.valid_from', 'f.valid_to', 'p.given_names', 'p.surname_prefix', 'p.surname'])
      .where('f.kvk_number', '=', kvk)
      .execute();
    return { business, functionaries };
  };
  // Warm up both paths (statement caches, JIT), then measure.
  for (let i = 0; i < 500; i++) {
    await personViaKysely(bsns[i % bsns.length] ?? '');
    await businessViaKysely(kvks[i % kvks.length] ?? '');
  }
  const personK = await timeEach(lookups, (i) => personViaKysely(bsns[i] ?? ''));
  const businessK = await timeEach(lookups, (i) => businessViaKysely(kvks[i] ?? ''));

  const raw = new SQLite(file, { readonly: true });
  try {
    const person = raw.prepare('select * from person where bsn = ?');
    const business = raw.prepare('select * from business where kvk_number = ?');
    const functionaries = raw.prepare(
      'select f.person_bsn, f.role, f.authority, f.valid_from, f.valid_to, p.given_names, p.surname_prefix, p.surname from business_functionary f join person p on p.bsn = f.person_bsn where f.kvk_number = ?',
    );
    for (let i = 0; i < 500; i++) {
      person.get(bsns[i] ?? '');
      business.get(kvks[i] ?? '');
      functionaries.all(kvks[i] ?? '');
    }
    const personR = await timeEach(lookups, (i) => person.get(bsns[i] ?? ''));
    const businessR = await timeEach(lookups, (i) => [business.get(kvks[i] ?? ''), functionaries.all(kvks[i] ?? '')]);
    return { person: [personK, personR], business: [businessK, businessR] };
  } finally {
    raw.close();
  }
}

async function seedOnPostgres(adminUrl: string, count: number): Promise<{ seconds: number; rows: number }> {
  const name = `bench_seed_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ dialect: 'postgres', url: url.toString() });
  try {
    await prepareDatabase(database, testConfig(), clock);
    const r = await seedNation(database, { persons: count, seed, clock });
    return { seconds: r.seconds, rows: Object.values(r.rows).reduce((a, b) => a + b, 0) };
  } finally {
    await database.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-bench-seed-'));
  const out: BenchResult[] = [];
  try {
    // 1. The seed, end to end (generation + Kysely multi-row inserts, a transaction per 50,000 persons).
    const seededFile = path.join(dir, 'seed.sqlite');
    const database = await prepared(seededFile);
    const summary = await seedNation(database, { persons, seed, clock });
    const seedRows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    const seedRate = seedRows / summary.seconds;

    // 2. The baseline: the same rows, generated first (timed apart), then raw prepared inserts.
    const { rows, seconds: generationSeconds } = generateAll(persons);
    const rawRows = totalRows(rows);
    const rawFile = path.join(dir, 'raw.sqlite');
    await (await prepared(rawFile)).close();
    const rawSeconds = rawInsert(rawFile, rows);
    const rawRate = rawRows / rawSeconds;
    const ratio = seedRate / rawRate;

    const perPerson = seedRows / persons;
    const nationSeconds = (perPerson * NATION_PERSONS) / seedRate;
    const notes = [
      `${persons.toLocaleString('en-US')} persons → ${seedRows.toLocaleString('en-US')} rows (${seedColumnsSummary(summary.rows)}) in ${summary.seconds.toFixed(1)} s; raw ${rawRows.toLocaleString('en-US')} rows in ${rawSeconds.toFixed(1)} s`,
      `generation alone (pure JS, included in the seed figure, not in the baseline): ${generationSeconds.toFixed(1)} s = ${Math.round(rawRows / generationSeconds).toLocaleString('en-US')} rows/s`,
      `SQLite WAL, synchronous=FULL, foreign_keys=ON, cache_size 256 MB on both sides; secondary indexes from the migrations kept; file ${mb(fileBytes(seededFile))} (${(fileBytes(seededFile) / persons).toFixed(0)} B/person)`,
      `nation extrapolated at this rate: ${((perPerson * NATION_PERSONS) / 1e6).toFixed(1)} M rows in ${(nationSeconds / 60).toFixed(1)} min (target 15 min; the rate falls somewhat as indexes outgrow the cache)`,
    ];
    out.push({
      name: `nation seed at ${persons.toLocaleString('en-US')} persons (sqlite) rows/s`,
      figure: { value: seedRate, unit: 'rows/s' },
      baseline: { value: rawRate, unit: 'rows/s' },
      baselineName: 'raw better-sqlite3 prepared inserts, 1 transaction',
      ratio,
      target: `ratio ≥ ${targetRatio}`,
      met: ratio >= targetRatio,
      notes,
    });
    out.push({
      name: 'nation seed (17.5 M persons, sqlite), extrapolated',
      figure: { value: nationSeconds / 60, unit: 'min' },
      baseline: { value: (perPerson * NATION_PERSONS) / rawRate / 60, unit: 'min' },
      baselineName: 'raw inserts at the measured rate',
      ratio: nationSeconds / ((perPerson * NATION_PERSONS) / rawRate),
      target: '< 15 min',
      met: nationSeconds < 15 * 60,
    });

    // 3. Lookups at this size.
    const l = await measureLookups(database, seededFile, persons);
    await database.close();
    const lookupResult = (what: string, [k, r]: [Latency, Latency]): BenchResult[] => [
      {
        name: `${what} at ${persons.toLocaleString('en-US')} persons p99`,
        figure: { value: k.p99, unit: 'ms' },
        baseline: { value: r.p99, unit: 'ms' },
        baselineName: 'raw prepared statement',
        ratio: k.p99 / r.p99,
        target: `< ${targetP99Ms} ms`,
        met: k.p99 < targetP99Ms,
        notes: [`${lookups.toLocaleString('en-US')} random lookups through Kysely, in-process, after 500 warm-up lookups`],
      },
      {
        name: `${what} at ${persons.toLocaleString('en-US')} persons p50`,
        figure: { value: k.p50, unit: 'ms' },
        baseline: { value: r.p50, unit: 'ms' },
        baselineName: 'raw prepared statement',
        ratio: k.p50 / r.p50,
      },
    ];
    out.push(...lookupResult('person by BSN', l.person), ...lookupResult('business + functionaries by KVK', l.business));

    // 4. Optional: PostgreSQL, and the real nation.
    const pgUrl = process.env['BENCH_PG_URL'];
    if (pgUrl) {
      const p = await seedOnPostgres(pgUrl, persons);
      const pgRate = p.rows / p.seconds;
      out.push({
        name: `nation seed at ${persons.toLocaleString('en-US')} persons (postgres) rows/s`,
        figure: { value: pgRate, unit: 'rows/s' },
        baseline: { value: seedRate, unit: 'rows/s' },
        baselineName: 'the same seed on SQLite',
        ratio: pgRate / seedRate,
        notes: [
          `INSERT … SELECT FROM unnest(column arrays), 5,000 rows per statement, synchronous_commit off per chunk; nation extrapolated: ${((perPerson * NATION_PERSONS) / pgRate / 60).toFixed(1)} min`,
        ],
      });
    } else {
      out[0]?.notes?.push('postgres: not run (set BENCH_PG_URL to an admin URL where a scratch database may be created)');
    }
    if (process.env['BENCH_SEED_NATION'] === '1') {
      const nationFile = path.join(dir, 'nation.sqlite');
      const nationDb = await prepared(nationFile);
      try {
        const r = await seedNation(nationDb, { persons: NATION_PERSONS, seed, clock });
        const rowsWritten = Object.values(r.rows).reduce((a, b) => a + b, 0);
        out.push({
          name: 'nation seed (17.5 M persons, sqlite), real run',
          figure: { value: r.seconds / 60, unit: 'min' },
          baseline: { value: nationSeconds / 60, unit: 'min' },
          baselineName: 'extrapolated',
          ratio: r.seconds / nationSeconds,
          target: '< 15 min',
          met: r.seconds < 15 * 60,
          notes: [
            `${rowsWritten.toLocaleString('en-US')} rows (${seedColumnsSummary(r.rows)}); file ${mb(fileBytes(nationFile))}, deleted afterwards`,
          ],
        });
      } finally {
        await nationDb.close();
      }
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function seedColumnsSummary(rows: Record<string, number>): string {
  return Object.entries(rows)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
    .join(', ');
}
