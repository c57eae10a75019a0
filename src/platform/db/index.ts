// Opens the database (embedded SQLite or PostgreSQL), runs migrations and transactions.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { sqliteForKysely } from './sqlite-statements.ts';
import type { Dialect } from './dialect.ts';

export * from './dialect.ts';
export { runMigrations, migrationStatus, type MigrationSet, type MigrationFn } from './migrate.ts';
export { dataVersionReader, dataVersionMigrations, markChanged, VersionedCache } from './data-version.ts';
export { sql, type Kysely, type Transaction, type Selectable, type Insertable, type Generated } from 'kysely';

/** The tables the platform itself owns; modules add theirs with `db.withTables<T>()`. */
export interface PlatformTables {
  audit_log: import('../audit/store.ts').AuditTable;
  event_outbox: import('../events/store.ts').EventTable;
  event_delivery: import('../events/store.ts').DeliveryTable;
  auth_session: import('../auth/store.ts').SessionTable;
  processing_log: import('../processing-log/store.ts').ProcessingLogTable;
  data_version: import('./data-version.ts').DataVersionTable;
}

export type Db = Kysely<PlatformTables>;
export type Trx = Transaction<PlatformTables>;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** The embedded database file, when the dialect is SQLite. */
  file: string | undefined;
  close(): Promise<void>;
}

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** PostgreSQL type parsers so both databases return the same JavaScript values. */
const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(pg.types.builtins.INT8, Number); // counts and sums
pgTypes.setTypeParser(pg.types.builtins.DATE, (v: string) => v); // keep YYYY-MM-DD, never a local-time Date
for (const oid of [pg.types.builtins.TIMESTAMP, pg.types.builtins.TIMESTAMPTZ]) {
  pgTypes.setTypeParser(oid, (v: string) => new Date(v).toISOString()); // ISO-8601 in UTC, as SQLite stores it
}
for (const oid of [pg.types.builtins.JSON, pg.types.builtins.JSONB]) {
  pgTypes.setTypeParser(oid, (v: string) => v); // JSON text, as SQLite returns it (see readJson)
}

export function openDatabase(target: DatabaseTarget): Database {
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10, types: pgTypes });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', file: undefined, close: () => db.destroy() };
  }
  if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const sqlite = new SQLite(target.file);
  // Durability: WAL with synchronous=FULL loses no acknowledged write on a crash or power loss.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<PlatformTables>({
    // Prepared statements reused, booleans bound as 1 and 0 (sqlite-statements.ts).
    dialect: new SqliteDialect({ database: sqliteForKysely(sqlite) }),
  });
  return { db, dialect: 'sqlite', file: target.file, close: () => db.destroy() };
}

/** Runs one use case in one transaction: its changes, audit records and events commit together. */
export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}

/** Is the database reachable? */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
