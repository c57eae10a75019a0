// Backup and restore of the whole database as one portable file: gzip'd NDJSON that restores
// into SQLite and PostgreSQL alike.
//
//   {"format":"loket-backup","version":1,"createdAt":"…","dialect":"sqlite","migrations":["…"]}
//   {"table":"event_outbox","columns":["id",…],"types":["text",…],"rows":2}
//   ["0193…","case.decided",…]               one line per row: the values in column order
//   …                                         tables parents first (foreign-key order)
//   {"end":true,"tables":5,"rows":321}        the end line: a cut-off file is refused
//
// Values are written as platform/db returns them on both databases (see index.ts, dialect.ts):
// text, numbers, null, JSON as its text, dates as `YYYY-MM-DD`, instants as ISO-8601 in UTC
// (PostgreSQL keeps microseconds when it has them), booleans as true/false (PostgreSQL) or 1/0
// (SQLite; restore turns them into the target's form). Bytes are `{"$bytes":"<base64>"}`,
// NaN and ±Infinity `{"$number":"NaN"}`.
//
// Backup reads everything in one read transaction (a consistent snapshot) and streams rows in
// keyset-paginated batches, so no table sits in memory. Restore runs in ONE transaction: it
// empties the tables (children first), inserts the file's rows (parents first) and resets the
// id counters; any failure rolls everything back, so a refused or broken restore changes nothing.
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './dialect.ts';
import type { Database, Db, Trx } from './index.ts';

export const backupFormat = 'loket-backup';
export const backupVersion = 1;

/** Kysely's own tables: they describe the schema, which restore requires to be the same already. */
const migrationTables = new Set(['loket_migration', 'loket_migration_lock']);
/** Rows per SELECT while backing up. */
const readBatchRows = 500;
/** Bound parameters per INSERT while restoring (SQLite allows 32766, PostgreSQL 65535). */
const insertBatchParameters = 10_000;

export interface BackupHeader {
  format: typeof backupFormat;
  version: typeof backupVersion;
  createdAt: string;
  dialect: Dialect;
  migrations: string[];
}

interface TableLine {
  table: string;
  columns: string[];
  /** The source database's column types (informative; restore converts by the target's types). */
  types: string[];
  rows: number;
}

interface EndLine {
  end: true;
  tables: number;
  rows: number;
}

type FileValue = null | string | number | boolean | { $bytes: string } | { $number: string };

/** A refusal or failure with a message for the person running the command (Dutch, B1). */
export class BackupError extends Error {
  override name = 'BackupError';
}

// ---------------------------------------------------------------------------------------------
// The schema as both operations see it.

interface Column {
  name: string;
  /** The database's type name, lower case (`jsonb`, `bool`, `timestamptz`, `text`, `integer` …). */
  type: string;
}

interface Table {
  name: string;
  /** The columns a row is written with (generated columns excluded). */
  columns: Column[];
  /** Primary-key columns in key order; empty: the dialect's row address (rowid, ctid). */
  key: string[];
  /** Tables this one references (self-references excluded). */
  parents: string[];
  /** PostgreSQL `GENERATED ALWAYS AS IDENTITY`: inserts need OVERRIDING SYSTEM VALUE. */
  identityAlways: boolean;
}

interface Schema {
  /** Parents first. */
  tables: Table[];
  /** Tables on a foreign-key cycle (their order cannot satisfy every reference). */
  cyclic: Set<string>;
}

async function readSchema(q: Db, dialect: Dialect): Promise<Schema> {
  const d = dialects[dialect];
  const ordinary = await d.ordinaryTables(q);
  const introspected = await q.introspection.getTables({ withInternalKyselyTables: true });
  const [generated, keys, references, identity] = await Promise.all([
    d.generatedColumns(q),
    d.primaryKeys(q),
    d.foreignKeys(q),
    d.identityAlwaysTables(q),
  ]);
  const byName = new Map<string, Table>();
  for (const t of introspected) {
    if (t.isView || migrationTables.has(t.name) || !ordinary.has(`${t.schema ?? ''}\u0000${t.name}`)) continue;
    const skip = generated.get(t.name);
    byName.set(t.name, {
      name: t.name,
      columns: t.columns.filter((c) => !skip?.has(c.name)).map((c) => ({ name: c.name, type: c.dataType.toLowerCase() })),
      key: keys.get(t.name) ?? [],
      parents: [],
      identityAlways: identity.has(t.name),
    });
  }
  for (const { child, parent } of references) {
    const t = byName.get(child);
    if (t && parent !== child && byName.has(parent) && !t.parents.includes(parent)) t.parents.push(parent);
  }
  return parentsFirst([...byName.values()]);
}

