// better-sqlite3 as Kysely's SqliteDialect uses it, with two changes:
//
// - Prepared statements are reused. The dialect calls `prepare(sql)` for every query it runs, and
//   preparing (parsing and planning the SQL) costs about as much as running a small query. This
//   keeps the most recently used statements by SQL text, so a query Loket runs again is only bound
//   and stepped. better-sqlite3 statements are made for reuse: each run binds its own parameters
//   and resets the statement, and SQLite prepares a statement again by itself when the schema
//   changes under it (a migration).
// - Booleans are bound as 1 and 0 (SQLite's true and false; better-sqlite3 refuses booleans).
//   Doing it here, per parameter list, is cheaper than a Kysely plugin that rebuilds every query's
//   operation tree.
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every distinct query the app runs; `in (?, ?, …)` lists and multi-row inserts make more, the oldest go. */
export const defaultStatementCacheSize = 500;

function bindable(parameters: ReadonlyArray<unknown>): ReadonlyArray<unknown> {
  for (const value of parameters) {
    if (typeof value === 'boolean') return parameters.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  }
  return parameters;
}

interface CachedStatement extends SqliteStatement {
  /** Still being iterated (Kysely's stream()): cannot run again until done. */
  readonly busy: boolean;
}

function adapt(statement: SQLite.Statement): CachedStatement {
  return {
    reader: statement.reader,
    get busy() {
      return statement.busy;
    },
    all: (parameters) => statement.all(bindable(parameters)),
    run: (parameters) => statement.run(bindable(parameters)),
    iterate: (parameters) => statement.iterate(bindable(parameters)),
  };
}

export function sqliteForKysely(sqlite: SQLite.Database, capacity = defaultStatementCacheSize): SqliteDatabase {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const cache = new Map<string, CachedStatement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string): SqliteStatement => {
      const cached = cache.get(sql);
      if (cached !== undefined) {
        // Give a query its own statement while the cached one is still being iterated.
        if (cached.busy) return adapt(sqlite.prepare(sql));
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = adapt(sqlite.prepare(sql));
      cache.set(sql, statement);
      if (cache.size > capacity) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}
