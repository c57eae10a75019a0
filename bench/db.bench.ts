// The DB layer's write overhead: N rows inserted one statement at a time through the platform's
// `inTransaction` + Kysely (how use cases write), against raw better-sqlite3 prepared-statement
// inserts in one transaction, same rows, same process, same pragmas (openDatabase's WAL +
// synchronous=FULL). Runs alternate; the figure is the median of the measured rounds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { inTransaction, openDatabase, sql } from '../src/platform/db/index.ts';
import type { BenchResult } from './lib/result.ts';

// Type aliases, not interfaces: withTables<T> wants an index-signature-compatible record.
type BenchRowTable = {
  id: string;
  name: string;
  n: number;
  created_at: string;
};
type BenchTables = {
  bench_rows: BenchRowTable;
};

const rowCount = Number(process.env['BENCH_DB_ROWS'] ?? 10_000);
const rounds = Number(process.env['BENCH_DB_ROUNDS'] ?? 5);

const createTable = 'create table bench_rows (id text primary key, name text not null, n integer not null, created_at text not null)';

function makeRows(count: number): BenchRowTable[] {
  const at = new Date('2025-01-01T00:00:00.000Z').getTime();
  return Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `Organisatie ${i}`,
    n: i,
    created_at: new Date(at + i * 1000).toISOString(),
  }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

async function timed(work: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-bench-db-'));
  const database = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'kysely.sqlite') });
  const raw = new SQLite(path.join(dir, 'raw.sqlite'));
  try {
    // The pragmas openDatabase sets, so both sides pay the same durability cost.
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');

    const db = database.db.withTables<BenchTables>();
    await sql.raw(createTable).execute(db);
    raw.exec(createTable);

    const rows = makeRows(rowCount);
    const insert = raw.prepare<[string, string, number, string]>('insert into bench_rows (id, name, n, created_at) values (?, ?, ?, ?)');
    const insertAll = raw.transaction((batch: readonly BenchRowTable[]) => {
      for (const r of batch) insert.run(r.id, r.name, r.n, r.created_at);
    });

    const viaKysely = (): Promise<void> =>
      inTransaction(database.db, async (trx) => {
        const t = trx.withTables<BenchTables>();
        for (const r of rows) await t.insertInto('bench_rows').values(r).execute();
      });
    const viaRaw = (): void => {
      insertAll(rows);
    };
    const clear = async (): Promise<void> => {
      await db.deleteFrom('bench_rows').execute();
      raw.exec('delete from bench_rows');
    };

    // One warm-up round each (JIT, page cache, statement caches), then alternating measured rounds.
    const kyselyTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      await clear();
      const k = await timed(viaKysely);
      const r = await timed(viaRaw);
      if (round > 0) {
        kyselyTimes.push(k);
        rawTimes.push(r);
      }
    }
    const count = await db.selectFrom('bench_rows').select(db.fn.countAll<number>().as('c')).executeTakeFirstOrThrow();
    const rawCount = raw.prepare<[], { c: number }>('select count(*) as c from bench_rows').get();

    const kyselyRate = rowCount / median(kyselyTimes);
    const rawRate = rowCount / median(rawTimes);
    return [
      {
        name: `insert ${rowCount.toLocaleString('en-US')} rows, inTransaction + Kysely`,
        figure: { value: kyselyRate, unit: 'rows/s' },
        baseline: { value: rawRate, unit: 'rows/s' },
        baselineName: 'raw better-sqlite3',
        ratio: kyselyRate / rawRate,
        notes: [
          `one transaction per round, one INSERT per row; median of ${rounds} rounds after 1 warm-up; SQLite WAL, synchronous=FULL, temp dir ${os.tmpdir()}`,
          `rounds (ms) Kysely: ${kyselyTimes.map((t) => Math.round(t * 1000)).join(', ')}; raw: ${rawTimes.map((t) => Math.round(t * 1000)).join(', ')}`,
          `rows after last round: Kysely ${count.c}, raw ${rawCount?.c ?? '?'} (expected ${rowCount})`,
        ],
      },
    ];
  } finally {
    raw.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
