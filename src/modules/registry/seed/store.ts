// Bulk writes of seed rows through Kysely, inside the caller's transaction, as precompiled queries
// (no query-builder work per row). SQLite: multi-row INSERT … VALUES of 200 rows, the statement text
// compiled once per (table, batch size). PostgreSQL: INSERT … SELECT FROM unnest($1::text[], …) with
// one array parameter per column, 5,000 rows per statement: far fewer parameters to bind and parse
// than VALUES lists (which are also capped at 65,535 parameters).
import crypto from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { sql, type Db, type Dialect, type Trx } from '../../../platform/db/index.ts';
import { seedColumns, type Rows, type SeedTable, type Value, seedTables } from './generate.ts';

/** Rows per INSERT statement on SQLite, within its limit of 32,766 parameters. */
const SQLITE_ROWS = 200;
const SQLITE_PARAMS = 32_766;
/** Rows per INSERT statement on PostgreSQL (one array parameter per column, so no parameter limit). */
const POSTGRES_ROWS = 5_000;

/** PostgreSQL column types of the seeded tables, in seedColumns order, for the unnest() casts. */
const postgresTypes: Record<SeedTable, readonly string[]> = {
  person: ['text', 'text', 'text', 'text', 'date', 'date', 'text', 'integer', 'text', 'text', 'text', 'text', 'timestamptz'],
  person_authority: ['text', 'text', 'text', 'date', 'date'],
  court_registration: ['uuid', 'text', 'text', 'text', 'date', 'date'],
  business: ['text', 'text', 'text', 'date', 'date', 'text', 'integer', 'text', 'text', 'text', 'text', 'text', 'timestamptz'],
  business_branch: ['text', 'text', 'text', 'boolean', 'text', 'integer', 'text', 'text', 'text', 'text'],
  business_functionary: ['text', 'text', 'text', 'text', 'date', 'date'],
  official: ['uuid', 'text', 'text', 'text', 'text', 'boolean', 'timestamptz'],
  official_role: ['uuid', 'text'],
};

const booleanColumns: Partial<Record<SeedTable, readonly number[]>> = {
  business_branch: [seedColumns.business_branch.indexOf('is_main')],
  official: [seedColumns.official.indexOf('active')],
};

const statements = new Map<string, string>();

const columnList = (table: SeedTable): string => seedColumns[table].map((c) => `"${c}"`).join(', ');

function sqliteInsert(table: SeedTable, rows: number): string {
  const key = `sqlite:${table}:${rows}`;
  let text = statements.get(key);
  if (text === undefined) {
    const tuple = `(${seedColumns[table].map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${columnList(table)}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`;
    statements.set(key, text);
  }
  return text;
}

function postgresInsert(table: SeedTable): string {
  const key = `postgres:${table}`;
  let text = statements.get(key);
  if (text === undefined) {
    const arrays = postgresTypes[table].map((type, i) => `$${i + 1}::${type}[]`);
    text = `insert into "${table}" (${columnList(table)}) select * from unnest(${arrays.join(', ')})`;
    statements.set(key, text);
  }
  return text;
}

/** Inserts the rows of one table (flattened, see Rows) in as few statements as the dialect allows. */
export async function insertRows(trx: Trx, dialect: Dialect, table: SeedTable, values: readonly Value[]): Promise<void> {
  const width = seedColumns[table].length;
  const total = values.length / width;
  if (dialect === 'postgres') {
    for (let start = 0; start < total; start += POSTGRES_ROWS) {
      const count = Math.min(POSTGRES_ROWS, total - start);
      const columns: Value[][] = Array.from({ length: width }, () => new Array<Value>(count));
      for (let r = 0; r < count; r++) {
        const offset = (start + r) * width;
        for (let c = 0; c < width; c++) (columns[c] as Value[])[r] = values[offset + c] ?? null;
      }
      await trx.executeQuery(CompiledQuery.raw(postgresInsert(table), columns));
    }
    return;
  }
  const perStatement = Math.max(1, Math.min(SQLITE_ROWS, Math.floor(SQLITE_PARAMS / width)));
  const booleans = booleanColumns[table];
  for (let start = 0; start < total; start += perStatement) {
    const count = Math.min(perStatement, total - start);
    const params = values.slice(start * width, (start + count) * width);
    // better-sqlite3 binds no booleans (the platform's plugin does this for built queries only).
    if (booleans) for (let i = 0; i < params.length; i++) if (typeof params[i] === 'boolean') params[i] = params[i] ? 1 : 0;
    await trx.executeQuery(CompiledQuery.raw(sqliteInsert(table, count), params));
  }
}

/** Writes every table of `rows`, parents first. Returns the number of rows written. */
export async function insertAll(trx: Trx, dialect: Dialect, rows: Rows): Promise<number> {
  let n = 0;
  for (const table of seedTables) {
    const values = rows[table];
    if (values.length === 0) continue;
    await insertRows(trx, dialect, table, values);
    n += values.length / seedColumns[table].length;
  }
  return n;
}

/** Does the register hold any person at all? */
export async function hasPersons(db: Db | Trx): Promise<boolean> {
  const { rows } = await sql<{ bsn: string }>`select bsn from person limit 1`.execute(db);
  return rows.length > 0;
}

/** Count, lowest and highest BSN of the persons in [from, to] (text order equals number order for 9 digits). */
export async function personRange(
  db: Db | Trx,
  from: string,
  to: string,
): Promise<{ count: number; min: string | null; max: string | null }> {
  const { rows } = await sql<{ n: number | string; lo: string | null; hi: string | null }>`
    select count(*) as n, min(bsn) as lo, max(bsn) as hi from person where bsn >= ${from} and bsn <= ${to}`.execute(db);
  const r = rows[0];
  return { count: Number(r?.n ?? 0), min: r?.lo ?? null, max: r?.hi ?? null };
}

/** One person's row in the column order of seedColumns.person. */
export async function personRow(db: Db | Trx, bsn: string): Promise<Value[] | undefined> {
  const { rows } = await sql<Record<string, Value>>`select * from person where bsn = ${bsn}`.execute(db);
  const r = rows[0];
  return r ? seedColumns.person.map((c) => r[c] ?? null) : undefined;
}

/** Counts per seeded table. */
export async function tableCounts(db: Db | Trx): Promise<Record<SeedTable, number>> {
  const out = {} as Record<SeedTable, number>;
  for (const t of seedTables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    out[t] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

/**
 * A fingerprint of every row of the seeded tables (order-independent): equal fingerprints mean equal
 * data. Reads everything, so it is for tests and benchmarks at small sizes.
 */
export async function seededDataFingerprint(db: Db | Trx): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const t of seedTables) {
    const columns = seedColumns[t];
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(db);
    const lines = rows.map((r) => JSON.stringify(columns.map((c) => r[c] ?? null))).sort();
    hash.update(`${t}:${lines.length}\n`);
    for (const line of lines) hash.update(`${line}\n`);
  }
  return hash.digest('hex');
}
