// A scratch database for one benchmark: a SQLite file in a temporary directory, or a new
// PostgreSQL database next to the one `adminUrl` points at. `cleanup` removes it again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type Dialect } from '../../src/platform/db/index.ts';

export interface ScratchDatabase {
  dialect: Dialect;
  database: Database;
  /** The SQLite file, or the scratch database's URL. */
  where: string;
  /** Bytes on disk (SQLite: the file with its WAL and shared memory; PostgreSQL: pg_database_size). */
  sizeBytes(): Promise<number>;
  cleanup(): Promise<void>;
}

export function scratchSqlite(label: string): ScratchDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `loket-bench-${label}-`));
  const file = path.join(dir, `${label}.sqlite`);
  const database = openDatabase({ dialect: 'sqlite', file });
  return {
    dialect: 'sqlite',
    database,
    where: file,
    sizeBytes: () => {
      let n = 0;
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) n += fs.statSync(f).size;
      return Promise.resolve(n);
    },
    cleanup: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function scratchPostgres(adminUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `bench_${label}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ dialect: 'postgres', url: url.toString() });
  return {
    dialect: 'postgres',
    database,
    where: url.toString(),
    sizeBytes: async () => {
      const r = await admin.query<{ n: string }>('select pg_database_size($1) as n', [name]);
      return Number(r.rows[0]?.n ?? 0);
    },
    cleanup: async () => {
      await database.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