/** Kahn's algorithm, alphabetical among equals so the order is stable; cycles go last. */
function parentsFirst(tables: Table[]): Schema {
  const sorted = [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const done = new Set<string>();
  const order: Table[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const t of sorted) {
      if (done.has(t.name) || !t.parents.every((p) => done.has(p))) continue;
      done.add(t.name);
      order.push(t);
      progress = true;
    }
  }
  const cyclic = new Set(sorted.filter((t) => !done.has(t.name)).map((t) => t.name));
  return { tables: [...order, ...sorted.filter((t) => cyclic.has(t.name))], cyclic };
}

async function appliedMigrations(q: Db): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM loket_migration ORDER BY name`.execute(q);
    return rows.map((r) => r.name);
  } catch {
    throw new BackupError('De database heeft nog geen schema: voer eerst "loket migrate" uit.');
  }
}

// ---------------------------------------------------------------------------------------------
// Dialect section: every SQL statement that differs between SQLite and PostgreSQL.

/** A trigger that refuses DELETE on a table: the guard of an append-only table. */
interface DeleteGuard {
  table: string;
  name: string;
  /** SQLite: the trigger's SQL, to create it again; PostgreSQL: its `tgenabled` mode. */
  restore: string;
}

interface SuspendedGuards {
  /** Puts back what `suspendDeleteGuards` took away (inside the same transaction). */
  resume(): Promise<void>;
}

interface BackupDialect {
  /** `schema\0name` of the ordinary tables: no views, virtual or shadow tables, partitions, other schemas. */
  ordinaryTables(q: Db): Promise<Set<string>>;
  generatedColumns(q: Db): Promise<Map<string, Set<string>>>;
  primaryKeys(q: Db): Promise<Map<string, string[]>>;
  foreignKeys(q: Db): Promise<{ child: string; parent: string }[]>;
  identityAlwaysTables(q: Db): Promise<Set<string>>;
  /** The row address used as key for a table without primary key. */
  rowAddress: RawBuilder<unknown>;
  /** How a column is selected for the file. */
  selectColumn(column: Column): RawBuilder<unknown>;
  /** A selected value as the file holds it. */
  readValue(column: Column, value: unknown): unknown;
  /** How a key column is selected for keyset pagination (exact, comparable again as a parameter). */
  selectKey(key: RawBuilder<unknown>): RawBuilder<unknown>;
  /** One read transaction that sees a consistent snapshot. */
  readTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T>;
  deferConstraints(trx: Trx): Promise<void>;
  /** The triggers that refuse (SQLite) or may refuse (PostgreSQL: every user trigger on DELETE) a DELETE. */
  deleteGuards(trx: Trx): Promise<DeleteGuard[]>;
  /** Lifts these guards inside the transaction; a rollback puts them back as well. */
  suspendDeleteGuards(trx: Trx, guards: readonly DeleteGuard[]): Promise<SuspendedGuards>;
  /** Sets id counters (sequences, AUTOINCREMENT) to the highest restored value. */
  resetCounters(trx: Trx, tables: readonly string[]): Promise<void>;
  /** Rebuilds what a backup does not carry because it is derived from the tables (SQLite: FTS5 indexes). */
  rebuildDerived(trx: Trx): Promise<void>;
}

const sqliteDialect: BackupDialect = {
  async ordinaryTables(q) {
    const { rows } = await sql<{
      name: string;
    }>`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(q);
    return new Set(rows.map((r) => `\u0000${r.name}`));
  },
  generatedColumns: () => Promise.resolve(new Map()), // pragma_table_info (the introspector) leaves them out
  async primaryKeys(q) {
    const { rows } = await sql<{ table: string; column: string }>`
      SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m JOIN pragma_table_info(m.name) p
      WHERE m.type = 'table' AND p.pk > 0 ORDER BY m.name, p.pk`.execute(q);
    return groupColumns(rows);
  },
  async foreignKeys(q) {
    const { rows } = await sql<{ child: string; parent: string }>`
      SELECT m.name AS child, f."table" AS parent FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
      WHERE m.type = 'table'`.execute(q);
    return rows;
  },
  identityAlwaysTables: () => Promise.resolve(new Set()),
  rowAddress: sql`rowid`,
  selectColumn: (c) => sql.id(c.name),
  readValue: (_c, value) => value,
  selectKey: (key) => key,
  readTransaction: (db, work) => db.transaction().execute(work),
  async deferConstraints(trx) {
    await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
  },
  async deleteGuards(trx) {
    const { rows } = await sql<{ name: string; tbl_name: string; sql: string | null }>`
      SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`.execute(trx);
    return rows
      .filter((t) => {
        const head = (t.sql ?? '').split(/\bBEGIN\b/i)[0] ?? '';
        return /\bDELETE\b/i.test(head) && /\bRAISE\s*\(/i.test(t.sql ?? '');
      })
      .map((t) => ({ table: t.tbl_name, name: t.name, restore: t.sql ?? '' }));
  },
  async suspendDeleteGuards(trx, guards) {
    // SQLite has no way to disable a trigger: drop the guards and create them again from their
    // own SQL. DDL is transactional in SQLite, so a rollback brings them back too.
    for (const g of guards) await sql`DROP TRIGGER ${sql.id(g.name)}`.execute(trx);
    return {
      async resume() {
        for (const g of guards) await sql.raw(g.restore).execute(trx);
      },
    };
  },
  async rebuildDerived(trx) {
    // Full-text indexes are virtual tables, left out of the file; each keeps its text in an
    // ordinary table (external content), from which FTS5 rebuilds it.
    const { rows } = await sql<{ name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%content%' ORDER BY name`.execute(trx);
    for (const r of rows) await sql`INSERT INTO ${sql.table(r.name)} (${sql.table(r.name)}) VALUES ('rebuild')`.execute(trx);
  },
  async resetCounters(trx, tables) {
    const { rows } = await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'table'`.execute(trx);
    if (!rows.some((r) => r.name === 'sqlite_sequence')) return;
    for (const r of rows) {
      if (!tables.includes(r.name) || !/\bAUTOINCREMENT\b/i.test(r.sql ?? '')) continue;
      await sql`DELETE FROM sqlite_sequence WHERE name = ${r.name}`.execute(trx);
      await sql`INSERT INTO sqlite_sequence (name, seq) SELECT ${r.name}, max(rowid) FROM ${sql.table(r.name)} HAVING max(rowid) IS NOT NULL`.execute(
        trx,
      );
    }
  },
};

const pgSchema = sql`(SELECT oid FROM pg_namespace WHERE nspname = current_schema())`;

const postgresDialect: BackupDialect = {
  async ordinaryTables(q) {
    const { rows } = await sql<{ schema: string; name: string }>`
      SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relnamespace = ${pgSchema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition`.execute(q);
    return new Set(rows.map((r) => `${r.schema}\u0000${r.name}`));
  },
  async generatedColumns(q) {
    const { rows } = await sql<{ table: string; column: string }>`
      SELECT c.relname AS "table", a.attname AS "column" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = ${pgSchema} AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated <> ''`.execute(q);
    const map = new Map<string, Set<string>>();
    for (const [table, columns] of groupColumns(rows)) map.set(table, new Set(columns));
    return map;
  },
  async primaryKeys(q) {
    const { rows } = await sql<{ table: string; column: string }>`
      SELECT c.relname AS "table", a.attname AS "column"
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE i.indisprimary AND c.relnamespace = ${pgSchema} ORDER BY c.relname, k.ord`.execute(q);
    return groupColumns(rows);
  },
  async foreignKeys(q) {
    const { rows } = await sql<{ child: string; parent: string }>`
      SELECT c.relname AS child, p.relname AS parent
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = ${pgSchema} AND p.relnamespace = ${pgSchema}`.execute(q);
    return rows;
  },
  async identityAlwaysTables(q) {
    const { rows } = await sql<{ table: string }>`
      SELECT DISTINCT c.relname AS "table" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = ${pgSchema} AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity = 'a'`.execute(q);
    return new Set(rows.map((r) => r.table));
  },
  rowAddress: sql`ctid`,
  selectColumn(c) {
    const column = sql.id(c.name);
    // The pool's parser rounds instants to milliseconds; the file keeps what is stored.
    if (c.type === 'timestamptz') {
      return sql`CASE WHEN isfinite(${column}) THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE ${column}::text END AS ${column}`;
    }
    if (c.type === 'timestamp') {
      return sql`CASE WHEN isfinite(${column}) THEN to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.US') ELSE ${column}::text END AS ${column}`;
    }
    return column;
  },
  // Microseconds only when there are any: `…:12.345Z`, as the app writes and SQLite stores instants.
  readValue: (c, value) =>
    (c.type === 'timestamptz' || c.type === 'timestamp') && typeof value === 'string' ? value.replace(/(\.\d{3})000(Z?)$/, '$1$2') : value,
  selectKey: (key) => sql`${key}::text`,
  readTransaction: (db, work) => db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work),
  async deferConstraints(trx) {
    await sql`SET CONSTRAINTS ALL DEFERRED`.execute(trx); // only DEFERRABLE ones; the order handles the rest
  },
  async deleteGuards(trx) {
    // User triggers that fire on DELETE (tgtype bit 8), such as the append-only guard.
    const { rows } = await sql<{ table: string; trigger: string; enabled: string }>`
      SELECT c.relname AS "table", t.tgname AS "trigger", t.tgenabled AS enabled
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND (t.tgtype & 8) <> 0 AND c.relnamespace = ${pgSchema}`.execute(trx);
    return rows.map((r) => ({ table: r.table, name: r.trigger, restore: r.enabled }));
  },
  async suspendDeleteGuards(trx, guards) {
    // Switched off for this transaction only: ALTER TABLE is transactional and locks the table
    // until the end, so no other session ever sees the table unguarded.
    for (const g of guards) await sql`ALTER TABLE ${sql.table(g.table)} DISABLE TRIGGER ${sql.id(g.name)}`.execute(trx);
    return {
      async resume() {
        for (const g of guards) {
          const mode = g.restore === 'A' ? sql`ENABLE ALWAYS` : g.restore === 'R' ? sql`ENABLE REPLICA` : sql`ENABLE`;
          await sql`ALTER TABLE ${sql.table(g.table)} ${mode} TRIGGER ${sql.id(g.name)}`.execute(trx);
        }
      },
    };
  },
  // Generated columns (such as a tsvector) are computed again as the rows go in.
  rebuildDerived: () => Promise.resolve(),
  async resetCounters(trx, tables) {
    const { rows } = await sql<{ table: string; column: string; sequence: string }>`
      SELECT c.relname AS "table", a.attname AS "column",
             pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) AS sequence
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relnamespace = ${pgSchema} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) IS NOT NULL`.execute(trx);
    for (const r of rows) {
      if (!tables.includes(r.table)) continue;
      // The next value is one past the highest restored one (or the start when the table is empty).
      await sql`SELECT setval(${r.sequence}::regclass,
          coalesce(max(${sql.id(r.column)}) + 1, (SELECT seqstart FROM pg_sequence WHERE seqrelid = ${r.sequence}::regclass)), false)
        FROM ${sql.table(r.table)}`.execute(trx);
    }
  },
};

