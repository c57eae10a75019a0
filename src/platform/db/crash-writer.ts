// Child process of crash.test.ts: writes probe rows until it is killed.
//
//   node --import tsx src/platform/db/crash-writer.ts '<DatabaseTarget as JSON>'
//
// Each transaction writes one crash_probe row and its audit record; after the COMMIT returns,
// the id is printed on stdout (one line, written synchronously). A printed id is an
// acknowledged write: the test kills this process with SIGKILL and then requires every printed
// id, with its audit record, to be in the database.
import fs from 'node:fs';
import { auditMigrations, recordAudit, systemActor } from '../audit/index.ts';
import { inTransaction, openDatabase, runMigrations, type DatabaseTarget, type MigrationSet } from './index.ts';

export type CrashProbeTables = {
  crash_probe: { id: number; written_at: string; payload: string };
};

export const crashProbeMigrations: MigrationSet = {
  '2026-11-29-900-crash-probe': async (db, t) => {
    await db.schema
      .createTable('crash_probe')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('written_at', t.timestamp, (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .execute();
  },
};

function parseTarget(text: string | undefined): DatabaseTarget {
  const value: unknown = JSON.parse(text ?? 'null');
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (v['dialect'] === 'sqlite' && typeof v['file'] === 'string') return { dialect: 'sqlite', file: v['file'] };
    if (v['dialect'] === 'postgres' && typeof v['url'] === 'string') return { dialect: 'postgres', url: v['url'] };
  }
  throw new Error('usage: crash-writer.ts \'{"dialect":"sqlite","file":…}\' | \'{"dialect":"postgres","url":…}\'');
}

async function main(): Promise<void> {
  const database = openDatabase(parseTarget(process.argv[2] ?? process.env['LOKET_CRASH_TARGET']));
  await runMigrations(database.db, database.dialect, [auditMigrations, crashProbeMigrations]);
  const db = database.db.withTables<CrashProbeTables>();
  const last = await db
    .selectFrom('crash_probe')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  // Some padding so each commit writes a few pages, not one tiny row.
  const payload = 'x'.repeat(2000);
  for (let id = (last?.max ?? 0) + 1; ; id += 1) {
    await inTransaction(database.db, async (trx) => {
      const at = new Date();
      await trx.withTables<CrashProbeTables>().insertInto('crash_probe').values({ id, written_at: at.toISOString(), payload }).execute();
      await recordAudit(trx, { actor: systemActor, action: 'crash.probe_written', object: { type: 'crash_probe', id: String(id) }, at });
    });
    fs.writeSync(1, `${id}\n`);
  }
}

main().catch((error: unknown) => {
  fs.writeSync(2, `crash-writer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
