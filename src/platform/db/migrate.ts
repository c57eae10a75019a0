// Migrations that run on both databases. Each module exports a MigrationSet; names sort in
// the order they must run, so they start with a date: `2026-11-29-001-registry-organisations`.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { columnTypes, type ColumnTypes, type Dialect } from './dialect.ts';

export type MigrationFn = (db: Kysely<unknown>, types: ColumnTypes) => Promise<void>;
export type MigrationSet = Readonly<Record<string, MigrationFn>>;

function migrator<DB>(db: Kysely<DB>, dialect: Dialect, sets: readonly MigrationSet[]): Migrator {
  const types = columnTypes(dialect);
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, up] of Object.entries(set)) {
      if (all[name]) throw new Error(`duplicate migration name ${name}`);
      all[name] = { up: (trx: Kysely<unknown>) => up(trx, types) };
    }
  }
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(all) };
  return new Migrator({ db, provider, migrationTableName: 'loket_migration', migrationLockTableName: 'loket_migration_lock' });
}

/** Runs every pending migration, each in its own transaction; returns the names it ran. */
export async function runMigrations<DB>(db: Kysely<DB>, dialect: Dialect, sets: readonly MigrationSet[]): Promise<string[]> {
  const { error, results } = await migrator(db, dialect, sets).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the migrations not yet run (empty when the schema is current). */
export async function migrationStatus<DB>(
  db: Kysely<DB>,
  dialect: Dialect,
  sets: readonly MigrationSet[],
): Promise<{ pending: string[]; applied: number }> {
  const list = await migrator(db, dialect, sets).getMigrations();
  return {
    pending: list.filter((m) => m.executedAt === undefined).map((m) => m.name),
    applied: list.filter((m) => m.executedAt !== undefined).length,
  };
}