const dialects: Record<Dialect, BackupDialect> = { sqlite: sqliteDialect, postgres: postgresDialect };

function groupColumns(rows: readonly { table: string; column: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of rows) {
    const list = map.get(r.table) ?? [];
    list.push(r.column);
    map.set(r.table, list);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Values in the file.

function encodeValue(value: unknown, table: string, column: string): FileValue {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return value ?? null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : { $number: value.toString() };
  throw new BackupError(
    `Kolom ${table}.${column} heeft een waarde die niet in een reservekopie past (${Object.prototype.toString.call(value)}).`,
  );
}

/** The value as the target database takes it, by the target column's type. */
function decodeValue(value: unknown, target: Dialect, columnType: string, sourceType: string, sourceDialect: Dialect): unknown {
  let v: unknown = value;
  if (v !== null && typeof v === 'object') {
    const tagged = v as Record<string, unknown>;
    if (typeof tagged['$bytes'] === 'string') v = Buffer.from(tagged['$bytes'], 'base64');
    else if (typeof tagged['$number'] === 'string')
      v = /^-?\d+$/.test(tagged['$number']) ? BigInt(tagged['$number']) : Number(tagged['$number']);
    else throw new BackupError('De reservekopie bevat een waarde die niet herkend wordt.');
  }
  if (target === 'postgres') {
    if (columnType === 'bool' && (v === 0 || v === 1)) return v === 1;
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v); // float8 takes 'NaN', 'Infinity'
    if (typeof v === 'bigint') return v.toString();
    return v;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  // jsonb text has spaces after ':' and ','; SQLite keeps JSON as the app writes it (writeJson).
  if (sourceDialect === 'postgres' && (sourceType === 'jsonb' || sourceType === 'json') && typeof v === 'string')
    return JSON.stringify(JSON.parse(v));
  return v;
}

// ---------------------------------------------------------------------------------------------
// The file: gzip'd lines, written to a temporary file and renamed when complete.

class LineWriter {
  readonly #gzip = zlib.createGzip();
  readonly #done: Promise<void>;
  #failure: { error: unknown } | undefined;
  #buffer = '';

  constructor(file: string) {
    // A backup holds personal data: readable by its owner only.
    this.#done = pipeline(this.#gzip, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    this.#done.catch((error: unknown) => {
      this.#failure = { error };
    });
  }

  async line(value: unknown): Promise<void> {
    this.#buffer += `${JSON.stringify(value)}\n`;
    if (this.#buffer.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#failure) throw this.#failure.error;
    const chunk = this.#buffer;
    this.#buffer = '';
    if (chunk && !this.#gzip.write(chunk)) await Promise.race([once(this.#gzip, 'drain'), this.#done]);
  }

  async close(): Promise<void> {
    await this.flush();
    this.#gzip.end();
    await this.#done;
  }

  abort(): void {
    this.#gzip.destroy();
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** The file's lines, decompressed as they are read. */
async function* readLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      let start = 0;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
        yield pending.slice(start, end);
        start = end + 1;
      }
      pending = pending.slice(start);
    }
  } catch (error) {
    if (isZlibError(error))
      throw new BackupError(`Het bestand ${file} is beschadigd of geen reservekopie van Loket (${errorText(error)}).`);
    throw new BackupError(`Het bestand ${file} kan niet worden gelezen: ${errorText(error)}.`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  pending += decoder.end();
  if (pending) yield pending;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseLine(text: string, number: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackupError(`Regel ${number} van de reservekopie is onleesbaar: het bestand is beschadigd.`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function parseHeader(value: unknown): BackupHeader {
  if (!isRecord(value) || value['format'] !== backupFormat)
    throw new BackupError('Dit bestand is geen reservekopie van Loket: de eerste regel klopt niet.');
  if (value['version'] !== backupVersion)
    throw new BackupError(
      `Deze reservekopie heeft versie ${String(value['version'])}; deze versie van Loket leest alleen versie ${backupVersion}.`,
    );
  const { createdAt, dialect, migrations } = value;
  if (typeof createdAt !== 'string' || (dialect !== 'sqlite' && dialect !== 'postgres') || !isStringArray(migrations)) {
    throw new BackupError('Dit bestand is geen reservekopie van Loket: de eerste regel is onvolledig.');
  }
  return { format: backupFormat, version: backupVersion, createdAt, dialect, migrations };
}

function parseTableLine(value: Record<string, unknown>, line: number): TableLine {
  const { table, columns, types, rows } = value;
  if (
    typeof table !== 'string' ||
    !isStringArray(columns) ||
    !isStringArray(types) ||
    types.length !== columns.length ||
    typeof rows !== 'number'
  ) {
    throw new BackupError(`Regel ${line} van de reservekopie is geen geldige tabelregel: het bestand is beschadigd.`);
  }
  return { table, columns, types, rows };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function migrationMismatch(file: readonly string[], database: readonly string[]): string {
  const onlyFile = file.filter((m) => !database.includes(m));
  const onlyDatabase = database.filter((m) => !file.includes(m));
  const parts = ['De reservekopie past niet bij deze database: de migraties verschillen.'];
  if (onlyFile.length > 0) parts.push(`Alleen in de reservekopie: ${onlyFile.join(', ')}.`);
  if (onlyDatabase.length > 0) parts.push(`Alleen in de database: ${onlyDatabase.join(', ')}.`);
  if (onlyFile.length === 0 && onlyDatabase.length === 0) parts.push('De volgorde is anders.');
  parts.push('Zet de reservekopie terug met de versie van Loket waarmee ze gemaakt is. Er is niets gewijzigd.');
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Backup.

/** Writes the whole database to `file` (replaced atomically when complete). */
export async function backupDatabase(database: Database, file: string): Promise<{ tables: number; rows: number }> {
  const d = dialects[database.dialect];
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const writer = new LineWriter(temporary);
  try {
    const result = await d.readTransaction(database.db, async (trx) => {
      const header: BackupHeader = {
        format: backupFormat,
        version: backupVersion,
        createdAt: new Date().toISOString(),
        dialect: database.dialect,
        migrations: await appliedMigrations(trx),
      };
      await writer.line(header);
      const schema = await readSchema(trx, database.dialect);
      let total = 0;
      for (const table of schema.tables) {
        const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(trx);
        const count = Number(rows[0]?.n ?? 0);
        const line: TableLine = {
          table: table.name,
          columns: table.columns.map((c) => c.name),
          types: table.columns.map((c) => c.type),
          rows: count,
        };
        await writer.line(line);
        let written = 0;
        for await (const batch of readBatches(trx, d, table)) {
          for (const row of batch)
            await writer.line(table.columns.map((c) => encodeValue(d.readValue(c, row[c.name]), table.name, c.name)));
          written += batch.length;
        }
        if (written !== count) throw new Error(`backup of ${table.name}: counted ${count} rows but read ${written}`);
        total += count;
      }
      const end: EndLine = { end: true, tables: schema.tables.length, rows: total };
      await writer.line(end);
      return { tables: schema.tables.length, rows: total };
    });
    await writer.close();
    syncFile(temporary);
    fs.renameSync(temporary, file);
    syncDirectory(path.dirname(file));
    return result;
  } catch (error) {
    writer.abort();
    fs.rmSync(temporary, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`De reservekopie kon niet worden gemaakt: ${errorText(error)}`, { cause: error });
  }
}

/** One table's rows in key order, a batch at a time (keyset pagination). */
async function* readBatches(trx: Trx, d: BackupDialect, table: Table): AsyncGenerator<Record<string, unknown>[]> {
  const keys = table.key.length > 0 ? table.key.map((k) => sql`${sql.id(k)}`) : [d.rowAddress];
  const keyNames = keys.map((_, i) => `__loket_key_${i}`);
  const select = sql.join([
    ...table.columns.map((c) => d.selectColumn(c)),
    ...keys.map((k, i) => sql`${d.selectKey(k)} AS ${sql.id(keyNames[i] ?? '')}`),
  ]);
  const keyList = sql.join(keys);
  let after: unknown[] | undefined;
  for (;;) {
    const where = after ? sql`WHERE (${keyList}) > (${sql.join(after.map((v) => sql.val(v)))})` : sql``;
    const { rows } = await sql<
      Record<string, unknown>
    >`SELECT ${select} FROM ${sql.table(table.name)} ${where} ORDER BY ${keyList} LIMIT ${sql.lit(readBatchRows)}`.execute(trx);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < readBatchRows) return;
    after = keyNames.map((k) => last[k]);
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  try {
    syncFile(dir); // makes the rename durable; not every platform allows it
  } catch {
    // best effort
  }
}

// ---------------------------------------------------------------------------------------------
// Restore.

/**
 * Replaces the contents of `database` with the backup in `file`, in one transaction.
 *
 * The database must have the same migrations applied as the backup, and must hold no data
 * entered by anyone but the system: only what `prepareDatabase` writes (reference data and
 * its audit records by the system actor). Otherwise it refuses and changes nothing.
 */
export async function restoreDatabase(database: Database, file: string): Promise<{ tables: number; rows: number }> {
  const lines = readLines(file);
  try {
    let lineNumber = 1;
    const first = await lines.next();
    if (first.done) throw new BackupError(`Het bestand ${file} is leeg: het is geen reservekopie van Loket.`);
    const header = parseHeader(parseLine(first.value, lineNumber));
    const applied = await appliedMigrations(database.db);
    if (!sameList(header.migrations, applied)) throw new BackupError(migrationMismatch(header.migrations, applied));

    const d = dialects[database.dialect];
    return await database.db.transaction().execute(async (trx) => {
      if (!sameList(header.migrations, await appliedMigrations(trx)))
        throw new BackupError(migrationMismatch(header.migrations, await appliedMigrations(trx)));
      const schema = await readSchema(trx, database.dialect);
      const names = schema.tables.map((t) => t.name);
      const guards = (await d.deleteGuards(trx)).filter((g) => names.includes(g.table));
      await refuseUnlessFresh(trx, schema, guards);

      // Empty every table, children first; the append-only guards are lifted for this step only.
      await d.deferConstraints(trx);
      const suspended = await d.suspendDeleteGuards(trx, guards);
      for (const t of [...schema.tables].reverse()) await sql`DELETE FROM ${sql.table(t.name)}`.execute(trx);
      await suspended.resume();

      const tablesByName = new Map(schema.tables.map((t) => [t.name, t]));
      const restored = new Set<string>();
      let current:
        | { table: Table; line: TableLine; columns: Column[]; sourceTypes: string[]; batch: unknown[][]; read: number; batchRows: number }
        | undefined;
      let total = 0;
      let end: EndLine | undefined;

      const flush = async (): Promise<void> => {
        if (!current || current.batch.length === 0) return;
        const { table, columns, batch } = current;
        const overriding = table.identityAlways ? sql`OVERRIDING SYSTEM VALUE` : sql``;
        await sql`INSERT INTO ${sql.table(table.name)} (${sql.join(columns.map((c) => sql.id(c.name)))}) ${overriding}
          VALUES ${sql.join(batch.map((row) => sql`(${sql.join(row.map((v) => sql.val(v)))})`))}`.execute(trx);
        current.batch = [];
      };
      const finishTable = async (): Promise<void> => {
        if (!current) return;
        await flush();
        if (current.read !== current.line.rows) {
          throw new BackupError(
            `De reservekopie is onvolledig: tabel ${current.table.name} heeft ${current.read} van de ${current.line.rows} rijen.`,
          );
        }
        total += current.read;
        current = undefined;
      };

      for await (const text of lines) {
        lineNumber += 1;
        if (end) {
          if (text.trim() === '') continue;
          throw new BackupError(`De reservekopie heeft gegevens na de eindregel (regel ${lineNumber}): het bestand is beschadigd.`);
        }
        const value = parseLine(text, lineNumber);
        if (Array.isArray(value)) {
          if (!current)
            throw new BackupError(`Regel ${lineNumber} van de reservekopie staat niet bij een tabel: het bestand is beschadigd.`);
          if (value.length !== current.columns.length)
            throw new BackupError(
              `Regel ${lineNumber} van de reservekopie heeft ${value.length} waarden in plaats van ${current.columns.length}.`,
            );
          const c = current;
          c.batch.push(
            value.map((v, i) => decodeValue(v, database.dialect, c.columns[i]?.type ?? '', c.sourceTypes[i] ?? '', header.dialect)),
          );
          c.read += 1;
          if (c.batch.length >= c.batchRows) await flush();
          continue;
        }
        if (!isRecord(value)) throw new BackupError(`Regel ${lineNumber} van de reservekopie is onleesbaar: het bestand is beschadigd.`);
        await finishTable();
        if (value['end'] === true) {
          if (typeof value['tables'] !== 'number' || typeof value['rows'] !== 'number')
            throw new BackupError('De eindregel van de reservekopie is onvolledig: het bestand is beschadigd.');
          end = { end: true, tables: value['tables'], rows: value['rows'] };
          continue;
        }
        const line = parseTableLine(value, lineNumber);
        const table = tablesByName.get(line.table);
        if (!table) throw new BackupError(`De reservekopie bevat tabel ${line.table}, die deze database niet heeft.`);
        if (restored.has(table.name))
          throw new BackupError(`De reservekopie bevat tabel ${table.name} twee keer: het bestand is beschadigd.`);
        const missingParent = table.parents.find((p) => !restored.has(p) && !schema.cyclic.has(p));
        if (missingParent)
          throw new BackupError(
            `De reservekopie zet tabel ${table.name} terug vóór tabel ${missingParent}, waar ze naar verwijst: het bestand is beschadigd.`,
          );
        const targetColumns = new Map(table.columns.map((c) => [c.name, c]));
        const columns = line.columns.map((name) => targetColumns.get(name));
        const expected = table.columns.map((c) => c.name).sort();
        if (columns.some((c) => c === undefined) || !sameList([...line.columns].sort(), expected)) {
          throw new BackupError(
            `De kolommen van tabel ${table.name} in de reservekopie (${line.columns.join(', ')}) passen niet bij de database (${expected.join(', ')}).`,
          );
        }
        restored.add(table.name);
        current = {
          table,
          line,
          columns: columns.filter((c): c is Column => c !== undefined),
          sourceTypes: line.types,
          batch: [],
          read: 0,
          batchRows: Math.max(1, Math.min(500, Math.floor(insertBatchParameters / Math.max(1, line.columns.length)))),
        };
      }
      if (!end) throw new BackupError('De reservekopie is onvolledig: de eindregel ontbreekt (is het bestand afgebroken?).');
      if (end.tables !== restored.size || end.rows !== total)
        throw new BackupError('De reservekopie is onvolledig: de aantallen in de eindregel kloppen niet.');
      const absent = names.filter((n) => !restored.has(n));
      if (absent.length > 0) throw new BackupError(`De reservekopie mist tabel ${absent.join(', ')}.`);

      await d.resetCounters(trx, names);
      await d.rebuildDerived(trx);
      return { tables: restored.size, rows: total };
    });
  } catch (error) {
    if (error instanceof BackupError)
      throw new BackupError(
        `Terugzetten geweigerd: ${error.message}${/niets gewijzigd\.$/.test(error.message) ? '' : ' Er is niets gewijzigd.'}`,
        { cause: error },
      );
    throw new BackupError(`Terugzetten mislukt; er is niets gewijzigd: ${errorText(error)}`, { cause: error });
  } finally {
    await lines.return(undefined);
  }
}

/**
 * Restore replaces everything, so it only runs on a database nobody has used yet. Such a
 * database holds what `prepareDatabase` writes: reference data, and in the audit log the
 * system's records of loading it. Every change by someone else is audited (rule 1), and rows of
 * an append-only table (one whose trigger refuses DELETE: the audit log, the processing log)
 * may only go when they are those system records. Anything else: refuse.
 */
async function refuseUnlessFresh(trx: Trx, schema: Schema, guards: readonly DeleteGuard[]): Promise<void> {
  const names = new Set(schema.tables.map((t) => t.name));
  if (names.has('audit_log')) {
    const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM audit_log WHERE actor_type <> 'system'`.execute(trx);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) {
      throw new BackupError(
        `De database is niet leeg: er zijn al gegevens ingevoerd (${n} ${n === 1 ? 'handeling' : 'handelingen'} in het auditlogboek). ` +
          'Een reservekopie terugzetten kan alleen in een nieuwe database.',
      );
    }
  }
  const check = names.has('audit_log') ? [...new Set(guards.map((g) => g.table))].filter((t) => t !== 'audit_log') : [...names];
  for (const table of check) {
    const { rows } = await sql<{ found: number }>`SELECT 1 AS found FROM ${sql.table(table)} LIMIT 1`.execute(trx);
    if (rows.length > 0) {
      throw new BackupError(
        `De database is niet leeg: tabel ${table} bevat al gegevens. Een reservekopie terugzetten kan alleen in een nieuwe database.`,
      );
    }
  }
}
