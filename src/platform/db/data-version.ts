// Data versions: a token per named set of data (e.g. `registry.organisations`) that changes in the
// same transaction as the data. Any process reads it with one primary-key lookup and knows whether
// what it keeps in memory is still current, without a message bus between processes.
//
// The token is random, never a counter: a restored backup brings its own token back together with
// its own data, so a token always stands for one state of the data.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db, MigrationSet, Trx } from './index.ts';

export interface DataVersionTable {
  name: string;
  token: string;
}

/** Records that the data called `name` changed; call it in the transaction that changes it. */
export async function markChanged(trx: Trx, name: string): Promise<void> {
  const token = randomUUID();
  await trx
    .insertInto('data_version')
    .values({ name, token })
    .onConflict((oc) => oc.column('name').doUpdateSet({ token }))
    .execute();
}

/** Reads the current token of `name` ('' before its first change). The query is built once: it runs on every cached read. */
export function dataVersionReader(db: Db, name: string): () => Promise<string> {
  const query = db.selectFrom('data_version').select('token').where('name', '=', name).compile();
  return async () => (await db.executeQuery(query)).rows[0]?.token ?? '';
}

export interface VersionedCacheOptions {
  /** How long a version read stays good. Changes made by another process are seen within this time
   *  (plus one read); changes made in this process at once, through `clear()`. 0: read on every get. */
  checkEveryMs: number;
  /** The most values kept; the oldest go first. */
  capacity?: number;
  /** Milliseconds since some fixed point (default: performance.now()). */
  now?: () => number;
}

/**
 * Values computed from versioned data, kept while the version stays the same. The version is read
 * before a value is loaded, so a value is never older than the version it is kept under; when the
 * version differs, everything kept is dropped. A load that overlaps a drop is not kept.
 */
export class VersionedCache<V> {
  readonly #readVersion: () => Promise<string>;
  readonly #checkEveryMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #values = new Map<string, V>();
  #version: string | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;
  /** Goes up at every drop: a load that started before it is not kept. */
  #generation = 0;

  constructor(readVersion: () => Promise<string>, options: VersionedCacheOptions) {
    this.#readVersion = readVersion;
    this.#checkEveryMs = options.checkEveryMs;
    this.#capacity = options.capacity ?? 256;
    this.#now = options.now ?? (() => performance.now());
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.#now() - this.#checkedAt >= this.#checkEveryMs) {
      const started = this.#now();
      const version = await this.#readVersion();
      if (version !== this.#version) {
        this.clear();
        this.#version = version;
      }
      this.#checkedAt = started;
    }
    const kept = this.#values.get(key);
    if (kept !== undefined) return kept;
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation) {
      this.#values.set(key, value);
      if (this.#values.size > this.#capacity) {
        const oldest = this.#values.keys().next().value;
        if (oldest !== undefined) this.#values.delete(oldest);
      }
    }
    return value;
  }

  /** Drops everything kept: call it after committing a change made in this process. */
  clear(): void {
    this.#values.clear();
    this.#generation += 1;
  }
}

// Named after the migrations that existed when it was added: Kysely runs migrations in name order
// and refuses a database that ran a later name but not this one.
export const dataVersionMigrations: MigrationSet = {
  '2026-11-29-102-platform-data-version': async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('data_version')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('token', 'text', (c) => c.notNull())
      .execute();
  },
};
