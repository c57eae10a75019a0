// Child process: a whole Loket, as `loket serve` runs it, on a scratch database.
//   BENCH_DATABASE_URL unset → embedded SQLite in a fresh temporary folder
//   BENCH_DATABASE_URL=postgres://… → a fresh database created on that server, dropped afterwards
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, prepareDatabase } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { createTestDatabaseTarget } from '../../src/platform/testing/db.ts';
import { reportFailure, serveParent } from '../lib/child.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-bench-'));
let dropDatabase = (): Promise<void> => Promise.resolve();

async function main(): Promise<void> {
  const pgUrl = process.env['BENCH_DATABASE_URL'];
  let databaseUrl: string | undefined;
  if (pgUrl) {
    // Never migrate the database DATABASE_URL points at: make a scratch one next to it.
    process.env['LOKET_TEST_DB'] = 'postgres';
    process.env['LOKET_TEST_PG_URL'] = pgUrl;
    const t = await createTestDatabaseTarget('bench');
    if (t.target.dialect !== 'postgres') throw new Error('expected a PostgreSQL target');
    databaseUrl = t.target.url;
    dropDatabase = () => t.drop();
  }
  const result = loadConfig({
    LOG_LEVEL: 'silent',
    LOKET_RATE_LIMIT: '1000000000',
    LOKET_DATA_DIR: dataDir,
    LOKET_DEMO: '0',
    LOKET_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  if (!result.ok) throw new Error(result.errors.join('; '));
  const config = result.config;
  const database = openDatabase(config.database);
  await prepareDatabase(database, config);
  const { app, dispatcher } = await buildApp(config, database);
  await app.listen({ port: 0, host: '127.0.0.1' });
  dispatcher.start();
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  serveParent(address.port, async () => {
    await app.close();
    await dispatcher.stop();
    await database.close();
    await dropDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

main().catch(async (e: unknown) => {
  // A failed start leaves nothing behind either.
  await dropDatabase().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
  reportFailure(e);
});
